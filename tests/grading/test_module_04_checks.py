"""Module 4's checks, proven three ways: the reference solution passes, the untouched
stub is not attempted (both in ``test_every_check.py``), and plausible wrong answers
fail with feedback that names the mistake. Correct answers written differently pass.

The wrong answers are the ones a hurried learner writes (precision and recall
swapped, a fixed 0.5, one category for everything, a verdict typed as text) and the
ones a clever one writes (the package's own answer behind the learner's name, the
textbook threshold for calibrated probabilities, a card whose sentences quote
numbers nobody computed)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata
from sklearn.metrics import (
    accuracy_score,
    auc,
    average_precision_score,
    brier_score_loss,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)

from pokemon_ml.evaluation import VALID_RANGES, categorize, cost_by_threshold
from pokemon_ml.evaluation.card import build_model_card
from pokemon_ml.evaluation.errors import make_error_set
from pokemon_ml.grading.checks.m04_errors import GRADED_SEEDS, SAMPLE_SEED
from pokemon_ml.grading.checks.m04_threshold import threshold_cases
from tests.conftest import notebook_functions
from tests.grading import verdicts

SOLUTIONS = notebook_functions(
    "exercises/solutions/04_model_evaluation.py",
    "compute_metric",
    "categorize_errors",
    "best_threshold",
    "METRIC_CHOICES",
)
C4 = notebook_functions("checkpoints/solutions/04_model_review_board.py", "make_model_card")
CHOICES = SOLUTIONS.METRIC_CHOICES


def assert_fails(exercise_id: str, candidate, *fragments: str, **also) -> str:
    defaults = {"4.1": {"METRIC_CHOICES": CHOICES}}.get(exercise_id, {})
    return verdicts.assert_fails(exercise_id, candidate, *fragments, **{**defaults, **also})


def assert_passes(exercise_id: str, candidate, **also) -> str:
    defaults = {"4.1": {"METRIC_CHOICES": CHOICES}}.get(exercise_id, {})
    return verdicts.assert_passes(exercise_id, candidate, **{**defaults, **also})


# ---------------------------------------------------------------- 4.1 METRIC_CHOICES
def _choice(**changes: str) -> dict:
    choices = {name: dict(value) for name, value in CHOICES.items()}
    for scenario, metric in changes.items():
        choices[scenario]["metric"] = metric
    return choices


@pytest.mark.parametrize(
    ("choices", "fragments"),
    [
        (_choice(fraud_review="accuracy"), ["fraud_review: accuracy", "never flags anything"]),
        (_choice(fraud_review="roc_auc"), ["ROC AUC looks excellent", "precision-recall"]),
        (_choice(fraud_review="precision"), ["as much as 400 reviews"]),
        (_choice(spam_folder="recall"), ["spam_folder: recall", "lost invoice"]),
        (_choice(pokedex_types="weighted_f1"), ["pokedex_types: weighted_f1", "common types"]),
        (_choice(pokedex_types="accuracy"), ["rarest type"]),
        (_choice(fraud_review="f2"), ["'f2'", "choose one of"]),
        ({k: v for k, v in CHOICES.items() if k != "spam_folder"}, ["missing: spam_folder"]),
        ([("fraud_review", "recall")], ["should be a dict"]),
        (
            {k: {**v, "reason": "it is best"} for k, v in CHOICES.items()},
            ["at least 6 words"],
        ),
        (
            {k: {**v, "reason": "the costly mistake here is counted by it"} for k, v in CHOICES.items()},
            ["same reason"],
        ),
        ({k: v["metric"] for k, v in CHOICES.items()}, ["should be a dict with a 'metric'"]),
    ],
)
def test_metric_choices_wrong_answers(choices, fragments) -> None:
    assert_fails("4.1", SOLUTIONS.compute_metric, *fragments, METRIC_CHOICES=choices)


def test_another_defensible_choice_passes() -> None:
    assert_passes("4.1", SOLUTIONS.compute_metric, METRIC_CHOICES=_choice(fraud_review="average_precision"))


def metric_stub(name, y_true, y_pred_or_score):
    raise NotImplementedError


def test_choices_filled_before_compute_metric_is_still_not_attempted() -> None:
    """A pristine copy keeps the learner's METRIC_CHOICES and restores the function's
    stub: that must read as not attempted, never as failed."""
    assert_fails("4.1", metric_stub, "Not attempted", status="not_attempted")
    assert_fails("4.1", SOLUTIONS.compute_metric, "Now fill in `METRIC_CHOICES`", METRIC_CHOICES={})


# ---------------------------------------------------------------- 4.1 compute_metric
def _sk(name, y, p):
    return SOLUTIONS.compute_metric(name, y, p)


def metric_precision_recall_swapped(name, y, p):
    swap = {"precision": "recall", "recall": "precision"}
    return _sk(swap.get(name, name), y, p)


def metric_macro_weighted_swapped(name, y, p):
    swap = {"macro_f1": "weighted_f1", "weighted_f1": "macro_f1"}
    return _sk(swap.get(name, name), y, p)


def metric_f1_arithmetic_mean(name, y, p):
    if name == "f1":
        return (_sk("precision", y, p) + _sk("recall", y, p)) / 2
    return _sk(name, y, p)


def metric_roc_from_labels(name, y, p):
    if name == "roc_auc":
        return roc_auc_score(np.asarray(y), np.asarray(p) >= 0.5)
    return _sk(name, y, p)


def metric_auc_ties_count_zero(name, y, p):
    if name == "roc_auc":
        y, p = np.asarray(y).astype(bool), np.asarray(p)
        return float((p[y][:, None] > p[~y][None, :]).mean())
    return _sk(name, y, p)


def metric_ap_trapezoid(name, y, p):
    if name == "average_precision":
        precision, recall, _ = precision_recall_curve(np.asarray(y), np.asarray(p))
        return auc(recall, precision)
    return _sk(name, y, p)


def metric_brier_root(name, y, p):
    value = _sk(name, y, p)
    return math.sqrt(value) if name == "brier" else value


def metric_zero_division_one(name, y, p):
    y, p = np.asarray(y), np.asarray(p)
    if name == "precision":
        return precision_score(y, p, zero_division=1)
    if name == "recall":
        return recall_score(y, p, zero_division=1)
    return _sk(name, y, p)


def metric_macro_over_true_labels(name, y, p):
    if name == "macro_f1":
        return f1_score(np.asarray(y), np.asarray(p), labels=np.unique(np.asarray(y)), average="macro")
    return _sk(name, y, p)


def metric_as_text(name, y, p):
    return f"{_sk(name, y, p):.3f}"


def metric_brier_not_done(name, y, p):
    if name == "brier":
        raise NotImplementedError
    return _sk(name, y, p)


def metric_positional_on_series_only(name, y, p):
    """Compares two Series by label after resetting only one of them."""
    if isinstance(y, pd.Series) and name == "accuracy":
        return float((y.reset_index(drop=True) == p).mean())
    return _sk(name, y, p)


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (metric_precision_recall_swapped, ["the two are swapped"]),
        (metric_macro_weighted_swapped, ["weighted F1 (macro averages the classes as equals"]),
        (metric_f1_arithmetic_mean, ["arithmetic mean of precision and recall"]),
        (metric_roc_from_labels, ["labels at threshold 0.5"]),
        (metric_auc_ties_count_zero, ["ties count 0"]),
        (metric_ap_trapezoid, ["trapezoidal area"]),
        (metric_brier_root, ["root of the Brier score"]),
        (metric_zero_division_one, ["edge case", "nothing to divide by"]),
        (metric_macro_over_true_labels, ["predicted but never true"]),
        (metric_as_text, ["returned a str", "as a number"]),
        (metric_brier_not_done, ["still raises NotImplementedError for: brier"]),
    ],
)
def test_compute_metric_wrong_answers(candidate, fragments) -> None:
    assert_fails("4.1", candidate, *fragments)


def test_compute_metric_that_raises_names_the_case() -> None:
    assert_fails("4.1", metric_positional_on_series_only, "compute_metric('accuracy', …) on the", status="failed")


# Correct answers in other styles: every metric by hand, in numpy.
def metric_by_hand(name, y_true, score):
    y, s = np.asarray(y_true), np.asarray(score)
    if name == "accuracy":
        return float(np.mean(y == s))
    if name in ("precision", "recall", "f1"):
        y, s = y.astype(bool), s.astype(bool)
        tp, fp, fn = np.sum(y & s), np.sum(~y & s), np.sum(y & ~s)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        if name == "precision":
            return precision
        if name == "recall":
            return recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if name in ("macro_f1", "weighted_f1"):
        labels = np.union1d(y, s)
        f1s, support = [], []
        for label in labels:
            tp = np.sum((y == label) & (s == label))
            denominator = np.sum(y == label) + np.sum(s == label)
            f1s.append(2 * tp / denominator if denominator else 0.0)
            support.append(np.sum(y == label))
        weights = None if name == "macro_f1" else support
        return float(np.average(f1s, weights=weights))
    y = y.astype(bool)
    s = s.astype(float)
    if name == "roc_auc":  # Mann-Whitney: ranks, ties averaged
        ranks = rankdata(s)
        n_pos, n_neg = y.sum(), (~y).sum()
        return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))
    if name == "average_precision":
        order = np.argsort(-s, kind="stable")
        thresholds = np.unique(s)[::-1]
        ap, previous_recall = 0.0, 0.0
        for t in thresholds:
            flagged = s >= t
            tp = np.sum(flagged & y)
            recall, precision = tp / y.sum(), tp / flagged.sum()
            ap += (recall - previous_recall) * precision
            previous_recall = recall
        del order
        return float(ap)
    if name == "brier":
        return float(np.mean((y - s) ** 2))
    raise ValueError(name)


def metric_by_pandas(name, y_true, score):
    """Another style: a dict of scikit-learn calls on pandas Series."""
    y, s = pd.Series(list(y_true)), pd.Series(list(score))
    table = {
        "accuracy": lambda: accuracy_score(y, s),
        "precision": lambda: precision_score(y, s, pos_label=1, zero_division=0),
        "recall": lambda: recall_score(y, s, pos_label=1, zero_division=0),
        "f1": lambda: f1_score(y, s, pos_label=1, zero_division=0),
        "macro_f1": lambda: f1_score(y, s, average="macro", zero_division=0),
        "weighted_f1": lambda: f1_score(y, s, average="weighted", zero_division=0),
        "roc_auc": lambda: roc_auc_score(y, s),
        "average_precision": lambda: average_precision_score(y, s),
        "brier": lambda: brier_score_loss(y, s),
    }
    return np.float64(table[name]())


@pytest.mark.parametrize("candidate", [metric_by_hand, metric_by_pandas])
def test_compute_metric_accepts_other_correct_answers(candidate) -> None:
    assert_passes("4.1", candidate)


# ---------------------------------------------------------------- 4.2 categorize_errors
RULE_NAMES = ["out_of_range", "secondary_type", "suspect_label", "close_call"]


def _rules(errors, *, strict_bounds=False, low_bound=True, columns=None, order=None,
           confident=0.9, margin=0.1):
    outside = pd.Series(False, index=errors.index)
    for column, (low, high) in VALID_RANGES.items():
        if columns is not None and column not in columns:
            continue
        if strict_bounds:
            outside |= (errors[column] >= high) | (errors[column] <= low)
        else:
            outside |= errors[column] > high
            if low_bound:
                outside |= errors[column] < low
    rules = {
        "out_of_range": outside,
        "secondary_type": errors["predicted_type"] == errors["secondary_type"],
        "suspect_label": errors["confidence"] >= confident,
        "close_call": errors["confidence"] - errors["true_type_proba"] < margin,
    }
    names = order or RULE_NAMES
    return pd.Series(np.select([rules[n] for n in names], names, default="other"), index=errors.index)


def errors_all_other(errors):
    return pd.Series("other", index=errors.index)


def errors_bounds_exclusive(errors):
    return _rules(errors, strict_bounds=True)


def errors_no_low_bound(errors):
    return _rules(errors, low_bound=False)


def errors_sizes_only(errors):
    return _rules(errors, columns={"height_m", "weight_kg"})


def errors_suspect_before_secondary(errors):
    return _rules(errors, order=["out_of_range", "suspect_label", "secondary_type", "close_call"])


def errors_confidence_cut_too_low(errors):
    return _rules(errors, confident=0.8)


def errors_dropping_rows_without_secondary(errors):
    return _rules(errors.dropna(subset=["secondary_type"]))


def errors_capitalised(errors):
    return _rules(errors).str.replace("_", " ").str.title()


def errors_by_package(errors):
    return categorize(errors)


def errors_mutating(errors):
    errors["category"] = _rules(errors)
    return errors["category"]


def errors_renames_the_index(errors):
    errors.index.name = "creature"
    return _rules(errors)


def errors_rebinds_the_comparison(errors):
    """Clever: mutate the table, then disarm the grader's comparison in the worker."""
    import pokemon_ml.grading.calling as calling

    calling.same_data = lambda original, returned: True
    calling._fingerprint = lambda value: 0
    errors["confidence"] = 0.5
    return _rules(errors)


