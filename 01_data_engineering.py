# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
#     "polars>=1.30",
#     "pandera>=0.30",
#     "matplotlib>=3.9",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = ".", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import io
    import json
    import sqlite3
    import timeit
    from collections.abc import Callable

    import marimo as mo
    import matplotlib.pyplot as plt
    import pandas as pd
    import pandera.pandas as pa
    import polars as pl
    from pandera.errors import SchemaError, SchemaErrors

    from pokemon_ml import (
        DATASETS,
        DEFAULT_ROWS,
        DEFAULT_SEED,
        POKEMON_SCHEMA,
        STAT_COLUMNS,
        TYPES,
        data_dir,
        file_sha256,
        frame_sha256,
        generate_pokemon,
        load_dataset,
        validate,
        verify_datasets,
    )
    from pokemon_ml.data.benchmark import (
        WORKLOADS,
        benchmark_frame,
        compare_pandas_polars,
        speedup_table,
    )
    from pokemon_ml.data.schemas import describe_schema


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 1 — Data engineering: load, validate, version, measure

    A model is only as trustworthy as the table it was trained on. In this notebook you
    load the course's Pokémon data and see what a file format keeps or loses, state what
    "valid data" means as a **pandera schema** and check a messy export against it
    (every problem in one pass), pin down exactly which data you used with a **SHA-256
    hash**, and **measure** pandas against polars on this machine instead of trusting a
    blog post. By the end you will be able to load data with the right types, validate it
    lazily and read the report, prove two people used the same data, and decide with
    numbers when polars is worth it — and when pandas, or SQL, is the better choice. On
    the way you will catch a renamed column before a model sees it, see how a model can
    fail in production on data that looks just like its training data, write a data
    contract and its test from scratch, and find out whether a pipeline run twice gives
    the same output.

    *About 75–90 minutes. Every control is live: change it and the cells that depend on it
    re-run.*
    """)
    return


@app.cell
def _():
    DATA_DIR = data_dir()  # where load_dataset reads (and, on first use, writes) the data
    MANIFEST_PATH = DATA_DIR / "manifest.json"  # hashes, seed and answer keys of the data
    READ_REPEATS = 5  # timed reads per measurement; the fastest is shown
    BENCH_MIN_ROWS, BENCH_MAX_ROWS = 50_000, 1_000_000  # benchmark slider range, rows
    BENCH_STEP_ROWS = 50_000  # benchmark slider step, rows
    BENCH_DEFAULT_ROWS = 200_000  # rows; the whole benchmark takes ~3 s on 2 cores
    BENCH_REPEATS = 3  # timed runs per benchmark measurement; the fastest is kept
    # Which pandera checks should flag each kind of planted problem (check-name prefixes).
    CATCHING_CHECKS = {
        "missing_values": ("not_nullable",),
        "wrong_units": ("in_range",),  # a height of 150 "m" is really 150 cm
        "impossible_values": ("in_range",),
        "text_in_numeric": ("dtype", "not_nullable"),  # text that read_csv reads as missing ("n/a")
        "inconsistent_spelling": ("isin",),
        "duplicate_rows": ("field_uniqueness",),
    }
    return (
        BENCH_DEFAULT_ROWS,
        BENCH_MAX_ROWS,
        BENCH_MIN_ROWS,
        BENCH_REPEATS,
        BENCH_STEP_ROWS,
        CATCHING_CHECKS,
        DATA_DIR,
        MANIFEST_PATH,
        READ_REPEATS,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. Loading: what a file format keeps

    `pokemon_ml.load_dataset(name, fmt)` returns one of the course's data sets as a pandas
    DataFrame. The files are not in git: the first call generates them (about a second)
    from a fixed seed, so everyone gets the same bytes — section 3 proves it.

    Every data set exists twice, as **CSV** (text: every value written out as characters)
    and as **Parquet** (binary and columnar: each column stored with its type). Pick a
    data set and a format; the table shows each column's type under its name.
    """)
    return


@app.cell
def _():
    dataset_picker = mo.ui.dropdown(DATASETS, value="pokemon", label="data set")
    format_picker = mo.ui.radio(["parquet", "csv"], value="parquet", label="format", inline=True)
    mo.hstack([dataset_picker, format_picker], justify="start", gap=2)
    return dataset_picker, format_picker


@app.cell
def _(dataset_picker):
    csv_df = load_dataset(dataset_picker.value, "csv")
    parquet_df = load_dataset(dataset_picker.value, "parquet")
    return csv_df, parquet_df


