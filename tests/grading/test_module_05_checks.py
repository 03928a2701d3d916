"""Module 5's checks, proven three ways: the reference solution passes, the untouched
stub is not attempted (both in ``test_every_check.py``), and plausible wrong answers
fail with feedback that names the mistake. Correct answers written differently pass.

The wrong answers are the ones a hurried learner writes (a dict body read by hand, a
p-value of 0.05 on twelve features, a diagnosis copied from the visible log) and the
ones a clever one writes (the package's own service or fast path behind the learner's
name, answers cached by payload, a fast path that rounds)."""


import functools
import json
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
import pandas as pd
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from scipy.stats import ks_2samp

from pokemon_ml import TYPES
from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features import TARGET, make_model
from pokemon_ml.features.engineering import RAW_FEATURES
from pokemon_ml.grading.sandbox import LearnerFunction
from pokemon_ml.serving.loading import newest_artifact
from pokemon_ml.training.artifact import load_artifact
from pokemon_ml.training.run import artifacts_dir
from tests.conftest import ROOT, notebook_functions
from tests.grading import verdicts

SOLUTIONS = ROOT / "exercises/solutions/05_inference_service.py"
C5_SOLUTION = notebook_functions(
    "checkpoints/solutions/05_production_incident_simulation.py", "diagnose_incidents"
)
assert_fails, assert_passes = verdicts.assert_fails, verdicts.assert_passes


def solution(name: str) -> LearnerFunction:
    """The reference answer, loaded in the worker as a learner's notebook is."""
    return LearnerFunction(Path(SOLUTIONS), name, ())


# ---------------------------------------------------------------- 5.1 create_app
Stat = Annotated[int, Field(ge=1, le=255)]
SecondaryType = Literal["fire", "water", "grass", "electric", "rock", "psychic"]


class Creature(BaseModel):
    hp: Stat
    attack: Stat
    defense: Stat
    sp_attack: Stat
    sp_defense: Stat
    speed: Stat
    height_m: float = Field(ge=0.05, le=20.0)
    weight_kg: float = Field(ge=0.1, le=10_000.0)
    capture_rate: int = Field(ge=3, le=255)
    generation: int = Field(ge=1, le=8)
    evolution_stage: int = Field(ge=1, le=3)
    secondary_type: SecondaryType | None = None


class CreatureExclusiveBounds(Creature):
    hp: int = Field(gt=1, lt=255)
    capture_rate: int = Field(gt=3, lt=255)


class CreatureTypesOnly(BaseModel):
    hp: int
    attack: int
    defense: int
    sp_attack: int
    sp_defense: int
    speed: int
    height_m: float
    weight_kg: float
    capture_rate: int
    generation: int
    evolution_stage: int
    secondary_type: SecondaryType | None = None


class CreatureAnyText(Creature):
    secondary_type: str | None = None


def _answer(model, creature: dict) -> dict:
    proba = model.predict_proba(pd.DataFrame([creature]))[0]
    return {"primary_type": str(model.classes_[int(np.argmax(proba))]), "confidence": float(proba.max())}


def _service(model, schema=Creature, health_needs_model=False, guard_model=True) -> FastAPI:
    app = FastAPI()

    @app.get("/health")
    def health():
        if health_needs_model and model is None:
            raise HTTPException(503, "no model")
        return {"status": "ok"}

    @app.post("/predict")
    def predict(creature: schema):  # type: ignore[valid-type]
        if guard_model and model is None:
            raise HTTPException(503, "model not loaded")
        return _answer(model, creature.model_dump())

    return app


def app_dict_body(model):
    """Reads the body by hand: a missing field is a KeyError, a 500."""
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict")
    async def predict(request: Request):
        body = await request.json()
        row = {field: body[field] for field in Creature.model_fields if field != "secondary_type"}
        return _answer(model, {**row, "secondary_type": body.get("secondary_type")})

    return app


def app_exclusive_bounds(model):
    return _service(model, CreatureExclusiveBounds)


def app_types_only(model):
    return _service(model, CreatureTypesOnly)


def app_any_secondary_text(model):
    return _service(model, CreatureAnyText)


def app_model_none_crashes(model):
    return _service(model, guard_model=False)


def app_health_needs_model(model):
    return _service(model, health_needs_model=True)


def app_vague_errors(model):
    app = _service(model)

    @app.exception_handler(RequestValidationError)
    async def vague(request, error):
        return JSONResponse(status_code=422, content={"detail": "invalid input"})

    return app


def app_rounded_confidence(model):
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict")
    def predict(creature: Creature):
        answer = _answer(model, creature.model_dump())
        return {**answer, "confidence": round(answer["confidence"], 2)}

    return app


