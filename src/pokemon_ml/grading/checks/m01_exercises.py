"""Checks for Module 1 (data engineering): exercises 1.1–1.3 (C1 is in ``checks_data_drop``).

Every check builds its own inputs from the generator (so a learner's edits to
``data/`` cannot change a grade), tries more than one data set (so an answer
cannot be hard-coded), and says what to look at when the answer is wrong.
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon
from pokemon_ml.data.messy import expected_clean, make_messy
from pokemon_ml.data.schemas import ISSUE_KINDS, validate
from pokemon_ml.grading.calling import WrongAnswer, call_candidate, time_calls
from pokemon_ml.grading.frames import as_pandas, compare_frames
from pokemon_ml.grading.registry import register

__all__ = ["slow_type_summary"]

MODULE = 1
EXERCISES = "exercises/01_data_engineering.py"
EXERCISE_SOLUTIONS = "exercises/solutions/01_data_engineering.py"
MIN_ISSUE_KINDS = 5  # exercise 1.1: distinct kinds of issue the schema must catch
MIN_KEPT_SHARE = 0.5  # exercise 1.1: share of the given creatures a broken table still holds
SPEED_ROWS = 30_000  # exercise 1.3: rows in the timing run
MIN_SPEEDUP = 5.0  # exercise 1.3: required speed-up over the slow version


@functools.cache
def clean_table(n_rows: int, seed: int) -> pd.DataFrame:
    """A clean table, built once per process (callers get copies via call_candidate)."""
    return generate_pokemon(n_rows, seed).to_pandas()


# ---------------------------------------------------------------- 1.1 break_data
@register(
    "1.1",
    module=MODULE,
    title="Break the data on purpose",
    function="break_data",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=25,
    difficulty="easy",
    hints=(
        "Start from `broken = df.copy()`: the check gives your function a table and "
        "fails you if that table changes.",
        "Read the rules in `describe_schema()`: every column's type, range and allowed values "
        "is a rule you can break, and so are the table-wide rules (ids are unique, "
        "no unknown columns).",
        "One change per kind is enough: an empty required value, a repeated id, a stat of 0, "
        "a type the schema does not know, an extra column, text in a number column.",
    ),
)
def check_break_data(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (400, 7)):
        given = clean_table(n_rows, seed)
        broken = as_pandas(call_candidate(candidate, given), "break_data")
        _require_derived_from(given, broken)
        kinds = sorted(set(schema_issues(broken)["issue"]))
        if len(kinds) < MIN_ISSUE_KINDS:
            found = ", ".join(kinds) if kinds else "nothing"
            others = ", ".join(k for k in ISSUE_KINDS if k not in kinds)
            raise WrongAnswer(
                f"The schema caught {len(kinds)} distinct kind(s) of issue in your table: "
                f"{found}. Break it in at least {MIN_ISSUE_KINDS} different ways: the same "
                f"mistake in five columns is still one kind. Kinds the course schema can "
                f"catch: {others}."
            )
    return f"The schema caught {len(kinds)} kinds of issue: {', '.join(kinds)}."


def _require_derived_from(given: pd.DataFrame, broken: pd.DataFrame) -> None:
    """A broken table must be the given one, damaged: most of its creatures still there."""
    if "name" not in broken.columns:
        return  # dropping a column is one way to break a table; nothing to compare by
    kept = given["name"].isin(set(broken["name"].dropna())).mean()
    if kept < MIN_KEPT_SHARE:
        raise WrongAnswer(
            f"Only {kept:.0%} of the creatures you were given are in your table: break a copy "
            "of `df` itself rather than returning another table (the check passes a different "
            "table each run)."
        )


def schema_issues(df: pd.DataFrame) -> pd.DataFrame:
    """The (column, issue kind) pairs ``POKEMON_SCHEMA`` reports for ``df``."""
    failures = validate(df)
    pairs = pd.DataFrame(
        {
            "column": [_column_of(f) for _, f in failures.iterrows()],
            "issue": [_issue_of(str(check)) for check in failures["check"]],
        }
    ).drop_duplicates()
    wrong_dtype = set(pairs.loc[pairs["issue"] == "wrong_dtype", "column"])
    return pairs[(pairs["issue"] == "wrong_dtype") | ~pairs["column"].isin(wrong_dtype)]


def _column_of(failure: pd.Series) -> str:
    if failure["check"] in ("column_in_dataframe", "column_in_schema"):
        return str(failure["failure_case"])  # schema-level: the column is the failure case
    if failure["check"] == "secondary_differs_from_primary":
        return "secondary_type"
    return str(failure["column"])


def _issue_of(check: str) -> str:
    prefixes = {
        "column_in_dataframe": "missing_column",
        "column_in_schema": "unexpected_column",
        "dtype(": "wrong_dtype",
        "coerce_dtype": "wrong_dtype",
        "not_nullable": "missing_values",
        "field_uniqueness": "duplicate_ids",
        "isin": "unknown_category",
        "in_range": "out_of_range",
        "greater_than": "out_of_range",
        "less_than": "out_of_range",
        "secondary_differs_from_primary": "inconsistent_row",
    }
    for prefix, issue in prefixes.items():
        if check.startswith(prefix):
            return issue
    return "wrong_dtype"  # a check that crashed on the column's type (text in numbers)


# ---------------------------------------------------------------- 1.2 load_clean
@register(
    "1.2",
    module=MODULE,
    title="Refactor the messy loader",
    function="load_clean",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=40,
    difficulty="medium",
    hints=(
        "Write the contract as a pipeline of small steps, one function each: read, fix "
        "types, fix numbers, fix units, blank impossible values, drop duplicates, order.",
        "`pd.to_numeric(series, errors='coerce')` turns every text that is not a number "
        "into NaN; you do not need to list the placeholders one by one.",
        "`series.where(series.between(1, 255))` keeps valid values and blanks the rest, so "
        "the row stays. Drop duplicates, sort by id, then `reset_index(drop=True)`.",
    ),
)
def check_load_clean(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (400, 7)):
        clean = generate_pokemon(n_rows, seed)
        messy = make_messy(clean, seed)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pokemon_messy.csv"
            messy.frame.write_csv(path)
            got = as_pandas(call_candidate(candidate, path), "load_clean")
        try:
            compare_frames(expected_clean(clean, messy), got, key="id", check_index=True)
        except WrongAnswer as wrong:
            raise WrongAnswer(f"On a messy file of {n_rows} rows (seed {seed}): {wrong}") from None
    return "Exactly the expected frame, on the course's file and on a second messy file."


# ---------------------------------------------------------------- 1.3 type_summary
def slow_type_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per primary type: how many, how strong, how fast, how legendary.

    The slow version that exercise 1.3 asks you to speed up. It is correct; it is
    slow because ``apply(axis=1)`` calls a Python function once per row, and the
    loop filters the whole table once per type.
    """
    df = df.copy()
    df["base_total"] = df.apply(lambda row: sum(row[stat] for stat in STAT_COLUMNS), axis=1)
    rows = []
    for primary_type in df["primary_type"].unique():
        group = df[df["primary_type"] == primary_type]
        rows.append(
            {
                "primary_type": primary_type,
                "n_pokemon": len(group),
                "mean_base_total": group["base_total"].mean(),
                "max_speed": group["speed"].max(),
                "legendary_share": group["is_legendary"].mean(),
            }
        )
    summary = pd.DataFrame(rows)
    summary = summary.sort_values(["n_pokemon", "primary_type"], ascending=[False, True])
    return summary.reset_index(drop=True)


