"""Exam E2's grader, part 3: the learner's table against the grader's refit, the choice,
the threshold and the final model — each compared with what the learner's own folds give.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from pokemon_ml.data.credit import CREDIT_TARGET, DATE_COLUMN, cost_per_1000
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.checks.e2_experiment import AUC_TOLERANCE, COST_FLOOR, COST_TOLERANCE
from pokemon_ml.grading.checks.e2_refit import features_of, fit, positive_proba

__all__ = [
    "CHOICE_TOLERANCE",
    "THRESHOLD_TOLERANCE",
    "check_choice",
    "check_final",
    "compare_tables",
    "mismatches",
]

CHOICE_TOLERANCE = 0.02  # a choice within 2% of the cheapest candidate is a tie
THRESHOLD_TOLERANCE = 0.04  # the threshold's validation cost within 4% of the best one's
FAIRNESS_MARGIN = 0.05  # another candidate at its best threshold 5% cheaper: unfair comparison


def mismatches(table: pd.DataFrame, true: pd.DataFrame) -> pd.DataFrame:
    merged = table.merge(true, on=["model", "fold"], suffixes=("", "_true"))
    cost_tolerance = np.maximum(COST_FLOOR, COST_TOLERANCE * merged["cost_per_1000_true"].abs())
    wrong = ((merged["auc"] - merged["auc_true"]).abs() > AUC_TOLERANCE) | (
        (merged["cost_per_1000"] - merged["cost_per_1000_true"]).abs() > cost_tolerance
    )
    return merged[wrong | merged[["auc", "cost_per_1000"]].isna().any(axis=1)]


def compare_tables(table, recomputed, models, folds, applications) -> None:
    wrong = mismatches(table, recomputed.table)
    if wrong.empty:
        return
    first = wrong.iloc[0]
    said = f"AUC {first['auc']:.4f}, cost {first['cost_per_1000']:.1f}"
    true = f"AUC {first['auc_true']:.4f}, cost {first['cost_per_1000_true']:.1f}"
    where = f"For model {first['model']!r} on fold {int(first['fold'])} your table says {said}; fitting it on that fold's training rows and scoring its validation rows at its threshold gives {true}."
    X, y = features_of(applications), applications[CREDIT_TARGET].to_numpy().astype(bool)
    train, valid = folds[int(first["fold"])]
    once, again = (
        positive_proba(
            fit(models[first["model"]], X.iloc[train], y[train], first["model"]), X.iloc[valid]
        )
        for _ in range(2)
    )
    if np.max(np.abs(once - again)) > 1e-9:
        raise WrongAnswer(
            f"{where} Fitted twice, model {first['model']!r} predicts differently: set its `random_state` so that its numbers can be reproduced."
        )
    strict = cost_per_1000(y[valid], once, np.nextafter(float(first["threshold"]), 1.0))
    if abs(first["auc"] - first["auc_true"]) <= AUC_TOLERANCE and abs(
        strict - first["cost_per_1000"]
    ) <= max(COST_FLOOR, COST_TOLERANCE * abs(strict)):
        raise WrongAnswer(
            f"{where} Your cost is what rejecting only *above* the threshold gives; the rule "
            "rejects an application whose P(default) is *at least* the threshold (as "
            "`cost_per_1000` does): at a threshold equal to a predicted probability, the two differ."
        )
    if len(wrong) == len(table):
        raise WrongAnswer(
            f"{where} None of the table's numbers is what your folds and models give. Were "
            "they typed in, or computed on other data or other folds? Compute the table in "
            "`credit_experiment`, from the `folds` and `models` you return."
        )
    bad_models = set(wrong["model"])
    if bad_models != set(models):
        good = sorted(set(models) - bad_models)
        raise WrongAnswer(
            f"{where} The numbers of {', '.join(map(repr, good))} match the folds you returned; "
            f"those of {', '.join(map(repr, sorted(bad_models)))} do not. Were the models "
            "scored on different folds? A comparison is fair only on the same folds: fit "
            "every model on exactly the `folds` you return."
        )
    raise WrongAnswer(
        f"{where} Every number in the table must come from fitting that model on that fold's training rows and scoring its validation rows (AUC, and `cost_per_1000` at the row's threshold)."
    )


def check_choice(experiment, table, recomputed, folds) -> tuple[str, float]:
    chosen = experiment["chosen"]
    chosen = str(chosen) if isinstance(chosen, str) else chosen  # np.str_ from idxmin
    if not isinstance(chosen, str) or chosen not in recomputed.oof:
        raise WrongAnswer(
            f"`chosen` is {chosen!r}; it should be the name of one of your models ({', '.join(recomputed.oof)})."
        )
    threshold = experiment["threshold"]
    if (
        isinstance(threshold, (bool, np.bool_))
        or not isinstance(threshold, (int, float, np.number))
        or not 0 < threshold < 1
    ):
        raise WrongAnswer(
            f"`threshold` is {threshold!r}; it should be a probability strictly between 0 and 1."
        )
    truth, proba = recomputed.oof[chosen]
    grid, costs = _cost_curve(truth, proba)
    best, mine = costs.min(), cost_per_1000(truth, proba, float(threshold))
    if mine > best * (1 + THRESHOLD_TOLERANCE) + 1e-9:
        default = (
            " 0.5 is the default of `predict`, which ignores the cost matrix: a default costs 5 times a lost customer."
            if abs(threshold - 0.5) < 1e-9
            else ""
        )
        raise WrongAnswer(
            f"At your threshold {float(threshold):g}, {chosen!r} costs {mine:.1f} per 1,000 "
            f"applications on your validation folds; the best threshold there costs "
            f"{best:.1f} (near {grid[costs.argmin()]:.2f}).{default} Tune the threshold on "
            "the chosen model's out-of-fold validation predictions, with the cost matrix — not "
            "on the rows it was trained on."
        )
    row_threshold = float(table.loc[table["model"] == chosen, "threshold"].iloc[0])
    if abs(row_threshold - float(threshold)) > 1e-9:
        raise WrongAnswer(
            f"`threshold` is {threshold}, but the results table costs {chosen!r} at {row_threshold}: use one threshold for the chosen model."
        )
    means = recomputed.table.groupby("model")["cost_per_1000"].mean()
    if means[chosen] > means.min() * (1 + CHOICE_TOLERANCE) + 1e-9:
        raise WrongAnswer(
            f"You chose {chosen!r}, which costs {means[chosen]:.1f} per 1,000 applications on "
            f"average over your folds; {means.idxmin()!r} costs {means.min():.1f}. The business "
            "pays the cost matrix, not the AUC: choose the model that costs least on your "
            "validation folds (or explain a tie of a few percent)."
        )
    _check_fair(chosen, means, recomputed, folds)
    return chosen, float(threshold)


def _cost_curve(truth: np.ndarray, proba: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every threshold that changes a decision (and a grid), with its pooled cost."""
    grid = np.unique(np.concatenate([proba, np.linspace(0.01, 0.99, 99)]))
    return grid, np.array([cost_per_1000(truth, proba, t) for t in grid])