def errors_none_for_other(errors):
    return _rules(errors).replace("other", None)


SAMPLE_ANSWER = _rules(make_error_set(SAMPLE_SEED)[0]).tolist()


def errors_hard_coded_sample(errors):
    """The right answer for the notebook's sample batch, whatever the batch."""
    padded = (SAMPLE_ANSWER + ["other"] * len(errors))[: len(errors)]
    return pd.Series(padded, index=errors.index)


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (errors_all_other, ["Every error got the same category, `other`"]),
        (errors_bounds_exclusive, ["`other`", "bounds of `VALID_RANGES` are valid values"]),
        (errors_no_low_bound, ["`out_of_range`", "you called the others"]),
        (errors_sizes_only, ["`out_of_range`"]),
        (errors_suspect_before_secondary, ["`secondary_type`", "you called the others", "`suspect_label`"]),
        (errors_confidence_cut_too_low, ["`other`", "8 `suspect_label`"]),
        (errors_dropping_rows_without_secondary, ["do not drop rows"]),
        (errors_capitalised, ["'Out Of Range'", "not in the taxonomy"]),
        (errors_by_package, ["called the course's own `categorize`"]),
        (errors_mutating, ["changed the errors table"]),
        (errors_renames_the_index, ["changed the errors table"]),
        (errors_rebinds_the_comparison, ["changed the errors table"]),
        (errors_none_for_other, ["got no category", "it is `other`"]),
        (errors_hard_coded_sample, ["You agree with the taxonomy on"]),
    ],
)
def test_categorize_errors_wrong_answers(candidate, fragments) -> None:
    assert_fails("4.2", candidate, *fragments)