@register(
    "1.3",
    module=MODULE,
    title="Make a slow pandas aggregation fast with polars",
    function="type_summary",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=30,
    difficulty="medium",
    hints=(
        "`pl.from_pandas(df)` gives you a polars frame. The conversion counts in your time, "
        "and it is cheap.",
        "The row-wise `apply` is the slow part. `pl.sum_horizontal(...)` adds columns for "
        "every row at once.",
        "`group_by('primary_type').agg(pl.len().alias('n_pokemon'), ...)`, then sort by "
        "n_pokemon (descending) and primary_type. The share of legendaries is the mean of a "
        "boolean column.",
    ),
    timeout_s=60.0,
)
def check_type_summary(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (700, 3)):
        data = clean_table(n_rows, seed)
        got = as_pandas(call_candidate(candidate, data), "type_summary")
        _compare_summary(slow_type_summary(data), got, f"{n_rows} rows")
    big = clean_table(SPEED_ROWS, 11)
    start = time.perf_counter()
    expected = slow_type_summary(big)  # slow on purpose: measured once, in this same run
    slow_s = time.perf_counter() - start
    got = as_pandas(call_candidate(candidate, big), "type_summary")
    _compare_summary(expected, got, f"{SPEED_ROWS:,} rows")
    fast_s = min(seconds for _, seconds in time_calls(candidate, [(big,)] * 3))
    speedup = slow_s / fast_s
    timing = f"{fast_s * 1000:.0f} ms against {slow_s * 1000:.0f} ms on {SPEED_ROWS:,} rows"
    if speedup < MIN_SPEEDUP:
        raise WrongAnswer(
            f"Same result, but only {speedup:.1f}× faster than the slow version ({timing}). "
            f"Aim for at least {MIN_SPEEDUP:g}×: no Python function called once per row, "
            "no loop that filters the whole table once per group."
        )
    return f"Same result, {speedup:.0f}× faster ({timing})."


def _compare_summary(expected: pd.DataFrame, got: pd.DataFrame, where: str) -> None:
    if "primary_type" not in got.columns and got.index.name == "primary_type":
        raise WrongAnswer("primary_type is your index, not a column: call `reset_index()` on it.")
    try:
        compare_frames(expected, got.reset_index(drop=True), key="primary_type")
    except WrongAnswer as wrong:
        raise WrongAnswer(f"On {where}: {wrong}") from None
