"""Check for exercise 4.3: ``best_threshold(y, proba, cost_fp, cost_fn)``.

The rule is the course's everywhere: a row is predicted positive when
``proba >= threshold``. The learner's threshold is scored by the cost it gives
(``fp * cost_fp + fn * cost_fn``) and must be within ``EPSILON`` of the brute-force
optimum (``pokemon_ml.evaluation.cost_by_threshold``), on cases built to separate the
usual answers from the right one: probabilities that are *not* calibrated (so the
textbook ``cost_fp / (cost_fp + cost_fn)`` is not the optimum), many tied
probabilities (so ``>`` and ``>=`` give different costs), costs far apart in both
directions (so the optimum is to flag everything, or nothing), and costs where the
accuracy-maximising and F1-maximising thresholds are both wrong. Any threshold with
the optimal cost passes: on ties there are many.
"""

from __future__ import annotations

import functools
import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.evaluation.metrics import cost_by_threshold, threshold_report
from pokemon_ml.evaluation import metrics as package_metrics
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m04_exercises import (
    EXERCISE_SOLUTIONS,
    EXERCISES,
    MODULE,
    disarm,
    is_disarmed_call,
)
from pokemon_ml.grading.registry import register

__all__ = ["threshold_cases"]

EPSILON = 1e-9  # relative to the optimal cost (at least 1 in absolute terms)


def _miscalibrated(rng: np.random.Generator, n: int, prevalence: float, decimals: int):
    """Labels and over-confident, squashed scores: ranking fine, probabilities not."""
    y = rng.random(n) < prevalence
    logit = 1.6 * y + rng.normal(-1.0, 1.0, n)
    proba = 0.15 + 0.7 / (1 + np.exp(-logit))  # squashed into (0.15, 0.85)
    return y, np.round(proba, decimals)


@functools.cache
def threshold_cases() -> tuple[tuple[str, Any, Any, float, float], ...]:
    """(description, y, proba, cost_fp, cost_fn); inputs as lists, arrays and Series."""
    rng = np.random.default_rng(4_303)
    y1, p1 = _miscalibrated(rng, 400, 0.2, 3)
    y2, p2 = _miscalibrated(rng, 300, 0.3, 1)  # 1 decimal: a handful of values, many ties
    y3, p3 = _miscalibrated(rng, 250, 0.1, 2)
    y4, p4 = _miscalibrated(rng, 200, 0.4, 3)
    y5 = np.array([0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0])
    p5 = np.array([0.0, 0.2, 0.2, 0.2, 0.5, 0.5, 0.5, 1.0, 0.7, 0.1, 0.9, 0.5])
    series_index = rng.permutation(len(y4)) + 500
    return (
        ("400 rows, a miss costs 5 false alarms", y1.astype(int), p1, 1.0, 5.0),
        ("300 rows with only ten distinct probabilities, a miss costs 3", y2.tolist(), p2.tolist(), 2, 6),
        ("250 rows, a miss costs 1,000 false alarms", y3.astype(int), p3, 1.0, 1_000.0),
        ("250 rows, a false alarm costs 1,000 misses", y3.astype(int), p3, 1_000.0, 1.0),
        ("200 rows (a pandas Series), errors cost the same", pd.Series(y4.astype(int), index=series_index), pd.Series(p4, index=series_index), 3.0, 3.0),
        ("200 rows, a false alarm costs 4 misses", y4, p4, 4.0, 1.0),
        ("12 rows with probabilities 0 and 1", y5.tolist(), p5, 1.0, 2.5),
    )


def threshold_in_sandbox(
    best_threshold: Any, y: Any, proba: Any, cost_fp: float, cost_fn: float
) -> dict:
    """Worker side: the learner's threshold, with the package's cost table disarmed."""
    disarm(package_metrics.cost_by_threshold, package_metrics.threshold_report)
    try:
        threshold = best_threshold(y, proba, cost_fp, cost_fn)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"package": True}
        raise
    reply: dict = {"after": (y, proba)}  # compared with the originals by the grader
    if isinstance(threshold, (bool, np.bool_)) or not isinstance(threshold, (Real, np.number)):
        reply["problem"] = type(threshold).__name__
    else:
        reply["threshold"] = float(threshold)
    return reply


def _cost(y: Any, proba: Any, threshold: float, cost_fp: float, cost_fn: float) -> float:
    return threshold_report(np.asarray(y), np.asarray(proba), threshold, cost_fp, cost_fn)["cost"]


def _best_by(y: np.ndarray, proba: np.ndarray, metric: str) -> float:
    candidates = np.unique(proba)
    values = [threshold_report(y, proba, t)[metric] for t in candidates]
    return float(candidates[int(np.argmax(values))])


