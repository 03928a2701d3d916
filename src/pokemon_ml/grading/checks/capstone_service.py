"""The capstone's service, graded (rubric criteria 5 and 6): the API and the page.

**5 — API robustness (15 points).** In the worker, the learner's ``train_price_model``
is trained on listings from the course's market (a hidden sample of it, for speed), and
their ``create_price_app`` is built around it and called with FastAPI's ``TestClient``
(``raise_server_exceptions=False``: a crash is a 500, as a client sees it) with the
hostile corpus of ``capstone_service_corpus``. A valid listing must get 200 with the
model's own price and interval (the model is wrapped so that the grader sees what the
service asked it and what it answered), ``low <= price <= high``, finite numbers and
``coverage`` 0.8; every bad request a 4xx — a 422 naming the field when the body is
JSON that breaks the contract. Points per kind of request, in proportion; the
sentence names the worst failure ("a grade of 10.5 got 200").

**6 — the UI end to end (10 points).** The learner's app is served by uvicorn on
127.0.0.1 from a thread of the worker, and a headless Chromium uses the page
(``capstone_service_browser``). The worker is stopped afterwards.

If ``train_price_model`` is not written yet (or fails), the service is graded with the
grader's own small model behind it, and the sentence says so: criteria 5 and 6 grade
the service, criteria 1-4 the model.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import pandas as pd

from pokemon_ml.data.cards import make_card_listings
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_run
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_service_corpus import (
    KIND_POINTS,
    Request,
    hostile_corpus,
    valid_listings,
)
from pokemon_ml.grading.checks.capstone_service_worker import (
    call_service,
    serve_in_worker,
    train_in_worker,
)
from pokemon_ml.grading.sandbox import Sandbox, SandboxStopped

__all__ = ["grade_api", "grade_ui", "judge", "training_listings"]

TRAINING_SEED = 91_011  # the grader's own listings: the course's market, other listings
TRAINING_ROWS = 3_000
COVERAGE = 0.8
PRICE_TOLERANCE_USD = 0.006  # a service may round the model's price to cents
LEAKED = "Traceback (most recent call last)"
VALID = "valid listings"  # the kind of request a service exists for


@functools.cache
def training_listings() -> pd.DataFrame:
    """Listings from the course's market (same creatures, sets and price model as the
    ``cards`` data), 2024-2025, that no learner has seen; leak columns included, as in
    the data set."""
    return make_card_listings(seed=TRAINING_SEED, n_listings=TRAINING_ROWS).to_pandas()


def _start_service(box: Sandbox) -> tuple[pd.DataFrame, str]:
    """Train the learner's model in the worker; a note when the grader's stands in."""
    listings = training_listings()
    try:
        probe = candidate_run(box, call_service, [], answer="create_price_app")  # a stub raises
    except SandboxStopped as stopped:
        if "still running" not in str(stopped):
            raise
        raise SandboxStopped(
            "`create_price_app` did not return: build the app and return it (a test or the "
            'grader serves it; `uvicorn.run` belongs under `if __name__ == "__main__":`).'
        ) from None
    if "problem" in probe:
        raise WrongAnswer(
            f"Your {probe['problem']}: return the app (`app = FastAPI()`, routes, `return app`)."
        )
    trained = candidate_run(box, train_in_worker, listings, answer="train_price_model")
    note = (
        ""
        if trained["model"] == "yours"
        else f" (graded with the grader's stand-in model: {trained['why']})"
    )
    return listings, note


def _not_attempted(box: Sandbox, action) -> tuple[float, str]:
    try:
        return action()
    except NotAttempted:
        raise NotAttempted(
            "`create_price_app` in capstone/price_service.py is not written yet (its docstring "
            "gives the contract; `capstone/05_price_service.py` builds it step by step)."
        ) from None


@criterion(5, "API robustness under a hostile corpus", 15, time_limit_s=120.0)
def grade_api(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    return _not_attempted(box, lambda: _grade_api(box))


def _grade_api(box: Sandbox) -> tuple[float, str]:
    listings, note = _start_service(box)
    corpus = hostile_corpus(listings)
    reply = candidate_run(box, call_service, [r.wire() for r in corpus], answer="create_price_app")
    points, sentence = judge(corpus, reply["answers"])
    return points, sentence + note


def judge(corpus: list[Request], answers: list[dict]) -> tuple[float, str]:
    """Points out of 15 and one sentence for the service's answers to ``corpus``."""
    failures: list[tuple[int, str]] = []  # (severity, sentence): 0 is the worst
    right = {kind: 0 for kind in KIND_POINTS}
    total = {kind: 0 for kind in KIND_POINTS}
    for request, answer in zip(corpus, answers, strict=True):
        total[request.kind] += 1
        failure = _failure(request, answer)
        if failure is None:
            right[request.kind] += 1
        else:
            failures.append(failure)
    # Refusing is easy for a service that refuses everything: the points for bad requests
    # count as far as the service prices the valid ones (right or not: that is the
    # valid listings' own points).
    priced = [
        _prices(answer)
        for request, answer in zip(corpus, answers)
        if request.expect == "ok" and request.path == "/predict"
    ]
    working = sum(priced) / len(priced)
    points = sum(
        KIND_POINTS[k] * right[k] / total[k] * (1.0 if k == VALID else working)
        for k in KIND_POINTS
        if total[k]
    )
    n_right = sum(right.values())
    if not failures:
        return points, (
            f"All {len(corpus)} requests answered as the contract says: valid listings priced "
            "by the model with a consistent 80% interval, every bad one a 4xx naming the field."
        )
    failures.sort(key=lambda f: f[0])
    worst = [sentence.split("\x00")[0] for _, sentence in failures[:3]]
    worst[0] = failures[0][1].replace("\x00", "")
    more = f" (and {len(failures) - 3} more)" if len(failures) > 3 else ""
    return points, (
        f"{n_right} of {len(corpus)} requests answered as the contract says; "
        f"{worst[0]}" + (f"; also {'; '.join(worst[1:])}" if worst[1:] else "") + f"{more}."
    )


