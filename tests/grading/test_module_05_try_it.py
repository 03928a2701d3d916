"""Module 5's inline try-its (T5.1–T5.2), proven three ways: the reference solution
passes, the stub in the core notebook is not attempted (both in test_every_check.py),
and plausible wrong answers fail with feedback that names the mistake. Correct answers
written differently pass.

The wrong answers are the ones a learner writes on the way to the right one: seconds
left as seconds (or turned into microseconds), 0.5 handed to `np.percentile`, the mean
for the median, the maximum for p99, a nearest-rank pick, an index into the unsorted
calls or into a Series' labels, rounded or formatted numbers; unlabelled rows counted
as wrong, `dropna()` on the whole frame, 0 for a window with no labels, the error rate,
a count, a percentage, the mean confidence. Plus what a grader must survive: an answer
that sorts or edits its input in place, one that returns text or a bool, one that only
knows the notebook's visible example."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pandas as pd
import pytest

from pokemon_ml.grading.checks.m05_try_it import (
    accuracy_cases,
    accuracy_reference,
    latency_cases,
    latency_reference,
)
from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

FUNCTIONS = {"T5.1": "latency_summary", "T5.2": "window_accuracy"}
SOLUTIONS = notebook_functions("exercises/solutions/05_try_it.py", *FUNCTIONS.values())


def test_the_cases_are_the_traps_they_claim() -> None:
    """The grader's inputs really are unsorted, tied, tailed, shuffled; and labelled a third."""
    steady, tail, series, single = (case for case, _ in latency_cases())
    assert steady != sorted(steady) and len(set(steady)) < len(steady)
    assert latency_reference(tail)["p99"] < 0.5 * 1_000 * float(np.max(tail))
    assert not series.index.equals(pd.RangeIndex(len(series)))
    assert latency_reference(single) == {"p50": 4.2, "p95": 4.2, "p99": 4.2}
    third, strings, unlabelled, every = (case for case, _ in accuracy_cases())
    assert 0.2 < third["label"].notna().mean() < 0.4 and third["secondary_type"].isna().any()
    assert str(strings["label"].dtype) == "string" and strings["label"].isna().any()
    assert math.isnan(accuracy_reference(unlabelled)) and every["label"].notna().all()


# ---------------------------------------------------------------- T5.1 latency_summary
def _summary(values) -> dict[str, float]:
    return {"p50": values[0], "p95": values[1], "p99": values[2]}


def left_in_seconds(latencies_s):
    return _summary(np.percentile(np.asarray(latencies_s, dtype=float), [50, 95, 99]))


def in_microseconds(latencies_s):
    return _summary(np.percentile(np.asarray(latencies_s, dtype=float) * 1e6, [50, 95, 99]))


def fractions_to_percentile(latencies_s):
    return _summary(np.percentile(np.asarray(latencies_s, dtype=float) * 1e3, [0.5, 0.95, 0.99]))


def mean_for_the_median(latencies_s):
    ms = np.asarray(latencies_s, dtype=float) * 1e3
    return {"p50": ms.mean(), "p95": np.percentile(ms, 95), "p99": np.percentile(ms, 99)}


def maximum_for_p99(latencies_s):
    ms = np.asarray(latencies_s, dtype=float) * 1e3
    return {"p50": np.median(ms), "p95": np.percentile(ms, 95), "p99": ms.max()}


def index_unsorted(latencies_s):
    ms = [1e3 * v for v in list(latencies_s)]
    return _summary([ms[int(q * (len(ms) - 1))] for q in (0.5, 0.95, 0.99)])


def nearest_rank(latencies_s):
    ms = sorted(1e3 * v for v in list(latencies_s))
    return _summary([ms[min(int(q * len(ms)), len(ms) - 1)] for q in (0.5, 0.95, 0.99)])


def series_label_lookup(latencies_s):
    """Sorted with pandas, then `[k]`: a label on a Series with a shuffled index."""
    ordered = pd.Series(latencies_s).sort_values() * 1e3
    return _summary([ordered[int(q * (len(ordered) - 1))] for q in (0.5, 0.95, 0.99)])


def rounded_for_display(latencies_s):
    return {k: round(v, 2) for k, v in SOLUTIONS.latency_summary(latencies_s).items()}


def formatted_as_text(latencies_s):
    return {k: f"{v:.2f} ms" for k, v in SOLUTIONS.latency_summary(latencies_s).items()}


def a_tuple(latencies_s):
    return tuple(SOLUTIONS.latency_summary(latencies_s).values())


def other_keys(latencies_s):
    return {f"{k}_ms": v for k, v in SOLUTIONS.latency_summary(latencies_s).items()}


def sorts_in_place(latencies_s):
    latencies_s.sort()  # a list has .sort(): it reorders the caller's list
    return SOLUTIONS.latency_summary(latencies_s)


def the_visible_example(latencies_s):
    """Only knows the notebook's example: right there, wrong anywhere else."""
    return {"p50": 1.6, "p95": 2.78, "p99": 14.4}


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (left_in_seconds, ["1,000× too small", "still in seconds"]),
        (in_microseconds, ["1,000× too large", "microseconds"]),
        (fractions_to_percentile, ["You passed a fraction", "0.5th percentile"]),
        (mean_for_the_median, ["Your p50 is the *mean*"]),
        (maximum_for_p99, ["Your p99 is the slowest call"]),
        (index_unsorted, ["in the order they came", "not sorted"]),
        (nearest_rank, ["nearest-rank", "interpolates"]),
        (series_label_lookup, ["in the order they came", "`[k]` looks up a label"]),
        (rounded_for_display, ["rounded to 2 decimal(s)"]),
        (formatted_as_text, ["should be a number", "str", "Format numbers when you display"]),
        (a_tuple, ["should return a dict", "tuple"]),
        (other_keys, ["exactly 'p50', 'p95' and 'p99'", "'p50_ms'"]),
        (sorts_in_place, ["changed the data it was given"]),
        (the_visible_example, ["differ from `np.percentile`"]),
    ],
)
def test_latency_summary_wrong_answers(candidate, fragments) -> None:
    assert_fails("T5.1", candidate, *fragments)


