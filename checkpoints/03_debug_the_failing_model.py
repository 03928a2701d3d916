# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
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
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import SGDClassifier
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import load_dataset
    from pokemon_ml.features import TARGET, add_scale_free_features
    from pokemon_ml.grading.checks.m03_checkpoint import SUSPECTS
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check
    from pokemon_ml.training.broken import (
        NUMBER_COLUMNS,
        TEXT_COLUMNS,
        WEAKNESS,
        team_table,
        train_broken,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 3 — debug the failing model

    The type classifier a colleague wrote before leaving the team is failing: on new
    creatures it is barely better than guessing, and nobody trusts the numbers it
    reports. The script runs without a single error. Your job is the one every ML
    engineer meets in the first month: find out what is wrong with a training run that
    *looks* fine, fix it, and say what you fixed.

    This checkpoint puts Module 3 together: reproducible runs, honest held-out
    evaluation, leaks, and what a metric's name promises. Plan about an hour and a quarter.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C3")
    return


@app.cell(hide_code=True)
def _():
    _weakness = ", ".join(f"{kind} → {weak}" for kind, weak in WEAKNESS.items())
    mo.md(f"""
    The script trains on the team's table: the course's creatures plus two columns.

    | column | what it holds |
    |---|---|
    | `weakness` | the type the creature is weak against, looked up in the type chart by the curators once its type is confirmed ({_weakness}) |
    | `split` | `"train"` or `"test"`: a quarter of each type's creatures, held out for the report |
    """)
    return


@app.cell
def _():
    team = team_table(load_dataset("pokemon"))
    team.head()
    return (team,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The script, as it was left:
    """)
    return


@app.cell
def _():
    mo.md(f"""
    ```python\n{inspect.getsource(train_broken)}\n```
    """)
    return


@app.cell
def _(team):
    _, _report = train_broken(team)
    _shown = {_name: round(_value, 3) for _name, _value in _report.items()}
    mo.md(f"Its report on the team's table: `{_shown}`. Run this cell again, and again.")
    return


@app.cell(hide_code=True)
def _():
    _suspects = "\n".join(f"| `{bug}` | {meaning} |" for bug, meaning in SUSPECTS.items())
    mo.md(f"""
    Write `train_fixed(df, seed=42)`: the script **repaired**. Same table in, and the
    same pair out — the fitted model (raw rows in, types out, as one scikit-learn
    `Pipeline`) and the report, `{{"accuracy": ..., "macro_f1": ...}}`, measured on the
    rows whose `split` is `"test"`. Keep what is not broken: the `split` column decides
    what is held out, and the features and the classifier (`SGDClassifier` with
    `loss="log_loss"`, `alpha=1e-3`) stay. Fix the bugs, nothing more.

    Then fill `BUGS_FOUND` (the cell after the function) with the ids of the bugs you
    fixed, from this list of suspects — some are bugs of this script, some are not:

    | id | symptom |
    |---|---|
    {_suspects}

    The check runs your function on a table this notebook does not show and tests each
    bug on its own, on creatures it keeps to itself: two runs with one seed must agree
    and two seeds must not; the model must beat one trained on shuffled labels by far;
    shuffling a column no honest model needs must not move its predictions; changing
    only the held-out rows must not change the model; and the report's numbers must be
    what their names say. While bugs remain, it tells you which ones (by id) and what it
    saw — never how to fix them.
    """)
    return


@app.function
def train_fixed(df: pd.DataFrame, seed: int = 42) -> tuple[Pipeline, dict[str, float]]:
    """The team's training script, repaired.

    Args:
        df: the team's table (``team_table``): creatures, ``weakness`` and ``split``.
        seed: makes the run reproducible; another seed, another run.

    Returns:
        The fitted model (raw rows in, types out) and its ``accuracy`` and ``macro_f1``
        on the rows whose ``split`` is ``"test"``.
    """
    raise NotImplementedError


@app.cell
def bugs_found():
    # The ids of the bugs you fixed, as a set of strings: {"one_id", "another_id"}.
    BUGS_FOUND = []
    return (BUGS_FOUND,)


@app.cell
def _(team):
    try:
        _first = {_name: round(_value, 3) for _name, _value in train_fixed(team)[1].items()}
        _second = {_name: round(_value, 3) for _name, _value in train_fixed(team)[1].items()}
    except NotImplementedError:
        _shown = mo.md("*Write `train_fixed` to compare its report with the script's.*")
    else:
        _shown = mo.md(
            f"Your report: `{_first}`; run again with the same seed: "
            f"{'the same' if _first == _second else 'different!'}."
        )
    _shown
    return


@app.cell
def _():
    hints_c3 = hint_button("C3")
    return (hints_c3,)


@app.cell
def _(BUGS_FOUND, hints_c3):
    live_check("C3", train_fixed, hints_c3, BUGS_FOUND=BUGS_FOUND)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    * Which bug made the script *fail*, and which made its report *lie*? Which of them
      would a test of the form "accuracy > 0.7" have caught?
    * When you fixed the first bug, what happened to the reported accuracy, and why was
      that the moment to be suspicious rather than pleased?
    * Write the test you would add to the team's CI so that each bug cannot come back
      (hint: the check's own tests are of three kinds — reproducibility, invariance,
      and recomputation).

    Compare with `checkpoints/solutions/03_debug_the_failing_model.py`, then tick the
    checkpoint with `uv run pokemon-ml progress --update`. Next: Module 4, evaluation.
    """)
    return


if __name__ == "__main__":
    app.run()
