"""Course checkpoint 2's practical exam (E2, credit risk), proven three ways: the reference
solution passes and the untouched stubs are not attempted (``test_every_check.py``), and
the plausible wrong answers below fail with feedback that names the mistake. Correct
answers written differently (other folds, other model families, pandas, numpy or polars
for the folds, another card) pass.

The candidates here use small, fast models (the check's rules do not depend on the
models' size) so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    ExtraTreesClassifier,
    HistGradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold, TimeSeriesSplit
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.tree import DecisionTreeClassifier

from pokemon_ml.data.credit import (
    COST_MATRIX,
    CREDIT_TARGET,
    DATE_COLUMN,
    SHOCK_DATE,
    cost_per_1000,
)
from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

SOLUTION = notebook_functions("checkpoints/solutions/course_2_credit_exam.py", "write_model_card")
CATEGORICAL = ["region", "employment", "home_ownership", "purpose"]
NUMERIC = [
    "age", "employment_years", "annual_income", "debt_to_income", "credit_history_years",
    "delinquencies_2y", "credit_utilization", "loan_amount", "term_months",
]  # fmt: skip


def encoder(dense: bool = False, numeric: list[str] = NUMERIC) -> ColumnTransformer:
    return ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=not dense), CATEGORICAL),
        ("numbers", StandardScaler(), numeric),
    ])  # fmt: skip


def fast_models() -> dict:
    return {
        "logistic": make_pipeline(encoder(), LogisticRegression(max_iter=500)),
        "tree": make_pipeline(
            encoder(), DecisionTreeClassifier(max_depth=4, min_samples_leaf=50, random_state=0)
        ),
        "forest": make_pipeline(
            encoder(dense=True),
            RandomForestClassifier(
                n_estimators=20, max_depth=6, min_samples_leaf=20, random_state=0
            ),
        ),
    }


def walk_forward(applications: pd.DataFrame, n_splits: int = 3) -> list:
    order = np.argsort(applications[DATE_COLUMN].to_numpy(), kind="stable")
    return [(order[a], order[b]) for a, b in TimeSeriesSplit(n_splits).split(order)]


def pooled_threshold(truth, proba) -> float:
    candidates = np.unique(proba)
    return float(candidates[np.argmin([cost_per_1000(truth, proba, t) for t in candidates])])


def fold_predictions(model, folds, X, y) -> list[np.ndarray]:
    return [clone(model).fit(X.iloc[tr], y[tr]).predict_proba(X.iloc[va])[:, 1] for tr, va in folds]


def results_table(
    models: dict, folds: list, applications: pd.DataFrame, tune=pooled_threshold, cost=cost_per_1000
) -> pd.DataFrame:
    X, y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET].to_numpy()
    rows = []
    for name, model in models.items():
        probas = fold_predictions(model, folds, X, y)
        threshold = tune(np.concatenate([y[va] for _, va in folds]), np.concatenate(probas))
        for fold, ((_, va), proba) in enumerate(zip(folds, probas)):
            rows.append({
                "model": name, "fold": fold, "auc": roc_auc_score(y[va], proba),
                "cost_per_1000": cost(y[va], proba, threshold), "threshold": threshold,
            })  # fmt: skip
    return pd.DataFrame(rows)


def finish(
    applications: pd.DataFrame, folds: list, models: dict, results: pd.DataFrame, **changes
) -> dict:
    """The experiment dict, its choice the cheapest model; ``changes`` override keys."""
    X, y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET].to_numpy()
    chosen = changes.pop("chosen", results.groupby("model")["cost_per_1000"].mean().idxmin())
    experiment = {
        "folds": folds,
        "models": models,
        "results": results,
        "chosen": chosen,
        "threshold": float(results.loc[results["model"] == chosen, "threshold"].iloc[0]),
        "final_model": clone(models[chosen]).fit(X, y),
    }
    return {**experiment, **changes}


def good_experiment(applications: pd.DataFrame) -> dict:
    folds, models = walk_forward(applications), fast_models()
    return finish(applications, folds, models, results_table(models, folds, applications))


def card(experiment, applications):
    return SOLUTION.write_model_card(experiment, applications)


# ------------------------------------------------------------------ wrong answers
def random_kfold(applications):
    folds = list(KFold(3, shuffle=True, random_state=0).split(applications))
    models = fast_models()
    return finish(applications, folds, models, results_table(models, folds, applications))


def time_series_split_unsorted(applications):
    folds = list(TimeSeriesSplit(3).split(applications))  # rows are in application_id order
    models = fast_models()
    return finish(applications, folds, models, results_table(models, folds, applications))


def only_two_models(applications):
    folds, models = walk_forward(applications), dict(list(fast_models().items())[:2])
    return finish(applications, folds, models, results_table(models, folds, applications))


def three_logistic_regressions(applications):
    folds = walk_forward(applications)
    models = {
        f"logistic_C{c}": make_pipeline(encoder(), LogisticRegression(C=c, max_iter=500))
        for c in (0.1, 1.0, 10.0)
    }
    return finish(applications, folds, models, results_table(models, folds, applications))


def different_folds_per_model(applications):
    """The tree is scored on folds with a gap, the others on the folds returned."""
    folds, models = walk_forward(applications), fast_models()
    order = np.argsort(applications[DATE_COLUMN].to_numpy(), kind="stable")
    gapped = [(order[a], order[b]) for a, b in TimeSeriesSplit(3, gap=300).split(order)]
    results = pd.concat([
        results_table({k: v for k, v in models.items() if k != "tree"}, folds, applications),
        results_table({"tree": models["tree"]}, gapped, applications),
    ])  # fmt: skip
    return finish(applications, folds, models, results)


def typed_table(applications):
    """Numbers copied from a run on the notebook's data."""
    folds, models = walk_forward(applications), fast_models()
    results = pd.DataFrame({
        "model": [m for m in models for _ in range(3)], "fold": [0, 1, 2] * 3,
        "auc": [0.76, 0.77, 0.74, 0.70, 0.71, 0.69, 0.74, 0.75, 0.73],
        "cost_per_1000": [360.0, 350.0, 390.0, 400.0, 395.0, 420.0, 370.0, 365.0, 400.0],
        "threshold": [0.17] * 3 + [0.15] * 3 + [0.16] * 3,
    })  # fmt: skip
    return finish(applications, folds, models, results, chosen="logistic")