@app.cell
def _(csv_df, dataset_picker, format_picker, parquet_df):
    _df = parquet_df if format_picker.value == "parquet" else csv_df
    _file = f"{dataset_picker.value}.{format_picker.value}"
    mo.vstack([
        mo.md(f"`{_file}`: **{len(_df):,} rows × {_df.shape[1]} columns**"),
        mo.ui.table(_df, page_size=8, selection=None),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### dtypes: what pandas thinks each column is

    A column's **dtype** decides what you can do with it: you can average an `int64`,
    not a `str`. Parquet stores the dtype in the file; CSV stores only text, so
    `pd.read_csv` *guesses* each column's type from the values it sees. Here are both,
    side by side, for the data set you picked.
    """)
    return


@app.function
def dtypes_side_by_side(csv_df: pd.DataFrame, parquet_df: pd.DataFrame) -> pd.DataFrame:
    """One row per column: the dtype pandas gave it from CSV and from Parquet."""
    table = pd.DataFrame(
        {"from CSV": csv_df.dtypes.astype(str), "from Parquet": parquet_df.dtypes.astype(str)}
    )
    table["same"] = table["from CSV"] == table["from Parquet"]
    return table.rename_axis("column").reset_index()


@app.cell
def _(csv_df, parquet_df):
    dtypes_side_by_side(csv_df, parquet_df)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    For the clean `pokemon` table, pandas guesses every type right: whole numbers become
    `int64`, decimals `float64`, `true`/`false` become `bool`, text becomes `str` (pandas 3's
    text dtype; pandas 2 says `object`). Switch to `pokemon_messy`: `attack` and `speed` are
    now `str` in *both* formats. A handful of placeholder cells is enough to turn a whole
    column of numbers into text. Which placeholders?
    """)
    return


@app.function
def non_numbers(values: pd.Series) -> pd.Series:
    """How often each value that is not a number occurs (missing values shown as '<missing>')."""
    is_number = pd.to_numeric(values, errors="coerce").notna()
    return values[~is_number].astype(object).fillna("<missing>").value_counts()


@app.cell
def _(DATA_DIR):
    _from_csv = pd.read_csv(DATA_DIR / "pokemon_messy.csv")["attack"]
    _from_parquet = pd.read_parquet(DATA_DIR / "pokemon_messy.parquet")["attack"]
    _counts = pd.concat(
        {"in the CSV": non_numbers(_from_csv), "in the Parquet": non_numbers(_from_parquet)}, axis=1
    )
    _counts.fillna(0).astype(int).rename_axis("attack values that are not numbers").reset_index()
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The guessing has sharper edges than that. Three things CSV loses that Parquet keeps:

    **1. Text that means something else.** `read_csv` has a list of strings it silently
    turns into a missing value: `NA`, `n/a`, `null`, `None`, `NaN` and more (`na_values`
    in its docs). Here is a creature named *None*, from Namibia (country code `NA`):
    """)
    return


@app.cell
def _():
    _csv_text = "name,country,attack\nNone,NA,55\nPika,US,n/a\n"  # the bytes of a tiny CSV file
    mo.hstack([
        mo.vstack([mo.md("`pd.read_csv(f)`"), pd.read_csv(io.StringIO(_csv_text))]),
        mo.vstack([mo.md("`pd.read_csv(f, keep_default_na=False)`"),
                   pd.read_csv(io.StringIO(_csv_text), keep_default_na=False)]),
    ], widths="equal", gap=2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    With the defaults, a real name and a real country became missing values, and nothing
    warned you. `keep_default_na=False` reads text as text (add `na_values=[...]` for the
    placeholders *your* data uses). Parquet stores missing as missing and text as text:
    there is nothing to guess.
    """)
    return


@app.cell
def _(DATA_DIR):
    _path = DATA_DIR / "pokemon_messy.parquet"
    _default = pd.read_parquet(_path)["capture_rate"]
    _nullable = pd.read_parquet(_path, dtype_backend="numpy_nullable")["capture_rate"]
    mo.vstack([
        mo.md("**2. Whole numbers with gaps.** `capture_rate` has missing values; "
              "the Parquet file stores it as `int64`:"),
        pd.DataFrame({
            "how it was read": ["pd.read_parquet(path)",
                                'pd.read_parquet(path, dtype_backend="numpy_nullable")'],
            "dtype": [str(_default.dtype), str(_nullable.dtype)],
            "first values": [str(_default.head(3).tolist()), str(_nullable.head(3).tolist())],
        }),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    NumPy's `int64` has no "missing", so pandas' default turns the column into `float64`
    (every 45 becomes 45.0) — a silent type change that breaks exact comparisons on ids
    and makes "3 Pokémon" print as "3.0". The nullable `Int64` dtype (capital I) keeps
    whole numbers *and* gaps (`<NA>`). `read_csv` accepts the same `dtype_backend`, but it
    can only infer "integer" from what the text looks like; Parquet *knows*.

    **3. Timestamps.** The benchmark in section 4 adds a `caught_at` timestamp to the table.
    In a CSV it is just text:
    """)
    return


@app.cell
def _():
    _frame = benchmark_frame(n_rows=3)  # the Pokémon table plus a caught_at timestamp
    _csv_text = _frame.write_csv()
    _parquet = io.BytesIO()
    _frame.write_parquet(_parquet)
    _reads = {
        "pd.read_csv(f)": pd.read_csv(io.StringIO(_csv_text)),
        'pd.read_csv(f, parse_dates=["caught_at"])':
            pd.read_csv(io.StringIO(_csv_text), parse_dates=["caught_at"]),
        "pd.read_parquet(f)": pd.read_parquet(_parquet),
    }
    pd.DataFrame({
        "how it was read": list(_reads),
        "dtype of caught_at": [str(_df["caught_at"].dtype) for _df in _reads.values()],
        "first value": [repr(_df["caught_at"].iloc[0]) for _df in _reads.values()],
    })
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    From CSV you get a timestamp only if you ask for it, and the parsing costs time on
    every read (section 4 measures how much). Parquet stored a typed timestamp.

    ### Size and speed

    The same data, in the two formats, for the data set you picked above (best of several
    reads; the files are small, so these are milliseconds):
    """)
    return


@app.function
def best_ms(work: Callable[[], object], repeats: int) -> float:
    """The fastest of ``repeats`` runs of ``work``, in milliseconds."""
    return min(timeit.repeat(work, number=1, repeat=repeats)) * 1_000


@app.cell
def _(DATA_DIR, READ_REPEATS, dataset_picker):
    _rows = []
    for _fmt, _read in (("csv", pd.read_csv), ("parquet", pd.read_parquet)):
        _path = DATA_DIR / f"{dataset_picker.value}.{_fmt}"
        _rows.append({
            "file": _path.name,
            "size (KB)": round(_path.stat().st_size / 1024, 1),
            "read time (ms)": round(best_ms(lambda: _read(_path), READ_REPEATS), 2),
        })
    pd.DataFrame(_rows)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Parquet is smaller because it stores each column together (similar values compress
    well) and compresses it (here with zstd). Speed is subtler. On a file this small, the
    CSV may well read *faster*: Parquet pays fixed costs (reading its metadata, converting
    Arrow memory to pandas) that a 1,500-row file cannot amortise. On big files Parquet
    wins, because numbers are copied as bytes instead of parsed from text and a reader can
    skip the columns it does not need: compare pandas' two read times in the section 4
    benchmark. Measure at the size you will really run at.

    CSV's strengths are real too: any tool and any person can read it, and a diff of two
    CSVs is readable. A common rule: **CSV at the edges (exchange with people and other
    systems), Parquet inside your pipeline.**
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. Validation: a contract for your data

    Loading without errors proves nothing: the messy file loaded fine. A **schema** says
    what a valid table is — which columns, of which type, in which range, which values are
    allowed — and a validator checks a table against it. The course's contract is
    `pokemon_ml.POKEMON_SCHEMA`, written with [pandera](https://pandera.readthedocs.io)
    in `src/pokemon_ml/data/schemas.py` (the schema itself is about 30 lines: read it). As
    a table — `dtype` is what the schema demands, named as pandera names it in its reports
    (`string[pyarrow]` for text), and the next column lists the pandas dtypes that pass
    (pandas 3 reads text as `str`, which passes):
    """)
    return


@app.cell
def _():
    mo.ui.table(describe_schema(POKEMON_SCHEMA), page_size=20, selection=None,
                wrapped_columns=["checks"])  # every rule, in full
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    `POKEMON_SCHEMA.validate(df)` returns the table if it passes and raises if it does
    not. First the clean table:
    """)
    return


@app.cell
def _():
    clean_df = load_dataset("pokemon")
    POKEMON_SCHEMA.validate(clean_df)  # raises if anything is wrong; returns the table if not
    mo.callout(mo.md(f"`pokemon.parquet` passes: {len(clean_df):,} rows, every rule satisfied."),
               kind="success")
    return (clean_df,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Eager or lazy: the first problem, or all of them?

    By default pandera is **eager**: it stops at the first failure. Run on the messy CSV
    export, that looks like this:
    """)
    return


@app.cell
def _():
    messy_df = load_dataset("pokemon_messy", "csv")
    try:
        POKEMON_SCHEMA.validate(messy_df)
        _message = "no error"
    except SchemaError as _error:
        _message = f"{str(_error).splitlines()[0].rstrip(':')}, on the `{_error.check}` check"
    mo.callout(mo.md(f"Eager validation stopped at: **{_message}** — "
                     "and said nothing about any other column."), kind="danger")
    return (messy_df,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    One problem. You fix it, run again, meet the next problem, fix that, run again… With
    `lazy=True` pandera runs *every* check and raises one `SchemaErrors` (plural) whose
    `failure_cases` is a table: one row per failing value, with the column, the check it
    failed, the value and its row index.
    """)
    return


@app.cell
def _(messy_df):
    try:
        POKEMON_SCHEMA.validate(messy_df, lazy=True)
        failures = pd.DataFrame(columns=["column", "check", "failure_case", "index"])
    except SchemaErrors as _errors:
        failures = _errors.failure_cases
    mo.md(f"Lazy validation found **{len(failures)} failing values** in one pass.")
    return (failures,)


@app.cell
def _(failures):
    _columns = ["all columns", *sorted(failures["column"].dropna().unique())]
    failure_column = mo.ui.dropdown(_columns, value="all columns", label="show failures in")
    failure_column
    return (failure_column,)


@app.cell
def _(failure_column, failures):
    _shown = failures
    if failure_column.value != "all columns":
        _shown = failures[failures["column"] == failure_column.value]
    _shown = _shown[["column", "check", "failure_case", "index"]].astype({"failure_case": str})
    mo.ui.table(_shown, page_size=8, selection=None)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Hundreds of rows are hard to read; a count per column and check is the summary you
    would paste into a ticket:
    """)
    return


@app.cell
def _(failures):
    failures.groupby(["column", "check"]).size().rename("failing values").reset_index()
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Read it as a data engineer would:

    - `id` · `field_uniqueness` counts twice as many values as rows that were exported
      twice: *both* copies of a duplicated id fail.
    - `capture_rate` fails `not_nullable` **and** `dtype('int64')`: one root cause (empty
      cells) surfaces as two failures, because the gaps forced pandas to read the column
      as `float64` (the "whole numbers with gaps" trap above).
    - `attack` and `speed` fail `dtype('int64')` once per placeholder text, and their
      `in_range` check fails exactly once with a `TypeError`: a range check cannot even run
      on text. That row is about the check, not about any one value.

    Failures are symptoms; an *issue* is a root cause. Mapping one to the other is the
    skill.

    ### Did the schema catch everything?

    The messy file was damaged on purpose, and the manifest records exactly what was done:
    `manifest.json → answer_keys → pokemon_messy`, one entry per planted issue with the ids
    of the damaged rows. So we can check the checker: for each planted issue, did the
    checks that should catch it (the `CATCHING_CHECKS` constant) flag exactly those rows?
    """)
    return


