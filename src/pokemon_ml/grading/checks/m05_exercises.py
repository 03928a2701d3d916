"""Checks for Module 5 (deployment): exercise 5.1 here, 5.2 in ``m05_fast``, 5.3 in
``m05_drift`` (C5 is in ``m05_checkpoint``).

Exercise 5.1 asks for ``create_app(model)``: a FastAPI app that predicts a creature's
type and answers every bad request with a clear 4xx (or 503 when it has no model),
never a 500. The learner's app is built and called *in the sandbox* with FastAPI's
``TestClient`` (``raise_server_exceptions=False``, so a crash is a 500, as a client
would see it); only status codes and bodies come back. The grader sends valid
creatures (bounds included: a stat of exactly 255 is valid) and compares the answers
with the model's own predictions, then the five error cases of the brief and a few
more of the same kinds it does not name (other fields, other bounds, a malformed
body), and last the app built with ``model=None``. A 4xx must name the field.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features import TARGET, make_model
from pokemon_ml.grading.calling import WrongAnswer, candidate_run
from pokemon_ml.grading.checks.m04_exercises import disarm, is_disarmed_call
from pokemon_ml.grading.registry import register
from pokemon_ml.serving.schemas import EXAMPLE_CREATURE, INPUT_FIELDS

__all__ = ["ERROR_CASES", "app_in_sandbox", "served_model"]

MODULE = 5
EXERCISES = "exercises/05_inference_service.py"
EXERCISE_SOLUTIONS = "exercises/solutions/05_inference_service.py"
CONFIDENCE_TOLERANCE = 1e-6


def _with(**changes: Any) -> dict:
    return {**EXAMPLE_CREATURE, **changes}


def _without(field: str) -> dict:
    return {k: v for k, v in EXAMPLE_CREATURE.items() if k != field}


# (what the brief calls it, the field the answer must name, the body as sent)
ERROR_CASES = (
    ("a field missing", "attack", json.dumps(_without("attack"))),
    ("a field of the wrong type", "hp", json.dumps(_with(hp="strong"))),
    ("a stat out of range", "speed", json.dumps(_with(speed=300))),
    ("an unknown secondary type", "secondary_type", json.dumps(_with(secondary_type="plasma"))),
)
HIDDEN_CASES = (
    ("another field missing", "weight_kg", json.dumps(_without("weight_kg"))),
    ("a list where a number belongs", "defense", json.dumps(_with(defense=[1, 2]))),
    ("a height of 0 (below the range)", "height_m", json.dumps(_with(height_m=0))),
    ("a generation of 9", "generation", json.dumps(_with(generation=9))),
    ("a capture rate of 256", "capture_rate", json.dumps(_with(capture_rate=256))),
    ("a secondary type written 'Fire'", "secondary_type", json.dumps(_with(secondary_type="Fire"))),
    ("a number as the secondary type", "secondary_type", json.dumps(_with(secondary_type=5))),
)
MALFORMED = ("a body that is not JSON", None, '{"hp": 45, "attack": ')


@functools.cache
def served_model() -> Any:
    """The grader's model: the course pipeline fitted on creatures the learner never sees."""
    train = generate_pokemon(1_200, 5_101).to_pandas()
    return make_model().fit(train.drop(columns=TARGET), train[TARGET])


@functools.cache
def valid_payloads() -> tuple[dict, ...]:
    """Creatures as JSON objects, some on the bounds of the contract, one with no
    secondary type (null) and one with the field left out."""
    rows = generate_pokemon(12, 5_102).to_pandas()
    payloads = []
    for number, row in enumerate(rows.to_dict("records")):
        payload = {field: row[field] for field in INPUT_FIELDS}
        payload["secondary_type"] = None if pd.isna(payload["secondary_type"]) else payload["secondary_type"]
        payloads.append({k: (v.item() if isinstance(v, np.generic) else v) for k, v in payload.items()})
    payloads[1].update(hp=255, capture_rate=3, height_m=20.0)  # on the bounds: valid
    payloads[2].update(attack=1, weight_kg=0.1, generation=8, evolution_stage=3)
    payloads[3]["secondary_type"] = None
    del payloads[4]["secondary_type"]
    return tuple(payloads)