def numbers_as_text(applications):
    experiment = good_experiment(applications)
    experiment["results"] = experiment["results"].assign(
        auc=lambda t: t["auc"].map("{:.4f}".format)
    )
    return experiment


def leaky_model(applications):
    folds, models = walk_forward(applications), fast_models()
    models["logistic"] = make_pipeline(
        encoder(numeric=[*NUMERIC, "collections_calls"]), LogisticRegression(max_iter=500)
    )
    return finish(applications, folds, models, results_table(models, folds, applications))


def threshold_one_half(applications):
    folds, models = walk_forward(applications), fast_models()
    return finish(
        applications, folds, models, results_table(models, folds, applications, tune=lambda *_: 0.5)
    )


def rejects_only_above(applications):
    """Its own cost function: reject when P(default) > threshold (the rule says >=)."""

    def cost_above(truth, proba, threshold):
        reject = np.asarray(proba) > threshold
        return 1000 * np.mean(np.where(truth, 5.0 * ~reject, 1.0 * reject))

    folds, models = walk_forward(applications), fast_models()
    return finish(
        applications, folds, models, results_table(models, folds, applications, cost=cost_above)
    )


def tuned_only_the_favourite(applications):
    """Only the tree's threshold is tuned; the others are costed at 0.5."""
    folds, models = walk_forward(applications), fast_models()
    results = pd.concat([
        results_table({"tree": models["tree"]}, folds, applications),
        results_table({k: v for k, v in models.items() if k != "tree"}, folds, applications, tune=lambda *_: 0.5),
    ])  # fmt: skip
    return finish(applications, folds, models, results)


