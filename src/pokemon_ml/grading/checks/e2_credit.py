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
    LEAK_COLUMNS,
    cost_per_1000,
    make_credit,
)
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.e2_card import check_card
from pokemon_ml.grading.checks.e2_decisions import check_choice, check_final, compare_tables
from pokemon_ml.grading.checks.e2_experiment import (
    EXPERIMENT_KEYS,
    check_folds,
    check_models,
    check_results,
)
from pokemon_ml.grading.checks.e2_refit import (
    card_in_sandbox,
    experiment_in_sandbox,
    features_of,
    leak_feedback,
    leaked_column,
    recompute,
)
from pokemon_ml.grading.registry import register

__all__ = ["HIDDEN_TEST", "HIDDEN_TRAIN", "PASS_MARGIN", "baseline_costs", "hidden_populations"]

MODULE = 4  # taken after modules 3 and 4
# (seed, applications, first date, months): never shown in a notebook.
HIDDEN_TRAIN = (61_803, 3_000, date(2021, 1, 1), 36)
HIDDEN_TEST = (27_182, 3_000, date(2024, 1, 1), 6)  # the six months after, decided blind
PASS_MARGIN = 0.05  # the chosen model must cost at least 5% less than the better baseline
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


def _experiment(
    candidate: Any, applications: pd.DataFrame, later: pd.DataFrame
) -> tuple[dict, dict]:
    try:
        reply = candidate_run(candidate, experiment_in_sandbox, applications, features_of(later))
    except WrongAnswer as wrong:
        if "could not read" not in str(wrong):
            raise
        raise WrongAnswer(
            f"{wrong} Build every model from scikit-learn's own parts (Pipeline, "
            "ColumnTransformer, OneHotEncoder, FunctionTransformer(np.log1p)…): a class or "
            "function defined in your notebook cannot travel to the grader, nor to production; "
            "set every `random_state` to an integer."
        ) from None
    if "generated" in reply:
        raise WrongAnswer(
            "`credit_experiment` called `make_credit`: it generates applications of its own. "
            "Work on the applications you are given — the grader's later applications are "
            "not yours to see, and a model tuned on them would be graded on its own exam."
        )
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
    return experiment, reply["final"]


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
    experiment, final_predictions = _experiment(candidate, applications, later)
    folds = check_folds(experiment["folds"], applications)
    models = check_models(experiment["models"])
    table = check_results(experiment["results"], models, len(folds))
    recomputed = recompute(models, folds, applications, table)
    last_valid = features_of(applications).iloc[folds[-1][1]]
    for name, fitted in recomputed.fitted_last.items():
        column = leaked_column(fitted, last_valid)
        if column is not None:
            raise WrongAnswer(leak_feedback(name, column))
    compare_tables(table, recomputed, models, folds, applications)
    chosen, threshold = check_choice(experiment, table, recomputed, folds)
    later_proba = check_final(final_predictions, models, chosen, applications, features_of(later))

    y_later = later[CREDIT_TARGET].to_numpy()
    cost = cost_per_1000(y_later, later_proba, threshold)
    baselines = baseline_costs()
    (_, approve_all), (rule, rule_cost) = baselines["approve everyone"], baselines["rule"]
    bar = (1 - PASS_MARGIN) * min(approve_all, rule_cost)
    measured = (
        f"Your {chosen!r} at threshold {threshold:.3g} costs {cost:.1f} per 1,000 applications "
        f"on {len(later):,} later applications you never saw (AUC "
        f"{roc_auc_score(y_later, later_proba):.3f}); approving everyone "
        f"costs {approve_all:.1f}, the best one-column rule ({rule}) {rule_cost:.1f}."
    )
    if cost > bar:
        raise WrongAnswer(
            f"{measured} The bar is {bar:.1f} ({PASS_MARGIN:.0%} below the better baseline). "
            "Your validation is sound; what does the model not use yet that the data "
            "dictionary offers?"
        )
    try:
        reply = candidate_run(candidate, card_in_sandbox, applications, answer="write_model_card")
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