def app_in_sandbox(create_app: Callable[..., Any], model: Any, calls: list, none_calls: list) -> dict:
    """Worker side: build the learner's app (with and without a model) and call it.

    Returns:
        ``{"answers": [(status, text), ...], "none_answers": [...]}``, or
        ``{"package": True}`` / ``{"problem": ...}``.
    """
    from fastapi.testclient import TestClient
    from starlette.applications import Starlette

    import pokemon_ml.serving.app as package_app

    disarm(package_app.create_app)

    def call_all(app: Any, requests: list) -> list:
        answers = []
        with TestClient(app, raise_server_exceptions=False) as client:
            for method, path, body in requests:
                headers = {"content-type": "application/json"} if body is not None else {}
                response = client.request(method, path, content=body, headers=headers)
                answers.append((response.status_code, response.text[:3_000]))
        return answers

    try:
        app = create_app(model)
        if not isinstance(app, Starlette):
            return {"problem": type(app).__name__}
        answers = call_all(app, calls)
        app_without = create_app(None)
        none_answers = call_all(app_without, none_calls)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"package": True}
        raise
    return {"answers": answers, "none_answers": none_answers}


@register(
    "5.1",
    module=MODULE,
    title="An API that never answers 500",
    function="create_app",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=45,
    difficulty="medium",
    hints=(
        (
            "Describe the request as a pydantic model: one typed field per input, "
            "`Field(ge=..., le=...)` for the ranges (bounds are valid values), and "
            "`Literal['fire', ...] | None` for the secondary type. FastAPI then answers a "
            "bad body with 422 and the field's name, without any code of yours."
        ),
        (
            "`model` may be None (it failed to load). Check it inside the route and "
            "`raise HTTPException(status_code=503, detail=...)`; keep `/health` free of it, "
            "so the service can say it is alive but not ready."
        ),
        (
            "Predict from a one-row DataFrame: `pd.DataFrame([creature.model_dump()])`; "
            "`model.predict_proba(row)[0]` and `model.classes_` give the type and the "
            "confidence (the highest probability)."
        ),
    ),
)
def check_create_app(candidate: Any) -> str:
    model = served_model()
    payloads = valid_payloads()
    valid_calls = [("POST", "/predict", json.dumps(p)) for p in payloads]
    error_calls = [("POST", "/predict", body) for _, _, body in (*ERROR_CASES, *HIDDEN_CASES, MALFORMED)]
    calls = [("GET", "/health", None), *valid_calls, *error_calls]
    none_calls = [("GET", "/health", None), ("POST", "/predict", json.dumps(EXAMPLE_CREATURE))]
    reply = candidate_run(candidate, app_in_sandbox, model, calls, none_calls)
    if "package" in reply:
        raise WrongAnswer(
            "`create_app` called the course's own `pokemon_ml.serving.create_app`. Build "
            "your own app: it is the exercise (the check disarms the package's factory)."
        )
    if "problem" in reply:
        raise WrongAnswer(
            f"`create_app(model)` returned a {reply['problem']}; return the FastAPI app "
            "(`app = FastAPI()`, routes on it, `return app`)."
        )
    answers = reply["answers"]
    health, predictions, errors = answers[0], answers[1 : 1 + len(payloads)], answers[1 + len(payloads) :]
    _check_health(health, "with a model")
    _check_predictions(predictions, payloads, model)
    cases = (*ERROR_CASES, *HIDDEN_CASES, MALFORMED)
    for (what, field, body), (status, text) in zip(cases, errors):
        _check_error(what, field, body, status, text, hidden=(what, field, body) in HIDDEN_CASES)
    none_health, none_predict = reply["none_answers"]
    _check_health(none_health, "built with `model=None`")
    status, text = none_predict
    if status != 503:
        raise WrongAnswer(
            f"Built with `model=None` (the model failed to load), `POST /predict` answered "
            f"{status}: {text[:200]!r}. Answer 503 Service Unavailable with a message that "
            "says the model is not loaded: the client should retry later, and it is not its "
            "fault."
        )
    return (
        f"Your service predicts like the model on {len(payloads)} creatures (bounds included), "
        f"answers {len(cases)} bad requests with a 4xx that names the field (the {len(HIDDEN_CASES)} "
        "the brief did not name too), and 503 without a model while `/health` stays up."
    )


