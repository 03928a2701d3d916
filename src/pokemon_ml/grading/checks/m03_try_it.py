"""Checks for Module 3's inline "try it" tasks (T3.1–T3.2), in ``03_model_training.py``.

* T3.1 ``majority_baseline`` — the floor every model is read against: the most
  common label *of the training rows*, scored on the test rows. The cases are built
  so that the training and test majorities differ, and every known slip (the test
  set's majority, the training share, a count, a percentage, a uniform guess) gives
  a different number.
* T3.2 ``estimate_fit_seconds`` — extrapolate a training time from fits on growing
  subsets. Timings follow ``a · n^b`` with a little noise; an answer that assumes
  time grows in proportion to rows is right only when b = 1, so one case has b = 2.

The learner's code only runs through ``call_candidate``; every expected value is
computed here.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.registry import register

__all__ = ["check_estimate_fit_seconds", "check_majority_baseline"]

MODULE = 3
NOTEBOOK = "03_model_training.py"
SOLUTION = "exercises/solutions/03_try_it.py"
ESTIMATE_TOLERANCE = 0.3  # T3.2: within ±30% of the true time (the noise alone moves it ≈10%)
LOG_TOLERANCE = 0.3  # T3.2: a logarithm within ±0.3 of the true time's (a factor ≈1.35)
TIMING_NOISE = 0.02  # T3.2: each timing off by up to ±2%, as real timings are


# ---------------------------------------------------------------- T3.1 majority_baseline
def _labels(counts: dict[Any, int], seed: int) -> pd.Series:
    values = [label for label, count in counts.items() for _ in range(count)]
    return pd.Series(np.random.default_rng(seed).permutation(np.array(values, dtype=object)))


def majority_cases() -> list[tuple[pd.Series, pd.Series, str]]:
    """(y_train, y_test, description): the training and test majorities always differ."""
    types = (
        _labels({"water": 50, "fire": 30, "rock": 20}, seed=1),
        _labels({"water": 8, "fire": 14, "rock": 18}, seed=2),
        "primary types",
    )
    legendary = (
        _labels({False: 90, True: 10}, seed=3).astype(bool),
        _labels({False: 12, True: 13}, seed=4).astype(bool),
        "`is_legendary` (True/False)",
    )
    return [types, legendary]


def _as_number(value: Any, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        raise WrongAnswer(
            f"{what} should be one number; got {type(value).__name__} ({value!r:.60})."
        )
    return float(value)


def _diagnose_majority(got: float, y_train: pd.Series, y_test: pd.Series) -> str:
    train_label = y_train.value_counts().idxmax()
    test_label = y_test.value_counts().idxmax()
    expected = float((y_test == train_label).mean())

    def close(value: float) -> bool:
        return math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-9)

    if close(float((y_test == test_label).mean())):
        return (
            f"You scored the test set's own most common label ({test_label!r}). The baseline "
            "must be chosen from the training labels, like any model: it never sees y_test "
            "until it is scored."
        )
    if close(float((y_train == train_label).mean())):
        return (
            f"{got:.3f} is the share of {train_label!r} in the *training* labels. The baseline's "
            "accuracy is measured on the test labels: how often is the training majority right there?"
        )
    if close(100 * expected):
        return f"{got:g} looks like a percentage. Return accuracy as a fraction between 0 and 1."
    if close(float((y_test == train_label).sum())):
        return f"{got:g} is a count of rows. Return a share of the test rows (between 0 and 1)."
    if close(1 / y_train.nunique()):
        return (
            f"{got:.3f} is 1 / (number of classes): a uniform guess. The majority baseline always "
            "answers the most common training label, and classes are rarely equally common."
        )
    return f"Expected the majority baseline's accuracy on the test labels; got {got:.3f}."


@register(
    "T3.1",
    module=MODULE,
    title="The majority-class baseline",
    function="majority_baseline",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=5,
    difficulty="easy",
    hints=(
        "The baseline is a model: it learns one thing from the training labels (their most "
        "common value) and is then scored on the test labels.",
        "`y_train.value_counts().idxmax()` is the most common training label.",
        "Accuracy is the share of test rows where that label is right: "
        "`(y_test == label).mean()`, returned as a float between 0 and 1.",
    ),
    timeout_s=20.0,
)
def check_majority_baseline(candidate: Any) -> str:
    for y_train, y_test, description in majority_cases():
        got = _as_number(call_candidate(candidate, y_train, y_test), "`majority_baseline`")
        label = y_train.value_counts().idxmax()
        expected = float((y_test == label).mean())
        if not math.isclose(got, expected, abs_tol=1e-9):
            raise WrongAnswer(_diagnose_majority(got, y_train, y_test) + f" (case: {description})")
    return (
        "Right on both cases: the most common *training* label, scored on the test labels — "
        "even where the test set's own majority is another label."
    )


# ---------------------------------------------------------------- T3.2 estimate_fit_seconds
def timing_cases() -> list[tuple[list[int], list[float], int, float, float]]:
    """(n_rows, seconds, n_target, true seconds at n_target, exponent b)."""
    rng = np.random.default_rng(3)
    sizes = [250, 500, 1_000, 2_000, 4_000]
    cases = []
    for a, b, n_target in ((5e-3, 1.0, 40_000), (4e-8, 2.0, 40_000), (1e-3, 1.4, 100_000)):
        noise = rng.uniform(1 - TIMING_NOISE, 1 + TIMING_NOISE, len(sizes))
        seconds = [round(a * n**b * e, 6) for n, e in zip(sizes, noise, strict=True)]
        cases.append((sizes, seconds, n_target, a * n_target**b, b))
    return cases


def _diagnose_estimate(
    got: float, n_rows: list[int], seconds: list[float], n_target: int, true: float, b: float
) -> str:
    growth = seconds[-1] / seconds[-2]
    proportional = seconds[-1] * n_target / n_rows[-1]
    line = np.polyval(np.polyfit(n_rows, seconds, 1), n_target)
    ratio = got / true if true else math.inf
    where = (
        f"Fits took {seconds[-2]:.3g} s on {n_rows[-2]:,} rows and {seconds[-1]:.3g} s on "
        f"{n_rows[-1]:,}: doubling the rows multiplied the time by {growth:.1f}."
    )
    if math.isclose(got, b, rel_tol=0.2) and abs(ratio - 1) > ESTIMATE_TOLERANCE:
        return f"{got:.3g} looks like the growth exponent. Return the estimated *seconds* for {n_target:,} rows."
    if got > 0 and any(abs(got - log(true)) < LOG_TOLERANCE for log in (math.log, math.log10)):
        return (
            f"{got:.3g} looks like a logarithm of the time. Fit in log space, then turn the "
            "answer back into seconds."
        )
    if math.isclose(ratio, 1 / 60, rel_tol=0.3) or math.isclose(ratio, 1_000, rel_tol=0.3):
        return f"Your estimate is off by a unit ({got:.3g}): return seconds."
    if b != 1 and (
        math.isclose(got, proportional, rel_tol=0.1) or math.isclose(got, line, rel_tol=0.1)
    ):
        return (
            f"{where} Your estimate for {n_target:,} rows ({got:,.0f} s) assumes time grows in "
            f"proportion to the rows (or along a straight line), so it is {1 / ratio:.0f}× too "
            "small here. Measure how fast time grows from the timings themselves."
        )
    if got <= seconds[-1]:
        return (
            f"Your estimate ({got:.3g} s) is no more than a fit you already timed on fewer rows "
            f"({seconds[-1]:.3g} s on {n_rows[-1]:,})."
        )
    return (
        f"{where} Your estimate for {n_target:,} rows is {got:,.3g} s, {ratio:.2g}× what these "
        "timings imply. Use every timing, not one, to find how time grows with rows."
    )


@register(
    "T3.2",
    module=MODULE,
    title="Estimate the training time before you start",
    function="estimate_fit_seconds",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=10,
    difficulty="easy",
    hints=(
        "Do not assume time grows in proportion to rows. Look at the timings: if doubling "
        "the rows multiplies the time by 4, time grows like n².",
        "`seconds ≈ a · n^b` is a straight line on log–log axes: "
        "log(seconds) = log(a) + b · log(n). Fit that line to all the timings.",
        "`b, log_a = np.polyfit(np.log(n_rows), np.log(seconds), 1)`, then "
        "`return float(np.exp(log_a) * n_target ** b)`.",
    ),
    timeout_s=20.0,
)
def check_estimate_fit_seconds(candidate: Any) -> str:
    for n_rows, seconds, n_target, true, b in timing_cases():
        got = _as_number(
            call_candidate(candidate, list(n_rows), list(seconds), n_target),
            "`estimate_fit_seconds`",
        )
        if not math.isfinite(got) or abs(got / true - 1) > ESTIMATE_TOLERANCE:
            if not math.isfinite(got):
                raise WrongAnswer(f"Your estimate is {got}: return a finite number of seconds.")
            raise WrongAnswer(_diagnose_estimate(got, n_rows, seconds, n_target, true, b))
    return (
        "Within 30% on all three sets of timings — including one where time grows like n², "
        "where assuming 'twice the rows, twice the time' is ten times too optimistic."
    )
