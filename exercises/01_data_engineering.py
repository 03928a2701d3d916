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
# pokemon-ml = { path = "..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import inspect
    from pathlib import Path

    import marimo as mo
    import pandas as pd
    import polars as pl

    import pokemon_ml
    from pokemon_ml import POKEMON_SCHEMA, STAT_COLUMNS, load_dataset
    from pokemon_ml.data.schemas import describe_schema
    from pokemon_ml.grading.checks.m01_exercises import slow_type_summary
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 1 exercises — data engineering

    Three exercises, about an hour and a half in all. Each asks for **one function**. Replace
    its `raise NotImplementedError` with your code and run that cell (Ctrl+Enter, or
    Shift+Enter): marimo then re-runs the check cell under it, which tells you *passed*,
    *not yet* (with what it expected and what it saw) or *not attempted*. Nothing runs
    while you type; the verdict is about the code you last ran. Stuck? The check cell
    offers hints, one click at a time.

    The checks are the ones `uv run pytest` runs, so a green cell here is a green
    test there. When you are done, `uv run pokemon-ml progress` shows where you stand.
    """)
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    pokemon.head()
    return (pokemon,)


@app.cell(hide_code=True)
def _():
    exercise_header("1.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A schema is only worth something if it **catches** what goes wrong. The quickest
    way to find out is to break the data yourself — the way a test suite is only as
    good as the bugs it catches.

    Write `break_data(df)`: return a **copy** of the clean table with at least
    **five different kinds** of problem that `POKEMON_SCHEMA` rejects. Leave `df`
    itself untouched — its values, and its index name, column-axis name and `attrs`
    too. "Different kinds" means different rules: five out-of-range stats are one
    kind. A rule that cannot even run finds nothing: remove `primary_type` and the
    table-wide rule about types crashes, which counts as the one missing column it is.
    The next cell lists the schema's rules: each one is a rule you can break.

    The check calls your function on more than one table and recognises each one's
    creatures in your answer by their values, so break the table you are given:
    damaging whole columns, sorting or adding rows is fine; building or loading
    another table is not.
    """)
    return


@app.cell
def _():
    mo.ui.table(describe_schema(POKEMON_SCHEMA), page_size=20, selection=None,
                wrapped_columns=["checks"])  # every rule, in full
    return