def _check_health(answer: tuple, when: str) -> None:
    status, text = answer
    if status != 200:
        raise WrongAnswer(
            f"`GET /health` answered {status} when the app was {when}. Health says the "
            "process is alive: 200 always, whatever the model's state."
        )


def _check_predictions(answers: list, payloads: tuple, model: Any) -> None:
    rows = pd.DataFrame([{**{"secondary_type": None}, **p} for p in payloads])[list(INPUT_FIELDS)]
    proba = model.predict_proba(rows)
    expected_types = np.asarray(model.classes_)[proba.argmax(axis=1)]
    for payload, (status, text), expected, p in zip(payloads, answers, expected_types, proba):
        shown = json.dumps(payload)
        bound = " (its values are on the bounds of the contract, which are valid)" if payload in payloads[1:3] else ""
        if status >= 500:
            raise WrongAnswer(f"`POST /predict` with a valid creature{bound} crashed ({status}): {text[:300]!r}. Body sent: {shown}")
        if status != 200:
            raise WrongAnswer(f"`POST /predict` refused a valid creature{bound} with {status}: {text[:300]!r}. Body sent: {shown}")
        try:
            body = json.loads(text)
        except json.JSONDecodeError:
            raise WrongAnswer(f"`POST /predict` answered 200 with a body that is not JSON: {text[:200]!r}.") from None
        if not isinstance(body, dict) or not {"primary_type", "confidence"} <= set(body):
            raise WrongAnswer(
                f"`POST /predict` answered {text[:200]!r}; the brief's answer is a JSON object "
                "with `primary_type` and `confidence`."
            )
        if body["primary_type"] != expected:
            raise WrongAnswer(
                f"For {shown} your service says {body['primary_type']!r}; the model predicts "
                f"{expected!r}. Predict with the model you were given, from a one-row frame "
                "with these fields."
            )
        confidence = body["confidence"]
        if not isinstance(confidence, (int, float)) or isinstance(confidence, bool) or abs(confidence - p.max()) > CONFIDENCE_TOLERANCE:
            raise WrongAnswer(
                f"For {shown} your `confidence` is {confidence!r}; the model's probability of "
                f"{expected!r} is {p.max():.6f}. Confidence is the highest probability, as a "
                "number."
            )


def _check_error(what: str, field: str | None, body: str, status: int, text: str, hidden: bool) -> None:
    sent = f"{body[:160]}{'…' if len(body) > 160 else ''}"
    kind = "a case of the same kind as the brief's" if hidden else "one of the brief's cases"
    if status >= 500:
        raise WrongAnswer(
            f"{what.capitalize()} ({kind}) crashed your service: {status}. Body sent: {sent} "
            "A bad request is the client's mistake, and the answer must say so with a 4xx "
            "(422 for a body that breaks the contract)."
        )
    if status == 200:
        raise WrongAnswer(
            f"{what.capitalize()} ({kind}) was accepted (200). Body sent: {sent} Validate "
            "every field's type and range before predicting: the model would silently "
            "answer nonsense."
        )
    if not 400 <= status < 500:
        raise WrongAnswer(f"{what.capitalize()} ({kind}) was answered {status}; a bad request gets a 4xx. Body sent: {sent}")
    if field is not None and field not in text:
        raise WrongAnswer(
            f"{what.capitalize()} ({kind}) got {status}, but the answer does not name the "
            f"field `{field}`: {text[:200]!r}. Say which field is wrong, so the client can "
            "fix it without guessing."
        )