def with_quantile_and_pandas(latencies_s):
    """A different valid answer: fractions with quantile, a pandas Series of ms."""
    ms = pd.Series(list(latencies_s), dtype=float) * 1_000
    return ms.quantile([0.5, 0.95, 0.99]).set_axis(["p50", "p95", "p99"])


def by_hand(latencies_s):
    """Another: plain Python, sorted, linear interpolation between the two nearest ranks."""
    ms = sorted(float(v) * 1_000 for v in list(latencies_s))

    def percentile(q):
        position = q / 100 * (len(ms) - 1)
        low = math.floor(position)
        high = min(low + 1, len(ms) - 1)
        return ms[low] + (ms[high] - ms[low]) * (position - low)

    return {"p50": percentile(50), "p95": percentile(95), "p99": percentile(99)}


def with_statistics_module(latencies_s):
    """Another: `statistics.quantiles(method="inclusive")` is numpy's linear rule."""
    ms = [float(v) * 1_000 for v in list(latencies_s)]
    if len(ms) == 1:
        return dict.fromkeys(("p50", "p95", "p99"), ms[0])
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


@pytest.mark.parametrize("candidate", [with_quantile_and_pandas, by_hand, with_statistics_module])
def test_latency_summary_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T5.1", candidate)


# ---------------------------------------------------------------- T5.2 window_accuracy
def unlabelled_count_as_wrong(logs):
    return float((logs["prediction"] == logs["label"]).fillna(False).mean())


def dropna_on_the_whole_frame(logs):
    rows = logs.dropna()
    return float((rows["prediction"] == rows["label"]).mean()) if len(rows) else float("nan")


def zero_when_unlabelled(logs):
    labelled = logs[logs["label"].notna()]
    return float((labelled["prediction"] == labelled["label"]).mean()) if len(labelled) else 0.0


def error_rate(logs):
    return 1 - SOLUTIONS.window_accuracy(logs)


def count_right(logs):
    labelled = logs[logs["label"].notna()]
    return int((labelled["prediction"] == labelled["label"]).sum())


def as_a_percentage(logs):
    return 100 * SOLUTIONS.window_accuracy(logs)


def mean_confidence(logs):
    return float(logs["confidence"].mean())


def drops_in_place(logs):
    logs.dropna(subset=["label"], inplace=True)
    return float((logs["prediction"] == logs["label"]).mean()) if len(logs) else float("nan")


def adds_a_column(logs):
    logs["correct"] = logs["prediction"] == logs["label"]
    return SOLUTIONS.window_accuracy(logs)


def as_text(logs):
    return f"{SOLUTIONS.window_accuracy(logs):.1%}"


def a_bool(logs):
    return SOLUTIONS.window_accuracy(logs) > 0.5


def the_visible_example(logs):
    return 0.7684


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (unlabelled_count_as_wrong, ["You divided by all 120 rows", "*unknown*, not wrong"]),
        (dropna_on_the_whole_frame, ["`dropna()` on the whole frame", "secondary_type"]),
        (zero_when_unlabelled, ["none labelled yet", "A 0 reads as *always wrong*", "nan"]),
        (error_rate, ["the error rate"]),
        (count_right, ["a count of right predictions"]),
        (as_a_percentage, ["looks like a percentage"]),
        (mean_confidence, ["the mean *confidence*"]),
        (drops_in_place, ["changed the data it was given"]),
        (adds_a_column, ["changed the data it was given"]),
        (as_text, ["should be a number", "str"]),
        (a_bool, ["should be a number", "bool"]),
        (the_visible_example, ["Expected the share of labelled rows"]),
    ],
)
def test_window_accuracy_wrong_answers(candidate, fragments) -> None:
    assert_fails("T5.2", candidate, *fragments)


def with_count_and_numpy(logs):
    """A different valid answer: numpy masks; `None` when nothing is labelled."""
    label = logs["label"].to_numpy(dtype=object)
    known = ~pd.isna(label)
    if not known.any():
        return None
    return (label[known] == logs["prediction"].to_numpy(dtype=object)[known]).sum() / known.sum()


def with_dropna_subset(logs):
    """Another: dropna on the label only, a pandas mean that may be <NA>/NaN when empty."""
    labelled = logs.dropna(subset=["label"])
    return (labelled["prediction"] == labelled["label"]).astype(float).mean()


@pytest.mark.parametrize("candidate", [with_count_and_numpy, with_dropna_subset])
def test_window_accuracy_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T5.2", candidate)


def wrong_only_on_string_labels(logs):
    """Right on None labels, but counts <NA> rows as wrong: caught on the string case."""
    if str(logs["label"].dtype) == "string":
        return float((logs["prediction"] == logs["label"]).fillna(False).mean())
    return SOLUTIONS.window_accuracy(logs)


def test_window_accuracy_names_the_mistake_on_string_labels() -> None:
    assert_fails("T5.2", wrong_only_on_string_labels, "You divided by all 80 rows", "string column")
