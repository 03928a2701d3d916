"""Checks for Module 5's inline "try it" tasks (T5.1–T5.2), in ``05_inference_service.py``.

* T5.1 ``latency_summary`` — p50/p95/p99 in milliseconds of latencies timed in
  seconds, as ``np.percentile`` computes them. The cases come unsorted, as a list, an
  array and a Series whose index is shuffled (so ``series[k]`` is a label, not a
  position), with ties, one heavy tail and a single call; every known slip (seconds
  left as seconds, 0.5 for 50, the mean for the median, a nearest-rank pick, an
  index into the unsorted calls, the maximum for p99, rounding) is named.
* T5.2 ``window_accuracy`` — the accuracy of a window of prediction logs on the rows
  that have a label; NaN when none has. About a third of the rows are labelled and
  ``secondary_type`` is missing for single-type creatures, so counting unlabelled rows
  as wrong and ``dropna()`` on the whole frame both give their own, wrong, number.

The learner's code only runs through ``call_candidate``; every expected value is
computed here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.registry import register

__all__ = [
    "accuracy_cases",
    "accuracy_reference",
    "check_latency_summary",
    "check_window_accuracy",
    "latency_cases",
    "latency_reference",
]

MODULE = 5
NOTEBOOK = "05_inference_service.py"
SOLUTION = "exercises/solutions/05_try_it.py"
PERCENTILES = {"p50": 50, "p95": 95, "p99": 99}  # T5.1: the keys and the percents they mean
TYPES = ("fire", "water", "grass", "electric", "rock", "psychic")


def _as_number(value: Any, what: str) -> float:
    """``value`` as a float, or a ``WrongAnswer`` naming its type (never a numpy repr)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
        shown = f" ({value!r:.40})" if isinstance(value, str) else ""
        hint = " Format numbers when you display them, not in the data." if shown else ""
        raise WrongAnswer(f"{what} should be a number; got {type(value).__name__}{shown}.{hint}")
    return float(value)


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------- T5.1 latency_summary
def latency_cases() -> list[tuple[Any, str]]:
    """(latencies in seconds, description): unsorted, ties, a tail, a shuffled index, one call."""
    rng = np.random.default_rng(51)
    steady = [round(float(v), 6) for v in rng.uniform(0.0008, 0.0030, 37)]
    steady[5:9] = [0.0021] * 4  # ties
    tail = rng.lognormal(np.log(0.004), 0.5, 200)
    tail[rng.choice(200, 2, replace=False)] *= 25  # two very slow calls (1%): p99 ≠ max
    series_values = rng.uniform(0.010, 0.060, 41)
    labels = rng.permutation(41)  # positions and labels differ
    series = pd.Series(series_values, index=pd.Index(labels), name="latency_s")
    return [
        (steady, "37 calls in a list, unsorted, with ties"),
        (tail, "200 calls in an array, two of them 25× slower"),
        (series, "41 calls in a Series whose index is shuffled"),
        ([0.0042], "a single call"),
    ]


def latency_reference(latencies_s: Any) -> dict[str, float]:
    """The right answer: ``np.percentile`` (linear interpolation) of the milliseconds."""
    ms = np.asarray(latencies_s, dtype=float) * 1_000
    return {key: float(np.percentile(ms, q)) for key, q in PERCENTILES.items()}


