# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import numpy as np
    import pandas as pd
    from sklearn.base import clone
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import KFold, TimeSeriesSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import load_dataset
    from pokemon_ml.data.credit import (
        COLUMNS,
        COST_MATRIX,
        CREDIT_TARGET,
        DATE_COLUMN,
        LEAK_COLUMNS,
        SHOCK_DATE,
        cost_per_1000,
    )
    from pokemon_ml.grading.checks.e2_card import CARD_SECTIONS
    from pokemon_ml.grading.checks.e2_experiment import EXPERIMENT_KEYS
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Course checkpoint 2 — credit risk (reference solution)

    A lender wants a model that says which loan applications to reject. You have three
    years of past applications and what became of them. The model will be used on
    applications that arrive *after* those three years, in a world that changed during
    them; a wrong approval costs five times a wrong rejection.

    This exam puts Modules 3 and 4 together on data you have not seen: validation that
    tells the truth about the future, a fair comparison of at least three models, a
    threshold chosen from the costs, and a model card whose every number is real. Plan
    two to three hours.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("E2")
    return


@app.cell(hide_code=True)
def _():
    _keys = "\n".join(f"| `{key}` | {meaning} |" for key, meaning in EXPERIMENT_KEYS.items())
    mo.md(f"""
    ## The brief

    Write **`credit_experiment(applications)`**. It receives past applications with their
    outcome `{CREDIT_TARGET}` and returns a dict:

    | key | what it holds |
    |:---|:---|
    {_keys}

    Every model takes the applications **without `{CREDIT_TARGET}`** (all other columns,
    as given) and is built from scikit-learn's own parts, so that it can travel to the
    grader (and to production); give every model that has a `random_state` an integer
    one, so that the grader's refit gets your numbers. `fold` in `results` numbers the
    folds from 0 in the order of `folds`; `auc` is `roc_auc_score` on the fold's
    validation rows and `cost_per_1000` is `cost_per_1000(y, proba, threshold)` there,
    at the model's one threshold. The rows come in `application_id` order, which is
    not time order.

    """)
    return


@app.cell(hide_code=True)
def _():
    _card = "\n".join(f"| `{key}` | {meaning} |" for key, meaning in CARD_SECTIONS.items())
    mo.md(f"""
    ## The model card

    Write **`write_model_card(experiment, applications)`**: a dict with

    | key | what it holds |
    |:---|:---|
    {_card}

    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## How it is graded

    The grader runs your two functions on three years of applications it generated
    itself, from a seed no notebook shows (your code gets them; generating data of its
    own is refused). In its own process it

    1. checks that every fold validates only on applications dated on or after every
       training application of that fold (the future is never in training);
    2. refits every model on every fold and recomputes your table — same folds for
       every model, and numbers that are real;
    3. shuffles each column known only after the outcome and fails any model whose
       predictions move;
    4. checks your threshold (near the cheapest on the chosen model's validation
       predictions) and your choice (the cheapest model on your folds — and no other
       candidate clearly cheaper at its own best threshold: tune every candidate the
       same way);
    5. checks the final model is the chosen one refitted on every application, then
       scores it at your threshold on **six later months of applications you never
       see**, those two columns blank as at decision time: it must cost at least 5%
       less per 1,000 applications than the better of approving everyone and the best
       one-column rule;
    6. recomputes every number on your card, in its fields and in its sentences.
    """)
    return


@app.cell(hide_code=True)
def _():
    _rows = "\n".join(
        f"| `{name}` | {meaning} | {'**' + when + '**' if when != 'at application' else when} |"
        for name, (meaning, when) in COLUMNS.items()
    )
    _costs = "\n".join(
        f"| {key.replace('_', ' ')} | {value:g} |" for key, value in COST_MATRIX.items()
    )
    mo.md(f"""
    ## The data dictionary

    | column | meaning | known |
    |:---|:---|:---|
    {_rows}

    ## The cost matrix

    In units of "one good customer turned away" (`COST_MATRIX`):

    | decision and outcome | cost |
    |:---|---:|
    {_costs}

    `cost_per_1000(defaulted, proba, threshold)` rejects every application whose
    probability of default is **at least** `threshold` and returns the expected cost
    per 1,000 applications.
    """)
    return


@app.cell
def _():
    applications = load_dataset("credit")
    applications.head()
    return (applications,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Explore

    Before any model: how many defaults, and does the rate move over time?
    """)
    return


@app.cell
def _(applications):
    _year = pd.to_datetime(applications[DATE_COLUMN]).dt.year
    applications.groupby(_year)[CREDIT_TARGET].agg(["size", "mean"]).rename(
        columns={"size": "applications", "mean": "default_rate"}
    )
    return


@app.cell
def _(applications):
    _after = pd.to_datetime(applications[DATE_COLUMN]) >= pd.Timestamp(SHOCK_DATE)
    _band = pd.cut(applications["debt_to_income"], [0, 0.2, 0.3, 0.4, 0.5, 1])
    applications.groupby([_band, _after], observed=True)[CREDIT_TARGET].mean().unstack().rename(
        columns={False: "before the shock", True: "after"}
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Defaults jump in the last year, and most for applicants already deep in debt: a
    model validated on random folds learns from that year and is scored on earlier
    ones. Let us measure how much that flatters it, with one logistic regression.
    """)
    return


