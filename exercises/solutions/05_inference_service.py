# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "fastapi>=0.115",
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "pydantic>=2.7",
#     "scipy>=1.13",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import functools
    import json
    import time
    from typing import Literal

    import marimo as mo
    import numpy as np
    import pandas as pd
    from fastapi import FastAPI, HTTPException
    from fastapi.testclient import TestClient
    from pydantic import BaseModel, Field
    from scipy.stats import ks_2samp

    from pokemon_ml import TYPES, load_dataset
    from pokemon_ml.evaluation.review import model_under_review
    from pokemon_ml.features.engineering import RAW_FEATURES, add_scale_free_features
    from pokemon_ml.grading.checks.m05_exercises import ERROR_CASES
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check
    from pokemon_ml.serving.loading import newest_artifact
    from pokemon_ml.serving.schemas import EXAMPLE_CREATURE, INPUT_FIELDS
    from pokemon_ml.serving.slow import slow_predict
    from pokemon_ml.training.artifact import load_artifact
    from pokemon_ml.training.run import artifacts_dir


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 5 exercises — reference solutions

    Three exercises, about two and a half hours in all: an API that answers every bad
    request with a clear error and never a 500, a prediction path at least five times
    faster than the naive one with exactly the same answers, and drift detection that
    catches real shifts without crying wolf. Each asks for **one function**. Replace its
    `raise NotImplementedError` with your code and run that cell (Ctrl+Enter, or
    Shift+Enter): marimo then re-runs the check cell under it, which tells you *passed*,
    *not yet* (with what it expected and what it saw) or *not attempted*. Stuck? The
    check cell offers hints, one click at a time.

    The checks are the ones `uv run pytest` runs, and they grade your code on data (and
    a model) this notebook never shows you.
    """)
    return


@app.cell
def _():
    _messages = []
    artifact, held_out = model_under_review(say=_messages.append)
    mo.vstack(
        [
            *(mo.md(f"*{m}*") for m in _messages),
            mo.md(f"The model in `artifacts/`: **{artifact.folder.name}**."),
        ]
    )
    return (artifact,)


@app.cell(hide_code=True)
def _():
    exercise_header("5.1")
    return


@app.cell(hide_code=True)
def _():
    _cases = "\n".join(
        f"{n}. {what}: e.g. `{body[:70]}{'…' if len(body) > 70 else ''}` → a 4xx naming `{field}`"
        for n, (what, field, body) in enumerate(ERROR_CASES, start=1)
    )
    mo.md(f"""
    Write `create_app(model)`: build and return a FastAPI app with two routes.

    * `GET /health` → **200** always (the process is alive), e.g. `{{"status": "ok"}}`.
    * `POST /predict` takes one creature as a JSON object with exactly these fields
      (`secondary_type` may be null or left out):

      | field | type | valid values (bounds included) |
      |:---|:---|:---|
      | `hp`, `attack`, `defense`, `sp_attack`, `sp_defense`, `speed` | integer | 1 – 255 |
      | `height_m` | number | 0.05 – 20 |
      | `weight_kg` | number | 0.1 – 10,000 |
      | `capture_rate` | integer | 3 – 255 |
      | `generation` | integer | 1 – 8 |
      | `evolution_stage` | integer | 1 – 3 |
      | `secondary_type` | text or null | one of {", ".join(f"`{t}`" for t in TYPES)} |

      and answers **200** with `{{"primary_type": ..., "confidence": ...}}`: the model's
      prediction for that one row and its probability (the highest of
      `predict_proba`). `model` is a fitted pipeline that takes a DataFrame of rows
      with these columns.

    Never a 500: every bad request is the client's mistake and gets a **4xx whose body
    names the field**. The five cases the check sends (and a few more of the same
    kinds it does not name):

    {_cases}
    5. the model failed to load: `create_app(None)` → `POST /predict` answers **503**
       (with a message), while `GET /health` still answers 200.

    Below, your app is called in process with FastAPI's `TestClient` on these cases.
    """)
    return


@app.function
def create_app(model) -> FastAPI:
    """A prediction service for ``model`` (None: it failed to load).

    Args:
        model: a fitted scikit-learn pipeline that predicts a creature's primary type,
            or None.

    Returns:
        The FastAPI app.
    """
    class Creature(BaseModel):
        """The request: every field typed, every range the data contract's."""

        hp: int = Field(ge=1, le=255)
        attack: int = Field(ge=1, le=255)
        defense: int = Field(ge=1, le=255)
        sp_attack: int = Field(ge=1, le=255)
        sp_defense: int = Field(ge=1, le=255)
        speed: int = Field(ge=1, le=255)
        height_m: float = Field(ge=0.05, le=20.0)
        weight_kg: float = Field(ge=0.1, le=10_000.0)
        capture_rate: int = Field(ge=3, le=255)
        generation: int = Field(ge=1, le=8)
        evolution_stage: int = Field(ge=1, le=3)
        secondary_type: Literal["fire", "water", "grass", "electric", "rock", "psychic"] | None = None

    service = FastAPI(title="Pokédex type service")

    @service.get("/health")
    def health() -> dict:
        return {"status": "ok", "model_loaded": model is not None}

    @service.post("/predict")
    def predict(creature: Creature) -> dict:
        if model is None:
            raise HTTPException(status_code=503, detail="the model is not loaded; try again later")
        row = pd.DataFrame([creature.model_dump()])
        probabilities = model.predict_proba(row)[0]
        best = int(np.argmax(probabilities))
        return {"primary_type": str(model.classes_[best]), "confidence": float(probabilities[best])}

    return service