def errors_loop(errors):
    """Another style: a row-by-row loop with early returns, as a list."""
    def one(row):
        for column, (low, high) in VALID_RANGES.items():
            if not low <= row[column] <= high:
                return "out_of_range"
        if row["predicted_type"] == row["secondary_type"]:
            return "secondary_type"
        if row["confidence"] >= 0.9:
            return "suspect_label"
        if row["confidence"] < row["true_type_proba"] + 0.1:
            return "close_call"
        return "other"

    return [one(row) for _, row in errors.iterrows()]


def errors_sorted_then_realigned(errors):
    """Another style: work on a sorted copy, return a Series in that order (by index)."""
    ordered = errors.sort_values("confidence")
    return _rules(ordered, confident=0.895)


def errors_positional_series(errors):
    return pd.Series(_rules(errors).to_numpy())


@pytest.mark.parametrize("candidate", [errors_loop, errors_sorted_then_realigned, errors_positional_series])
def test_categorize_errors_accepts_other_correct_answers(candidate) -> None:
    assert_passes("4.2", candidate)


def test_graded_batches_hold_every_trap() -> None:
    """Each graded batch has values out of range above and below, in stats and sizes, and
    values exactly on a bound; it shares no creature with the sample batch."""
    sample, _ = make_error_set(SAMPLE_SEED)
    for seed in GRADED_SEEDS:
        errors, key = make_error_set(seed)
        assert not errors.index.intersection(sample.index).size
        assert (key["planted"] == "on_bound").sum() >= 10
        highs = {c for c, (_, high) in VALID_RANGES.items() if (errors[c] > high).any()}
        lows = {c for c, (low, _) in VALID_RANGES.items() if (errors[c] < low).any()}
        assert lows and highs and highs - {"height_m", "weight_kg"}