@app.cell
def _(applications):
    _X, _y = applications.drop(columns=CREDIT_TARGET), applications[CREDIT_TARGET]
    _order = np.argsort(applications[DATE_COLUMN].to_numpy(), kind="stable")
    _schemes = {
        "random 4-fold": list(KFold(4, shuffle=True, random_state=0).split(_X)),
        "walk-forward, 4 folds": walk_forward_folds(applications, 4),
    }
    _rows = []
    for _scheme, _folds in _schemes.items():
        for _train, _valid in _folds:
            _model = clone(candidate_models()["logistic"]).fit(_X.iloc[_train], _y.iloc[_train])
            _p = _model.predict_proba(_X.iloc[_valid])[:, 1]
            _rows.append({"scheme": _scheme, "auc": roc_auc_score(_y.iloc[_valid], _p)})
    pd.DataFrame(_rows).groupby("scheme")["auc"].agg(["mean", "std"])
    return


@app.function
def walk_forward_folds(applications: pd.DataFrame, n_splits: int = 4) -> list:
    """Expanding-window folds in time: each validates on the block after its training rows.

    Args:
        applications: rows in any order, with ``applied_at``.
        n_splits: validation blocks.

    Returns:
        ``(train_positions, valid_positions)`` pairs, positions into ``applications``.
    """
    order = np.argsort(applications[DATE_COLUMN].to_numpy(), kind="stable")
    splitter = TimeSeriesSplit(n_splits=n_splits)
    return [(order[train], order[valid]) for train, valid in splitter.split(order)]


@app.function
def candidate_models() -> dict:
    """Three kinds of model on the columns known at application (never the leaks)."""
    categorical = ["region", "employment", "home_ownership", "purpose"]
    skewed = ["annual_income", "loan_amount"]
    numeric = [
        "age", "employment_years", "debt_to_income", "credit_history_years",
        "delinquencies_2y", "credit_utilization", "term_months",
    ]  # fmt: skip
    linear = ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore"), categorical),
        ("money", make_pipeline(FunctionTransformer(np.log1p), StandardScaler()), skewed),
        ("numbers", StandardScaler(), numeric),
    ])  # fmt: skip
    trees = ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
        ("numbers", "passthrough", skewed + numeric),
    ])  # fmt: skip
    return {
        "logistic": make_pipeline(linear, LogisticRegression(max_iter=1_000)),
        "random_forest": make_pipeline(
            trees,
            RandomForestClassifier(
                n_estimators=50, max_depth=8, min_samples_leaf=20, n_jobs=1, random_state=0
            ),
        ),
        "gradient_boosting": make_pipeline(
            clone(trees),
            HistGradientBoostingClassifier(
                max_iter=80, learning_rate=0.08, max_depth=3, random_state=0
            ),
        ),
    }


@app.function
def cheapest_threshold(defaulted, proba) -> float:
    """The threshold with the lowest ``cost_per_1000`` over these predictions."""
    candidates = np.unique(np.asarray(proba))
    costs = [cost_per_1000(defaulted, proba, t) for t in candidates]
    return float(candidates[int(np.argmin(costs))])


@app.function
def credit_experiment(applications: pd.DataFrame) -> dict:
    """Compare candidate models on walk-forward folds, choose one and its threshold.

    Args:
        applications: past applications with their outcome ``defaulted``.

    Returns:
        A dict with the keys of ``EXPERIMENT_KEYS``.
    """
    X = applications.drop(columns=CREDIT_TARGET)
    y = applications[CREDIT_TARGET].to_numpy()
    folds = walk_forward_folds(applications, n_splits=4)
    models = candidate_models()
    rows = []
    for name, model in models.items():
        fold_predictions = []
        for train, valid in folds:
            fitted = clone(model).fit(X.iloc[train], y[train])
            fold_predictions.append(fitted.predict_proba(X.iloc[valid])[:, 1])
        pooled_truth = np.concatenate([y[valid] for _, valid in folds])
        threshold = cheapest_threshold(pooled_truth, np.concatenate(fold_predictions))
        for fold, ((_, valid), proba) in enumerate(zip(folds, fold_predictions)):
            rows.append({
                "model": name, "fold": fold,
                "auc": roc_auc_score(y[valid], proba),
                "cost_per_1000": cost_per_1000(y[valid], proba, threshold),
                "threshold": threshold,
            })  # fmt: skip
    results = pd.DataFrame(rows)
    chosen = results.groupby("model")["cost_per_1000"].mean().idxmin()
    return {
        "folds": folds,
        "models": models,
        "results": results,
        "chosen": chosen,
        "threshold": float(results.loc[results["model"] == chosen, "threshold"].iloc[0]),
        "final_model": clone(models[chosen]).fit(X, y),
    }


