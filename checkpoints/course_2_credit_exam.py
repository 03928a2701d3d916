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
# pokemon-ml = { path = "..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import numpy as np  # noqa: F401 - for your answers
    import pandas as pd

    # The parts a credit model is usually built from (use any others you like):
    from sklearn.base import clone  # noqa: F401
    from sklearn.compose import ColumnTransformer  # noqa: F401
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: F401
    from sklearn.linear_model import LogisticRegression  # noqa: F401
    from sklearn.metrics import roc_auc_score  # noqa: F401
    from sklearn.model_selection import KFold, TimeSeriesSplit  # noqa: F401
    from sklearn.pipeline import make_pipeline  # noqa: F401
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler  # noqa: F401

    from pokemon_ml import load_dataset
    from pokemon_ml.data.credit import (  # noqa: F401 - the exam's constants and cost
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
    # Course checkpoint 2 — credit risk

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
    ## Your space

    Explore before you model: which columns move the default rate, how the rate moves
    over time, what the two columns known only after the outcome would do to a
    model's score. Measure how random K-fold and folds that walk forward in time
    disagree, on one simple model. Add cells as you need them; small helper functions
    (`@app.function`) that your answers call are welcome.
    """)
    return


@app.cell
def _(applications):
    # scratch: try things here
    applications.describe()
    return


@app.function
def credit_experiment(applications: pd.DataFrame) -> dict:
    """Compare candidate models on walk-forward folds, choose one and its threshold.

    Args:
        applications: past applications with their outcome ``defaulted``.

    Returns:
        A dict with the keys of ``EXPERIMENT_KEYS``.
    """
    raise NotImplementedError


@app.function
def write_model_card(experiment: dict, applications: pd.DataFrame) -> dict:
    """The model card of ``experiment``: every number computed from it and the data.

    Args:
        experiment: what ``credit_experiment`` returned.
        applications: the applications it was run on.

    Returns:
        A dict with the keys of ``CARD_SECTIONS``.
    """
    raise NotImplementedError


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