@app.function
def break_data(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with at least five kinds of problem the schema catches.

    Args:
        df: the clean Pokémon table. Must not be changed.

    Returns:
        A new DataFrame that fails ``POKEMON_SCHEMA`` in five or more ways.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_1_1 = hint_button("1.1")
    return (hints_1_1,)


@app.cell
def _(hints_1_1):
    live_check("1.1", break_data, hints_1_1)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("1.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Below is the loader the team has used for `pokemon_messy.csv` for a year. It is
    hard to read, slow (it walks the rows one by one), and users have filed tickets
    against it. Your job: write `load_clean(path)`, a loader a colleague can read in
    one sitting, that returns **exactly** the frame this contract describes:

    1. One row per creature: rows exported twice are dropped.
    2. Sorted by `id`, with a fresh index `0..n-1`; columns in the file's order.
    3. `primary_type` trimmed and lower-case (`" Fire"` → `"fire"`).
    4. `attack` and `speed` are numbers; any text that is not a number (`"?"`,
       `"unknown"`, `"-"`, …) becomes a missing value.
    5. A `height_m` above 20 was recorded in centimetres: divide it by 100. Exactly
       20 is metres (the contract's tallest creature); 20.1 is centimetres.
    6. An `hp` outside 1–255 is impossible: make it missing, but **keep the row**.
    7. Everything else as read by `pd.read_csv`.
    8. Every column holds the right **kind** of dtype (the table below): equal values
       in a dtype of another kind are a wrong answer.

    | kind | columns | dtypes that pass |
    |:---|:---|:---|
    | whole numbers | `id`, `generation`, `evolution_stage`, `defense`, `sp_attack`, `sp_defense` | any integer dtype: `int64`, `Int64`, `int64[pyarrow]`, polars `Int64` — not `float64`, not text |
    | numbers | `hp`, `attack`, `speed`, `capture_rate` (whole numbers with gaps), `height_m`, `weight_kg` | any float dtype (`float64` is what pandas gives gaps), or a nullable integer dtype (`Int64`) where the values are whole |
    | text | `name`, `primary_type`, `secondary_type` | any string dtype: `str`, `object` holding text, `string[pyarrow]`, polars `String` — not `category` |
    | booleans | `is_legendary` | `bool`, `boolean`, `bool[pyarrow]`, polars `Boolean` — not 1/0 |

    The tickets: *"crashes on '-'"*, *"creatures with bad hp disappear"*,
    *"' fire' and 'fire' counted as two types"*, *"row 0 is not id 1"*.
    Keep what works, fix what the tickets describe. The check runs your loader on
    two messy files like this one, each with a creature exactly 20 m tall and one
    recorded as 20.1 (centimetres).

    Polars is welcome too (return its frame as it is). One thing to know: polars
    guesses a column's type from its first 100 rows, and the first placeholder text in
    `attack` comes later, so `pl.read_csv(path)` stops with a `ComputeError`. Pass
    `infer_schema_length=None` to read the whole file before deciding (or
    `infer_schema_length=0` to read everything as text and cast it yourself).
    """)
    return


@app.function
def load_messy_legacy(path):
    # The legacy loader, kept as it is for reference. Do not grade this one.
    df = pd.read_csv(path)
    types = []
    for i in range(len(df)):
        t = df.iloc[i]["primary_type"]
        t = t.lower()
        types.append(t)
    df["primary_type"] = types
    for col in ["attack", "speed"]:
        vals = []
        for i in range(len(df)):
            v = df.iloc[i][col]
            if v == "?" or v == "unknown":
                vals.append(None)
            else:
                vals.append(float(v))
        df[col] = vals
    hs = []
    for i in range(len(df)):
        h = df.iloc[i]["height_m"]
        if h > 20:
            h = h / 100
        hs.append(h)
    df["height_m"] = hs
    df = df[df["hp"] > 0]
    df = df[df["hp"] < 256]
    df = df.drop_duplicates()
    return df


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Try the legacy loader on the real file, and watch it crash on the first ticket:
    """)
    return


@app.cell
def _():
    messy_path = pokemon_ml.data_dir() / "pokemon_messy.csv"
    try:
        _legacy = load_messy_legacy(messy_path)
    except ValueError as _error:
        _legacy = mo.callout(mo.md(f"`{type(_error).__name__}: {_error}`"), kind="warn")
    _legacy
    return (messy_path,)


@app.function
def load_clean(path: Path) -> pd.DataFrame:
    """Load ``pokemon_messy.csv`` and return the frame the contract above describes.

    Args:
        path: path to a messy CSV file in the course's column layout.

    Returns:
        The cleaned frame: one row per id, sorted, index 0..n-1.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_1_2 = hint_button("1.2")
    return (hints_1_2,)


@app.cell
def _(hints_1_2):
    live_check("1.2", load_clean, hints_1_2)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("1.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(rf"""
    The weekly report calls `slow_type_summary` — correct, and far too slow on the
    full data. Write `type_summary(df)` with polars (or any way you like): the **same
    result** (same columns, same kinds of dtype as in 1.2, numbers equal to within
    rounding, rows in the same order: by `n_pokemon`, largest first, and types with
    the same count A to Z) and at least **5× faster**. The check runs it on tables
    where types tie, then times both versions on three new 30,000-row tables in the
    same run — new each run, so no cache can have their answers, and every timed
    result must be right too. The ratio is fair even on a busy laptop. Your function
    receives a pandas DataFrame; it may return a pandas or a polars DataFrame.

    In the code below, `STAT_COLUMNS` is the six battle stats, importable as
    `from pokemon_ml import STAT_COLUMNS`: `{STAT_COLUMNS}`.

    ```python
    {inspect.getsource(slow_type_summary)}
    ```
    """)
    return


@app.cell
def _(pokemon):
    slow_type_summary(pokemon)
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
    raise NotImplementedError


@app.cell
def _():
    hints_1_3 = hint_button("1.3")
    return (hints_1_3,)


@app.cell
def _(hints_1_3):
    live_check("1.3", type_summary, hints_1_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next

    When all three are green, compare with `exercises/solutions/01_data_engineering.py`
    — a working answer is not the only answer, and the comments there say why each
    choice was made. Then take the checkpoint: `checkpoints/01_new_pokemon_data_drop.py`.
    """)
    return


if __name__ == "__main__":
    app.run()