# ---------------------------------------------------------------- 4.3 best_threshold
def threshold_fixed_half(y, proba, cost_fp, cost_fn):
    return 0.5


def threshold_bayes(y, proba, cost_fp, cost_fn):
    return cost_fp / (cost_fp + cost_fn)


def _search(y, proba, score, candidates=None):
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    candidates = np.unique(proba) if candidates is None else candidates
    values = [score(y, proba >= t) for t in candidates]
    return float(candidates[int(np.argmax(values))])


def threshold_max_accuracy(y, proba, cost_fp, cost_fn):
    return _search(y, proba, lambda y, flag: np.mean(y == flag))


def threshold_max_f1(y, proba, cost_fp, cost_fn):
    return _search(y, proba, lambda y, flag: f1_score(y, flag, zero_division=0))


def threshold_strictly_greater(y, proba, cost_fp, cost_fn):
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    candidates = np.append(0.0, np.unique(proba))
    costs = [np.sum((proba > t) & ~y) * cost_fp + np.sum((proba <= t) & y) * cost_fn for t in candidates]
    return float(candidates[int(np.argmin(costs))])


def threshold_costs_swapped(y, proba, cost_fp, cost_fn):
    return SOLUTIONS.best_threshold(y, proba, cost_fn, cost_fp)


