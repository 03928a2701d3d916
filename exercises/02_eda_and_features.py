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
    import inspect

    import marimo as mo
    import numpy as np
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import STAT_COLUMNS, TYPES, load_dataset
    from pokemon_ml.features import (
        ENGINEERED_COLUMNS,
        RAW_FEATURES,
        TARGET,
        add_scale_free_features,
    )
    from pokemon_ml.features.leaky import (
        LEAKY_STEPS,
        cv_accuracy_by_creature,
        leaky_experiment,
    )
    from pokemon_ml.grading.checks.m02_edge_cases import EDGE_ROWS, edge_table
    from pokemon_ml.grading.checks.m02_lift import MIN_LIFT, feature_lift
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 2 exercises — EDA and features

    Three exercises, about two hours in all: engineer features a model can use and say
    why, find the leaks in an experiment that is too good to be true, and find one
    feature worth five points of accuracy. Each asks for **one function** (two of them
    also for a short answer in a cell of its own). Replace its `raise NotImplementedError`
    with your code and run that cell (Ctrl+Enter, or Shift+Enter): marimo then re-runs
    the check cell under it, which tells you *passed*, *not yet* (with what it expected
    and what it saw) or *not attempted*. Nothing runs while you type. Stuck? The check
    cell offers hints, one click at a time.

    The checks are the ones `uv run pytest` runs, and they grade your code on data this
    notebook never shows you, so a feature tuned to these rows gains nothing.
    """)
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    pokemon.head()
    return (pokemon,)


@app.cell(hide_code=True)
def _():
    exercise_header("2.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The raw columns mix two things: *what kind* of creature it is, and *how big and
    strong*. Write `engineer_features(df)`: return the table with **at least five new
    columns**, each a number a model can use, and fill `FEATURE_NOTES` (the cell after
    the function) with one sentence per new column saying why it should help tell the
    types apart.

    The check runs your function on tables it generates, and holds every new column to
    the rules a feature must keep in production:

    * **finite everywhere** — no NaN, no ±inf — including on the edge cases below (a
      `defense` of 0 is outside the schema on purpose: a new data source can send it),
      and on a single row (one creature sent for a prediction);
    * **its own row's values only** — the same value for a creature whatever the order
      of the rows, so no sorting and no values put back by position;
    * **no label** — `primary_type` is the answer; the check shuffles it, and a column
      that moves is computed from it;
    * **something new** — not a constant, not a copy or rescaling of a column `df` has
      (or of another of yours; a log of a column is new, `2 * hp` is not);
    * **every row, in order, and `df` untouched** — work on a copy (`df.assign(...)`).

    The course's `add_scale_free_features` fails one of these rules. Which one, and why?
    """)
    return


@app.cell
def _():
    edge_cases = edge_table()
    edge_cases.head(len(EDGE_ROWS)).assign(case=[_name for _name, _ in EDGE_ROWS])[
        ["case", *STAT_COLUMNS, "height_m", "weight_kg"]
    ]
    return (edge_cases,)


@app.function
def engineer_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with at least five new, finite feature columns.

    Args:
        df: a Pokémon table (``primary_type`` included). Must not be changed.

    Returns:
        A DataFrame with every row of ``df``, in its order, and the new columns.
    """
    raise NotImplementedError


@app.cell
def feature_notes():
    # One sentence per new column: why should it help tell the types apart?
    FEATURE_NOTES = {}
    return (FEATURE_NOTES,)


@app.cell
def _(edge_cases):
    try:
        _preview = engineer_features(edge_cases)
    except NotImplementedError:
        _preview = mo.md("*Write `engineer_features` to see its columns on the edge cases.*")
    _preview
    return


@app.cell
def _():
    hints_2_1 = hint_button("2.1")
    return (hints_2_1,)


@app.cell
def _(FEATURE_NOTES, hints_2_1):
    live_check("2.1", engineer_features, hints_2_1, FEATURE_NOTES=FEATURE_NOTES)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("2.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The analytics team sent their export (`pokemon_export`: the creatures plus a
    `trainer_id` and a `sprite_color`, some rows written twice by the export job) and a
    notebook cell that predicts `primary_type` at about **99%** accuracy. An honest
    model on this data gets about 82%. Here is their experiment, step by step; each
    step carries an id in a comment.
    """)
    return


@app.cell
def _():
    mo.md(f"""
    ```python\n{inspect.getsource(leaky_experiment)}\n```
    """)
    return


