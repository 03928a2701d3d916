"""Checks for Module 4's inline "try it" tasks (T4.1–T4.2), in ``04_model_evaluation.py``.

* T4.1 ``recall_at`` — the recall of a binary model that calls ``proba >= threshold``
  positive. The cases put positives and negatives *exactly on* the threshold (so ``>``
  and ``>=`` differ), use thresholds other than 0.5 (and the boundaries 0 and 1), and
  pass labels as True/False, as 0/1 integers and as a Series indexed by creature id.
  Every known slip (``>``, precision, accuracy, the negative class's recall, the miss
  rate, a fixed 0.5, a count, a percentage) gives a different number on the first case.
* T4.2 ``slice_interval`` — the 95% Wilson interval of a slice's accuracy, compared with
  ``scipy.stats.binomtest(...).proportion_ci(method="wilson")``, on slices where the
  textbook normal approximation breaks (0 of n, n of n, tiny n) as well as a large one.

The learner's code only runs through ``call_candidate``; every expected value is
computed here.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.registry import register

__all__ = ["check_recall_at", "check_slice_interval", "recall_cases", "interval_cases"]

MODULE = 4
NOTEBOOK = "04_model_evaluation.py"
SOLUTION = "exercises/solutions/04_try_it.py"
Z_95 = 1.959963984540054  # two-sided 95% normal quantile
INTERVAL_TOLERANCE = 1e-3  # T4.2: each end within this (z = 1.96 passes; z = 2 does not)


def _as_number(value: Any, what: str) -> float:
    """``value`` as a float, or a ``WrongAnswer`` naming its type (never a numpy repr)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        shown = f" ({value!r:.40})" if isinstance(value, str) else ""
        raise WrongAnswer(f"{what} should be one number; got {type(value).__name__}{shown}.")
    number = float(value)
    if not math.isfinite(number):
        raise WrongAnswer(f"{what} returned {number}: return a finite number.")
    return number


def _close(a: float, b: float, tolerance: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=0.0, abs_tol=tolerance)


# ---------------------------------------------------------------- T4.1 recall_at
def _shuffled(positives: list[float], negatives: list[float], seed: int) -> tuple[np.ndarray, np.ndarray]:
    labels = np.array([1] * len(positives) + [0] * len(negatives))
    proba = np.array(positives + negatives, dtype=float)
    order = np.random.default_rng(seed).permutation(len(labels))
    return labels[order], proba[order]


def recall_cases() -> list[tuple[Any, Any, float, str]]:
    """(y, proba, threshold, description): ties on every threshold, labels in three forms."""
    # 8 positives: 2 exactly at 0.3, 1 between 0.3 and 0.5; 15 negatives, 3 exactly at 0.3.
    y, proba = _shuffled(
        [0.92, 0.71, 0.55, 0.4, 0.3, 0.3, 0.12, 0.04],
        [0.81, 0.3, 0.3, 0.3, 0.25, 0.2, 0.18, 0.1, 0.09, 0.07, 0.06, 0.05, 0.03, 0.02, 0.01],
        seed=41,
    )
    ids = pd.Index(np.random.default_rng(42).choice(np.arange(100, 999), len(y), replace=False), name="id")
    first = (pd.Series(y.astype(bool), index=ids, name="is_legendary"), proba, 0.3,
             "threshold 0.3, labels True/False in a Series indexed by creature id")
    y, proba = _shuffled(
        [0.95, 0.81, 0.7, 0.7, 0.66, 0.2], [0.9, 0.7, 0.7, 0.45, 0.3, 0.15, 0.1, 0.05], seed=43
    )
    second = (y.tolist(), proba.tolist(), 0.7, "threshold 0.7, labels 0/1 in a list")
    y, proba = _shuffled([0.0, 0.0, 0.35, 0.6], [0.0, 0.0, 0.0, 0.2, 0.8], seed=44)
    third = (y, pd.Series(proba), 0.0, "threshold 0.0, labels 0/1 in an array")
    y, proba = _shuffled([1.0, 0.97, 0.5], [1.0, 0.99, 0.4, 0.1], seed=45)
    fourth = (y.astype(bool), proba, 1.0, "threshold 1.0, labels True/False in an array")
    return [first, second, third, fourth]


def recall_reference(y: Any, proba: Any, threshold: float) -> float:
    """The right answer: caught positives / all positives, ``proba >= threshold`` caught."""
    truth = np.asarray(y).astype(bool)
    return float((truth & (np.asarray(proba, dtype=float) >= threshold)).sum() / truth.sum())