def threshold_coarse_grid(y, proba, cost_fp, cost_fn):
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    grid = np.linspace(0, 1, 11)
    costs = [np.sum((proba >= t) & ~y) * cost_fp + np.sum((proba < t) & y) * cost_fn for t in grid]
    return float(grid[int(np.argmin(costs))])


def threshold_never_flag_nothing(y, proba, cost_fp, cost_fn):
    """Forgets the 'flag nothing' candidate above the highest probability."""
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    candidates = np.unique(proba)
    costs = [np.sum((proba >= t) & ~y) * cost_fp + np.sum((proba < t) & y) * cost_fn for t in candidates]
    return float(candidates[int(np.argmin(costs))])


def threshold_above_one(y, proba, cost_fp, cost_fn):
    t = SOLUTIONS.best_threshold(y, proba, cost_fp, cost_fn)
    return t + 1e-6 if t >= np.max(np.asarray(proba, dtype=float)) else t


def threshold_by_package(y, proba, cost_fp, cost_fn):
    table = cost_by_threshold(y, proba, cost_fp, cost_fn)
    return float(table["threshold"][table["cost"].idxmin()])


def threshold_sorts_in_place(y, proba, cost_fp, cost_fn):
    if isinstance(proba, np.ndarray):
        proba.sort()
    return SOLUTIONS.best_threshold(y, proba, cost_fp, cost_fn)


def threshold_renames_the_series(y, proba, cost_fp, cost_fn):
    if isinstance(y, pd.Series):
        y.name = "label"
    return SOLUTIONS.best_threshold(y, proba, cost_fp, cost_fn)


def threshold_as_text(y, proba, cost_fp, cost_fn):
    return str(SOLUTIONS.best_threshold(y, proba, cost_fp, cost_fn))


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (threshold_fixed_half, ["0.5, the default threshold"]),
        (threshold_bayes, ["optimum for *calibrated*"]),
        (threshold_max_accuracy, ["maximises accuracy"]),
        (threshold_max_f1, ["F1, which count a false alarm and a miss"]),
        (threshold_strictly_greater, ["rule is `proba >= threshold`"]),
        (threshold_costs_swapped, ["costs swapped"]),
        (threshold_coarse_grid, ["a grid misses every threshold between its steps"]),
        (threshold_never_flag_nothing, ["flagging nothing is cheapest", "include it among the candidates"]),
        (threshold_above_one, ["between 0 and 1"]),
        (threshold_by_package, ["called the course's own `cost_by_threshold`"]),
        (threshold_sorts_in_place, ["changed the labels or probabilities"]),
        (threshold_renames_the_series, ["changed the labels or probabilities"]),
        (threshold_as_text, ["returned a str"]),
    ],
)
def test_best_threshold_wrong_answers(candidate, fragments) -> None:
    assert_fails("4.3", candidate, *fragments)