def _diagnosis(threshold: float, y: Any, proba: Any, cost_fp: float, cost_fn: float) -> str:
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    best = cost_by_threshold(y, proba, cost_fp, cost_fn)["cost"].min()

    def same_predictions(other: float) -> bool:
        return bool(np.array_equal(proba >= threshold, proba >= other))

    flag_nothing = float(np.sum(y)) * cost_fn
    if threshold == proba.max() and math.isclose(flag_nothing, best) and threshold < 1.0:
        return (
            "Here flagging nothing is cheapest, and your threshold still flags the rows at "
            "exactly the highest probability (the rule is `proba >= threshold`). A threshold "
            "of 1.0 flags nothing: include it among the candidates."
        )
    at_threshold = np.any(proba == threshold)
    strict_cost = float(np.sum((proba > threshold) & ~y) * cost_fp + np.sum((proba <= threshold) & y) * cost_fn)
    if at_threshold and math.isclose(strict_cost, best):
        return (
            "With `proba > threshold` your threshold would be optimal, but the rule is "
            "`proba >= threshold`: rows exactly at the threshold are predicted positive, and "
            "here several rows share that probability."
        )
    if math.isclose(threshold, 0.5):
        return (
            "That is 0.5, the default threshold, which ignores what each mistake costs. (If it "
            "came from a grid of thresholds: a grid misses every threshold between its steps; "
            "try each distinct probability instead.)"
        )
    if math.isclose(threshold, cost_fp / (cost_fp + cost_fn)):
        return (
            "That is cost_fp / (cost_fp + cost_fn), the optimum for *calibrated* "
            "probabilities. These are not calibrated: search the thresholds on the data."
        )
    maximised = [
        name
        for name, metric in (("accuracy", "accuracy"), ("F1", "f1"))
        if same_predictions(_best_by(y, proba, metric))
    ]
    if maximised and cost_fp != cost_fn:
        return (
            f"That threshold maximises {' and '.join(maximised)}, which count a false alarm "
            "and a miss as mistakes of equal weight, whatever they cost; here they cost "
            "different amounts."
        )
    swapped = cost_by_threshold(y, proba, cost_fn, cost_fp)
    swapped_best = swapped["threshold"][swapped["cost"].idxmin()]
    if same_predictions(float(swapped_best)):
        return (
            "That threshold would be optimal with the costs swapped: a false positive is a "
            "row predicted positive whose label is 0 (it costs cost_fp)."
        )
    return (
        "Only the distinct probabilities matter (between two, every threshold predicts the "
        "same): compute the cost at each of them, and at 1.0, and keep the cheapest."
    )


@register(
    "4.3",
    module=MODULE,
    title="Choose the threshold that costs least",
    function="best_threshold",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=30,
    difficulty="medium",
    hints=(
        (
            "The cost of a threshold t: predict positive where `proba >= t`, count the false "
            "positives (predicted 1, label 0) and false negatives (predicted 0, label 1), and "
            "add `fp * cost_fp + fn * cost_fn`."
        ),
        (
            "You do not need a grid: between two neighbouring distinct probabilities every "
            "threshold predicts the same. Try each distinct probability (`np.unique(proba)`), "
            "and 1.0 for 'flag nothing'."
        ),
        (
            "Convert first: `y = np.asarray(y).astype(bool)`, `proba = np.asarray(proba, "
            "dtype=float)`. Then a loop over `np.unique(proba)` with `np.sum(...)` for fp and "
            "fn is fast enough for thousands of rows."
        ),
    ),
)
def check_best_threshold(candidate: Any) -> str:
    savings = []
    for what, y, proba, cost_fp, cost_fn in threshold_cases():
        call = f"best_threshold(…{what}…, cost_fp={cost_fp:g}, cost_fn={cost_fn:g})"
        reply = candidate_run(candidate, threshold_in_sandbox, y, proba, cost_fp, cost_fn)
        if "package" in reply:
            raise WrongAnswer(
                "`best_threshold` called the course's own `cost_by_threshold` or "
                "`threshold_report`. Write the search yourself: it is a few lines of numpy "
                "(the check disarms the package's versions while your function runs)."
            )
        if not same_data((y, proba), reply["after"]):
            raise WrongAnswer(
                f"{call} changed the labels or probabilities it was given. Work on copies "
                "(`np.asarray(...)` of a list or Series can share memory with it)."
            )
        if "problem" in reply:
            raise WrongAnswer(
                f"{call} returned a {reply['problem']}; return the threshold as a number "
                "between 0 and 1."
            )
        threshold = reply["threshold"]
        if not (0.0 <= threshold <= 1.0):
            raise WrongAnswer(
                f"{call} returned {threshold:g}; a threshold on probabilities is between 0 and "
                "1 (1.0 already flags nothing unless a probability is exactly 1)."
            )
        table = cost_by_threshold(np.asarray(y), np.asarray(proba), cost_fp, cost_fn)
        best = float(table["cost"].min())
        mine = _cost(y, proba, threshold, cost_fp, cost_fn)
        if mine > best + EPSILON * max(1.0, abs(best)):
            raise WrongAnswer(
                f"{call} returned {threshold:g}, which costs {mine:g}; the cheapest threshold "
                f"costs {best:g}. {_diagnosis(threshold, y, proba, cost_fp, cost_fn)}"
            )
        savings.append(_cost(y, proba, 0.5, cost_fp, cost_fn) - best)
    return (
        f"Your thresholds are optimal on all {len(savings)} cases (uncalibrated scores, ties, "
        f"costs 1,000 to 1 either way). Against a fixed 0.5 they save {sum(savings):,.0f} in cost."
    )