def _check_fair(chosen: str, means: pd.Series, recomputed, folds: list) -> None:
    """No other candidate, given its own best threshold, is clearly cheaper than the choice."""
    sizes = np.cumsum([len(valid) for _, valid in folds])[:-1]
    for name, (truth, proba) in recomputed.oof.items():
        grid, costs = _cost_curve(truth, proba)
        best = grid[costs.argmin()]
        per_fold = [
            cost_per_1000(t, p, best)
            for t, p in zip(np.split(truth, sizes), np.split(proba, sizes))
        ]
        if name != chosen and np.mean(per_fold) < means[chosen] * (1 - FAIRNESS_MARGIN):
            raise WrongAnswer(
                f"With its own best threshold ({best:.3f}), {name!r} would cost "
                f"{np.mean(per_fold):.1f} per 1,000 applications on your folds — less than your "
                f"{chosen!r} at {means[chosen]:.1f}; your table costs it at "
                f"{means[name]:.1f}. A comparison is fair when every candidate gets its "
                "threshold tuned the same way, on its own validation predictions."
            )


def check_final(
    final: dict, models: dict, chosen: str, applications: pd.DataFrame, later: pd.DataFrame
) -> np.ndarray:
    """The final model's P(default) on ``later`` (features only), once it is shown to be
    the chosen model refitted on every application given (in their order, or by date)."""
    if "error" in final:
        raise WrongAnswer(final["error"])
    X, y = features_of(applications), applications[CREDIT_TARGET].to_numpy().astype(bool)
    mine = np.asarray(final["given"], dtype=float)
    order = np.argsort(pd.to_datetime(applications[DATE_COLUMN]).to_numpy(), kind="stable")
    for rows in (np.arange(len(X)), order):  # as given, or sorted by date
        refit = fit(models[chosen], X.iloc[rows], y[rows], chosen)
        if mine.shape == (len(X),) and np.max(np.abs(positive_proba(refit, X) - mine)) <= 1e-6:
            expected = positive_proba(refit, later)
            theirs = np.asarray(final["later"], dtype=float)
            if theirs.shape != expected.shape or np.max(np.abs(theirs - expected)) > 1e-6:
                raise WrongAnswer(
                    "`final_model` predicts the applications you were given like the chosen "
                    "model refitted on them, but other applications differently: the final "
                    "model must be that scikit-learn model, nothing around it."
                )
            return expected
    raise WrongAnswer(
        f"`final_model` predicts differently from {chosen!r} refitted on all "
        f"{len(X):,} applications you were given. After choosing, fit a fresh copy of the "
        "chosen model on every application (all folds' rows): the folds were for choosing; "
        "production gets all the data."
    )
