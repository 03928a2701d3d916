"""Check for course checkpoint 2's practical exam (E2): credit risk.

The learner writes ``credit_experiment(applications) -> dict`` (folds, candidate models,
a results table, the choice, a threshold, the final model) and
``write_model_card(experiment, applications) -> dict``. The grader runs them on three
years of applications it generates itself (a seed no notebook shows), then, in its own
process:

* reads the folds: at least three, each validating only on applications dated on or
  after all of its training applications (walk-forward);
* reads the candidates: at least three, of at least two kinds, plain scikit-learn;
* refits every candidate on every fold and recomputes the table — so "the same folds"
  and "the numbers are real" are proven, not trusted — and shuffles each column known
  only after the outcome to see whether a model uses it;
* checks the choice (cheapest on the learner's own folds) and the threshold (near the
  cheapest on the chosen model's validation predictions: tuned without the test set);
* checks the final model is the chosen one refitted on every application given, and
  scores it at the learner's threshold on six later months of applications the
  learner never sees, with the leak columns blank as at decision time: its cost per
  1,000 applications must beat the better baseline (approve everyone; the best
  one-column rule) by ``PASS_MARGIN``;
* recomputes every number of the model card.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from pokemon_ml.data.credit import (
    CREDIT_TARGET,
    DATE_COLUMN,
    LEAK_COLUMNS,
    cost_per_1000,
    make_credit,
)
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.e2_card import check_card
from pokemon_ml.grading.checks.e2_experiment import (
    AUC_TOLERANCE,
    COST_FLOOR,
    COST_TOLERANCE,
    EXPERIMENT_KEYS,
    card_in_sandbox,
    check_folds,
    check_models,
    check_results,
    experiment_in_sandbox,
    features_of,
    fit,
    leak_feedback,
    leaked_column,
    positive_proba,
    recompute,
)
from pokemon_ml.grading.registry import register

__all__ = ["HIDDEN_TEST", "HIDDEN_TRAIN", "PASS_MARGIN", "baseline_costs", "hidden_populations"]

MODULE = 4  # taken after modules 3 and 4
# (seed, applications, first date, months): never shown in a notebook.
HIDDEN_TRAIN = (61_803, 3_000, date(2021, 1, 1), 36)
HIDDEN_TEST = (27_182, 3_000, date(2024, 1, 1), 6)  # the six months after, decided blind
PASS_MARGIN = 0.05  # the chosen model must cost at least 5% less than the better baseline
CHOICE_TOLERANCE = 0.02  # a choice within 2% of the cheapest candidate is a tie
THRESHOLD_TOLERANCE = 0.04  # the threshold's validation cost within 4% of the best one's
RULE_COLUMNS = {  # one-column rules: reject when the value is high (+1) or low (-1)
    "debt_to_income": 1, "delinquencies_2y": 1, "credit_utilization": 1, "loan_amount": 1,
    "annual_income": -1, "credit_history_years": -1, "employment_years": -1,
}  # fmt: skip


@functools.cache
def hidden_populations() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the applications the learner's code is given, the later ones it is scored on)."""
    seed, n, start, months = HIDDEN_TRAIN
    train = make_credit(seed, n, start, months).to_pandas()
    seed, n, start, months = HIDDEN_TEST
    test = make_credit(seed, n, start, months, decision_time=True).to_pandas()
    return train, test


def _rule_cost(values: np.ndarray, y: np.ndarray, sign: int, cut: float) -> float:
    return cost_per_1000(y, sign * values, sign * cut)


@functools.cache
def baseline_costs() -> dict[str, tuple[str, float]]:
    """Cost per 1,000 later applications of approving everyone and of the best one-column
    rule (its cut chosen on the training applications)."""
    train, test = hidden_populations()
    y_train, y_test = train[CREDIT_TARGET].to_numpy(), test[CREDIT_TARGET].to_numpy()
    best = None
    for column, sign in RULE_COLUMNS.items():
        values = train[column].to_numpy(dtype=float)
        for cut in np.unique(values):
            cost = _rule_cost(values, y_train, sign, cut)
            if best is None or cost < best[0]:
                best = (cost, column, sign, cut)
    _, column, sign, cut = best
    rule = f"reject when {column} {'>=' if sign > 0 else '<='} {cut:g}"
    return {
        "approve everyone": ("approve everyone", cost_per_1000(y_test, np.zeros(len(y_test)), 0.5)),
        "rule": (rule, _rule_cost(test[column].to_numpy(dtype=float), y_test, sign, cut)),
    }