@app.function
def flagged_ids(
    failures: pd.DataFrame, frame: pd.DataFrame, column: str, checks: tuple[str, ...]
) -> set[int]:
    """Ids of the rows of ``frame`` that failed one of ``checks`` on ``column``.

    ``failures`` is pandera's ``failure_cases`` table for ``frame`` (its ``index``
    column holds each failing row's index label); ``checks`` are check-name prefixes
    such as ``"in_range"``, which matches ``in_range(1, 255)``.
    """
    hits = failures[(failures["column"] == column) & failures["check"].str.startswith(checks)]
    return set(frame.loc[hits["index"].dropna().astype(int), "id"])


@app.cell
def _(MANIFEST_PATH):
    manifest = json.loads(MANIFEST_PATH.read_text())
    return (manifest,)


@app.cell
def _(CATCHING_CHECKS, failures, manifest, messy_df):
    _rows = []
    for _issue in manifest["answer_keys"]["pokemon_messy"]:
        _checks = CATCHING_CHECKS[_issue["issue"]]
        _flagged = flagged_ids(failures, messy_df, _issue["column"], _checks)
        _rows.append({
            "planted issue": _issue["issue"],
            "column": _issue["column"],
            "rows damaged": _issue["n_rows"],
            "ids flagged": len(_flagged),
            "all example ids flagged": set(_issue["example_ids"]) <= _flagged,
        })
    answer_key_check = pd.DataFrame(_rows)
    answer_key_check
    return (answer_key_check,)


