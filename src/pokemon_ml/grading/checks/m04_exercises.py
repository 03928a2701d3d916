"""Checks for Module 4 (evaluation): exercise 4.1 here, 4.2 in ``m04_errors``, 4.3 in
``m04_threshold`` (C4 is in ``m04_checkpoint``).

Exercise 4.1 has two parts. ``METRIC_CHOICES`` maps each of three business scenarios
(``SCENARIOS``) to the metric to optimise and a reason; where more than one metric is
defensible each is accepted, and each indefensible one gets feedback on why
(``DEFENSIBLE``, ``WHY_NOT``). ``compute_metric(name, y_true, y_pred_or_score)`` must
compute the nine metrics of ``METRICS`` as scikit-learn does: it runs in the sandbox on
many random cases and on the edge cases that trip hand-written metrics (a class never
predicted, labels all of one class, a label predicted that never occurs, tied scores),
and every value is compared with scikit-learn's. A wrong value is diagnosed against the
usual slips (precision and recall swapped, macro and weighted swapped, the arithmetic
mean for F1, ROC AUC from labels instead of scores, ties not counted as half, the PR
curve's trapezoid for average precision, the root of the Brier score...).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
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

from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_run, candidate_value
from pokemon_ml.grading.registry import register

__all__ = [
    "DEFENSIBLE",
    "disarm",
    "is_disarmed_call",
    "METRICS",
    "SCENARIOS",
    "metric_cases",
    "reference_metric",
]

MODULE = 4
EXERCISES = "exercises/04_model_evaluation.py"
EXERCISE_SOLUTIONS = "exercises/solutions/04_model_evaluation.py"
TOLERANCE = 1e-9  # |yours - scikit-learn's|: the same formula gives the same float, nearly
MIN_REASON_WORDS = 6

METRICS = {
    "accuracy": "share of predictions that are right (any labels)",
    "precision": "binary: of the rows predicted 1, the share that are 1",
    "recall": "binary: of the rows that are 1, the share predicted 1",
    "f1": "binary: harmonic mean of precision and recall (of class 1)",
    "macro_f1": "any labels: F1 of each class, averaged with equal weight",
    "weighted_f1": "any labels: F1 of each class, averaged weighted by its support",
    "roc_auc": "binary, from scores: probability a random 1 outranks a random 0 (ties: half)",
    "average_precision": "binary, from scores: area under the PR curve, step-wise (no interpolation)",
    "brier": "binary, from probabilities: mean squared error of the probability of 1",
}
SCORE_METRICS = frozenset({"roc_auc", "average_precision", "brier"})

SCENARIOS = {
    "fraud_review": (
        "A bank flags card payments for its fraud team to review. About 1 payment in 500 is "
        "fraud. A missed fraud costs the bank about €2,000; reviewing a flagged payment costs "
        "€5, and the team has room to review every flag the model raises."
    ),
    "spam_folder": (
        "An email service moves what the model calls spam into a folder users almost never "
        "open. A lost invoice or job offer makes users leave the service; a spam left in the "
        "inbox is a small annoyance."
    ),
    "pokedex_types": (
        "The Pokédex app suggests one of six primary types for each new creature. Some types "
        "are rare, and their fans care as much as anyone's; every wrong type is equally bad."
    ),
}
DEFENSIBLE = {
    "fraud_review": frozenset({"recall", "average_precision"}),
    "spam_folder": frozenset({"precision"}),
    "pokedex_types": frozenset({"macro_f1"}),
}
WHY_NOT = {
    "fraud_review": {
        "accuracy": "a model that never flags anything is 99.8% accurate here and catches no "
        "fraud at all: accuracy rewards ignoring the rare class",
        "precision": "precision rewards flagging only the surest few; with a miss costing as "
        "much as 400 reviews (and room to review every flag), the misses are the expensive "
        "mistake",
        "roc_auc": "with 499 honest payments per fraud, ROC AUC looks excellent even when most "
        "flags are false: its false-positive rate divides by a huge number. On a rare class, "
        "rank with the precision-recall curve instead",
        "brier": "a good Brier score is easy when almost every payment is honest (predict ~0 "
        "everywhere); it does not tell you how many frauds get caught",
    },
    "spam_folder": {
        "recall": "recall rewards catching every spam, however many invoices go to the folder "
        "with it — and a lost invoice is the mistake users leave over",
        "accuracy": "accuracy weighs a lost invoice the same as a spam in the inbox, but here "
        "one is much worse than the other",
        "f1": "F1 weighs precision and recall equally, but here a false positive (a lost "
        "invoice) costs far more than a false negative",
        "roc_auc": "ROC AUC scores the ranking over all thresholds, but this filter runs at one "
        "threshold, where what matters is how many of its 'spam' calls are right",
    },
    "pokedex_types": {
        "accuracy": "accuracy is dominated by the common types: a model that never predicts the "
        "rarest type can still score high, and its fans get nothing",
        "weighted_f1": "weighting each type's F1 by how common it is lets the common types "
        "dominate: the rare types' fans care as much, so average the types as equals",
    },
}
GENERIC_WHY_NOT = "it does not measure what this scenario says matters"


DISARMED = "pokemon-ml: this package function is disarmed while the check runs your code"


def _refuse(*args: Any, **kwargs: Any) -> Any:
    # Only builtins and constants here: this code runs with another module's globals.
    raise RuntimeError("pokemon-ml: this package function is disarmed while the check runs your code")


def disarm(*functions: Callable[..., Any]) -> None:
    """Worker side: make each package function raise instead of answering the exercise.

    The function's code is replaced, not its name, so a reference the learner imported
    before (``from pokemon_ml.evaluation import categorize``) is disarmed too.
    """
    for function in functions:
        function.__code__ = _refuse.__code__


def is_disarmed_call(error: BaseException) -> bool:
    """True if ``error`` is what a disarmed function raised."""
    return isinstance(error, RuntimeError) and error.args == (DISARMED,)


# ------------------------------------------------------------------ the reference metrics
def reference_metric(name: str, y_true: Any, y_pred_or_score: Any) -> float:
    """scikit-learn's value of metric ``name`` (the exercise's definitions)."""
    y, p = np.asarray(y_true), np.asarray(y_pred_or_score)
    binary = {"pos_label": True} if y.dtype == bool else {"pos_label": 1}
    functions: dict[str, Callable[[], float]] = {
        "accuracy": lambda: accuracy_score(y, p),
        "precision": lambda: precision_score(y, p, zero_division=0, **binary),
        "recall": lambda: recall_score(y, p, zero_division=0, **binary),
        "f1": lambda: f1_score(y, p, zero_division=0, **binary),
        "macro_f1": lambda: f1_score(y, p, average="macro", zero_division=0),
        "weighted_f1": lambda: f1_score(y, p, average="weighted", zero_division=0),
        "roc_auc": lambda: roc_auc_score(y, p),
        "average_precision": lambda: average_precision_score(y, p, **binary),
        "brier": lambda: brier_score_loss(y, p, **binary),
    }
    return float(functions[name]())


def _mistakes(name: str, y_true: Any, score: Any) -> dict[str, float]:
    """What the usual slips compute for metric ``name``: feedback names the one matched."""
    y, p = np.asarray(y_true), np.asarray(score)
    out: dict[str, float] = {}
    if name in ("precision", "recall", "f1") and set(np.unique(y)) <= {0, 1, True, False}:
        pr = {
            "precision": reference_metric("precision", y, p),
            "recall": reference_metric("recall", y, p),
        }
        other = "recall" if name == "precision" else "precision"
        if name != "f1":
            out[f"{other} (the two are swapped: precision divides by the rows *predicted* 1, "
                "recall by the rows that *are* 1)"] = pr[other]
            negative = (precision_score if name == "precision" else recall_score)(
                y.astype(int), p.astype(int), pos_label=0, zero_division=0
            )
            out[f"the {name} of class 0 (the positive class is 1)"] = float(negative)
        else:
            out["the arithmetic mean of precision and recall (F1 is their harmonic mean: "
                "2PR/(P+R))"] = (pr["precision"] + pr["recall"]) / 2
            out["the macro F1 of both classes (this one is F1 of class 1)"] = float(
                f1_score(y, p, average="macro", zero_division=0)
            )
    if name == "macro_f1":
        out["the weighted F1 (macro averages the classes as equals, without support weights)"] = (
            reference_metric("weighted_f1", y, p)
        )
        out["the micro F1, which equals accuracy here (macro averages per-class F1s)"] = (
            reference_metric("accuracy", y, p)
        )
        out["an average over the true labels only: a label that is predicted but never true "
            "is a class too, with F1 0"] = float(
            f1_score(y, p, labels=np.unique(y), average="macro", zero_division=0)
        )
    if name == "weighted_f1":
        out["the macro F1 (weighted weights each class's F1 by its support)"] = reference_metric(
            "macro_f1", y, p
        )
    if name == "accuracy":
        out["the error rate (1 - accuracy)"] = 1 - reference_metric("accuracy", y, p)
    if name == "roc_auc":
        out["ROC AUC of the labels at threshold 0.5, not of the scores (use the scores "
            "themselves: every threshold)"] = float(roc_auc_score(y, p >= 0.5))
        positives, negatives = p[y.astype(bool)], p[~y.astype(bool)]
        strictly = (positives[:, None] > negatives[None, :]).mean()
        out["a count of pairs where ties count 0 (a tie between a 1 and a 0 counts half)"] = float(
            strictly
        )
    if name == "average_precision":
        precision, recall, _ = precision_recall_curve(y, p)
        out["the trapezoidal area under the PR curve (average precision is step-wise: the sum "
            "of (R_n - R_n-1) * P_n, no interpolation)"] = float(auc(recall, precision))
    if name == "brier":
        b = reference_metric("brier", y, p)
        out["the root of the Brier score (Brier is the mean squared error, not its root)"] = (
            math.sqrt(b)
        )
        out["the mean absolute error (Brier squares each error)"] = float(
            np.mean(np.abs(y.astype(float) - p))
        )
        out["the Brier score of the probability of 0 (use the probability of 1)"] = float(
            np.mean((y.astype(float) - (1 - p)) ** 2)
        )
    return out


# ------------------------------------------------------------------ the cases
def _as(values: np.ndarray, style: int, index_seed: int) -> Any:
    """The same values as a list, an array or a Series with a non-positional index."""
    if style == 0:
        return values.tolist()
    if style == 1:
        return values
    index = np.random.default_rng(index_seed).permutation(len(values)) + 100
    return pd.Series(values, index=index)


@functools.cache
def metric_cases() -> tuple[tuple[str, str, Any, Any], ...]:
    """(description, metric, y_true, y_pred_or_score), random cases then edge cases.

    Inputs come as lists, arrays or Series (both arguments of a case the same way).
    """
    rng = np.random.default_rng(4_101)
    cases = []
    for number in range(6):
        n = int(rng.integers(20, 200))
        prevalence = rng.uniform(0.05, 0.6)
        y = (rng.random(n) < prevalence).astype(int)
        y[:2] = [0, 1]  # both classes present
        score = np.clip(0.35 * y + rng.normal(0.35, 0.22, n), 0.0, 1.0).round(2)  # ties
        pred = (score >= 0.5).astype(int)
        style = number % 3
        if number == 4:
            y, pred = y.astype(bool), pred.astype(bool)
        for name in ("accuracy", "precision", "recall", "f1"):
            cases.append((f"random binary case {number + 1} ({n} rows)", name,
                          _as(y, style, number), _as(pred, style, number)))
        for name in ("roc_auc", "average_precision", "brier"):
            cases.append((f"random scores {number + 1} ({n} rows, tied scores)", name,
                          _as(y, style, number), _as(score, style, number)))
        labels = np.array(["fire", "water", "grass", "rock", "psychic"])
        k = int(rng.integers(3, 6))
        shares = rng.dirichlet(np.ones(k))
        y_multi = rng.choice(labels[:k], n, p=shares)
        right = rng.random(n) < rng.uniform(0.4, 0.9)
        p_multi = np.where(right, y_multi, rng.choice(labels[:k], n))
        for name in ("accuracy", "macro_f1", "weighted_f1"):
            cases.append((f"random {k}-class case {number + 1} ({n} rows)", name,
                          _as(y_multi, style, number), _as(p_multi, style, number)))
    zeros, mixed = np.zeros(10, dtype=int), np.array([0, 1, 0, 0, 1, 0, 1, 0, 0, 0])
    edges = [
        ("class 1 never predicted", "precision", mixed, zeros),
        ("class 1 never predicted", "f1", mixed, zeros),
        ("every label 0 (recall has nothing to divide by)", "recall", zeros, mixed),
        ("every label 0", "precision", zeros, mixed),
        ("every label 1, every prediction 1", "f1", np.ones(6, dtype=int), np.ones(6, dtype=int)),
        (
            "a type never predicted",
            "macro_f1",
            np.array(["fire", "fire", "water", "rock", "rock", "rock"]),
            np.array(["fire", "water", "water", "rock", "rock", "fire"]),
        ),
        (
            "a type predicted that never occurs",
            "macro_f1",
            np.array(["fire", "fire", "water", "water", "water", "rock"]),
            np.array(["fire", "grass", "water", "water", "fire", "rock"]),
        ),
        (
            "a type predicted that never occurs",
            "weighted_f1",
            np.array(["fire", "fire", "water", "water", "water", "rock"]),
            np.array(["fire", "grass", "water", "water", "fire", "rock"]),
        ),
        ("every score tied", "roc_auc", mixed, np.full(10, 0.3)),
        ("ties across the classes", "roc_auc", mixed, np.array([0.1, 0.4, 0.4, 0.2, 0.9, 0.4, 0.4, 0.1, 0.4, 0.2])),
        ("ties across the classes", "average_precision", mixed, np.array([0.1, 0.4, 0.4, 0.2, 0.9, 0.4, 0.4, 0.1, 0.4, 0.2])),
        ("scores of exactly 0 and 1", "brier", mixed, mixed.astype(float)),
    ]
    cases += [(f"edge case: {what}", name, y, p) for what, name, y, p in edges]
    return tuple(cases)


def run_metric_cases(compute_metric: Callable[..., Any], cases: tuple) -> list[tuple]:
    """Worker side: each case's outcome as plain data.

    ``("value", float)``, ``("not_a_number", type name)``, ``("not_implemented",)`` or
    ``("raised", message)`` per case.
    """
    from pokemon_ml.grading.worker import describe_exception

    outcomes: list[tuple] = []
    for _, name, y, p in cases:
        try:
            value = compute_metric(name, y, p)
        except NotImplementedError:
            outcomes.append(("not_implemented",))
            continue
        except Exception as error:  # noqa: BLE001 - reported with the case that raised it
            outcomes.append(("raised", describe_exception(error, compute_metric)))
            continue
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)):
            outcomes.append(("not_a_number", type(value).__name__))
        else:
            outcomes.append(("value", float(value)))
    return outcomes


# ------------------------------------------------------------------ the check
def _check_choices(choices: Any) -> str:
    if not isinstance(choices, dict):
        raise WrongAnswer(
            f"`METRIC_CHOICES` should be a dict (scenario → {{'metric': ..., 'reason': ...}}), "
            f"got {type(choices).__name__}."
        )
    missing = [s for s in SCENARIOS if s not in choices]
    unknown = [str(s) for s in choices if s not in SCENARIOS]
    if missing or unknown:
        raise WrongAnswer(
            "`METRIC_CHOICES` needs exactly the three scenarios "
            f"({', '.join(SCENARIOS)}); "
            + (f"missing: {', '.join(missing)}" if missing else "")
            + ("; " if missing and unknown else "")
            + (f"not a scenario: {', '.join(unknown)}" if unknown else "")
            + "."
        )
    reasons = []
    for scenario, choice in choices.items():
        if not isinstance(choice, dict) or not {"metric", "reason"} <= set(choice):
            raise WrongAnswer(
                f"`METRIC_CHOICES[{scenario!r}]` should be a dict with a 'metric' and a "
                "'reason'."
            )
        metric, reason = choice["metric"], choice["reason"]
        if not isinstance(metric, str) or metric not in METRICS:
            raise WrongAnswer(
                f"`METRIC_CHOICES[{scenario!r}]['metric']` is {metric!r}; choose one of "
                f"{', '.join(METRICS)} (the names `compute_metric` knows)."
            )
        if metric not in DEFENSIBLE[scenario]:
            why = WHY_NOT[scenario].get(metric, GENERIC_WHY_NOT)
            raise WrongAnswer(
                f"{scenario}: {metric} is not the metric to optimise here — {why}. Read the "
                "scenario again: which mistake costs most, and how rare is the class that "
                "matters?"
            )
        if not isinstance(reason, str) or len(reason.split()) < MIN_REASON_WORDS:
            raise WrongAnswer(
                f"`METRIC_CHOICES[{scenario!r}]['reason']`: give a reason of a sentence or "
                f"two (at least {MIN_REASON_WORDS} words): the mistake that costs most here, "
                "and why your metric counts it."
            )
        reasons.append(" ".join(reason.lower().split()))
    if len(set(reasons)) < len(reasons):
        raise WrongAnswer(
            "Two scenarios have the same reason. Each scenario has its own: say what makes "
            "its metric right for it."
        )
    return ", ".join(f"{s}: {choices[s]['metric']}" for s in SCENARIOS)


def _check_metrics(candidate: Any) -> None:
    cases = metric_cases()
    outcomes = candidate_run(candidate, run_metric_cases, cases, answer="compute_metric")
    if all(o[0] == "not_implemented" for o in outcomes):
        raise NotAttempted
    pending = sorted({c[1] for c, o in zip(cases, outcomes) if o[0] == "not_implemented"})
    if pending:
        raise WrongAnswer(
            f"`compute_metric` still raises NotImplementedError for: {', '.join(pending)}. "
            f"It must know all nine metrics: {', '.join(METRICS)}."
        )
    for (what, name, y, p), outcome in zip(cases, outcomes):
        call = f"compute_metric({name!r}, …) on the {what}"
        if outcome[0] == "raised":
            raise WrongAnswer(f"{call}: {outcome[1]}")
        if outcome[0] == "not_a_number":
            raise WrongAnswer(
                f"{call} returned a {outcome[1]}; return the metric as a number (a float)."
            )
        got, expected = outcome[1], reference_metric(name, y, p)
        if math.isnan(got) or abs(got - expected) > TOLERANCE:
            diagnosis = next(
                (
                    f" That is {slip}."
                    for slip, value in _mistakes(name, y, p).items()
                    if abs(got - value) <= TOLERANCE
                ),
                "",
            )
            raise WrongAnswer(
                f"{call}: you returned {got:.6g}, scikit-learn's {name} is {expected:.6g}."
                f"{diagnosis} ({name}: {METRICS[name]}; where a ratio has nothing to divide "
                "by, it is 0.)"
            )


@register(
    "4.1",
    module=MODULE,
    title="Choose the metric for three business scenarios; compute nine metrics",
    function="compute_metric",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=40,
    difficulty="medium",
    hints=(
        (
            "For each scenario ask two questions: which mistake costs most (a false alarm or "
            "a miss)? And is the class that matters rare? A rare class makes accuracy useless; "
            "an expensive miss points to recall, an expensive false alarm to precision."
        ),
        (
            "scikit-learn has every metric: `accuracy_score`, `precision_score`, "
            "`recall_score`, `f1_score` (with `average=`), `roc_auc_score`, "
            "`average_precision_score`, `brier_score_loss`. Pass `zero_division=0` where a "
            "ratio can have nothing to divide by."
        ),
        (
            "Binary metrics are about class 1 (`pos_label=1`; True for booleans). ROC AUC, "
            "average precision and Brier take the *scores* as they are — never threshold them "
            "first. A dict from name to function keeps `compute_metric` to a few lines."
        ),
    ),
    also=("METRIC_CHOICES",),
)
def check_metric_choices(candidate: Any) -> str:
    # compute_metric first: while it raises NotImplementedError the exercise is not
    # attempted, whatever METRIC_CHOICES holds (an untouched stub is never "failed").
    _check_metrics(candidate)
    choices = candidate_value(candidate, "METRIC_CHOICES")
    if choices in ({}, None):
        raise WrongAnswer(
            "`compute_metric` agrees with scikit-learn everywhere. Now fill in "
            "`METRIC_CHOICES`: a metric and a reason for each of the three scenarios."
        )
    chosen = _check_choices(choices)
    return (
        f"Defensible choices ({chosen}), and `compute_metric` agrees with scikit-learn on "
        f"{len(metric_cases())} cases: random ones, a class never predicted, all one class, a "
        "label predicted that never occurs, tied scores."
    )
