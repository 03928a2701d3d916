"""Exercise 3.2's data: the results tables, the constraint sets, and the rule, written once.

The rule the brief states: a model *qualifies* when it meets every constraint
(``accuracy >= min_accuracy``, ``latency_ms <= max_latency_ms``, interpretable if
asked; ``None`` means no limit). Among qualifying models the most accurate wins, but
models within ``TIE_MARGIN`` of it are tied (the difference is noise in our
cross-validation), and among tied models the fastest wins. Nothing qualifies: ``None``.

``GRADED_CASES`` pairs two tables with constraint sets chosen so that each shortcut
picks a wrong model somewhere: the most accurate model breaking a limit, a bound met
exactly, an interpretable-only request, a three-way tie, nothing that qualifies.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

__all__ = [
    "GRADED_CASES",
    "SCENARIO",
    "TIE_MARGIN",
    "graded_tables",
    "model_results",
    "qualifies",
    "reference_choice",
]

TIE_MARGIN = 0.005  # accuracies this close to the best qualifying one count as tied
# The notebook's scenario: the Pokédex app answers on the phone, within 2.5 ms, and must
# be right at least 80% of the time. Latency decides it; accuracy is what it costs.
SCENARIO = {"min_accuracy": 0.80, "max_latency_ms": 2.5, "interpretable": False}
NO_LIMITS = {"min_accuracy": None, "max_latency_ms": None, "interpretable": False}


def model_results() -> pd.DataFrame:
    """The model zoo's results, as Module 3's notebook measured them (accuracy: 5-fold
    stratified CV mean; latency: median single-row prediction time on a laptop)."""
    return pd.DataFrame(
        {
            "model": [
                "majority_class",
                "logistic_regression",
                "decision_tree",
                "knn",
                "random_forest",
                "hist_gradient_boosting",
                "xgboost",
            ],
            "accuracy": [0.228, 0.817, 0.746, 0.709, 0.806, 0.829, 0.836],
            "accuracy_std": [0.001, 0.012, 0.019, 0.015, 0.011, 0.013, 0.010],
            "latency_ms": [0.04, 2.1, 1.8, 3.9, 14.0, 3.4, 2.8],
            "interpretable": [True, True, True, False, False, False, False],
        }
    )


def other_team_results() -> pd.DataFrame:
    """Another team's table: a three-way tie at the top, and other names."""
    return pd.DataFrame(
        {
            "model": [
                "boosted_trees",
                "svm_rbf",
                "extra_trees",
                "mlp",
                "logistic_regression",
                "naive_bayes",
            ],
            "accuracy": [0.884, 0.881, 0.880, 0.872, 0.861, 0.802],
            "latency_ms": [6.0, 3.2, 2.9, 2.5, 1.1, 0.6],
            "interpretable": [False, False, False, False, True, True],
            "train_seconds": [41.0, 12.5, 9.8, 30.2, 0.9, 0.1],
        }
    )


ZOO, OTHER = "the model zoo's results", "another team's results"


@functools.cache
def graded_tables() -> dict[str, pd.DataFrame]:
    """The tables as the check sends them: rows shuffled, index labels not positions."""
    tables = {ZOO: model_results(), OTHER: other_team_results()}
    shuffled = {}
    for seed, (name, table) in enumerate(tables.items()):
        table = table.sample(frac=1.0, random_state=seed + 3)
        shuffled[name] = table.set_axis(np.arange(len(table)) * 10 + 100)
    return shuffled


# (table, constraints): each shortcut answers one of them wrongly.
GRADED_CASES = (
    (ZOO, NO_LIMITS),
    (ZOO, SCENARIO),  # the most accurate model is too slow
    (ZOO, {"min_accuracy": None, "max_latency_ms": None, "interpretable": True}),
    (ZOO, {"min_accuracy": 0.85, "max_latency_ms": None, "interpretable": False}),  # nothing
    (ZOO, {"min_accuracy": None, "max_latency_ms": 2.8, "interpretable": False}),  # bound met
    (ZOO, {"min_accuracy": 0.817, "max_latency_ms": 2.5, "interpretable": True}),  # bound met
    (ZOO, {"min_accuracy": None, "max_latency_ms": 1.9, "interpretable": False}),
    (OTHER, NO_LIMITS),  # three-way tie: the fastest of them
    (OTHER, {"min_accuracy": None, "max_latency_ms": 2.8, "interpretable": False}),
    (OTHER, {"min_accuracy": 0.80, "max_latency_ms": 1.0, "interpretable": True}),
    (OTHER, {"min_accuracy": 0.90, "max_latency_ms": None, "interpretable": True}),  # nothing
)


def reference_choice(results: pd.DataFrame, constraints: dict) -> str | None:
    """The rule of the brief, written once: the grader's answer."""
    qualifying = results[qualifies(results, constraints)]
    if qualifying.empty:
        return None
    tied = qualifying[qualifying["accuracy"] >= qualifying["accuracy"].max() - TIE_MARGIN]
    return str(tied.sort_values(["latency_ms", "model"])["model"].iloc[0])


def qualifies(results: pd.DataFrame, constraints: dict) -> pd.Series:
    """True for each row that meets every constraint (a bound met exactly counts)."""
    ok = pd.Series(True, index=results.index)
    if constraints["min_accuracy"] is not None:
        ok &= results["accuracy"] >= constraints["min_accuracy"]
    if constraints["max_latency_ms"] is not None:
        ok &= results["latency_ms"] <= constraints["max_latency_ms"]
    if constraints["interpretable"]:
        ok &= results["interpretable"]
    return ok