def _prices(answer: dict) -> bool:
    """Did the service answer with a price (200 and finite numbers), right or wrong?"""
    try:
        body = json.loads(answer["text"]) if answer["status"] == 200 else None
        return isinstance(body, dict) and all(
            math.isfinite(body[k]) for k in ("price_usd", "low_usd", "high_usd")
        )
    except (ValueError, TypeError, KeyError):
        return False


def _failure(request: Request, answer: dict) -> tuple[int, str] | None:
    status, text = answer["status"], answer["text"]
    what = request.what
    if status == 0:
        return 0, f"{what} got no answer at all ({text[:80]})"
    if status >= 500:
        why = f" (your app raised {answer['raised'][:200]})" if answer.get("raised") else ""
        return 0, f"{what} got {status}\x00{why}"  # the reason is shown for the worst only
    if LEAKED in text:
        return 1, f"{what} got {status} with a Python traceback in the answer"
    if request.expect == "ok" or (request.expect == "either" and status == 200):
        if status != 200:
            return 1, f"{what} was refused with {status}: {text[:100]!r}"
        if request.path != "/predict":
            return None
        return _wrong_price(request, text, answer["calls"])
    if status == 200:
        return 2, f"{what} got 200 (priced instead of refused)"
    if not 400 <= status < 500:
        return 2, f"{what} got {status}; a bad request gets a 4xx"
    if request.must_be_422 and request.expect == "refuse" and status != 422:
        return 3, f"{what} got {status}, not 422 (the body is JSON; it breaks the contract)"
    if request.field and request.must_be_422 and request.field not in text:
        return 3, f"{what} got {status} without naming `{request.field}`: {text[:80]!r}"
    return None