@app.cell
def _(answer_key_check):
    _caught = answer_key_check["all example ids flagged"] & (
        answer_key_check["ids flagged"] == answer_key_check["rows damaged"]
    )
    mo.callout(
        mo.md(f"**{_caught.sum()} of {len(_caught)} planted issues caught**, "
              "each on exactly the damaged rows."),
        kind="success" if _caught.all() else "danger",
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Every planted issue found, on exactly the damaged rows, in one lazy pass — and no false
    alarm on the clean table. That is what you want from a data contract, and it is what
    checkpoint 1 asks you to build for a new data drop with a *changed* schema.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Where validation belongs — and why once is not enough

    Validation is a check at a **boundary**: a place where data crosses from code or
    people you do not control into code that trusts it. A pipeline has several:

    1. **On ingest.** A file, a partner's drop or a database export arrives: validate it
       before anything is computed from it, so that bad data fails loudly here, not
       quietly inside a model three steps later. Checkpoint 1 is this boundary.
    2. **After every step whose output other code relies on.** Your own code breaks
       assumptions too: a cleaning or feature step can take valid input and hand on
       invalid output.
    3. **At serving time.** A deployed model's inputs come from the live world; each
       request is checked before a prediction is made (Module 5 does it in the API).

    Once is not enough, because each step can break what the next one assumes. Here is
    such a step: it converts heights to centimetres for a chart and, by mistake, hands
    the converted table on under the old column name. The table passed on ingest:
    """)
    return


@app.cell
def _():
    _arrived = load_dataset("pokemon")  # valid on ingest: it passed the check above
    _after_step = _arrived.assign(height_m=_arrived["height_m"] * 100)  # centimetres now
    try:
        POKEMON_SCHEMA.validate(_after_step, lazy=True)
        _verdict = mo.callout(mo.md("The table still meets the contract."), kind="success")
    except SchemaErrors as _errors:
        _cases = _errors.failure_cases
        _verdict = mo.callout(
            mo.md(f"One step later, the same table fails **{len(_cases)} values**, all in "
                  f"`{'`, `'.join(sorted(set(_cases['column'])))}`: only a check *after* the "
                  "step sees it."),
            kind="danger",
        )
    _verdict
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    So validate at each boundary, with one contract: keep the schema in one place (here,
    `POKEMON_SCHEMA` in the package) so that every boundary checks the same rules, and a
    change to the rules is made once. Validate *lazily* where a person reads the report
    (ingest, a partner's drop); *eagerly* where any failure at all should simply stop
    the pipeline (between two steps of your own code).
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### A renamed column, caught before the model

    Upstream teams rename columns as harmless tidying: `sp_attack` becomes
    `special_attack`. pandas has no objection. Append the new batch to the training
    table, as a weekly job would:
    """)
    return


@app.cell
def _(clean_df):
    renamed_df = clean_df.rename(columns={"sp_attack": "special_attack"})  # upstream's tidy-up
    _stacked = pd.concat([clean_df, renamed_df])  # the weekly append: no error, no warning
    mo.md(f"""`pd.concat` raised nothing. The result has **{_stacked.shape[1]} columns**
    instead of {clean_df.shape[1]}, and `sp_attack` is missing in
    **{_stacked["sp_attack"].isna().sum():,} of {len(_stacked):,} rows** (and is now
    `{_stacked["sp_attack"].dtype}`: whole numbers with gaps, as in section 1).""")
    return (renamed_df,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A model trained on that sees a stat that is missing for half the creatures — or,
    once someone "fixes" the gaps with `fillna(0)`, a stat of 0. Code that reads
    `batch["sp_attack"]` from the new batch alone would at least crash, but late: in
    training, or at night in the serving job. The strict schema sees it at the door,
    before anything is computed (`pokemon_ml.validate(df)` is the lazy validation
    above, returning the failure table — empty when the table is valid):
    """)
    return


@app.cell
def _(renamed_df):
    validate(renamed_df)[["check", "failure_case"]]
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    `column_in_dataframe`: a column the contract requires is absent. `column_in_schema`:
    a column the contract does not know has arrived — reported only because the schema
    is `strict=True`. One of each, in the same report, is what a rename looks like.
    Detecting it is one line at ingest; what to do about it is a decision: map the new
    name in your loader (one explicit line, reviewed like any code) or send the data
    back. Checkpoint 1's partner drop has changes of this kind.

    ### Training/serving skew: same values, different meaning

    A model that scored well in training can fail in production on data that *looks*
    just like its training data: the same columns, plausible values, a schema that
    passes. What differs is often a step between the data and the model. A classic:
    turning a category into numbers with `astype("category").cat.codes`, which numbers
    the categories *present in the table*, A to Z. In training all six types are
    present; this morning's serving batch holds only fire and water creatures:
    """)
    return


@app.function
def type_codes(types: pd.Series) -> pd.Series:
    """Each type as a number, the quick way: its position, A to Z, among the types present."""
    return types.astype("category").cat.codes


