# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
#     "polars>=1.30",
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
    from pathlib import Path

    import marimo as mo
    import pandas as pd
    import polars as pl

    from pokemon_ml.grading.notebook import exercise_header, live_check

    # The contract's numbers, named once (exercise 1.2).
    MAX_HEIGHT_M = 20.0  # metres; a larger value was recorded in centimetres
    CM_PER_M = 100
    MIN_STAT, MAX_STAT = 1, 255  # valid range of a battle stat


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 1 exercises — reference solutions

    *Open this after you have tried the exercises* in `exercises/01_data_engineering.py`,
    where the briefs are. A working answer is not the only answer: the checks grade
    behaviour, so your version may look different and still pass. The comments say why
    each choice was made; the live checks below prove these answers pass.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("1.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    One change per kind of rule, each on its own row, and a comment naming the rule it
    breaks. Working on `df.copy()` keeps the caller's table intact.
    """)
    return


@app.function
def break_data(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with at least five kinds of problem the schema catches.

    Args:
        df: the clean Pokémon table. Must not be changed.

    Returns:
        A new DataFrame that fails ``POKEMON_SCHEMA`` in five or more ways.
    """
    broken = df.copy()  # never edit the caller's frame
    broken.loc[0, "hp"] = 0  # out_of_range: stats are 1-255
    broken.loc[1, "primary_type"] = "dragon"  # unknown_category: not one of the six types
    broken.loc[2, "id"] = broken.loc[3, "id"]  # duplicate_ids: ids are unique
    broken.loc[4, "name"] = None  # missing_values: every creature has a name
    broken["attack"] = broken["attack"].astype(object)
    broken.loc[5, "attack"] = "strong"  # wrong_dtype: text in a number column
    broken["nickname"] = "?"  # unexpected_column: the schema is strict
    return broken


@app.cell
def _():
    live_check("1.1", break_data)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("1.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Each line of the function is one clause of the contract, vectorised: no loop over rows,
    so it is also far faster than the legacy loader. `to_numeric(errors="coerce")` handles
    every placeholder at once, including ones nobody has seen yet (the `"-"` that crashed
    the old loader); `where` blanks impossible hp values instead of dropping the row;
    duplicates go before sorting, and `reset_index(drop=True)` gives the fresh index.
    Every other column keeps the dtype `read_csv` gives it — the check compares dtypes
    by kind, so `Int64` or pyarrow-backed columns would pass too, but `is_legendary` as
    1/0 or ids as text would not.
    """)
    return


@app.function
def load_clean(path: Path) -> pd.DataFrame:
    """Load ``pokemon_messy.csv`` and return the frame exercise 1.2's contract describes.

    Args:
        path: path to a messy CSV file in the course's column layout.

    Returns:
        The cleaned frame: one row per id, sorted, index 0..n-1.
    """
    df = pd.read_csv(path)
    df["primary_type"] = df["primary_type"].str.strip().str.lower()
    for column in ("attack", "speed"):
        # errors="coerce": any text that is not a number becomes NaN, whatever the placeholder.
        df[column] = pd.to_numeric(df[column], errors="coerce")
    in_centimetres = df["height_m"] > MAX_HEIGHT_M
    df["height_m"] = df["height_m"].mask(in_centimetres, df["height_m"] / CM_PER_M)
    # where() blanks impossible values but keeps the row: the other columns are fine.
    df["hp"] = df["hp"].where(df["hp"].between(MIN_STAT, MAX_STAT))
    return df.drop_duplicates().sort_values("id").reset_index(drop=True)


@app.cell
def _():
    live_check("1.2", load_clean)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("1.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    `pl.sum_horizontal` replaces the row-wise `apply`; one `group_by().agg()` replaces the
    loop that filtered the table once per type. Written lazily, polars plans the whole query
    and runs it on every core. The conversion from pandas is part of the measured time.
    """)
    return


@app.function
def type_summary(df: pd.DataFrame) -> pd.DataFrame | pl.DataFrame:
    """The same table as ``slow_type_summary(df)``, computed at least 5× faster.

    Args:
        df: the Pokémon table (pandas).

    Returns:
        One row per primary type: primary_type, n_pokemon, mean_base_total,
        max_speed, legendary_share; sorted by n_pokemon (descending), then type.
    """
    stats = ["hp", "attack", "defense", "sp_attack", "sp_defense", "speed"]
    return (
        pl.from_pandas(df)
        .lazy()  # lazy: polars plans the whole query before running it
        .with_columns(pl.sum_horizontal(stats).alias("base_total"))
        .group_by("primary_type")
        .agg(
            pl.len().alias("n_pokemon"),
            pl.col("base_total").mean().alias("mean_base_total"),
            pl.col("speed").max().alias("max_speed"),
            pl.col("is_legendary").mean().alias("legendary_share"),
        )
        .sort(["n_pokemon", "primary_type"], descending=[True, False])
        .collect()
    )


@app.cell
def _():
    live_check("1.3", type_summary)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Next: checkpoint 1, `checkpoints/01_new_pokemon_data_drop.py`.
    """)
    return


if __name__ == "__main__":
    app.run()