def _latency_mistakes(latencies_s: Any) -> list[tuple[dict[str, float], str]]:
    seconds = np.asarray(latencies_s, dtype=float)
    ms = seconds * 1_000
    ordered = np.sort(ms)
    n = len(ms)
    right = latency_reference(latencies_s)

    def each(rule) -> dict[str, float]:
        return {key: float(rule(q)) for key, q in PERCENTILES.items()}

    def at(values: np.ndarray, index: float) -> float:
        return values[min(max(int(index), 0), n - 1)]

    return [
        ({k: v / 1_000 for k, v in right.items()},
         "Your numbers are 1,000× too small: they are still in seconds. The latencies are "
         "timed in seconds; the summary is in milliseconds (× 1,000)."),
        ({k: v * 1_000 for k, v in right.items()},
         "Your numbers are 1,000× too large: microseconds, not milliseconds (seconds × 1,000)."),
        (each(lambda q: np.percentile(ms, q / 100)),
         "You passed a fraction (0.5, 0.95, 0.99) to `np.percentile`, which takes percents "
         "(0–100): that is the 0.5th percentile, near the fastest call. Use 50, 95, 99 — or "
         "`np.quantile` with fractions."),
        ({"p50": float(ms.mean()), "p95": right["p95"], "p99": right["p99"]},
         "Your p50 is the *mean*. p50 is the median: half the calls are faster. A few slow "
         "calls pull the mean up; that is why latency is read as percentiles."),
        ({"p50": right["p50"], "p95": right["p95"], "p99": float(ms.max())},
         "Your p99 is the slowest call (the maximum). p99 is the time 99% of calls stay "
         "under; with a few very slow calls it is well below the maximum."),
        (each(lambda q: at(ms, q / 100 * n)),
         "You took one element by position from the latencies *in the order they came* — "
         "they are not sorted. Sort them first, or let `np.percentile` do it. (A pandas "
         "Series sorted with `sort_values()` keeps its labels, and `[k]` looks up a label.)"),
        (each(lambda q: at(ms, q / 100 * (n - 1))),
         "You took one element by position from the latencies *in the order they came* — "
         "they are not sorted. Sort them first, or let `np.percentile` do it. (A pandas "
         "Series sorted with `sort_values()` keeps its labels, and `[k]` looks up a label.)"),
    ] + [
        (each(lambda q, rule=rule: rule(q)),
         "Each of your percentiles is one of the latencies itself (a nearest-rank pick). "
         "`np.percentile` interpolates linearly between the two nearest ranks; this task "
         "asks for its numbers.")
        for rule in (
            lambda q: at(ordered, q / 100 * n),
            lambda q: at(ordered, q / 100 * (n - 1)),
            lambda q: at(ordered, math.ceil(q / 100 * n) - 1),
            lambda q: at(ordered, round(q / 100 * (n - 1))),
        )
    ] + [
        (each(lambda q, rule=rule: latencies_s.loc[rule(q)] * 1_000),
         "You indexed the Series with `[k]`, which looks up the *label* k, not the k-th "
         "position — and this Series' labels are shuffled. Work on a numpy array "
         "(`np.asarray(latencies_s)`) or use `.iloc`; and let `np.percentile` interpolate.")
        for rule in (
            lambda q: min(int(q / 100 * n), n - 1),
            lambda q: int(q / 100 * (n - 1)),
            lambda q: max(math.ceil(q / 100 * n) - 1, 0),
        )
        if isinstance(latencies_s, pd.Series) and set(range(n)) <= set(latencies_s.index)
    ] + [
        ({k: round(v, digits) for k, v in right.items()},
         f"Your numbers are rounded to {digits} decimal(s). Keep full precision in the data; "
         "round only where you display it (`f\"{p50:.2f} ms\"`).")
        for digits in range(4)
    ]


def _as_summary(value: Any) -> dict[str, float]:
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise WrongAnswer(
            "`latency_summary` should return a dict like {'p50': …, 'p95': …, 'p99': …}; "
            f"got {type(value).__name__}."
        )
    keys = {str(key) for key in value}
    if keys != set(PERCENTILES):
        shown = ", ".join(sorted(repr(key) for key in keys)) or "none"
        raise WrongAnswer(
            f"The dict's keys should be exactly 'p50', 'p95' and 'p99'; got {shown}."
        )
    return {str(key): _as_number(item, f"The value of {str(key)!r}") for key, item in value.items()}