@app.cell
def _(clean_df):
    _batch = clean_df[clean_df["primary_type"].isin(["fire", "water"])].head(6)  # today's requests
    _learned = dict(zip(clean_df["primary_type"], type_codes(clean_df["primary_type"])))
    _meaning = {_code: _type for _type, _code in _learned.items()}  # code -> type, in training
    _served = type_codes(_batch["primary_type"]).to_numpy()
    pd.DataFrame({
        "primary_type": _batch["primary_type"].to_numpy(),
        "code the model learned": _batch["primary_type"].map(_learned).to_numpy(),
        "code it receives at serving": _served,
        "which in training meant": [_meaning[_code] for _code in _served],
    })
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Same strings, every rule of the schema met, no error — and the model receives fire
    as 0, which in training meant electric, and water as 1, which meant fire. Validating
    the raw batch cannot see this. The cure is to fit such a step **once, on the training
    data**, and ship the fitted step with the model, so that serving runs the same code
    with the same fitted state (Module 2's scikit-learn pipelines do exactly that).

    Units are the other classic. A partner's app starts sending weights in **pounds**.
    Every value is still plausible, so a rule about single values passes; what gives it
    away is the batch's *profile* compared with the training data's:
    """)
    return


@app.cell
def _(clean_df):
    _batch = clean_df.sample(300, random_state=1)  # 300 requests…
    _batch = _batch.assign(weight_kg=(_batch["weight_kg"] * 2.20462).round(1))  # …in pounds
    _trained_on, _serving = clean_df["weight_kg"].median(), _batch["weight_kg"].median()
    mo.md(f"""
    - the schema: **{len(validate(_batch))} failing values**: each weight is plausible alone
    - median weight: training {_trained_on:.1f} kg, this batch {_serving:.1f} "kg":
      **{_serving / _trained_on:.1f}× heavier**
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Comparing each batch's profile (medians, category shares, missing rates) with the
    training data's is **drift monitoring**; Module 5 builds it into the service. When
    "the data looks similar" and the model still fails, the suspects are few: a step
    fitted or coded differently at serving (the codes above), units and conventions
    (pounds, centimetres), parsing (section 1: a serving job that reads CSV with the
    defaults, where training read Parquet, turns `"NA"` into a missing value and whole
    numbers into floats), and a world that has changed since the training data was
    collected.

    ### A contract and its test, from scratch

    `POKEMON_SCHEMA` was written for you; writing one takes minutes. A
    `pa.DataFrameSchema` maps each column name to a `pa.Column(dtype, checks,
    nullable=…, unique=…)`, and takes options for the whole table. Here is the contract
    of a *model's* inputs — only the columns the model reads — with `strict=True`, so a
    renamed or extra column fails here, not inside the model:
    """)
    return


@app.function
def model_input_schema() -> pa.DataFrameSchema:
    """The contract of a model's inputs: the columns it reads, their types and ranges."""
    stat = pa.Column(int, pa.Check.in_range(1, 255))  # battle stats
    return pa.DataFrameSchema(
        {
            "primary_type": pa.Column(str, pa.Check.isin(TYPES)),
            **{column: stat for column in STAT_COLUMNS},
            "height_m": pa.Column(float, pa.Check.in_range(0.05, 20.0)),  # metres
            "weight_kg": pa.Column(float, pa.Check.in_range(0.1, 10_000.0)),  # kilograms
        },
        strict=True,  # a column the model does not read is a mistake upstream
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A **test** is a function whose name starts with `test_` and that raises when
    something is wrong. `validate` raises, so the test is three lines. In a file such
    as `tests/test_data.py`, `pytest` runs it on every change. marimo runs a cell's
    `test_` functions with pytest too, and prints the result under the cell; below, we
    also simply call it:
    """)
    return


@app.function
def test_model_inputs_meet_their_contract() -> None:
    schema = model_input_schema()
    inputs = load_dataset("pokemon")[list(schema.columns)]
    schema.validate(inputs, lazy=True)  # raises SchemaErrors, listing every failure


@app.cell
def _():
    test_model_inputs_meet_their_contract()  # no exception: the test passed
    mo.callout(mo.md("`test_model_inputs_meet_their_contract()` passed."), kind="success")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A test earns its keep when it fails and you can read why. Give the contract five
    rows with one impossible hp and the heights in centimetres:
    """)
    return


@app.cell
def _(clean_df):
    _inputs = clean_df[list(model_input_schema().columns)].head(5).copy()
    _inputs.loc[0, "hp"] = 0  # a stat no creature has
    _inputs["height_m"] = (_inputs["height_m"] * 100).round(1)  # centimetres, old name
    _report = mo.md("The contract passed.")
    try:
        model_input_schema().validate(_inputs, lazy=True)
    except SchemaErrors as _errors:
        _report = _errors.failure_cases[["column", "check", "failure_case", "index"]]
        _report = _report.astype({"failure_case": str})  # one column of mixed values
    _report
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Read a failure report column by column: **which column**, **which rule**, **which
    value**, **at which row**. Here, two root causes: one bad value, and a whole column
    in the wrong unit (every row fails the same range). That is how you
    debug a data problem from a failing test. Try it: change the schema above — drop
    `strict=True`, or tighten a range — and run that cell; everything below it re-runs.
    Exercise 1.1 then has you break the course's own contract five ways.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. Data versioning by hash

    "I trained on `pokemon_final_v2.csv` from Tuesday" does not tell anyone which data
    you used: files get edited, regenerated and copied under the same name. A **SHA-256
    hash** of the file's bytes does. Change one byte and the hash changes completely;
    two files with the same hash are, for every practical purpose, the same bytes. The
    course's manifest records the hash of every data file — here it is, recomputed:
    """)
    return


@app.cell
def _(DATA_DIR, manifest):
    pd.DataFrame([
        {"file": _name, "rows": _entry["rows"], "KB": round(_entry["bytes"] / 1024, 1),
         "sha256 (manifest)": _entry["sha256"][:16] + "…",
         "matches the file now": file_sha256(DATA_DIR / _name) == _entry["sha256"]}
        for _name, _entry in manifest["files"].items()
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Reproducibility: same seed, same data

    The data is generated, not downloaded, so your files can only match the manifest if
    generation is **deterministic**: everything random in `generate_pokemon(n_rows, seed)`
    flows from one seeded generator. Generate twice with the same seed, and once with
    another:
    """)
    return


@app.cell
def _():
    _first = generate_pokemon(DEFAULT_ROWS, DEFAULT_SEED)
    _again = generate_pokemon(DEFAULT_ROWS, DEFAULT_SEED)
    _other = generate_pokemon(DEFAULT_ROWS, DEFAULT_SEED + 1)
    mo.md(f"""
    - `generate_pokemon({DEFAULT_ROWS}, {DEFAULT_SEED})`, twice: identical?
      **{_first.equals(_again)}**
    - seed {DEFAULT_SEED} vs seed {DEFAULT_SEED + 1}: identical? **{_first.equals(_other)}**
      (the first creature's hp: {_first["hp"][0]} vs {_other["hp"][0]})
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Now hash data that was never written to disk: `frame_sha256(frame)` hashes the CSV
    text the generator would write, so it equals the hash the CSV file would have. The
    manifest records the seed and row count the course's files were made with; with
    those values your in-memory hash equals the manifest's — on any machine. Change
    either input and watch it change.
    """)
    return


@app.cell
def _():
    seed_input = mo.ui.number(start=0, stop=1_000_000, step=1, value=DEFAULT_SEED, label="seed")
    rows_input = mo.ui.number(start=100, stop=100_000, step=100, value=DEFAULT_ROWS, label="rows")
    mo.hstack([seed_input, rows_input], justify="start", gap=2)
    return rows_input, seed_input