def overfit_forests() -> dict:
    return {
        "forest": make_pipeline(
            encoder(dense=True), RandomForestClassifier(n_estimators=30, random_state=0)
        ),
        "naive_bayes": make_pipeline(encoder(dense=True), GaussianNB()),
        "stump": make_pipeline(encoder(), DecisionTreeClassifier(max_depth=1, random_state=0)),
    }


def threshold_tuned_on_training_rows(applications):
    """The forest's threshold, tuned on the predictions of the rows it was fitted on."""
    X, y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET].to_numpy()
    folds, models = walk_forward(applications), overfit_forests()
    results = results_table(models, folds, applications)
    experiment = finish(applications, folds, models, results, chosen="forest")
    in_sample = experiment["final_model"].predict_proba(X)[:, 1]
    threshold = experiment["threshold"] = pooled_threshold(y, in_sample)
    forest = results["model"] == "forest"
    probas = fold_predictions(models["forest"], folds, X, y)
    results.loc[forest, "threshold"] = threshold
    results.loc[forest, "cost_per_1000"] = [
        cost_per_1000(y[va], p, threshold) for (_, va), p in zip(folds, probas)
    ]
    return experiment


def chose_by_name(applications):
    experiment = good_experiment(applications)
    means = experiment["results"].groupby("model")["cost_per_1000"].mean()
    worst = means.idxmax()
    X, y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET].to_numpy()
    return {
        **experiment, "chosen": worst,
        "threshold": float(experiment["results"].query("model == @worst")["threshold"].iloc[0]),
        "final_model": clone(experiment["models"][worst]).fit(X, y),
    }  # fmt: skip


def final_model_on_last_fold(applications):
    experiment = good_experiment(applications)
    X, y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET].to_numpy()
    train, _ = experiment["folds"][-1]
    experiment["final_model"] = clone(experiment["models"][experiment["chosen"]]).fit(
        X.iloc[train], y[train]
    )
    return experiment


def sorts_in_place(applications):
    applications.sort_values(DATE_COLUMN, inplace=True)
    return good_experiment(applications.reset_index(drop=True))


def peeks_at_the_later_applications(applications):
    """Tunes the threshold on the grader's later population, generated from its seed."""
    from datetime import date

    from pokemon_ml.data.credit import make_credit

    later = make_credit(27_182, 3_000, date(2024, 1, 1), 6).to_pandas()
    experiment = good_experiment(applications)
    proba = experiment["final_model"].predict_proba(later.drop(columns=CREDIT_TARGET))[:, 1]
    experiment["threshold"] = pooled_threshold(later[CREDIT_TARGET].to_numpy(), proba)
    return experiment


class MyThreshold(BaseEstimator, ClassifierMixin):  # a class of the learner's own
    def __init__(self, column: str = "debt_to_income") -> None:
        self.column = column

    def fit(self, X, y):
        self.classes_ = np.array([False, True])
        return self

    def predict_proba(self, X):
        p = np.clip(X[self.column].to_numpy(dtype=float), 0, 1)
        return np.column_stack([1 - p, p])


def own_class(applications):
    folds, models = walk_forward(applications), fast_models()
    models["rule"] = MyThreshold()
    return finish(applications, folds, models, results_table(models, folds, applications))


def card_typed_cost(experiment, applications):
    made = card(experiment, applications)
    made["summary"] += " Last quarter it would have cost 312.5 per 1,000 applications."
    return made


def card_without_drift(experiment, applications):
    made = card(experiment, applications)
    made["limitations"] = ["Validated on walk-forward folds only."]
    return made


def card_last_fold_numbers(experiment, applications):
    """The comparison quotes each model's last fold instead of its mean."""
    made = card(experiment, applications)
    last = experiment["results"].groupby("model").last()
    made["comparison"] = {
        m: {"auc": float(r["auc"]), "cost_per_1000": float(r["cost_per_1000"])}
        for m, r in last.iterrows()
    }
    return made