def threshold_midpoints(y, proba, cost_fp, cost_fn):
    """Another style: thresholds halfway between neighbouring probabilities, pandas."""
    frame = pd.DataFrame({"y": np.asarray(y).astype(int), "p": np.asarray(proba, dtype=float)})
    values = np.sort(frame["p"].unique())
    candidates = np.concatenate([[0.0], (values[:-1] + values[1:]) / 2, [1.0]])
    best, best_cost = None, None
    for t in candidates:
        flagged = frame["p"] >= t
        cost = ((flagged) & (frame["y"] == 0)).sum() * cost_fp + ((~flagged) & (frame["y"] == 1)).sum() * cost_fn
        if best_cost is None or cost < best_cost:
            best, best_cost = t, cost
    return best


def threshold_cumulative_sums(y, proba, cost_fp, cost_fn):
    """Another style: one sort and cumulative sums (fast for millions of rows)."""
    y, proba = np.asarray(y).astype(bool), np.asarray(proba, dtype=float)
    order = np.argsort(proba, kind="stable")
    p, labels = proba[order], y[order]
    candidates = np.append(np.unique(p), 1.0)
    below = np.searchsorted(p, candidates, side="left")
    fn = np.concatenate([[0], np.cumsum(labels)])[below]
    fp = (~y).sum() - (below - fn)
    return float(candidates[int(np.argmin(fp * cost_fp + fn * cost_fn))])


@pytest.mark.parametrize("candidate", [threshold_midpoints, threshold_cumulative_sums])
def test_best_threshold_accepts_other_correct_answers(candidate) -> None:
    assert_passes("4.3", candidate)


def test_threshold_cases_separate_the_usual_answers() -> None:
    """Each wrong strategy is beaten on some case by more than rounding."""
    strategies = [threshold_fixed_half, threshold_bayes, threshold_max_accuracy, threshold_max_f1,
                  threshold_strictly_greater, threshold_never_flag_nothing]
    for strategy in strategies:
        worse = 0
        for _, y, proba, cost_fp, cost_fn in threshold_cases():
            table = cost_by_threshold(np.asarray(y), np.asarray(proba), cost_fp, cost_fn)
            t = strategy(y, proba, cost_fp, cost_fn)
            flagged = np.asarray(proba, dtype=float) >= t
            yy = np.asarray(y).astype(bool)
            cost = np.sum(flagged & ~yy) * cost_fp + np.sum(~flagged & yy) * cost_fn
            worse += cost > table["cost"].min() + 1e-9
        assert worse >= 1, strategy.__name__


# ---------------------------------------------------------------- C4 make_model_card
def _solution_card(model, data):
    return C4.make_model_card(model, data)


def card_always_go(model, data):
    card = _solution_card(model, data)
    card["recommendation"], card["conditions"] = "go", []
    card["summary"] = card["summary"].rsplit("Recommendation:", 1)[0] + "Recommendation: go."
    return card


def card_typed_accuracy(model, data):
    card = _solution_card(model, data)
    card["metrics"]["accuracy"] = round(card["metrics"]["accuracy"], 2)
    return card


def card_made_up_number(model, data):
    card = _solution_card(model, data)
    card["summary"] += " It beats the old model by 12.5%."
    return card


def card_rounded_percentage_wrongly(model, data):
    card = _solution_card(model, data)
    accuracy = card["metrics"]["accuracy"]
    card["summary"] = card["summary"].replace(f"{accuracy:.1%}", f"{accuracy + 0.004:.1%}")
    return card


def card_without_worst_slice(model, data):
    card = _solution_card(model, data)
    card["risks"] = ["Curators may trust it too much."]
    return card


def card_slices_by_generation_only(model, data):
    card = _solution_card(model, data)
    card["slices"] = {k: v for k, v in card["slices"].items() if k.startswith("generation=")}
    return card


def card_slice_sizes_of_predictions(model, data):
    """Counts rows per *predicted* type instead of per true type."""
    card = _solution_card(model, data)
    predicted = pd.Series(model.predict(data)).value_counts()
    for name, entry in card["slices"].items():
        if name.startswith("primary_type="):
            entry["n"] = int(predicted.get(name.split("=")[1], 0))
    return card