def app_from_the_package(model):
    from pokemon_ml.serving import ServedModel, create_app

    return create_app(ServedModel.from_pipeline(model) if model is not None else None)


def app_router_not_app(model):
    from fastapi import APIRouter

    return APIRouter()


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (app_dict_body, ["A field missing", "crashed your service: 500"]),
        (app_exclusive_bounds, ["refused a valid creature", "on the bounds of the contract"]),
        (app_types_only, ["A stat out of range", "was accepted (200)"]),
        (app_any_secondary_text, ["An unknown secondary type", "was accepted (200)"]),
        (app_model_none_crashes, ["Built with `model=None`", "answered 500", "503"]),
        (app_health_needs_model, ["`GET /health` answered 503", "200 always"]),
        (app_vague_errors, ["does not name the field `attack`"]),
        (app_rounded_confidence, ["your `confidence` is"]),
        (app_from_the_package, ["called the course's own `pokemon_ml.serving.create_app`"]),
        (app_router_not_app, ["returned a APIRouter"]),
    ],
)
def test_create_app_wrong_answers(candidate, fragments) -> None:
    assert_fails("5.1", candidate, *fragments)


def app_by_hand(model):
    """Another style: validation written by hand, 400 for what is not JSON."""
    app = FastAPI()
    ranges = {**{s: (1, 255) for s in ("hp", "attack", "defense", "sp_attack", "sp_defense", "speed")},
              "height_m": (0.05, 20.0), "weight_kg": (0.1, 10_000.0), "capture_rate": (3, 255),
              "generation": (1, 8), "evolution_stage": (1, 3)}

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict")
    async def predict(request: Request):
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse(status_code=400, content={"error": "the body is not JSON"})
        for field, (low, high) in ranges.items():
            value = body.get(field)
            if value is None:
                return JSONResponse(status_code=422, content={"error": f"{field} is missing"})
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return JSONResponse(status_code=422, content={"error": f"{field} must be a number"})
            if not low <= value <= high:
                return JSONResponse(status_code=422, content={"error": f"{field} must be in [{low}, {high}]"})
        secondary = body.get("secondary_type")
        if secondary is not None and secondary not in TYPES:
            return JSONResponse(status_code=422, content={"error": f"secondary_type must be one of {TYPES}"})
        if model is None:
            return JSONResponse(status_code=503, content={"error": "model not loaded"})
        return _answer(model, {**body, "secondary_type": secondary})

    return app


@pytest.mark.parametrize("candidate", [solution("create_app"), app_by_hand])
def test_create_app_accepts_correct_answers_in_other_styles(candidate) -> None:
    assert_passes("5.1", candidate)


# ---------------------------------------------------------------- 5.2 fast_predict
@functools.cache
def _pipeline():
    return load_artifact(newest_artifact(artifacts_dir())).model


def fast_pipeline_loaded_once(payload):
    """Loads once, then the pipeline on a one-row DataFrame: about 2×, not 5×."""
    model = _pipeline()
    proba = model.predict_proba(pd.DataFrame([payload]))[0]
    return {str(c): float(p) for c, p in zip(model.classes_, proba)}


@functools.cache
def _cached(items):
    from pokemon_ml.serving.slow import slow_predict

    return slow_predict(dict(items))


def fast_cached_by_payload(payload):
    return _cached(tuple(sorted(payload.items())))


def fast_rounded(payload):
    from tests.grading.test_module_05_checks import _numpy_predict

    return {k: round(v, 6) for k, v in _numpy_predict(payload, _pipeline()).items()}


@functools.cache
def _own_model():
    train = generate_pokemon(1_500, 42).to_pandas()
    return make_model().fit(train.drop(columns=TARGET), train[TARGET])


def fast_own_model(payload):
    return _numpy_predict(payload, _own_model())


def fast_as_list(payload):
    return list(_numpy_predict(payload, _pipeline()).values())


def fast_via_package(payload):
    from pokemon_ml.serving import FastModel, rows_to_arrays

    fast = FastModel.from_pipeline(_pipeline())
    numeric, secondary = rows_to_arrays([payload])
    return dict(zip(fast.classes, fast.predict_proba(numeric, secondary)[0].tolist()))


def _numpy_predict(payload, model):
    columns = model.named_steps["features"].named_steps["columns"]
    scaler = columns.named_transformers_["numeric"]
    categories = list(columns.named_transformers_["secondary_type"].categories_[0])
    classifier = model.named_steps["classifier"]
    x = np.array([float(payload[f]) for f in RAW_FEATURES])
    logs = np.log(x[:6])
    engineered = [*(logs - logs.mean()), np.log(x[7]) - 3 * np.log(x[6]), np.log(x[:6].sum())]
    scaled = (np.concatenate([x, engineered]) - scaler.mean_) / scaler.scale_
    one_hot = [float(payload.get("secondary_type") == c) for c in categories]
    features = np.concatenate([scaled, one_hot])[None, :]
    proba = classifier.predict_proba(features)[0]  # sklearn on an array: still fast
    return {str(c): float(p) for c, p in zip(classifier.classes_, proba)}