@app.cell
def _(manifest, rows_input, seed_input):
    mo.stop(None in (seed_input.value, rows_input.value), mo.md("*Enter a seed and a row count.*"))
    _call = f"generate_pokemon({int(rows_input.value)}, {int(seed_input.value)})"
    fresh = generate_pokemon(int(rows_input.value), int(seed_input.value))
    _digest, _expected = frame_sha256(fresh), manifest["files"]["pokemon.csv"]["sha256"]
    _verdict = (
        "**identical** to `pokemon.csv` in the manifest" if _digest == _expected
        else f"**differs** from `pokemon.csv` in the manifest (seed {manifest['seed']}, "
        f"{manifest['rows']} rows)"
    )
    mo.callout(mo.md(f"sha256 of `{_call}` as CSV: `{_digest}`\n\n{_verdict}"),
               kind="success" if _digest == _expected else "info")
    return (fresh,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    How sensitive is it? Make creature 1 one centimetre taller — one changed digit in
    the whole file — and hash again:
    """)
    return


@app.cell
def _(fresh):
    _one_cm_taller = (pl.col("height_m") + 0.01).round(2)
    _taller = fresh.with_columns(
        height_m=pl.when(pl.col("id") == 1).then(_one_cm_taller).otherwise(pl.col("height_m"))
    )
    mo.md(f"""
    - as generated: `{frame_sha256(fresh)}`
    - creature 1 one cm taller: `{frame_sha256(_taller)}`
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Why a hash beats a file name or a date

    - **A name is a promise, a hash is a measurement.** `pokemon_clean_final.csv` can be
      edited without its name changing; its hash cannot.
    - **Dates record when, not what.** Two files written on the same day can differ; the
      same data regenerated next month has a new date but the same hash.
    - **It travels.** Put the hash in an experiment log, a model card or a pull request,
      and anyone can check whether *their* copy is the one you used, without sending data.
    - **It is cheap to check automatically.** `verify_datasets()` recomputes every hash
      and compares it with the manifest; run it before training, in CI, or here:
    """)
    return


@app.cell
def _():
    _problems = verify_datasets()
    _report = "\n".join(f"- {_p}" for _p in _problems) or "Every data file matches its manifest."
    mo.callout(mo.md(_report), kind="danger" if _problems else "success")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    (From a terminal: `uv run python data/generate_dataset.py --verify`. Tools such as
    DVC and lakeFS are this idea at scale: the file's hash is its version.)
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Your pipeline, run twice

    The generator gives the same bytes every time because it was built to. Is *your*
    pipeline built that way? Here is one ordinary step: keep 80% of the rows for training
    with `df.sample`. Run it twice on the same input and hash the two outputs, without a
    seed and with one:
    """)
    return


@app.function
def training_rows(df: pd.DataFrame, seed: int | None) -> pd.DataFrame:
    """A pipeline step: a random 80% of the rows, for training; reproducible only with a seed."""
    return df.sample(frac=0.8, random_state=seed)


@app.cell
def _(clean_df):
    _rows = []
    for _seed in (None, 0):
        _hashes = [frame_sha256(pl.from_pandas(training_rows(clean_df, _seed))) for _run in (1, 2)]
        _rows.append({"random_state": str(_seed), "run 1": _hashes[0][:16] + "…",
                      "run 2": _hashes[1][:16] + "…", "identical": _hashes[0] == _hashes[1]})
    pd.DataFrame(_rows)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Same input, same code, different output — until the step is seeded. Randomness is
    the common cause, not the only one. A pipeline gives identical output only when it
    has **no hidden inputs** (no clock such as `datetime.now()` in a column, no "latest
    file in the folder", no unseeded randomness), a **fixed order** (sort before you
    write: the order of a Python `set` of strings changes from one process to the next,
    a polars `group_by` does not promise the order of its groups unless you pass
    `maintain_order=True`, and floats added in another order can differ in the last
    digit), the **same library versions** (a lock file: here `uv.lock`; pandas 2 and 3
    read text into different dtypes) — and the **same input**, which a hash proves. The
    check is cheap, as above: hash both outputs and compare.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 4. pandas vs polars, measured here

    [polars](https://pola.rs) is a DataFrame library written in Rust on Apache Arrow
    memory. Claims of "10–100× faster" are easy to find; your job as an engineer is to
    measure *your* workloads on *your* machine. `pokemon_ml.data.benchmark` times five
    workloads, each written the way a practitioner would in each library, and checks that
    both libraries return the same result before a speed-up counts:

    1. **csv read (with timestamp parsing)** — read the CSV and parse `caught_at`;
    2. **parquet read** — read the Parquet file;
    3. **filter** — fire types faster than 80, on a table already in memory;
    4. **group-by** — count, mean attack and max speed per type, in memory;
    5. **whole pipeline** — read Parquet → filter → add columns → group → aggregate; in
       polars written *lazily*:
       `scan_parquet(…).filter(…).with_columns(…).group_by(…).agg(…).collect()`.

    At large sizes the benchmark takes a while, so it runs only when you click. Pick a size:
    """)
    return


@app.function
def plot_timings(timings: pd.DataFrame) -> plt.Figure:
    """Left: seconds per workload and library (log scale). Right: speed-up of polars over pandas."""
    ratios = speedup_table(timings).set_index("workload").iloc[::-1]
    fig, (ax_time, ax_ratio) = plt.subplots(1, 2, figsize=(10, 3.2), sharey=True)
    seconds = ratios[["pandas_s", "polars_s"]].set_axis(["pandas", "polars"], axis=1)
    seconds.plot.barh(ax=ax_time, logx=True)
    ax_time.set_xlabel("seconds, best run (log scale; shorter is faster)")
    ax_time.set_ylabel("")
    colors = ["tab:orange" if ratio > 1 else "tab:blue" for ratio in ratios["speedup"]]
    ax_ratio.barh(ratios.index, ratios["speedup"], color=colors)
    ax_ratio.axvline(1, color="black", linewidth=1)
    ax_ratio.set_xlabel("speed-up = pandas time / polars time (>1: polars faster)")
    fig.tight_layout()
    return fig


@app.cell
def _(BENCH_DEFAULT_ROWS, BENCH_MAX_ROWS, BENCH_MIN_ROWS, BENCH_STEP_ROWS):
    bench_rows = mo.ui.slider(BENCH_MIN_ROWS, BENCH_MAX_ROWS, step=BENCH_STEP_ROWS,
                              value=BENCH_DEFAULT_ROWS, label="rows", show_value=True)
    bench_button = mo.ui.run_button(label="Run the benchmark")
    mo.hstack([bench_rows, bench_button], justify="start", gap=2)
    return bench_button, bench_rows


@app.cell
def _(BENCH_REPEATS, bench_button, bench_rows):
    mo.stop(not bench_button.value,
            mo.md("*Click **Run the benchmark** to measure: ~3 s at 200,000 rows, ~10 s at 1M.*"))
    _steps = 2 * len(WORKLOADS)  # each workload once per library
    with mo.status.progress_bar(total=_steps, title="Benchmarking", remove_on_exit=True) as _bar:
        _timings = compare_pandas_polars(bench_rows.value, repeats=BENCH_REPEATS,
                                         on_step=lambda _step: _bar.update(subtitle=_step))
    mo.vstack([
        mo.md(f"**{bench_rows.value:,} rows**, best of {BENCH_REPEATS} runs:"),
        plot_timings(_timings),
        mo.ui.table(speedup_table(_timings), selection=None, format_mapping={
            "pandas_s": "{:.4f}", "polars_s": "{:.4f}", "speedup": "{:.2f}×"}),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Converting between the two libraries is not free either. At the size you benchmarked,
    a round trip costs (best of several runs):
    """)
    return


