"""Module 3's inline try-its (T3.1–T3.2), proven three ways: the reference solution
passes, the stub in the core notebook is not attempted, and plausible wrong answers
fail with feedback that names the mistake. Correct answers written differently pass.

The wrong answers are the ones a learner writes on the way to the right one: the
test set's own majority, the training share, a count or a percentage, a uniform
guess; "twice the rows, twice the time", a straight line through the timings, a
logarithm left unconverted, the exponent instead of the time."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier

from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

FUNCTIONS = {"T3.1": "majority_baseline", "T3.2": "estimate_fit_seconds"}
SOLUTIONS = notebook_functions("exercises/solutions/03_try_it.py", *FUNCTIONS.values())


# ---------------------------------------------------------------- T3.1 majority_baseline
def majority_of_the_test_set(y_train, y_test):
    return float((y_test == y_test.value_counts().idxmax()).mean())


def share_in_training(y_train, y_test):
    return float(y_train.value_counts(normalize=True).max())


def as_a_percentage(y_train, y_test):
    return 100 * float((y_test == y_train.value_counts().idxmax()).mean())


def as_a_count(y_train, y_test):
    return int((y_test == y_train.value_counts().idxmax()).sum())


def uniform_guess(y_train, y_test):
    return 1 / y_train.nunique()


def the_label_itself(y_train, y_test):
    return y_train.value_counts().idxmax()


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (majority_of_the_test_set, ["the test set's own most common label", "training labels"]),
        (share_in_training, ["share of 'water' in the *training* labels"]),
        (as_a_percentage, ["looks like a percentage"]),
        (as_a_count, ["is a count of rows"]),
        (uniform_guess, ["1 / (number of classes)"]),
        (the_label_itself, ["should be one number", "str"]),
    ],
)
def test_majority_baseline_wrong_answers(candidate, fragments) -> None:
    assert_fails("T3.1", candidate, *fragments)


def with_a_dummy_classifier(y_train, y_test):
    """A different valid answer: scikit-learn's majority model, fitted and scored."""
    features = np.zeros((len(y_train), 1))
    model = DummyClassifier(strategy="most_frequent").fit(features, y_train)
    return model.score(np.zeros((len(y_test), 1)), y_test)


def with_a_counter(y_train, y_test):
    """Another: plain Python, no pandas."""
    label = Counter(list(y_train)).most_common(1)[0][0]
    return sum(value == label for value in y_test) / len(y_test)


@pytest.mark.parametrize("candidate", [with_a_dummy_classifier, with_a_counter])
def test_majority_baseline_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T3.1", candidate)


# ---------------------------------------------------------------- T3.2 estimate_fit_seconds
def proportional_to_rows(n_rows, seconds, n_target):
    return seconds[-1] * n_target / n_rows[-1]


def straight_line(n_rows, seconds, n_target):
    return float(np.polyval(np.polyfit(n_rows, seconds, 1), n_target))


def logarithm_left_as_is(n_rows, seconds, n_target):
    b, log_a = np.polyfit(np.log(n_rows), np.log(seconds), 1)
    return float(log_a + b * np.log(n_target))


def the_exponent(n_rows, seconds, n_target):
    return float(np.polyfit(np.log(n_rows), np.log(seconds), 1)[0])


def in_minutes(n_rows, seconds, n_target):
    return SOLUTIONS.estimate_fit_seconds(n_rows, seconds, n_target) / 60


def the_largest_timing(n_rows, seconds, n_target):
    return max(seconds)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (proportional_to_rows, ["assumes time grows in proportion to the rows", "too small"]),
        (straight_line, ["straight line", "doubling the rows multiplied the time by 3.9"]),
        (logarithm_left_as_is, ["looks like a logarithm"]),
        (the_exponent, ["looks like the growth exponent"]),
        (in_minutes, ["return seconds"]),
        (the_largest_timing, ["no more than a fit you already timed"]),
    ],
)
def test_estimate_fit_seconds_wrong_answers(candidate, fragments) -> None:
    assert_fails("T3.2", candidate, *fragments)


def from_the_last_two_timings(n_rows, seconds, n_target):
    """A different valid answer: the growth rate of the last doubling, applied onwards."""
    b = np.log(seconds[-1] / seconds[-2]) / np.log(n_rows[-1] / n_rows[-2])
    return seconds[-1] * (n_target / n_rows[-1]) ** b


def with_log10_and_pandas(n_rows, seconds, n_target):
    """Another: base-10 logs, a pandas frame, the slope from covariance."""
    logs = pd.DataFrame({"n": np.log10(n_rows), "s": np.log10(seconds)})
    b = logs["n"].cov(logs["s"]) / logs["n"].var()
    intercept = logs["s"].mean() - b * logs["n"].mean()
    return 10 ** (intercept + b * np.log10(n_target))


@pytest.mark.parametrize("candidate", [from_the_last_two_timings, with_log10_and_pandas])
def test_estimate_fit_seconds_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T3.2", candidate)