def fast_numpy_then_sklearn(payload):
    """Another style: numpy features, then the classifier's own predict_proba."""
    return _numpy_predict(payload, _pipeline())


@pytest.mark.parametrize(
    ("candidate", "fragments", "status"),
    [
        (fast_pipeline_loaded_once, ["not fast enough", "Loading once gains about 2×"], "failed"),
        (fast_cached_by_payload, ["not fast enough"], "failed"),
        (fast_rounded, ["rounding"], "failed"),
        (fast_own_model, ["Other numbers altogether", "same model"], "failed"),
        (fast_as_list, ["returned a list"], "failed"),
        (fast_via_package, ["RuntimeError", "disarmed"], "error"),
    ],
)
def test_fast_predict_wrong_answers(candidate, fragments, status) -> None:
    assert_fails("5.2", candidate, *fragments, status=status)


@pytest.mark.parametrize("candidate", [solution("fast_predict"), fast_numpy_then_sklearn])
def test_fast_predict_accepts_correct_answers_in_other_styles(candidate) -> None:
    assert_passes("5.2", candidate)


# ---------------------------------------------------------------- 5.3 detect_drift
def _psi(reference: pd.Series, current: pd.Series, missing: bool = True) -> float:
    if missing:
        reference, current = reference.fillna("(missing)"), current.fillna("(missing)")
    categories = sorted(set(reference.dropna()) | set(current.dropna()))
    r = reference.value_counts(normalize=True).reindex(categories, fill_value=0).clip(lower=1e-4)
    c = current.value_counts(normalize=True).reindex(categories, fill_value=0).clip(lower=1e-4)
    return float(((c - r) * np.log(c / r)).sum())


def _drift(reference, current, flag, psi_missing=True, columns=None):
    rows = {}
    for column in columns or reference.columns:
        if column == "secondary_type":
            score = _psi(reference[column], current[column], psi_missing)
            rows[column] = {"score": score, "drifted": score > 0.2}
        else:
            test = ks_2samp(reference[column], current[column])
            rows[column] = {"score": float(test.statistic), "drifted": bool(flag(test))}
    return pd.DataFrame.from_dict(rows, orient="index")


def drift_p_value(reference, current):
    return _drift(reference, current, lambda t: t.pvalue < 0.05)


def drift_numeric_only(reference, current):
    numeric = [c for c in reference.columns if c != "secondary_type"]
    return _drift(reference, current, lambda t: t.statistic > 0.1, columns=numeric)


def drift_psi_ignores_missing(reference, current):
    return _drift(reference, current, lambda t: t.statistic > 0.1, psi_missing=False)


def drift_flags_as_numbers(reference, current):
    table = _drift(reference, current, lambda t: t.statistic > 0.1)
    return table.assign(drifted=table["drifted"].astype(int))


def drift_threshold_too_high(reference, current):
    return _drift(reference, current, lambda t: t.statistic > 0.3)


def drift_mean_gap(reference, current):
    table = _drift(reference, current, lambda t: t.statistic > 0.1)
    for column in table.index:
        if column != "secondary_type":
            table.loc[column, "score"] = abs(current[column].mean() - reference[column].mean()) / reference[column].std()
    return table


def drift_fills_in_place(reference, current):
    current["secondary_type"] = current["secondary_type"].fillna("(missing)")
    return _drift(reference, current, lambda t: t.statistic > 0.1)


def drift_by_package(reference, current):
    from pokemon_ml.monitoring import feature_drift

    table = feature_drift(reference, current).set_index("feature")
    return table.rename(columns={"psi": "score"})


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (drift_p_value, ["an unshifted sample (seed 5318)", "p = 0.031", "1 - 0.95**12"]),
        (drift_numeric_only, ["needs exactly one per feature"]),
        (drift_psi_ignores_missing, ["score for secondary_type", "a missing value is a category"]),
        (drift_flags_as_numbers, ["use True or False"]),
        (drift_threshold_too_high, ["you did not flag weight_kg"]),
        (drift_mean_gap, ["two-sample Kolmogorov-Smirnov statistic"]),
        (drift_fills_in_place, ["changed a window it was given"]),
        (drift_by_package, ["called the course's own drift functions"]),
    ],
)
def test_detect_drift_wrong_answers(candidate, fragments) -> None:
    assert_fails("5.3", candidate, *fragments)