@register(
    "T5.1",
    module=MODULE,
    title="Latency percentiles, in milliseconds",
    function="latency_summary",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=5,
    difficulty="easy",
    hints=(
        "Latency is read as percentiles: p50 is the median call, p99 the time 99% of calls "
        "stay under. The mean and the maximum are neither.",
        "The latencies come in seconds, in the order the calls happened. Turn them into a "
        "numpy array of milliseconds first: `ms = np.asarray(latencies_s, dtype=float) * 1000`.",
        "`np.percentile(ms, 50)` (percents, not fractions) — then return "
        "`{'p50': …, 'p95': …, 'p99': …}` as floats.",
    ),
    timeout_s=20.0,
)
def check_latency_summary(candidate: Any) -> str:
    for latencies_s, description in latency_cases():
        got = _as_summary(call_candidate(candidate, latencies_s))
        expected = latency_reference(latencies_s)
        if all(_close(got[key], expected[key]) for key in PERCENTILES):
            continue
        for values, text in _latency_mistakes(latencies_s):
            if all(_close(got[key], values[key]) for key in PERCENTILES):
                raise WrongAnswer(f"{text} (case: {description})")
        wrong = [key for key in PERCENTILES if not _close(got[key], expected[key])]
        raise WrongAnswer(
            f"{' and '.join(wrong)} differ from `np.percentile` of the latencies in milliseconds "
            f"(yours: {', '.join(f'{k} = {got[k]:.4g}' for k in wrong)}). (case: {description})"
        )
    return (
        "Right on all four cases — unsorted calls with ties, a heavy tail where p99 is far "
        "below the maximum, a Series with a shuffled index, and a single call."
    )


# ---------------------------------------------------------------- T5.2 window_accuracy
def _window(n_rows: int, labelled_share: float, seed: int, first_index: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    types = np.array(TYPES)
    truth = types[rng.integers(0, len(types), n_rows)]
    right = rng.random(n_rows) < 0.7
    prediction = np.where(right, truth, types[rng.integers(0, len(types), n_rows)])
    secondary = np.where(rng.random(n_rows) < 0.45, None, types[rng.integers(0, 6, n_rows)])
    label = np.where(rng.random(n_rows) < labelled_share, truth, None)
    start = pd.Timestamp("2025-06-02", tz="UTC")
    return pd.DataFrame(
        {
            "time": start + pd.to_timedelta(np.sort(rng.uniform(0, 86_400, n_rows)), unit="s"),
            "client": rng.choice(["mobile", "web", "partner_api"], n_rows),
            "latency_ms": np.round(rng.lognormal(np.log(0.5), 0.3, n_rows), 3),
            "hp": rng.integers(20, 200, n_rows),
            "secondary_type": secondary.astype(object),
            "prediction": prediction,
            "confidence": np.round(rng.uniform(0.3, 1.0, n_rows), 4),
            "label": label.astype(object),
        },
        index=pd.RangeIndex(first_index, first_index + n_rows),
    )


def accuracy_cases() -> list[tuple[pd.DataFrame, str]]:
    """(logs window, description): a third labelled, string labels with <NA>, none, all."""
    third = _window(120, 0.3, seed=52, first_index=4_000)
    strings = _window(80, 0.35, seed=53, first_index=0)
    strings["label"] = strings["label"].astype("string")  # missing labels are <NA>
    strings["prediction"] = strings["prediction"].astype("string")
    unlabelled = _window(25, 0.0, seed=54, first_index=9_000)
    every = _window(30, 1.0, seed=55, first_index=200)
    return [
        (third, "120 rows, about a third labelled, missing labels as None"),
        (strings, "80 rows, labels as a pandas string column with `<NA>`"),
        (unlabelled, "25 rows, none labelled yet"),
        (every, "30 rows, all labelled"),
    ]


def accuracy_reference(logs: pd.DataFrame) -> float:
    """The right answer: right predictions / labelled rows, NaN when none is labelled."""
    labelled = logs["label"].notna().to_numpy()
    if not labelled.any():
        return math.nan
    label = logs["label"].to_numpy(dtype=object)[labelled]
    prediction = logs["prediction"].to_numpy(dtype=object)[labelled]
    return float(np.mean(label == prediction))


def _accuracy_mistakes(logs: pd.DataFrame) -> list[tuple[float, str]]:
    labelled = logs["label"].notna().to_numpy()
    right = np.zeros(len(logs), dtype=bool)  # compared on labelled rows only: <NA> never compared
    predicted = logs["prediction"].to_numpy(dtype=object)[labelled]
    right[labelled] = predicted == logs["label"].to_numpy(dtype=object)[labelled]
    n_labelled, n_rows = int(labelled.sum()), len(logs)
    accuracy = accuracy_reference(logs)
    complete = logs.notna().all(axis=1).to_numpy()
    mistakes = [
        (right.sum() / n_rows,
         f"You divided by all {n_rows} rows, but only {n_labelled} have a label. A row without "
         "a label is *unknown*, not wrong: keep only the labelled rows (`logs['label'].notna()`)."),
        ((right & complete).sum() / complete.sum() if complete.any() else math.nan,
         "`dropna()` on the whole frame drops every row with *any* missing value — "
         "`secondary_type` is missing for every single-type creature, so you lost labelled rows "
         "too. Drop only the rows without a label (`dropna(subset=['label'])`)."),
        (1 - accuracy, "That is the error rate (1 − accuracy). Return the share of *right* "
                       "predictions."),
        (float(right.sum()), "That is a count of right predictions. Return a share of the "
                             "labelled rows, between 0 and 1."),
        (100 * accuracy, "That looks like a percentage. Return a fraction between 0 and 1."),
        (float(logs["confidence"].mean()),
         "That is the mean *confidence*: how sure the model was, not how often it was right. "
         "Compare `prediction` with `label`."),
    ]
    return [(float(value), text) for value, text in mistakes if not math.isnan(value)]


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (
        isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))
        and math.isnan(float(value))
    )