@app.cell
def _(artifact):
    try:
        _app = create_app(artifact.model)
    except NotImplementedError:
        _shown = mo.md("*Write `create_app` to call it here.*")
    else:
        _rows = []
        with TestClient(_app, raise_server_exceptions=False) as _client:
            for _what, _field, _body in [("a valid creature", None, json.dumps(EXAMPLE_CREATURE)), *ERROR_CASES]:
                _response = _client.post("/predict", content=_body, headers={"content-type": "application/json"})
                _rows.append({"request": _what, "status": _response.status_code, "body": _response.text[:160]})
        _shown = mo.vstack([mo.md("Your app, called in process:"), pd.DataFrame(_rows)])
    _shown
    return


@app.cell
def _():
    hints_5_1 = hint_button("5.1")
    return (hints_5_1,)


@app.cell
def _(hints_5_1):
    live_check("5.1", create_app, hints_5_1)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("5.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    `slow_predict(payload)` (imported above) is the first prediction function many
    teams write: on every call it finds the newest artifact in `artifacts_dir()`,
    verifies and loads it, builds a one-row DataFrame and runs the whole pipeline. It
    returns `{type: probability}` for the six types. It is correct — and slow.

    Write `fast_predict(payload)`: the **same dict, the same numbers** (within 1e-9: no
    rounding), for the same model — the newest artifact in `artifacts_dir()` — at least
    **5× faster**. The check

    * points `artifacts_dir()` at a model of its own (so the numbers must come from
      whatever artifact is there, found the way `slow_predict` finds it);
    * sends fresh creatures on every call (remembering answers never helps);
    * times both functions from outside, alternately, and compares medians — the
      absolute times are shown to you, not graded;
    * disarms the package's own fast path (`pokemon_ml.serving.fast`).

    Loading once gains about 2×. The rest is the pipeline's per-call overhead on a
    one-row DataFrame: read the fitted parameters once and do the arithmetic in numpy.
    `RAW_FEATURES` and `add_scale_free_features` (imported above) tell you the columns
    and the scale-free features; `functools` is imported for `functools.cache`.
    """)
    return


@app.function
def fast_predict(payload: dict) -> dict:
    """The probability of each type for one creature: ``slow_predict``'s answer, fast.

    Args:
        payload: one creature's input fields (``INPUT_FIELDS``).

    Returns:
        ``{type: probability}`` for every type the model knows.
    """
    m = fast_parameters()
    x = np.array([float(payload[f]) for f in RAW_FEATURES])
    stats, height, weight = x[:6], x[RAW_FEATURES.index("height_m")], x[RAW_FEATURES.index("weight_kg")]
    log_stats = np.log(stats)  # the scale-free features, as add_scale_free_features makes them
    engineered = np.concatenate(
        [log_stats - log_stats.mean(), [np.log(weight) - 3 * np.log(height), np.log(stats.sum())]]
    )
    scaled = (np.concatenate([x, engineered]) - m["mean"]) / m["scale"]
    one_hot = np.array([1.0 if payload.get("secondary_type") == c else 0.0 for c in m["categories"]])
    logits = m["coef"] @ np.concatenate([scaled, one_hot]) + m["intercept"]
    exp = np.exp(logits - logits.max())  # a softmax, safe from overflow
    return dict(zip(m["classes"], (exp / exp.sum()).tolist()))


@app.function
@functools.cache
def fast_parameters() -> dict:
    """The newest artifact's fitted parameters, read once per process."""
    model = load_artifact(newest_artifact(artifacts_dir())).model
    columns = model.named_steps["features"].named_steps["columns"]
    scaler = columns.named_transformers_["numeric"]
    encoder = columns.named_transformers_["secondary_type"]
    classifier = model.named_steps["classifier"]
    return {
        "mean": scaler.mean_,
        "scale": scaler.scale_,
        "categories": list(encoder.categories_[0]),
        "coef": classifier.coef_,
        "intercept": classifier.intercept_,
        "classes": [str(c) for c in classifier.classes_],
    }


@app.cell
def _(artifact):
    _payloads = [
        {**EXAMPLE_CREATURE, "hp": 40 + i, "weight_kg": 5.0 + i} for i in range(30)
    ]

    def _median_ms(function):
        times = []
        for payload in _payloads:
            start = time.perf_counter()
            function(payload)
            times.append(time.perf_counter() - start)
        return 1_000 * float(np.median(times))

    try:
        fast_predict(_payloads[0])
    except NotImplementedError:
        _shown = mo.md("*Write `fast_predict` to race it against `slow_predict` here.*")
    else:
        _slow_ms, _fast_ms = _median_ms(slow_predict), _median_ms(fast_predict)
        _gap = max(
            abs(fast_predict(_p)[_t] - _v)
            for _p in _payloads[:5]
            for _t, _v in slow_predict(_p).items()
        )
        _shown = mo.md(
            f"On 30 creatures: `slow_predict` **{_slow_ms:.2f} ms**, yours **{_fast_ms:.3f} ms** "
            f"per call (median) — **{_slow_ms / _fast_ms:.0f}×**; largest difference in a "
            f"probability: {_gap:.1e}."
        )
    _shown
    return


@app.cell
def _():
    hints_5_2 = hint_button("5.2")
    return (hints_5_2,)


@app.cell
def _(hints_5_2):
    live_check("5.2", fast_predict, hints_5_2)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("5.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `detect_drift(reference, current)`: two windows of inputs (DataFrames with the
    request's columns, any index, maybe in another column order, maybe of different
    sizes) → a DataFrame **indexed by feature name**, one row per column of `reference`,
    with:

    * `score` — numeric features: the two-sample **Kolmogorov-Smirnov statistic**
      (`scipy.stats.ks_2samp(ref, cur).statistic`, imported above); `secondary_type`:
      the **PSI** over its categories — a missing value counts as a category
      (`"(missing)"`), each window's share per category is floored at `1e-4`, and
      PSI = Σ (current − reference) · ln(current / reference);
    * `drifted` — `True`/`False`: your judgement.

    The check's windows: three **unshifted** samples from the same process (nothing may
    be flagged), and shifted ones — weights sent in pounds, heights 25% larger, hp 12
    points higher, a generation and a secondary type flooding in (exactly those
    flagged). With 1,500 rows a window, p-values call tiny, harmless differences
    significant, and twelve tests a window multiply false alarms: think about what to
    flag on. The package's own drift functions are disarmed while your code runs.

    Below: the course data as the reference, and one client's requests from the
    production logs on the day you pick.
    """)
    return


@app.function
def detect_drift(reference: pd.DataFrame, current: pd.DataFrame) -> pd.DataFrame:
    """Per feature: a drift score and whether it drifted.

    Args:
        reference: the inputs the model was trained on (or a quiet window).
        current: the window to check.

    Returns:
        A DataFrame indexed by feature name with columns ``score`` and ``drifted``.
    """
    rows = {}
    for column in reference.columns:
        if column == "secondary_type":
            ref = reference[column].fillna("(missing)")
            cur = current[column].fillna("(missing)")
            categories = sorted(set(ref) | set(cur))
            r = ref.value_counts(normalize=True).reindex(categories, fill_value=0.0).clip(lower=1e-4)
            c = cur.value_counts(normalize=True).reindex(categories, fill_value=0.0).clip(lower=1e-4)
            score = float(((c - r) * np.log(c / r)).sum())
            drifted = score > 0.2  # the usual PSI alert level
        else:
            score = float(ks_2samp(reference[column], current[column]).statistic)
            drifted = score > 0.1  # an effect size: p-values flag harmless gaps at this n
        rows[column] = {"score": score, "drifted": drifted}
    return pd.DataFrame.from_dict(rows, orient="index")


@app.cell
def _():
    logs = load_dataset("prediction_logs")
    reference = load_dataset("pokemon")[list(INPUT_FIELDS)]
    day = mo.ui.slider(1, 28, value=19, label="day of the logs", show_value=True)
    client = mo.ui.dropdown(sorted(logs["client"].unique()), value="partner_api", label="client")
    mo.hstack([day, client])
    return client, day, logs, reference


@app.cell
def _(client, day, logs, reference):
    _day = logs["time"].min().normalize() + pd.Timedelta(days=day.value - 1)
    _window = logs[(logs["time"] >= _day) & (logs["time"] < _day + pd.Timedelta(days=1)) & (logs["client"] == client.value)]
    _current = _window[list(INPUT_FIELDS)]
    try:
        _drift = detect_drift(reference, _current)
    except NotImplementedError:
        _shown = mo.md("*Write `detect_drift` to see each feature's score for this window.*")
    else:
        _shown = mo.vstack(
            [
                mo.md(f"{len(_current)} requests from **{client.value}** on {_day:%A %d %B}:"),
                _drift,
            ]
        )
    _shown
    return


@app.cell
def _():
    hints_5_3 = hint_button("5.3")
    return (hints_5_3,)


@app.cell
def _(hints_5_3):
    live_check("5.3", detect_drift, hints_5_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next

    These are reference solutions: the checks grade behaviour, so yours may look
    different and still pass. Then take the checkpoint, `checkpoints/05_production_incident_simulation.py`: three
    alerts fired in four weeks of production logs — find out why.
    """)
    return


if __name__ == "__main__":
    app.run()