@app.cell
def _():
    export = load_dataset("pokemon_export")
    _steps = "\n".join(f"| `{_step}` | {_what} |" for _step, _what in LEAKY_STEPS.items())
    mo.md(
        f"Their score, on this export: **{leaky_experiment(export):.1%}**.\n\n"
        f"| step id | what it does |\n|:--|:--|\n{_steps}"
    )
    return (export,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Some steps leak: something the model is scored on reaches what it learns. Some only
    look suspicious. Two answers:

    * `LEAKS_FOUND` (the cell after the function): the set of step ids that leak. The
      check tells you how many you found and how many you accused wrongly, never which.
    * `fixed_pipeline()`: return an **unfitted** scikit-learn `Pipeline` that does the
      honest version of the experiment — every step that does not leak, each *inside*
      the pipeline — and ends with a classifier. The check fits it on the raw export as
      it comes (every column but `primary_type`, text columns included) on exports this
      notebook does not show, scores it on creatures it never saw, and compares it with
      an honest pipeline. A pipeline cannot drop rows; the check splits the creatures by
      `id`, as the cell below does.

    `Pipeline`, `ColumnTransformer`, `FunctionTransformer`, `StandardScaler`,
    `OneHotEncoder`, `LogisticRegression`, `add_scale_free_features`, `RAW_FEATURES`,
    `ENGINEERED_COLUMNS` and `TYPES` are imported at the top.
    """)
    return


@app.function
def fixed_pipeline() -> Pipeline:
    """The leaky experiment, repaired: an unfitted pipeline from raw export rows to a type.

    Returns:
        An unfitted scikit-learn ``Pipeline`` whose ``fit(X, y)`` takes export rows
        without ``primary_type`` and whose ``predict`` returns types.
    """
    raise NotImplementedError


@app.cell
def leaks_found():
    # The ids of the steps that leak, as a set of strings: {"one_step_id", "another"}.
    LEAKS_FOUND = []
    return (LEAKS_FOUND,)


@app.cell
def _(export):
    try:
        _pipeline = fixed_pipeline()
    except NotImplementedError:
        _shown = mo.md("*Write `fixed_pipeline` to score it here, split by creature.*")
    else:
        _scores = cv_accuracy_by_creature(_pipeline, export)  # every copy in one fold
        _shown = mo.md(f"Your pipeline, 5 folds split by `id`: **{_scores.mean():.1%}**")
    _shown
    return


@app.cell
def _():
    hints_2_2 = hint_button("2.2")
    return (hints_2_2,)


@app.cell
def _(LEAKS_FOUND, hints_2_2):
    live_check("2.2", fixed_pipeline, hints_2_2, LEAKS_FOUND=LEAKS_FOUND)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("2.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(rf"""
    The team's baseline model is fixed: the eleven raw numeric columns
    (`RAW_FEATURES`), standardised, then a logistic regression, scored by 5-fold
    stratified cross-validation. Write `my_feature(df)`: **one** new column, returned as
    a Series (one finite number per row, with `df`'s index), that lifts the baseline's
    accuracy by at least **{MIN_LIFT * 100:.0f} points** ({MIN_LIFT:+.2f}) when it is
    added as a twelfth column.

    The check measures the lift against the baseline on the same folds, in the same
    run, on two tables this notebook does not show; a tolerance of one point allows for
    the noise of a 5-fold score. It also shuffles `primary_type` and calls your function
    again: a feature that moves reads the label, and fails however much it lifts.
    Measure your candidates in the cell under the function.
    """)
    return


@app.function
def my_feature(df: pd.DataFrame) -> pd.Series:
    """One feature that lifts the baseline's accuracy by five points.

    Args:
        df: a Pokémon table (``primary_type`` included). Must not be changed.

    Returns:
        A Series with one finite number per row of ``df``, with ``df``'s index.
    """
    raise NotImplementedError


@app.cell
def _(pokemon):
    try:
        _feature = my_feature(pokemon)
    except NotImplementedError:
        _shown = mo.md("*Write `my_feature` to measure its lift here.*")
    else:
        _baseline, _with_feature = feature_lift(pokemon, _feature)
        _shown = mo.md(
            f"Baseline **{_baseline:.3f}** → with your feature **{_with_feature:.3f}** "
            f"(lift **{_with_feature - _baseline:+.3f}**, on this table)"
        )
    _shown
    return


@app.cell
def _():
    hints_2_3 = hint_button("2.3")
    return (hints_2_3,)


@app.cell
def _(hints_2_3):
    live_check("2.3", my_feature, hints_2_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next

    When all three are green, compare with `exercises/solutions/02_eda_and_features.py`:
    the checks grade behaviour, so a different set of features can be just as right.
    Then take the checkpoint, `checkpoints/02_feature_engineering_competition.py`: a
    fixed model, your features, a population you never see.
    """)
    return


if __name__ == "__main__":
    app.run()