@register(
    "T5.2",
    module=MODULE,
    title="Accuracy on the rows that have a label",
    function="window_accuracy",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=5,
    difficulty="easy",
    hints=(
        "Only about a third of the rows have a `label` (the true type, reported later). A row "
        "without one is unknown, not wrong: it belongs in neither the numerator nor the "
        "denominator.",
        "Keep the labelled rows with `logs['label'].notna()` — not `logs.dropna()`, which also "
        "drops rows where another column (`secondary_type`) is missing. With no labelled row "
        "at all, the accuracy is unknown: return `float('nan')`.",
        "`labelled = logs[logs['label'].notna()]`; if it is empty return `float('nan')`; else "
        "`return float((labelled['prediction'] == labelled['label']).mean())`.",
    ),
    timeout_s=20.0,
)
def check_window_accuracy(candidate: Any) -> str:
    for logs, description in accuracy_cases():
        returned = call_candidate(candidate, logs)
        expected = accuracy_reference(logs)
        if math.isnan(expected):
            if _is_missing(returned):
                continue
            got = _as_number(returned, "`window_accuracy`")
            raise WrongAnswer(
                f"No row of this window has a label, so its accuracy is unknown — yet you "
                f"returned {got:g}. {'A 0 reads as *always wrong*. ' if got == 0 else ''}"
                f"Return `float('nan')` when there is nothing to score. (case: {description})"
            )
        if _is_missing(returned):
            raise WrongAnswer(
                f"You returned no number, but {int(logs['label'].notna().sum())} rows have a "
                f"label. (case: {description})"
            )
        got = _as_number(returned, "`window_accuracy`")
        if _close(got, expected):
            continue
        for value, text in _accuracy_mistakes(logs):
            if _close(got, value):
                raise WrongAnswer(f"{text} (case: {description})")
        raise WrongAnswer(
            "Expected the share of labelled rows whose `prediction` equals their `label`; got "
            f"{got:.4g}. (case: {description})"
        )
    return (
        "Right on all four windows — unlabelled rows left out (not counted as wrong), missing "
        "labels as None and as `<NA>`, and NaN for a window with nothing to score."
    )