@app.cell
def _(READ_REPEATS, bench_button, bench_rows):
    mo.stop(not bench_button.value)
    _polars_frame = benchmark_frame(bench_rows.value)
    _pandas_frame = _polars_frame.to_pandas()
    _to_pandas_ms = best_ms(_polars_frame.to_pandas, READ_REPEATS)
    _to_polars_ms = best_ms(lambda: pl.from_pandas(_pandas_frame), READ_REPEATS)
    mo.md(f"""
    - polars → pandas (`.to_pandas()`): **{_to_pandas_ms:.0f} ms**
    - pandas → polars (`pl.from_pandas(...)`): **{_to_polars_ms:.0f} ms**
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Reading the numbers honestly

    Your numbers depend on your machine (this course was built on 2 cores; more cores
    favour polars) and on the size: on small tables both libraries finish in milliseconds,
    and then the ratio matters far less than the absolute time. The pattern we measured
    from 200,000 to 1,000,000 rows, and why:

    - **Parquet read — polars ahead (≈2×).** Both read Parquet through Arrow-based
      readers. polars keeps the data in Arrow memory as it is; pandas must then convert
      it into its own NumPy-backed columns, and that conversion is the extra time.
    - **Filter and group-by — polars ahead (≈2–5×, more on more cores).** Both are
      vectorised, but polars splits the work across threads, and its group-by is a
      parallel hash aggregation; pandas mostly runs one operation at a time on one core.
    - **Whole pipeline — polars' biggest lead (≈5×).** Written lazily, polars sees the whole
      query before running it: it reads only the 10 columns the query uses
      (*projection pushdown*), applies the filter while reading (*predicate pushdown*) and
      never builds the intermediate tables that eager pandas creates after every step.
      (You can hand-optimise pandas a little — `pd.read_parquet(path, columns=[…])` — but
      the lazy engine does it for you, for every query.)
    - **CSV read with timestamp parsing — pandas ahead.** pandas' C parser has a fast
      path for ISO-8601 timestamps, and here it beat polars parsing the same column during
      the read. *How* you ask matters as much as which library: on our machine, polars
      reading `caught_at` as text and then converting it with an explicit format
      (`pl.col("caught_at").str.to_datetime("%Y-%m-%dT%H:%M:%S")`) was faster than both,
      while giving pandas an explicit `date_format` made it *slower*. Measure before you
      believe — including this paragraph.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### When would you stick with pandas?

    - **When the data is small and the code already works.** A 3× speed-up on 20 ms is
      40 ms nobody will notice; a rewrite costs days and can introduce bugs.
    - **When the rest of your stack speaks pandas.** scikit-learn, statsmodels, seaborn and
      most tutorials and teammates take and return pandas. Every boundary is a conversion
      (you just measured one), which can eat the gain of a short polars step.
    - **When you need pandas-only features** — index alignment, rich time-series
      resampling, the long tail of `read_*` formats — or its CSV reader is the faster one
      for your files, as here.

    Reach for polars when tables are large (hundreds of MB and up), pipelines have many
    steps (lazy planning pays off), data does not fit in memory (its streaming engine), or
    you own a new pipeline end to end. Exercise 1.3 has you rewrite a slow pandas
    aggregation in polars and measure the speed-up yourself.

    ### And SQL?

    The third tool is often the right one. When the data lives in a database, send the
    question to the data, not the data to your laptop: SQL says *what* you want, the
    database works out *how*, next to the data, and sends back the small answer. Here
    the table goes into SQLite (in memory, from Python's standard library) and the
    question travels as SQL; polars runs the very same query on a DataFrame:
    """)
    return