@app.function
def write_model_card(experiment: dict, applications: pd.DataFrame) -> dict:
    """The model card of ``experiment``: every number computed from it and the data.

    Args:
        experiment: what ``credit_experiment`` returned.
        applications: the applications it was run on.

    Returns:
        A dict with the keys of ``CARD_SECTIONS``.
    """
    dates = pd.to_datetime(applications[DATE_COLUMN])
    defaulted = applications[CREDIT_TARGET]
    means = experiment["results"].groupby("model")[["auc", "cost_per_1000"]].mean()
    chosen, threshold = experiment["chosen"], experiment["threshold"]
    best = means.loc[chosen]
    approve_all = 1000 * COST_MATRIX["approve_default"] * defaulted.mean()
    after = dates >= pd.Timestamp(SHOCK_DATE)
    runner_up = means.drop(index=chosen)["cost_per_1000"].idxmin()
    n_folds = len(experiment["folds"])
    return {
        "summary": (
            f"We recommend {chosen} to decide loan applications, rejecting those with a "
            f"probability of default of at least {threshold:.3f}. On {n_folds} walk-forward "
            f"folds it costs {best['cost_per_1000']:.1f} per 1,000 applications, against "
            f"{approve_all:.1f} for approving everyone and {means.loc[runner_up, 'cost_per_1000']:.1f} "
            f"for the next best candidate ({runner_up}); its mean AUC is {best['auc']:.3f}."
        ),
        "intended_use": (
            "Scores new personal-loan applications at the moment of decision, from what "
            "the applicant declares; a credit officer reviews every rejection. Not for "
            "pricing, limits or existing customers."
        ),
        "data": {
            "rows": len(applications),
            "start": dates.min().date().isoformat(),
            "end": dates.max().date().isoformat(),
            "default_rate": float(defaulted.mean()),
        },
        "comparison": {
            name: {"auc": float(row["auc"]), "cost_per_1000": float(row["cost_per_1000"])}
            for name, row in means.iterrows()
        },
        "chosen_model": chosen,
        "threshold": threshold,
        "validation": {"auc": float(best["auc"]), "cost_per_1000": float(best["cost_per_1000"])},
        "cost_matrix": dict(COST_MATRIX),
        "limitations": [
            f"Drift: defaults were {defaulted[~after].mean():.1%} before {SHOCK_DATE} and "
            f"{defaulted[after].mean():.1%} after the rate shock; the model assumes the "
            "future looks like the recent past. Watch the monthly default rate and retrain "
            "when it moves.",
            f"Validated on {n_folds} folds that walk forward in time; each fold's cost "
            "depends on the economy of its months.",
            "Columns recorded after the outcome "
            f"({', '.join(LEAK_COLUMNS)}) are never used: they do not exist at decision time.",
        ],
    }


@app.cell
def _(applications):
    try:
        experiment = credit_experiment(applications)
    except NotImplementedError:
        experiment = None
    experiment["results"] if experiment else mo.md(
        "*Write `credit_experiment`: your results table shows here.*"
    )
    return (experiment,)


@app.cell
def _(applications, experiment):
    _card = None
    if experiment is not None:
        try:
            _card = write_model_card(experiment, applications)
        except NotImplementedError:
            pass
    mo.md(_card["summary"]) if _card else mo.md(
        "*Write `write_model_card`: its summary shows here.*"
    )
    return


@app.cell
def _():
    hints_e2 = hint_button("E2")
    return (hints_e2,)


@app.cell
def _(hints_e2):
    live_check("E2", credit_experiment, hints_e2, write_model_card=write_model_card)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    * **Validation must look like deployment.** The lender scores applications that
      come after its data: folds that walk forward in time measure that; random
      K-fold lets the model learn from the future and flatters it.
    * **A comparison is fair only on the same folds**, with every model's numbers
      computed the same way — and reproducible (`random_state`).
    * **Columns recorded after the outcome are leaks**, however predictive: ask of
      each column *when is it known?*
    * **The threshold comes from the costs**, tuned on validation predictions, never on
      the rows the model was fitted on, never on the test set.
    * **A card is only as good as its numbers**: compute them, then write them.

    Next: the capstone, where you predict card prices and serve the model to people.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.accordion(
        {
            "Random K-fold scores your model higher than walk-forward folds. Which number "
            "goes on the card, and why?": mo.md(
                "The walk-forward one: the lender will use the model on applications that "
                "come *after* its training data. Random folds train on the shock year and "
                "validate on the calm years before it, which never happens in production."
            ),
            "A column lifts the AUC from 0.76 to 0.99. What one question would have caught "
            "it before any model was trained?": mo.md(
                "*When is this value known?* Collections calls and months since the last "
                "payment are recorded after the loan has defaulted (or not): at decision "
                "time they are blank."
            ),
            "For a perfectly calibrated model the cheapest threshold is 1/6. Why, and why "
            "is yours not exactly that?": mo.md(
                "Reject when the expected cost of approving, 5p, exceeds that of rejecting, "
                "1(1 - p): p > 1/6. Your model's probabilities are not perfectly calibrated "
                "— least of all after the shock — so the threshold is tuned on validation "
                "predictions instead."
            ),
        }
    )
    return


if __name__ == "__main__":
    app.run()