def _experiment(candidate: Any, applications: pd.DataFrame) -> dict:
    try:
        reply = candidate_run(candidate, experiment_in_sandbox, applications)
    except WrongAnswer as wrong:
        if "could not read" not in str(wrong):
            raise
        raise WrongAnswer(
            f"{wrong} Build every model from scikit-learn's own parts (Pipeline, "
            "ColumnTransformer, OneHotEncoder, FunctionTransformer(np.log1p)…): a class or "
            "function defined in your notebook cannot travel to the grader, nor to production."
        ) from None
    if not same_data(applications, reply["after"]):
        raise WrongAnswer(
            "`credit_experiment` changed the applications it was given. Work on a copy (or "
            "build new frames): the caller still needs the data as it came."
        )
    experiment = reply["experiment"]
    if not isinstance(experiment, dict):
        raise WrongAnswer(
            f"`credit_experiment` returned a {type(experiment).__name__}; return a dict with the keys {', '.join(EXPERIMENT_KEYS)}."
        )
    missing = [key for key in EXPERIMENT_KEYS if key not in experiment]
    if missing:
        raise WrongAnswer(
            f"The experiment has no {', '.join(missing)}. It holds: "
            + "; ".join(f"`{k}`: {v}" for k, v in EXPERIMENT_KEYS.items())
            + "."
        )
    return experiment


def _mismatches(table: pd.DataFrame, true: pd.DataFrame) -> pd.DataFrame:
    merged = table.merge(true, on=["model", "fold"], suffixes=("", "_true"))
    cost_tolerance = np.maximum(COST_FLOOR, COST_TOLERANCE * merged["cost_per_1000_true"].abs())
    wrong = ((merged["auc"] - merged["auc_true"]).abs() > AUC_TOLERANCE) | (
        (merged["cost_per_1000"] - merged["cost_per_1000_true"]).abs() > cost_tolerance
    )
    return merged[wrong | merged[["auc", "cost_per_1000"]].isna().any(axis=1)]


def _compare_tables(table, recomputed, models, folds, applications) -> None:
    wrong = _mismatches(table, recomputed.table)
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