def _recall_mistakes(y: Any, proba: Any, threshold: float) -> list[tuple[float, str]]:
    truth = np.asarray(y).astype(bool)
    p = np.asarray(proba, dtype=float)
    called = p >= threshold
    tp, fp = int((called & truth).sum()), int((called & ~truth).sum())
    fn, tn = int(truth.sum()) - tp, int((~truth).sum()) - fp
    at = int((truth & (p == threshold)).sum())
    recall = tp / (tp + fn)
    mistakes = [
        (float((truth & (p > threshold)).sum() / truth.sum()),
         f"You called a row positive only *above* the threshold (`>`). {at} of the positives "
         f"sit exactly at {threshold:g}: the model calls `proba >= threshold` positive, so they "
         "count."),
        (tp / (tp + fp) if tp + fp else math.nan,
         "That is the *precision* (caught positives / all rows called positive). Recall divides "
         "by the rows that really are positive: how many of them did the model catch?"),
        ((tp + tn) / len(truth),
         "That is the *accuracy* (right answers / all rows). Recall only looks at the true positives."),
        (tn / (tn + fp),
         "That is the recall of the *negative* class (how many negatives were called negative). "
         "Recall here is about the positives (True / 1)."),
        (fp / (fp + tn),
         "That is the false-alarm rate (negatives called positive / all negatives)."),
        (fn / (tp + fn),
         "That is the *miss rate*, 1 - recall: the positives below the threshold. Count the ones "
         "at or above it."),
        (float((truth & (p >= 0.5)).sum() / truth.sum()) if threshold != 0.5 else math.nan,
         f"That is the recall at 0.5, but the threshold here is {threshold:g}: use the argument."),
        (tp / len(truth), "You divided by all rows; recall divides by the positives only."),
        (float(tp), "That is a count of rows. Return a share of the positives, between 0 and 1."),
        (100 * recall, "That looks like a percentage. Return a fraction between 0 and 1."),
    ]
    return [(value, text) for value, text in mistakes if not math.isnan(value)]


@register(
    "T4.1",
    module=MODULE,
    title="Recall at a threshold",
    function="recall_at",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=5,
    difficulty="easy",
    hints=(
        "Recall asks: of the rows that really are positive, what share did the model catch? "
        "The denominator is the positives, not the rows the model called positive.",
        "A row is called positive when its probability is *at or above* the threshold (`>=`): "
        "a row at exactly 0.3 counts when the threshold is 0.3. Turn `y` and `proba` into numpy "
        "arrays first (`np.asarray`), so lists, arrays and Series behave the same.",
        "`truth = np.asarray(y).astype(bool)`, `called = np.asarray(proba) >= threshold`, then "
        "`return float((truth & called).sum() / truth.sum())`.",
    ),
    timeout_s=20.0,
)
def check_recall_at(candidate: Any) -> str:
    for y, proba, threshold, description in recall_cases():
        got = _as_number(call_candidate(candidate, y, proba, threshold), "`recall_at`")
        expected = recall_reference(y, proba, threshold)
        if _close(got, expected):
            continue
        for value, text in _recall_mistakes(y, proba, threshold):
            if _close(got, value):
                raise WrongAnswer(f"{text} (case: {description})")
        positives = int(np.asarray(y).astype(bool).sum())
        raise WrongAnswer(
            f"Expected the share of the {positives} positives with a probability at or above "
            f"{threshold:g}; got {got:.4g}. (case: {description})"
        )
    return (
        "Right on all four cases — ties exactly on the threshold, thresholds 0 and 1, and labels "
        "as True/False, 0/1 and a Series indexed by id."
    )


# ---------------------------------------------------------------- T4.2 slice_interval
def interval_cases() -> list[tuple[Any, Any, str]]:
    """(correct, n, description): where the normal approximation fails, then a large slice."""
    return [
        (0, 7, "0 right of 7"),
        (7, 7, "7 right of 7"),
        (1, 3, "1 right of 3"),
        (38, 55, "38 right of 55"),
        (np.int64(412), np.int64(500), "412 right of 500, counts as numpy integers"),
    ]


def wilson_reference(correct: int, n: int) -> tuple[float, float]:
    """scipy's Wilson interval (no continuity correction), as two floats."""
    low, high = binomtest(int(correct), int(n)).proportion_ci(0.95, method="wilson")
    return float(low), float(high)