def drift_by_hand_bonferroni(reference, current):
    """Another style: KS written with numpy, a p-value corrected for twelve tests."""
    rows = []
    for column in reference.columns:
        if reference[column].dtype == object or str(reference[column].dtype) in ("str", "string"):
            score = _psi(reference[column], current[column])
            drifted = score > 0.25
        else:
            a, b = np.sort(reference[column].to_numpy()), np.sort(current[column].to_numpy())
            grid = np.concatenate([a, b])
            score = float(np.max(np.abs(np.searchsorted(a, grid, "right") / len(a) - np.searchsorted(b, grid, "right") / len(b))))
            drifted = ks_2samp(a, b).pvalue < 0.05 / len(reference.columns)
        rows.append({"feature": column, "score": score, "drifted": bool(drifted)})
    return pd.DataFrame(rows).set_index("feature")


@pytest.mark.parametrize("candidate", [solution("detect_drift"), drift_by_hand_bonferroni])
def test_detect_drift_accepts_correct_answers_in_other_styles(candidate) -> None:
    assert_passes("5.3", candidate)


# ---------------------------------------------------------------- C5 diagnose_incidents
def _reference(logs):
    return C5_SOLUTION.diagnose_incidents(logs)


def incidents_hard_coded(logs):
    """The visible log's answer, typed in."""
    return {
        "latency_spike": {"start": "2025-03-12T14:00Z", "end": "2025-03-12T19:00Z", "root_cause": "model_version_change", "fix": "roll_back_model", "prevention": "canary each deploy and watch its p99 latency"},
        "confidence_collapse": {"start": "2025-03-18T08:00Z", "end": "2025-03-20T08:00Z", "root_cause": "upstream_unit_change", "fix": "fix_upstream_units", "feature": "weight_kg", "client": "partner_api", "prevention": "monitor drift per client and check units at the edge"},
        "biased_slice": {"start": "2025-03-23T00:00Z", "end": "2025-03-31T00:00Z", "root_cause": "slice_underperformance", "fix": "retrain_with_slice_data", "slice": "generation=8", "prevention": "track accuracy per slice on labelled feedback"},
    }


def incidents_always_a_deploy(logs):
    answer = _reference(logs)
    answer["latency_spike"].update(root_cause="model_version_change", fix="roll_back_model")
    return answer


def incidents_fix_mismatch(logs):
    answer = _reference(logs)
    answer["confidence_collapse"]["fix"] = "retrain_with_slice_data"
    return answer


def incidents_no_prevention(logs):
    answer = _reference(logs)
    answer["biased_slice"]["prevention"] = "monitoring"
    return answer


def incidents_slice_value_only(logs):
    answer = _reference(logs)
    answer["biased_slice"]["slice"] = answer["biased_slice"]["slice"].split("=")[1]
    return answer


def incidents_whole_log_window(logs):
    answer = _reference(logs)
    answer["latency_spike"].update(start=logs["time"].min(), end=logs["time"].max())
    return answer


def incidents_missing_alert(logs):
    answer = _reference(logs)
    del answer["biased_slice"]
    return answer


def incidents_unknown_cause(logs):
    answer = _reference(logs)
    answer["latency_spike"]["root_cause"] = "traffic_spike"
    return answer


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (incidents_hard_coded, ["On hidden log 1", "too"]),
        (incidents_always_a_deploy, ["On hidden log 1: latency_spike: the root cause is not model_version_change", "batch_size"]),
        (incidents_fix_mismatch, ["does not remove the cause you found (upstream_unit_change)"]),
        (incidents_no_prevention, ["state a prevention measure"]),
        (incidents_slice_value_only, ["`slice` should name the slice, as `column=value`"]),
        (incidents_whole_log_window, ["latency_spike: your window starts too early"]),
        (incidents_missing_alert, ["no diagnosis for biased_slice"]),
        (incidents_unknown_cause, ["'traffic_spike' is not in the vocabulary"]),
    ],
)
def test_diagnose_incidents_wrong_answers(candidate, fragments) -> None:
    assert_fails("C5", candidate, *fragments)


def test_hidden_feedback_never_shows_the_answer() -> None:
    feedback = assert_fails("C5", incidents_hard_coded)
    assert "the evidence says" not in feedback


def incidents_as_text(logs):
    """Another style: ISO strings, naive UTC times, spaces around the evidence."""
    answer = _reference(logs)
    for alert in answer.values():
        alert["start"] = pd.Timestamp(alert["start"]).tz_convert(None).isoformat()
        alert["end"] = pd.Timestamp(alert["end"]).tz_convert(None).isoformat()
    answer["biased_slice"]["slice"] = f" {answer['biased_slice']['slice']} "
    return answer


@pytest.mark.parametrize("candidate", [_reference, incidents_as_text])
def test_diagnose_incidents_accepts_correct_answers_in_other_styles(candidate) -> None:
    assert_passes("C5", candidate)