def _wrong_price(request: Request, text: str, calls: list[dict]) -> tuple[int, str] | None:
    what = request.what
    try:
        body = json.loads(text)
    except json.JSONDecodeError:
        return 1, f"{what} got 200 with a body that is not JSON: {text[:80]!r}"
    keys = ("price_usd", "low_usd", "high_usd", "coverage")
    if not isinstance(body, dict) or not set(keys) <= set(body):
        return 1, f"{what} got {text[:120]!r}; the contract's answer has {', '.join(keys)}"
    values = [body[k] for k in keys]
    if not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values
    ):
        return 1, f"{what} got {text[:120]!r}: every number must be a finite number, not text"
    price, low, high, coverage = values
    if not low <= price <= high:
        return (
            1,
            f"{what} got low {low} / price {price} / high {high}: the interval must hold the price",
        )
    if abs(coverage - COVERAGE) > 1e-9:
        return 1, f"{what} got coverage {coverage}; the contract's interval covers 0.8"
    if request.expect == "either":
        return None  # an id the table lacks: consistent numbers are enough
    predicted = [c for c in calls if c["method"] == "predict" and c.get("out")]
    intervals = [
        c for c in calls if c["method"] == "predict_interval" and c.get("low") and c.get("high")
    ]
    if not predicted:
        return 1, f"{what} got a price of {price} without calling the model's `predict`"
    if not any(_near(price, c["out"][0]) for c in predicted):
        return 1, f"{what} got a price of {price}; the model predicted {predicted[0]['out'][0]:.2f}"
    if not intervals:
        called = any(c["method"] == "predict_interval" for c in calls)
        why = "returned no (low, high) arrays" if called else "was never called"
        return 1, f"{what}: the answer ignores the model's interval (`predict_interval` {why})"
    if not any(c["coverage"] in (None, COVERAGE) for c in intervals):
        return 1, f"{what}: the interval was asked for coverage {intervals[0]['coverage']}, not 0.8"
    if not any(_bounds_match(low, high, price, c) for c in intervals):
        model = intervals[0]
        return 1, (
            f"{what} got the interval {low} – {high}; the model's `predict_interval` said "
            f"{model['low'][0]:.2f} – {model['high'][0]:.2f}"
        )
    return _wrong_input(what, request.payload, predicted[0])


def _near(shown: float, model: float) -> bool:
    return abs(shown - model) <= max(PRICE_TOLERANCE_USD, 1e-6 * abs(model))


def _bounds_match(low: float, high: float, price: float, call: dict) -> bool:
    model_low, model_high = call["low"][0], call["high"][0]
    return (_near(low, model_low) or _near(low, min(model_low, price))) and (
        _near(high, model_high) or _near(high, max(model_high, price))
    )


def _wrong_input(what: str, payload: dict, call: dict) -> tuple[int, str] | None:
    """The frame the service handed the model must hold the listing it was sent."""
    row = call.get("row")
    if row is None:
        return (
            1,
            f"{what}: the service handed the model a {call.get('given', '?')}, not a DataFrame",
        )
    if call.get("rows") != 1:
        return 1, f"{what}: the service handed the model {call.get('rows')} rows for one listing"
    for name, sent in payload.items():
        if name not in row:
            return 1, f"{what}: the frame handed to the model has no `{name}` column"
        got = row[name]
        same = (
            (sent is None and got is None)
            or (
                isinstance(sent, (int, float))
                and isinstance(got, (int, float))
                and float(got) == float(sent)
            )
            or got == sent
        )
        if not same:
            return 1, f"{what}: the model was given {name}={got!r}, but the listing says {sent!r}"
    return None


@criterion(6, "The UI works end to end in a real browser", 10, time_limit_s=120.0)
def grade_ui(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    return _not_attempted(box, lambda: _grade_ui(box))


def ui_listing(listings: pd.DataFrame) -> dict:
    """The listing the browser fills in: valid, graded 9.5."""
    return {**valid_listings(listings)[0], "condition_grade": 9.5}


def _grade_ui(box: Sandbox) -> tuple[float, str]:
    from pokemon_ml.grading.checks.capstone_service_browser import grade_page

    listings, note = _start_service(box)
    served = candidate_run(box, serve_in_worker, answer="create_price_app")
    if "problem" in served:
        return 0.0, f"Your app could not be served: {served['problem']}." + note
    points, sentence = grade_page(f"http://127.0.0.1:{served['port']}", ui_listing(listings))
    return points, sentence + note