@app.cell
def _(clean_df):
    _query = """
        SELECT primary_type, COUNT(*) AS n_pokemon, ROUND(AVG(attack), 1) AS mean_attack
        FROM pokemon GROUP BY primary_type ORDER BY n_pokemon DESC
    """
    _db = sqlite3.connect(":memory:")  # in a real job: a connection to the warehouse
    clean_df.to_sql("pokemon", _db, index=False)
    _from_sqlite = pd.read_sql_query(_query, _db)
    _db.close()
    _from_polars = pl.SQLContext(pokemon=pl.from_pandas(clean_df)).execute(_query, eager=True)
    mo.hstack([mo.vstack([mo.md("SQLite → `pd.read_sql_query`"), _from_sqlite]),
               mo.vstack([mo.md("`pl.SQLContext(...).execute`"), _from_polars])],
              widths="equal", gap=2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Choosing, then:

    - **SQL** when the data lives in a database or warehouse: filter, join and aggregate
      there and pull only the result (pulling a billion rows to group them in pandas is
      the bug); also when analysts must read the logic, or a scheduler runs it.
    - **polars** for large files, many-step pipelines you own, data that does not fit in
      memory.
    - **pandas** for small tables, code that already works, and the door to the rest of
      the ML stack (scikit-learn takes pandas).

    They combine: SQL cuts a billion rows down to the million you need, polars builds
    features from them, and `.to_pandas()` hands the result to scikit-learn.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Key points

    - A file format is part of your data's meaning: **CSV stores text, Parquet stores
      types.** `read_csv` guesses — and turns `"n/a"` into a missing value, integers with
      gaps into floats, timestamps into text unless asked.
    - A **schema** (pandera) is a contract written as code: types, ranges, allowed values,
      uniqueness, table-wide rules. Loading without an error is not validation. Writing
      one, and the `test_` function that runs it, takes minutes.
    - Validate **lazily** (`lazy=True`) to get every failure in one pass as a table, then
      map failures (symptoms) to issues (root causes). Validate at every **boundary**:
      with `strict=True` a renamed column shows up at ingest as one missing and one
      unexpected column, before any model sees it.
    - **Training/serving skew**: data that passes every rule can still mean something
      else at serving — a category re-encoded on the serving batch, pounds for
      kilograms. Fit steps once on training data and ship them with the model; compare
      serving batches with the training data's profile.
    - A **SHA-256 in a manifest** is your data's version: it identifies exact bytes,
      travels in logs and model cards, and `verify_datasets()` checks it automatically.
      A pipeline is deterministic only by design: seeded randomness, no hidden inputs,
      a fixed order, pinned versions — and hashing two runs proves it.
    - **Measure performance**, on your data and machine: polars wins clearly on Parquet,
      group-bys and (lazy) whole pipelines; pandas can win on CSV parsing and wins on
      ecosystem; SQL wins where the data lives in a database. Conversions cost time too.
    """)
    return


@app.cell(hide_code=True)
def _():
    _answers = {
        "1. If I run your data pipeline twice on the same input, will I get identical "
        "output? Why or why not?": r"""
        Only if it was built to — and you can check instead of hoping: hash both outputs
        and compare, as in section 3. Identical output needs the *same input* (proved by
        its hash, not by its file name), every random step *seeded* (the unseeded
        `df.sample` gave a new hash on every run), *no hidden inputs* (the clock, the
        "latest" file in a folder, a network call), a *fixed order* (sort before writing:
        set order changes between processes, a polars `group_by` keeps no order unless
        asked, floats summed in another order can differ in the last digit) and the *same
        code and library versions* (a lock file). The course's generator meets all of
        these, which is why your files hash exactly like the manifest's.
        """,
        "2. Your model performed great in training but fails in production. The data "
        "looks similar. What could be wrong?": r"""
        Something that changed the data's *meaning* while leaving its look alone —
        training/serving skew. Suspects, most common first: a step computed differently at
        serving (a category encoding fitted again on the serving batch, so fire arrives as
        the code that meant electric; feature code rewritten for the service); units or
        conventions (pounds for kilograms, centimetres for metres); parsing (serving reads
        CSV with the defaults where training read Parquet: `"NA"` becomes missing,
        integers become floats); and a world that moved on (new kinds of creatures, a new
        mix of types). Also suspect the training score itself: leakage or evaluation on the
        training rows makes a model look great in training only (Modules 2 and 4). To find
        it: validate serving inputs against the same schema, compare their profile with the
        training data's (the pounds showed up in the median weight), and run one fitted
        pipeline for both training and serving.
        """,
        "3. Someone changed a column name upstream. How would you detect this before it "
        "breaks your model?": r"""
        Validate every incoming table at ingest against a **strict** schema, lazily: a
        rename shows as a required column that is missing plus an unknown column that has
        arrived, in one report, before anything is computed. Without that, pandas may not
        complain at all — `pd.concat` quietly filled half the rows of `sp_attack` with
        gaps — or it fails late with a `KeyError` inside training or serving. Keep the
        contract in one place, select columns by name (never by position), run the schema
        in a test on the producer's sample data, and decide explicitly: map the new name
        in your loader, or send the data back.
        """,
        "4. When would you choose polars over pandas? When would you stick with pandas?": r"""
        Choose polars when a measurement on your real workload says it pays: large tables
        (hundreds of MB and up), pipelines of many steps where the lazy engine can push
        filters and column selection into the read, group-bys on many cores, data bigger
        than memory (its streaming engine), or a new pipeline you own end to end. Stick
        with pandas when the data is small and the difference is milliseconds, when the
        code exists, works and the team knows it, when the libraries around it
        (scikit-learn, statsmodels, plotting) want pandas and conversions would eat the
        gain, when you need pandas-only features (index alignment, time-series
        resampling), or when pandas is simply faster, as on CSV timestamp parsing here.
        And when the data lives in a database, neither: ask it in SQL.
        """,
        "5. Why validate lazily, collecting every failure, instead of stopping at the first?": r"""
        Because fixing data is a conversation with whoever produced it, and every round trip
        is slow. Eager validation shows one problem per run: fix the duplicates, rerun, find
        the units, rerun… Lazy validation gives the whole picture at once, so you can see
        which failures share a root cause (`capture_rate`'s gaps *and* its dtype), decide
        what matters most, and send one complete report. Eager still has its place: a cheap
        guard where any error at all means "stop the pipeline".
        """,
        "6. How would you explain to a junior engineer why data versioning matters?": r"""
        A model is code *plus data*; versioning only the code leaves half of it unknown.
        A SHA-256 in a manifest gives the data an identity of *content*: a name or a date is
        a label anyone can keep while editing the file, but a changed file gets a different
        hash and the same bytes get the same hash on any machine, at any time. So you can
        say exactly which data trained a model, reproduce or debug it months later, catch
        accidental edits (`verify_datasets()`), and check a colleague's copy without moving
        any data. A hash does not say *what* changed: keep the generator and seed, or a
        diff, for that.
        """,
    }
    mo.vstack([
        mo.md("## Socratic questions\n\nAnswer each in your own words first, then open it. "
              "The first four are the ones in PROGRESS.md's Module 1 checklist."),
        mo.accordion({_question: mo.md(_answer) for _question, _answer in _answers.items()}),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next step

    1. **Exercises 1.1–1.3** in `exercises/01_data_engineering.py`: break the data on
       purpose so the schema catches it, refactor a messy loader, and make a slow pandas
       aggregation fast with polars. Open it with
       `uv run marimo edit exercises/01_data_engineering.py`. Each exercise has a live
       check: when you run the cell with your function (Ctrl/Shift+Enter), marimo re-runs
       the check below it and shows the verdict.
    2. **Checkpoint 1** in `checkpoints/01_new_pokemon_data_drop.py`: a partner team sends a
       new data drop with a changed schema and hidden problems — find every one, with no
       false alarm on clean data.
    """)
    return


if __name__ == "__main__":
    app.run()