def _wilson(correct: int, n: int, z: float) -> tuple[float, float]:
    p = correct / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def _interval_mistakes(correct: int, n: int) -> list[tuple[tuple[float, float], str]]:
    correct, n = int(correct), int(n)
    p = correct / n
    wald_half = Z_95 * math.sqrt(p * (1 - p) / n)
    wald_flaw = (
        f"At {correct} of {n} it is ({p:g}, {p:g}): zero width, as if {n} rows made you certain."
        if correct in (0, n)
        else f"At {correct} of {n} it is too narrow, and on small slices it can leave [0, 1]."
    )
    low, high = wilson_reference(correct, n)
    wilson_half = (high - low) / 2

    def scipy_ci(method: str) -> tuple[float, float]:
        ci = binomtest(correct, n).proportion_ci(0.95, method=method)
        return float(ci.low), float(ci.high)

    def clipped(a: float, b: float) -> tuple[float, float]:
        return max(0.0, a), min(1.0, b)

    return [
        ((high, low), "The ends are swapped: return `(low, high)`, the lower end first."),
        ((100 * low, 100 * high), "Those look like percentages. Return shares between 0 and 1."),
        (clipped(p - wald_half, p + wald_half),
         f"That is the normal approximation p ± 1.96·√(p(1−p)/n) (Wald). {wald_flaw} Wilson's "
         "interval moves the centre towards 1/2 and stays honest on small slices."),
        ((p - wald_half, p + wald_half),
         f"That is the normal approximation p ± 1.96·√(p(1−p)/n) (Wald), not Wilson's. {wald_flaw}"),
        ((p - wilson_half, p + wilson_half),
         f"Your interval is centred on the accuracy ({p:.3f}). Wilson's centre is "
         "(p + z²/2n) / (1 + z²/n), pulled towards 1/2."),
        (_wilson(correct, n, 1.6448536269514722),
         "That is a 90% interval (z = 1.645). A 95% interval uses z = 1.96."),
        (_wilson(correct, n, 1.0), "That is ±1 standard error (z = 1). A 95% interval uses z = 1.96."),
        (_wilson(correct, n, 2.0),
         "Close: you used z = 2, a 95.4% interval. A 95% interval uses z = 1.96."),
        (scipy_ci("exact"),
         "That is the exact (Clopper–Pearson) interval: valid, but wider. This task asks for "
         "Wilson's (`method=\"wilson\"`)."),
        (scipy_ci("wilsoncc"),
         "That is Wilson's interval *with a continuity correction* (`wilsoncc`). This task asks "
         "for the plain one (`method=\"wilson\"`)."),
        ((low + wilson_half, wilson_half),
         "That looks like (centre, half-width). Return the two ends: (low, high)."),
    ]


def _as_interval(value: Any) -> tuple[float, float]:
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise WrongAnswer(
            f"`slice_interval` should return two numbers (low, high); got {type(value).__name__}."
        )
    parts = list(np.asarray(value, dtype=object).ravel()) if isinstance(value, np.ndarray) else list(value)
    if len(parts) != 2:
        raise WrongAnswer(
            f"`slice_interval` should return two numbers (low, high); got {len(parts)} values."
        )
    return _as_number(parts[0], "The interval's low end"), _as_number(parts[1], "Its high end")


@register(
    "T4.2",
    module=MODULE,
    title="A slice's accuracy with its 95% interval",
    function="slice_interval",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=10,
    difficulty="easy",
    hints=(
        "The textbook interval p ± 1.96·√(p(1−p)/n) breaks on small slices: at 0 of 7 or 7 of 7 "
        "it has zero width, as if 7 rows made you certain. Wilson's interval does not.",
        "With p = correct / n and z = 1.96: centre = (p + z²/2n) / (1 + z²/n), half-width = "
        "z · √(p(1−p)/n + z²/4n²) / (1 + z²/n). Return (centre − half, centre + half).",
        "Or let scipy do it: `from scipy.stats import binomtest`, then "
        "`ci = binomtest(correct, n).proportion_ci(method=\"wilson\")` and "
        "`return float(ci.low), float(ci.high)`.",
    ),
    timeout_s=20.0,
)
def check_slice_interval(candidate: Any) -> str:
    for correct, n, description in interval_cases():
        got = _as_interval(call_candidate(candidate, correct, n))
        expected = wilson_reference(correct, n)
        if all(_close(g, e, INTERVAL_TOLERANCE) for g, e in zip(got, expected, strict=True)):
            continue
        for value, text in _interval_mistakes(correct, n):
            if all(_close(g, v, INTERVAL_TOLERANCE / 10) for g, v in zip(got, value, strict=True)):
                raise WrongAnswer(f"{text} (case: {description})")
        raise WrongAnswer(_describe_interval(got, expected, description))
    return (
        "Right on all five slices — including 0 of 7 and 7 of 7, where the textbook interval "
        "claims certainty, and a large slice whose interval is narrow."
    )


def _describe_interval(got: tuple[float, float], expected: tuple[float, float], case: str) -> str:
    low, high = got
    if low > high:
        return f"Your low end ({low:.3f}) is above your high end ({high:.3f}). (case: {case})"
    if low < 0 or high > 1:
        return (
            f"Your interval ({low:.3f}, {high:.3f}) leaves [0, 1]; an accuracy cannot. "
            f"(case: {case})"
        )
    wider = (high - low) > (expected[1] - expected[0])
    return (
        f"Expected Wilson's 95% interval; yours, ({low:.3f}, {high:.3f}), is "
        f"{'wider' if wider else 'narrower'} than it and does not match. (case: {case})"
    )

