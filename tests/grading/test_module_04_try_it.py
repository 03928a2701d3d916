"""Module 4's inline try-its (T4.1–T4.2), proven three ways: the reference solution
passes, the stub in the core notebook is not attempted (both in test_every_check.py),
and plausible wrong answers fail with feedback that names the mistake. Correct answers
written differently pass.

The wrong answers are the ones a learner writes on the way to the right one: `>` for
`>=`, precision or accuracy for recall, the negative class's recall, the miss rate, a
fixed 0.5, a count or a percentage; the textbook (Wald) interval, an interval centred
on the accuracy, z = 1.645, 1 or 2, the exact or continuity-corrected interval, the
ends swapped, percentages, (centre, half-width). Plus what a grader must survive: an
answer that edits its input, one that returns text or a bool, one that only knows the
notebook's visible example."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import binomtest
from sklearn.metrics import confusion_matrix, recall_score

from pokemon_ml.grading.checks.m04_try_it import recall_cases, recall_reference, wilson_reference
from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

FUNCTIONS = {"T4.1": "recall_at", "T4.2": "slice_interval"}
SOLUTIONS = notebook_functions("exercises/solutions/04_try_it.py", *FUNCTIONS.values())
Z = 1.959963984540054


# ---------------------------------------------------------------- T4.1 recall_at
def _counts(y, proba, threshold, strict=False):
    truth = np.asarray(y).astype(bool)
    p = np.asarray(proba, dtype=float)
    called = p > threshold if strict else p >= threshold
    return truth, called


def strictly_above(y, proba, threshold):
    truth, called = _counts(y, proba, threshold, strict=True)
    return float((truth & called).sum() / truth.sum())


def precision_instead(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return float((truth & called).sum() / called.sum())


def accuracy_instead(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return float((truth == called).mean())


def recall_of_the_negatives(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return float((~truth & ~called).sum() / (~truth).sum())


def below_the_threshold(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return float((truth & ~called).sum() / truth.sum())


def fixed_half(y, proba, threshold):
    return SOLUTIONS.recall_at(y, proba, 0.5)


def a_count(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return int((truth & called).sum())


def a_percentage(y, proba, threshold):
    return 100 * SOLUTIONS.recall_at(y, proba, threshold)


def over_all_rows(y, proba, threshold):
    truth, called = _counts(y, proba, threshold)
    return float((truth & called).sum() / len(truth))


def as_text(y, proba, threshold):
    return f"{SOLUTIONS.recall_at(y, proba, threshold):.3f}"


def as_a_bool(y, proba, threshold):
    return SOLUTIONS.recall_at(y, proba, threshold) > 0.5


def sorts_its_input(y, proba, threshold):
    proba.sort() if isinstance(proba, np.ndarray) else None
    return SOLUTIONS.recall_at(y, proba, threshold)


def the_notebooks_example(y, proba, threshold):
    """Hard-codes what the notebook's visible example printed."""
    return 0.4


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (strictly_above, ["only *above* the threshold", "2 of the positives sit exactly at 0.3", ">="]),
        (precision_instead, ["*precision*"]),
        (accuracy_instead, ["*accuracy*"]),
        (recall_of_the_negatives, ["recall of the *negative* class"]),
        (below_the_threshold, ["*miss rate*"]),
        (fixed_half, ["recall at 0.5", "the threshold here is 0.3"]),
        (a_count, ["a count of rows"]),
        (a_percentage, ["looks like a percentage"]),
        (over_all_rows, ["divided by all rows"]),
        (as_text, ["should be one number", "str"]),
        (as_a_bool, ["should be one number", "bool"]),
        (sorts_its_input, ["changed the data it was given (argument 2)"]),
        (the_notebooks_example, ["Expected the share of the 8 positives", "got 0.4"]),
    ],
)
def test_recall_at_wrong_answers(candidate, fragments) -> None:
    assert_fails("T4.1", candidate, *fragments)


def with_scikit_learn(y, proba, threshold):
    """A different valid answer: scikit-learn's recall of the thresholded predictions."""
    return recall_score(np.asarray(y).astype(int), (np.asarray(proba) >= threshold).astype(int))


def with_a_loop(y, proba, threshold):
    """Another: plain Python over pairs (works for lists, arrays and Series alike)."""
    pairs = [(bool(label), p >= threshold) for label, p in zip(y, proba, strict=True)]
    positives = [called for label, called in pairs if label]
    return sum(positives) / len(positives)


def from_a_confusion_matrix(y, proba, threshold):
    """Another: the confusion matrix's bottom row."""
    tn, fp, fn, tp = confusion_matrix(
        np.asarray(y).astype(bool), np.asarray(proba) >= threshold, labels=[False, True]
    ).ravel()
    return tp / (tp + fn)


