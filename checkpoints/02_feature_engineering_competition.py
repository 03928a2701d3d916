# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
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
    import time

    import marimo as mo
    import numpy as np
    import pandas as pd

    from pokemon_ml import STAT_COLUMNS, TYPES, load_dataset
    from pokemon_ml.features import RAW_FEATURES, TARGET
    from pokemon_ml.grading.checks.m02_checkpoint import (
        PASS_ACCURACY,
        baseline_features,
        competition_model,
        validation_accuracy,
    )
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 2 — the feature engineering competition

    The modelling team has frozen its model: every column it is given, standardised,
    then a logistic regression. Nobody may touch it. What you control is **what it is
    given**. On the raw columns it gets about two creatures in three right; the team
    needs better than three in four before the model ships.

    This checkpoint puts Module 2 together: what the exploration showed about the data,
    features that survive production, and no leak. Plan about an hour.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C2")
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    pokemon.head()
    return (pokemon,)


@app.cell(hide_code=True)
def _():
    mo.md(rf"""
    Write `build_features(df)`. It receives a Pokémon table like the one above and
    returns a **DataFrame of numbers**: one row per row of `df`, in the same order, one
    column per feature, every value finite. The model below takes all of its columns.

    How it is scored: the check generates two populations with the course's generator
    and seeds this notebook never shows; it trains the fixed model on your features of
    the first and scores it on your features of the second. Pass: accuracy above
    **{PASS_ACCURACY:.0%}** on that held-out population. Tuning to the rows you can see
    here gains nothing.

    Rules, each checked:

    * `df` contains `primary_type` (the answer) — **never use it**. The check shuffles
      it and calls your function again; any column that moves is a leak.
    * Return features only: the model is fixed, so a function that returns a model (or
      anything but a table of numbers) is refused. Text must become numbers first.
    * Every row, in the order given, the same columns for any table, and `df` untouched.

    Below the check: your validation score on this table (5-fold cross-validation of
    the same fixed model, as the modelling team would measure it), the baseline's, and a
    leaderboard of your attempts in this session. `STAT_COLUMNS`, `RAW_FEATURES` and
    `TYPES` are imported at the top.
    """)
    return


@app.cell
def _():
    mo.md(f"The fixed model:\n```python\n{inspect.getsource(competition_model)}\n```")
    return


@app.function
def build_features(df: pd.DataFrame) -> pd.DataFrame:
    """The features the fixed model is given: numbers only, one row per creature.

    Args:
        df: a Pokémon table (``primary_type`` included, never to be used). Not changed.

    Returns:
        A DataFrame of finite numbers with one row per row of ``df``, in its order.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_c2 = hint_button("C2")
    return (hints_c2,)


@app.cell
def _(hints_c2):
    live_check("C2", build_features, hints_c2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Your validation score, live
    """)
    return


@app.cell
def _():
    get_attempts, set_attempts = mo.state([])
    return get_attempts, set_attempts


@app.cell
def _(pokemon):
    baseline_score = validation_accuracy(baseline_features(pokemon), pokemon[TARGET])
    return (baseline_score,)


@app.function
def with_attempt(attempts: list[dict], n_columns: int, score: float) -> list[dict]:
    """The leaderboard's rows with one more attempt at the end."""
    attempt = {
        "attempt": len(attempts) + 1,
        "at": time.strftime("%H:%M:%S"),
        "columns": n_columns,
        "validation accuracy": round(score, 3),
    }
    return [*attempts, attempt]


@app.cell
def _(baseline_score, pokemon, set_attempts):
    try:
        _features = build_features(pokemon)
        _score = validation_accuracy(_features, pokemon[TARGET])
    except NotImplementedError:
        _shown = mo.md("*Write `build_features` above to see its validation score here.*")
    except (KeyError, TypeError, ValueError) as _error:
        _shown = mo.callout(
            mo.md(f"The fixed model could not use your features: `{_error}`"), kind="warn"
        )
    else:
        _n_columns = int(np.shape(_features)[1])
        set_attempts(lambda attempts: with_attempt(attempts, _n_columns, _score))
        _shown = mo.md(
            f"Validation accuracy **{_score:.3f}** "
            f"(baseline {baseline_score:.3f}, lift {_score - baseline_score:+.3f})"
        )
    _shown
    return


@app.cell
def _(baseline_score, get_attempts):
    _baseline = {
        "attempt": "baseline: the raw columns",
        "at": "",
        "columns": len(RAW_FEATURES),
        "validation accuracy": round(baseline_score, 3),
    }
    _board = pd.DataFrame([_baseline, *get_attempts()]).astype({"attempt": str})
    _board.sort_values("validation accuracy", ascending=False, ignore_index=True)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Before you move on

    * Which of your columns carries the most? Drop it and watch the score: is the
      answer what the module's exploration predicted?
    * Your validation score and the check's held-out score differ a little. Which one
      would you quote to the modelling team, and why is neither one a promise?
    * A feature that needs the mean of a column over the table works here. What
      happens to it when the service predicts one creature at a time?

    Compare with `checkpoints/solutions/02_feature_engineering_competition.py`, then
    tick the checkpoint in PROGRESS.md with `uv run pokemon-ml progress --update`.
    Next: Module 3, training.
    """)
    return


if __name__ == "__main__":
    app.run()