def _check_choice(experiment, table, recomputed) -> tuple[str, float]:
    chosen = experiment["chosen"]
    if not isinstance(chosen, str) or chosen not in recomputed.oof:
        raise WrongAnswer(
            f"`chosen` is {chosen!r}; it should be the name of one of your models ({', '.join(recomputed.oof)})."
        )
    means = recomputed.table.groupby("model")["cost_per_1000"].mean()
    if means[chosen] > means.min() * (1 + CHOICE_TOLERANCE) + 1e-9:
        raise WrongAnswer(
            f"You chose {chosen!r}, which costs {means[chosen]:.1f} per 1,000 applications on "
            f"average over your folds; {means.idxmin()!r} costs {means.min():.1f}. The business "
            "pays the cost matrix, not the AUC: choose the model that costs least on your "
            "validation folds (or explain a tie of a few percent)."
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
    row_threshold = float(table.loc[table["model"] == chosen, "threshold"].iloc[0])
    if abs(row_threshold - float(threshold)) > 1e-9:
        raise WrongAnswer(
            f"`threshold` is {threshold}, but the results table costs {chosen!r} at {row_threshold}: use one threshold for the chosen model."
        )
    truth, proba = recomputed.oof[chosen]
    grid = np.unique(np.concatenate([proba, np.linspace(0.01, 0.99, 99)]))
    costs = np.array([cost_per_1000(truth, proba, t) for t in grid])
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
    return chosen, float(threshold)


def _check_final(experiment, models, chosen, applications) -> Any:
    final = experiment["final_model"]
    X, y = features_of(applications), applications[CREDIT_TARGET].to_numpy().astype(bool)
    if not callable(getattr(final, "predict_proba", None)):
        raise WrongAnswer(
            f"`final_model` is a {type(final).__name__}; it should be the chosen model, fitted."
        )
    try:
        mine = positive_proba(final, X)
    except WrongAnswer:
        raise
    except Exception as error:  # noqa: BLE001 - not fitted, or fitted on other columns
        raise WrongAnswer(
            f"`final_model.predict_proba` on the applications raised {type(error).__name__}: {error}. Return the chosen model fitted on every application you were given."
        ) from None
    order = np.argsort(pd.to_datetime(applications[DATE_COLUMN]).to_numpy(), kind="stable")
    for rows in (np.arange(len(X)), order):  # as given, or sorted by date
        refit = fit(models[chosen], X.iloc[rows], y[rows], chosen)
        if np.max(np.abs(positive_proba(refit, X) - mine)) <= 1e-6:
            return final
    raise WrongAnswer(
        f"`final_model` predicts differently from {chosen!r} refitted on all "
        f"{len(X):,} applications you were given. After choosing, fit a fresh copy of the "
        "chosen model on every application (all folds' rows): the folds were for choosing; "
        "production gets all the data."
    )


@register(
    "E2",
    module=MODULE,
    title="Course checkpoint 2 — credit risk",
    function="credit_experiment",
    also=("write_model_card",),
    notebook="checkpoints/course_2_credit_exam.py",
    solution="checkpoints/solutions/course_2_credit_exam.py",
    minutes=150,
    difficulty="hard",
    hints=(
        (
            "Folds first. The rows are in `application_id` order, not time order: "
            "`order = np.argsort(applications['applied_at'].to_numpy(), kind='stable')`, "
            "then `TimeSeriesSplit(n_splits=4).split(order)` cuts the sorted positions; "
            "`(order[train], order[valid])` maps each fold back to row positions."
        ),
        (
            "Each model is a Pipeline from scikit-learn parts that takes the applications "
            "without `defaulted`: a ColumnTransformer keeps the columns known at application "
            "(read the data dictionary: two are recorded only after the outcome) and encodes "
            "the text ones. Fit every model on the same folds; keep the validation "
            "probabilities; `roc_auc_score` and `cost_per_1000` make the table."
        ),
        (
            "Threshold: pool the chosen model's validation probabilities over the folds and "
            "try `cost_per_1000(y, proba, t)` for many `t`; keep the cheapest. Then "
            "`clone(models[chosen]).fit(X, y)` on every row is the final model. Build the "
            "card's sentences from those numbers with f-strings, never by hand."
        ),
    ),
    timeout_s=120.0,
)
def check_credit_experiment(candidate: Any) -> str:
    applications, later = hidden_populations()
    experiment = _experiment(candidate, applications)
    folds = check_folds(experiment["folds"], applications)
    models = check_models(experiment["models"])
    table = check_results(experiment["results"], models, len(folds))
    recomputed = recompute(models, folds, applications, table)
    last_valid = features_of(applications).iloc[folds[-1][1]]
    for name, fitted in recomputed.fitted_last.items():
        column = leaked_column(fitted, last_valid)
        if column is not None:
            raise WrongAnswer(leak_feedback(name, column))
    _compare_tables(table, recomputed, models, folds, applications)
    chosen, threshold = _check_choice(experiment, table, recomputed)
    final = _check_final(experiment, models, chosen, applications)

    X_later = features_of(later)
    y_later = later[CREDIT_TARGET].to_numpy()
    cost = cost_per_1000(y_later, positive_proba(final, X_later), threshold)
    baselines = baseline_costs()
    (_, approve_all), (rule, rule_cost) = baselines["approve everyone"], baselines["rule"]
    bar = (1 - PASS_MARGIN) * min(approve_all, rule_cost)
    measured = (
        f"Your {chosen!r} at threshold {threshold:.3g} costs {cost:.1f} per 1,000 applications "
        f"on {len(later):,} later applications you never saw (AUC "
        f"{roc_auc_score(y_later, positive_proba(final, X_later)):.3f}); approving everyone "
        f"costs {approve_all:.1f}, the best one-column rule ({rule}) {rule_cost:.1f}."
    )
    if cost > bar:
        raise WrongAnswer(
            f"{measured} The bar is {bar:.1f} ({PASS_MARGIN:.0%} below the better baseline). "
            "Your validation is sound; what does the model not use yet that the data "
            "dictionary offers?"
        )
    try:
        reply = candidate_run(
            candidate, card_in_sandbox, experiment, applications, answer="write_model_card"
        )
    except NotAttempted:
        raise NotAttempted(
            f"`credit_experiment` passes every check ({measured}) Now write "
            "`write_model_card`: it still raises NotImplementedError."
        ) from None
    if not same_data(applications, reply["after"]):
        raise WrongAnswer(
            "`write_model_card` changed the applications it was given. Work on a copy."
        )
    check_card(reply["card"], experiment, applications, recomputed.table, folds)
    return (
        f"{measured} {len(models)} models on the same {len(folds)} walk-forward folds, every "
        f"number recomputed, no column known only after the outcome ({', '.join(LEAK_COLUMNS)}) "
        "used, the threshold tuned on validation folds, and a model card that checks out."
    )