@pytest.mark.parametrize("candidate", [with_scikit_learn, with_a_loop, from_a_confusion_matrix])
def test_recall_at_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T4.1", candidate)


def test_recall_cases_have_ties_on_their_thresholds() -> None:
    for y, proba, threshold, _ in recall_cases():
        truth = np.asarray(y).astype(bool)
        on_it = np.asarray(proba, dtype=float) == threshold
        assert (on_it & truth).any(), threshold
        assert recall_reference(y, proba, threshold) == pytest.approx(
            recall_score(truth, np.asarray(proba) >= threshold)
        )


# ---------------------------------------------------------------- T4.2 slice_interval
def _wilson(correct, n, z=Z):
    p = correct / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def wald(correct, n):
    p = correct / n
    half = Z * math.sqrt(p * (1 - p) / n)
    return p - half, p + half


def wald_clipped(correct, n):
    low, high = wald(correct, n)
    return max(0.0, low), min(1.0, high)


def centred_on_the_accuracy(correct, n):
    low, high = _wilson(correct, n)
    p = correct / n
    return p - (high - low) / 2, p + (high - low) / 2


def ninety_percent(correct, n):
    return _wilson(correct, n, 1.6448536269514722)


def one_standard_error(correct, n):
    return _wilson(correct, n, 1.0)


def z_of_two(correct, n):
    return _wilson(correct, n, 2.0)


def clopper_pearson(correct, n):
    return tuple(binomtest(int(correct), int(n)).proportion_ci(method="exact"))


def continuity_corrected(correct, n):
    return tuple(binomtest(int(correct), int(n)).proportion_ci(method="wilsoncc"))


def swapped(correct, n):
    low, high = _wilson(correct, n)
    return high, low


def in_percent(correct, n):
    low, high = _wilson(correct, n)
    return 100 * low, 100 * high


def centre_and_half(correct, n):
    low, high = _wilson(correct, n)
    return (low + high) / 2, (high - low) / 2


def only_the_accuracy(correct, n):
    return correct / n


def three_numbers(correct, n):
    low, high = _wilson(correct, n)
    return low, correct / n, high


def as_strings(correct, n):
    low, high = _wilson(correct, n)
    return f"{low:.3f}", f"{high:.3f}"


def the_twelve_row_example(correct, n):
    """Hard-codes the interval the notebook shows for 9 right of 12."""
    return 0.468, 0.911


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (wald, ["normal approximation", "(0, 0): zero width, as if 7 rows made you certain"]),
        (wald_clipped, ["normal approximation", "zero width"]),
        (centred_on_the_accuracy, ["centred on the accuracy (0.000)"]),
        (ninety_percent, ["90% interval"]),
        (one_standard_error, ["±1 standard error"]),
        (z_of_two, ["you used z = 2"]),
        (clopper_pearson, ["exact (Clopper–Pearson)"]),
        (continuity_corrected, ["continuity correction"]),
        (swapped, ["ends are swapped"]),
        (in_percent, ["look like percentages"]),
        (centre_and_half, ["(centre, half-width)"]),
        (only_the_accuracy, ["two numbers (low, high)", "float"]),
        (three_numbers, ["got 3 values"]),
        (as_strings, ["low end should be one number", "str"]),
        (the_twelve_row_example, ["Expected Wilson's 95% interval", "0 right of 7"]),
    ],
)
def test_slice_interval_wrong_answers(candidate, fragments) -> None:
    assert_fails("T4.2", candidate, *fragments)


def with_scipy(correct, n):
    """A different valid answer: scipy's own Wilson interval, returned as scipy gives it."""
    return binomtest(int(correct), int(n)).proportion_ci(method="wilson")


def with_z_rounded_and_numpy(correct, n):
    """Another: z = 1.96, numpy, a list, as the textbook writes it."""
    z, p = 1.96, correct / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return list(np.array([centre - half, centre + half]))


def by_inverting_the_score_test(correct, n):
    """Another: the quadratic the Wilson interval solves, (p̂ - π)² = z²·π(1-π)/n."""
    p, k = correct / n, Z**2 / n
    a, b, c = 1 + k, -(2 * p + k), p * p
    root = math.sqrt(b * b - 4 * a * c)
    return ((-b - root) / (2 * a), (-b + root) / (2 * a))


@pytest.mark.parametrize(
    "candidate", [with_scipy, with_z_rounded_and_numpy, by_inverting_the_score_test]
)
def test_slice_interval_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T4.2", candidate)


def test_the_reference_is_scipys_wilson_interval() -> None:
    assert wilson_reference(9, 12) == pytest.approx((0.4677, 0.9111), abs=1e-4)
    assert SOLUTIONS.slice_interval(9, 12) == pytest.approx(wilson_reference(9, 12))
    assert SOLUTIONS.slice_interval(0, 7)[0] == pytest.approx(0.0, abs=1e-12)