def card_hash_of_something_else(model, data):
    card = _solution_card(model, data)
    card["data"]["sha256"] = "0" * 64
    return card


def card_missing_risks(model, data):
    card = _solution_card(model, data)
    del card["risks"]
    return card


def card_by_package(model, data):
    return build_model_card(model, data)


def card_mutating(model, data):
    data["predicted"] = model.predict(data)
    return _solution_card(model, data.drop(columns="predicted"))


def card_marks_the_data(model, data):
    data.attrs["reviewed"] = True
    return _solution_card(model, data)


def card_conditions_without_slice(model, data):
    card = _solution_card(model, data)
    if card["conditions"]:
        card["conditions"] = ["Monitor it closely."]
    return card


def card_summary_without_verdict(model, data):
    card = _solution_card(model, data)
    card["summary"] = card["summary"].rsplit("Recommendation:", 1)[0] + "The board will decide."
    return card


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (card_always_go, ["the card recommends 'go'", "The board's policy"]),
        (card_typed_accuracy, ["the card's accuracy is", "recomputed"]),
        (card_made_up_number, ["'12.5%'", "no number recomputed"]),
        (card_rounded_percentage_wrongly, ["no number recomputed"]),
        (card_without_worst_slice, ["do not name the worst slice"]),
        (card_slices_by_generation_only, ["slice(s) missing", "primary_type="]),
        (card_slice_sizes_of_predictions, ["rows; the data has"]),
        (card_hash_of_something_else, ["not the hash of the data"]),
        (card_missing_risks, ["the card has no risks"]),
        (card_by_package, ["called the course's `build_model_card`"]),
        (card_mutating, ["changed the data it was given"]),
        (card_marks_the_data, ["changed the data it was given"]),
        (card_conditions_without_slice, ["needs conditions that say for which slice"]),
        (card_summary_without_verdict, ["does not state the recommendation"]),
    ],
)
def test_model_card_wrong_answers(candidate, fragments) -> None:
    assert_fails("C4", candidate, *fragments)


def card_in_words(model, data):
    """Another style: plain words, percentages with no decimals, numbers from pandas."""
    truth = data["primary_type"]
    predicted = pd.Series(model.predict(data), index=data.index)
    right = predicted == truth
    accuracy = float(right.mean())
    macro = float(f1_score(truth, predicted, average="macro"))
    slices, rows = {}, []
    for column in ("generation", "primary_type"):
        for value, group in right.groupby(data[column]):
            slices[f"{column}={value}"] = {"n": len(group), "accuracy": float(group.mean())}
            rows.append((f"{column}={value}", len(group), float(group.mean())))
    eligible = [r for r in rows if r[1] >= 30]
    worst = min(eligible, key=lambda r: (r[2], -r[1]))
    if accuracy < 0.75:
        verdict = "no-go"
    elif accuracy - worst[2] > 0.15 + 1e-9:
        verdict = "go with conditions"
    else:
        verdict = "go"
    column, value = worst[0].split("=")
    in_words = f"generation {value}" if column == "generation" else f"{value}-type creatures"
    from pokemon_ml.evaluation import data_sha256

    return {
        "model": "type suggester",
        "summary": f"We recommend {verdict.upper()} for the type suggester: it is right about "
        f"{accuracy:.0%} of the time on new creatures, and weakest on {in_words}.",
        "intended_use": "Suggestions for curators; a person confirms every type.",
        "data": {"rows": len(data), "sha256": data_sha256(data)},
        "metrics": {"accuracy": accuracy, "macro_f1": macro},
        "slices": slices,
        "limitations": ["Only one type is suggested."],
        "risks": [f"It is least accurate for {in_words} ({worst[2]:.0%} right)."],
        "recommendation": verdict.title().replace("With", "with"),
        "conditions": [f"Hold back suggestions for {in_words}."] if verdict == "go with conditions" else [],
    }


@pytest.mark.parametrize("candidate", [_solution_card, card_in_words])
def test_model_card_accepts_other_correct_answers(candidate) -> None:
    assert_passes("C4", candidate)
