# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
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
    import pandas as pd

    from pokemon_ml.grading.notebook import exercise_header, live_check

    MIN_DEFENSE = 1  # the smallest defense the course schema allows


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 2 "try it" tasks — reference solutions

    *Open this after you have tried the tasks* in `02_eda_and_features.py`, where the
    briefs are. The checks grade behaviour, so your version may look different and still
    pass; the live checks below prove these answers do.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    hp and defense share one thing — how strong the creature is overall — and differ in
    one thing — which of the two it favours. A sum and a difference split them exactly
    that way, and you can solve them back for hp and defense, so nothing is lost. Because
    hp and defense have similar spreads, the sum and the difference are nearly
    uncorrelated. (`defense / hp` would do for the balance too.)
    """)
    return


@app.function
def size_and_balance(df: pd.DataFrame) -> pd.DataFrame:
    """Two columns that replace ``hp`` and ``defense``: ``size`` and ``balance``.

    Args:
        df: Pokémon rows with ``hp`` and ``defense``. Not changed.

    Returns:
        A DataFrame with ``df``'s index and two columns: ``size`` (how much hp and
        defense together) and ``balance`` (larger when defense outweighs hp).
    """
    return pd.DataFrame(
        {"size": df["hp"] + df["defense"], "balance": df["defense"] - df["hp"]}, index=df.index
    )


@app.cell
def _():
    live_check("T2.1", size_and_balance)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A defense of 0 is read as the weakest real defense, 1: only those rows change, the
    ratio stays finite and keeps its order (less defense never gives a smaller ratio).
    `clip(lower=1)` says that in one call; `np.where(df["defense"] == 0, …)` would too.
    """)
    return


@app.function
def safe_power_ratio(df: pd.DataFrame) -> pd.Series:
    """attack ÷ defense, finite even where defense is 0.

    Args:
        df: Pokémon rows with ``attack`` and ``defense`` (≥ 0). Not changed.

    Returns:
        A float Series with ``df``'s index: attack / defense, a defense of 0 counted as 1.
    """
    return df["attack"] / df["defense"].clip(lower=MIN_DEFENSE)


@app.cell
def _():
    live_check("T2.2", safe_power_ratio)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The means are learned once, from `train`, and then *applied* to both frames — the
    same fit-then-transform split a scikit-learn transformer makes
    (`pokemon_ml.features.patterns.GroupRatio` is this function as a transformer, so it
    can sit inside a pipeline and be refitted on every training fold).
    """)
    return


@app.function
def per_group_normalise(
    train: pd.DataFrame, test: pd.DataFrame, column: str, group: str
) -> tuple[pd.Series, pd.Series]:
    """Each value of ``column`` ÷ the training mean of ``column`` in its ``group``.

    Args:
        train: the training rows: the only rows the means may come from.
        test: the rows to transform with the training means.
        column: the column to normalise (``"attack"``).
        group: the column that defines the groups (``"evolution_stage"``).

    Returns:
        ``(train_values, test_values)``, each a Series with its frame's index. A test
        group that never appears in ``train`` is divided by the overall training mean.
    """
    means = train.groupby(group)[column].mean()  # fitted on training rows only
    overall = train[column].mean()  # for groups training never saw
    train_values = train[column] / train[group].map(means)
    test_values = test[column] / test[group].map(means).fillna(overall)
    return train_values, test_values


@app.cell
def _():
    live_check("T2.3", per_group_normalise)
    return


if __name__ == "__main__":
    app.run()