def card_rows_of_a_fold(experiment, applications):
    made = card(experiment, applications)
    made["data"]["rows"] = len(experiment["folds"][-1][0])
    return made


def card_stub(experiment, applications):
    raise NotImplementedError


@pytest.mark.parametrize(
    ("candidate", "fragments"),
    [
        (random_kfold, ["validates on", "K-fold on shuffled rows", "walk forward in time"]),
        (time_series_split_unsorted, ["not in time order", "sort by `applied_at`"]),
        (only_two_models, ["at least 3 candidates", "got 2 model(s)"]),
        (
            three_logistic_regressions,
            ["Every candidate is a LogisticRegression", "tuning, not a comparison"],
        ),
        (
            different_folds_per_model,
            ["'tree' on fold", "match the folds you returned", "same folds"],
        ),
        (typed_table, ["None of the table's numbers", "typed in"]),
        (numbers_as_text, ["`results['auc']` holds", "should hold numbers"]),
        (
            leaky_model,
            ["Model 'logistic' uses `collections_calls`", "only after the outcome", "blank"],
        ),
        (rejects_only_above, ["*above* the threshold", "*at least* the threshold"]),
        (threshold_one_half, ["At your threshold 0.5", "0.5 is the default", "cost matrix"]),
        (
            threshold_tuned_on_training_rows,
            ["At your threshold", "not on the rows it was trained on"],
        ),
        (
            tuned_only_the_favourite,
            ["With its own best threshold", "every candidate gets its threshold tuned"],
        ),
        (chose_by_name, ["You chose", "costs least on your validation folds"]),
        (final_model_on_last_fold, ["`final_model` predicts differently", "every application"]),
        (sorts_in_place, ["changed the applications"]),
        (peeks_at_the_later_applications, ["called `make_credit`", "not yours to see"]),
        (own_class, ["scikit-learn's own parts"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_experiment_wrong_answers(candidate, fragments) -> None:
    assert_fails("E2", candidate, *fragments, write_model_card=card)


@pytest.mark.parametrize(
    ("card_candidate", "fragments"),
    [
        (card_typed_cost, ["'312.5'", "no number recomputed"]),
        (card_without_drift, ["No limitation says what drift"]),
        (card_last_fold_numbers, ["mean over your folds"]),
        (card_rows_of_a_fold, ["rows; the applications you were given have"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_model_card_wrong_answers(card_candidate, fragments) -> None:
    assert_fails("E2", good_experiment, *fragments, write_model_card=card_candidate)


def test_a_passing_experiment_with_a_stub_card_is_not_attempted() -> None:
    feedback = assert_fails(
        "E2",
        good_experiment,
        "write_model_card",
        status="not_attempted",
        write_model_card=card_stub,
    )
    assert "passes every check" in feedback


# ------------------------------------------------------- correct answers, other styles
def halfyear_folds_with_pandas(applications):
    """Validate on each half-year of the last two years, train on everything before."""
    dates = pd.to_datetime(applications[DATE_COLUMN])
    starts = pd.date_range("2022-01-01", periods=4, freq="6MS")
    folds = [
        (
            np.flatnonzero(dates < start),
            np.flatnonzero((dates >= start) & (dates < start + pd.DateOffset(months=6))),
        )
        for start in starts
    ]
    models = {
        "logistic": make_pipeline(encoder(), LogisticRegression(C=0.5, max_iter=500)),
        "extra_trees": make_pipeline(
            encoder(dense=True),
            ExtraTreesClassifier(n_estimators=30, min_samples_leaf=30, random_state=1),
        ),
        "boosting": make_pipeline(
            encoder(dense=True),
            HistGradientBoostingClassifier(max_iter=30, max_depth=3, random_state=1),
        ),
    }

    def mean_fold_cost_grid(truth, proba):  # minimise the mean of the folds' costs on a grid
        grid = np.linspace(0.02, 0.6, 117)
        return float(grid[np.argmin([cost_per_1000(truth, proba, t) for t in grid])])

    return finish(
        applications,
        folds,
        models,
        results_table(models, folds, applications, tune=mean_fold_cost_grid),
    )


def card_in_words(experiment, applications):
    """Another card: percentages, a different story, numbers from pandas."""
    results = experiment["results"]
    means = results.groupby("model")[["auc", "cost_per_1000"]].mean()
    chosen = experiment["chosen"]
    dates = pd.to_datetime(applications[DATE_COLUMN])
    rate = applications[CREDIT_TARGET].mean()
    late = applications.loc[dates >= pd.Timestamp(SHOCK_DATE), CREDIT_TARGET].mean()
    saving = 1 - means.loc[chosen, "cost_per_1000"] / (1000 * 5 * rate)
    return {
        "summary": f"Use the {chosen} model. Compared with approving every application it saves "
        f"{saving:.0%} of the expected cost on validation months it never trained on, and "
        f"ranks defaulters above good payers with an AUC of {means.loc[chosen, 'auc']:.2f}.",
        "intended_use": "Decision support for loan officers on new applications.",
        "data": {
            "rows": int(len(applications)),
            "start": dates.min(),
            "end": dates.max(),
            "default_rate": rate,
        },
        "comparison": means.to_dict(orient="index"),
        "chosen_model": chosen,
        "threshold": experiment["threshold"],
        "validation": means.loc[chosen].to_dict(),
        "cost_matrix": COST_MATRIX,
        "limitations": [
            f"Default rates shifted to {late:.1%} after the rate shock; retrain as rates move."
        ],
    }


def gapped_blocks_with_numpy(applications):
    """Five expanding folds cut with numpy, with 30 days left out before each validation block."""
    days = applications[DATE_COLUMN].to_numpy().astype("datetime64[D]")
    order = np.argsort(days, kind="stable")
    blocks = np.array_split(order, 6)
    folds = []
    for k in range(1, 6):
        valid = blocks[k]
        first = days[valid].min()
        train = np.concatenate(blocks[:k])
        folds.append((train[days[train] < first - np.timedelta64(30, "D")], valid))
    models = {
        "logistic": make_pipeline(encoder(), LogisticRegression(max_iter=500)),
        "naive_bayes": make_pipeline(encoder(dense=True), GaussianNB()),
        "tree": make_pipeline(
            encoder(), DecisionTreeClassifier(max_depth=5, min_samples_leaf=40, random_state=3)
        ),
    }
    return finish(applications, folds, models, results_table(models, folds, applications))


def sliding_windows_with_polars(applications):
    """A sliding 12-month training window before each half-year validated (polars)."""
    frame = pl.from_pandas(applications[[DATE_COLUMN]]).with_row_index("position")
    folds = []
    for start in pd.date_range("2022-01-01", periods=4, freq="6MS"):
        window = pl.col(DATE_COLUMN).is_between(
            start - pd.DateOffset(months=12), start, closed="left"
        )
        ahead = pl.col(DATE_COLUMN).is_between(
            start, start + pd.DateOffset(months=6), closed="left"
        )
        folds.append(
            (
                frame.filter(window)["position"].to_numpy().astype(np.int64),
                frame.filter(ahead)["position"].to_numpy().astype(np.int64),
            )
        )
    models = fast_models()
    return finish(applications, folds, models, results_table(models, folds, applications))


@pytest.mark.parametrize(
    ("candidate", "card_candidate"),
    [
        (halfyear_folds_with_pandas, card_in_words),
        (gapped_blocks_with_numpy, card),
        (sliding_windows_with_polars, card),
    ],
    ids=["pandas-halfyears", "numpy-gapped-5-folds", "polars-sliding-window"],
)
def test_correct_answers_in_other_styles_pass(candidate, card_candidate) -> None:
    assert_passes("E2", candidate, write_model_card=card_candidate)
