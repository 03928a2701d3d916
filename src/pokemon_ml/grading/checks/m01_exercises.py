"""Checks for Module 1 (data engineering): exercises 1.1–1.3 (C1 is in ``m01_checkpoint``).

Every check builds its own inputs from the generator (so a learner's edits to
``data/`` cannot change a grade), tries more than one data set, each with the cases
that tell a right answer from a nearly right one (a height of exactly 20 m, types
tied on their count, tables never seen before for timing), and says what to look
at when the answer is wrong. Helpers: ``m01_schema_issues`` (what the schema
reports) and ``m01_type_summary`` (exercise 1.3's reference and tables).
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon
from pokemon_ml.data.messy import expected_clean, make_messy, plant_height_boundary
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import WrongAnswer, call_candidate, time_calls
from pokemon_ml.grading.checks.m01_schema_issues import schema_issues
from pokemon_ml.grading.checks.m01_type_summary import (
    fresh_tables,
    same_summary,
    slow_type_summary,
    tied_table,
)
from pokemon_ml.grading.frames import as_pandas, compare_frames
from pokemon_ml.grading.registry import register

__all__ = ["clean_table", "slow_type_summary"]

MODULE = 1
EXERCISES = "exercises/01_data_engineering.py"
EXERCISE_SOLUTIONS = "exercises/solutions/01_data_engineering.py"
MIN_ISSUE_KINDS = 5  # exercise 1.1: distinct kinds of issue the schema must catch
# Exercise 1.1: the broken table must be the given one, damaged. A creature of ``df`` is
# still in it when some row has at least MIN_SAME_VALUES of its identifying values.
IDENTIFYING_COLUMNS = ("name", *STAT_COLUMNS, "height_m", "weight_kg", "capture_rate")
MIN_SAME_VALUES = 5  # of the 10 identifying values: one whole broken column never hides a row
MIN_KEPT_SHARE = 0.5  # share of the given creatures a broken table still holds
MAX_ROWS_GROWTH = 2  # a broken copy has at most twice the rows it was given
ROWS_PER_BLOCK = 64  # given rows compared at once (memory: block × rows × columns)
SPEED_ROWS = 30_000  # exercise 1.3: rows of each timed table
N_TIMED = 3  # exercise 1.3: timed calls, each on a table of its own; the fastest counts
MIN_SPEEDUP = 5.0  # exercise 1.3: required speed-up over the slow version


@functools.cache
def clean_table(n_rows: int, seed: int) -> pd.DataFrame:
    """A clean table, built once per process (the learner's code only ever gets copies)."""
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
        (
            "Start from `broken = df.copy()`: the check gives your function a table and "
            "fails you if that table changes."
        ),
        (
            "Read the rules in `describe_schema()`: every column's type, range and allowed values "
            "is a rule you can break, and so are the table-wide rules (ids are unique, "
            "no unknown columns, a secondary type differs from the primary one)."
        ),
        (
            "One change per kind is enough: an empty required value, a repeated id, a stat of 0, "
            "a type the schema does not know, an extra column, text in a number column."
        ),
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
                f"mistake in five columns is still one kind, and a rule that cannot even run "
                f"(on a column you removed) finds nothing. Kinds the course schema can "
                f"catch: {others}."
            )
    return f"The schema caught {len(kinds)} kinds of issue: {', '.join(kinds)}."


def _require_derived_from(given: pd.DataFrame, broken: pd.DataFrame) -> None:
    """A broken table must be the given one, damaged: most of its creatures still there."""
    another_table = (
        "Break a copy of `df` itself rather than building or loading another table "
        "(the check calls your function on more than one table)."
    )
    if len(broken) > MAX_ROWS_GROWTH * len(given):
        raise WrongAnswer(
            f"Your table has {len(broken):,} rows, but you were given {len(given):,}. "
            + another_table
        )
    kept = _share_still_present(given, broken)
    if kept < MIN_KEPT_SHARE:
        raise WrongAnswer(
            f"Only {kept:.0%} of the creatures you were given are in your table (a creature "
            f"counts when one of your rows still has at least {MIN_SAME_VALUES} of its name, "
            "six stats, height, weight and capture rate). " + another_table
        )


def _share_still_present(given: pd.DataFrame, broken: pd.DataFrame) -> float:
    """Share of ``given``'s rows that a row of ``broken`` matches on enough identifying values.

    Rows are matched by their values, not their position or index, so sorting,
    dropping or adding rows, renaming the index or breaking whole columns all keep
    a creature recognisable; a table built from scratch matches almost nothing.
    """
    unique = broken.columns[~broken.columns.duplicated()]
    columns = [c for c in IDENTIFYING_COLUMNS if c in unique]
    if len(columns) < MIN_SAME_VALUES or broken.empty:
        return 0.0
    codes = np.stack([_value_codes(given[c], broken[c]) for c in columns], axis=1)
    mine, theirs = codes[: len(given)], codes[len(given) :]
    found = np.zeros(len(given), dtype=bool)
    for start in range(0, len(given), ROWS_PER_BLOCK):
        block = mine[start : start + ROWS_PER_BLOCK, None, :]
        same = (block == theirs[None, :, :]) & (block >= 0)
        found[start : start + ROWS_PER_BLOCK] = (same.sum(axis=2) >= MIN_SAME_VALUES).any(axis=1)
    return float(found.mean())


def _value_codes(mine: pd.Series, theirs: pd.Series) -> np.ndarray:
    """One integer per value of both columns, equal exactly when the values are.

    ``45``, ``45.0`` and ``"45"`` are the same value (retyping a column keeps its
    creatures recognisable); a missing value is -1 and matches nothing.
    """
    values = pd.concat([mine, theirs], ignore_index=True).astype(object)
    try:
        numbers = pd.to_numeric(values, errors="coerce")
        return pd.factorize(values.where(numbers.isna(), numbers))[0]
    except (TypeError, ValueError):  # cells that cannot be compared (lists, dicts)
        return np.full(len(values), -1)


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
        (
            "Write the contract as a pipeline of small steps, one function each: read, fix "
            "types, fix numbers, fix units, blank impossible values, drop duplicates, order."
        ),
        (
            "`pd.to_numeric(series, errors='coerce')` turns every text that is not a number "
            "into NaN; you do not need to list the placeholders one by one."
        ),
        (
            "`series.where(series.between(1, 255))` keeps valid values and blanks the rest, so "
            "the row stays. Drop duplicates, sort by id, then `reset_index(drop=True)`."
        ),
    ),
)
def check_load_clean(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (400, 7)):
        clean = generate_pokemon(n_rows, seed)
        # Both sides of "above 20 m": a creature exactly 20 m tall, one recorded as 20.1 cm.
        clean, messy = plant_height_boundary(clean, make_messy(clean, seed))
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pokemon_messy.csv"
            messy.frame.write_csv(path)
            got = as_pandas(call_candidate(candidate, path), "load_clean")
        try:
            compare_frames(expected_clean(clean, messy), got, key="id", check_index=True)
        except WrongAnswer as wrong:
            where = f"{messy.frame.height:,} rows ({n_rows:,} creatures, seed {seed})"
            raise WrongAnswer(f"On a messy file of {where}: {wrong}") from None
    return (
        "Exactly the expected frame (values, order and kinds of dtype), on a file like the "
        "course's and on a second messy file."
    )


# ---------------------------------------------------------------- 1.3 type_summary
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
        (
            "`pl.from_pandas(df)` gives you a polars frame. The conversion counts in your time, "
            "and it is cheap."
        ),
        (
            "The row-wise `apply` is the slow part. `pl.sum_horizontal(...)` adds columns for "
            "every row at once."
        ),
        (
            "`group_by('primary_type').agg(pl.len().alias('n_pokemon'), ...)`, then sort by "
            "n_pokemon (descending) and primary_type. The share of legendaries is the mean of a "
            "boolean column."
        ),
    ),
    timeout_s=60.0,
)
def check_type_summary(candidate: Any) -> str:
    graded = [
        ("1,500 creatures", clean_table(1_500, 42)),
        ("700 creatures", clean_table(700, 3)),
        ("a table where types tie on n_pokemon", tied_table(0)),
        ("a table where every type has the same n_pokemon", tied_table(1)),
    ]
    for where, table in graded:
        expected = slow_type_summary(table)
        same_summary(expected, as_pandas(call_candidate(candidate, table), "type_summary"), where)
    # Timing: each call gets a table nobody has seen, and each result is checked, so no
    # cache can win. The reference is timed the same way, on the same tables, in this run.
    tables = [(table,) for table in fresh_tables(N_TIMED, SPEED_ROWS)]
    slow = time_calls(slow_type_summary, tables)
    fast = time_calls(candidate, tables)
    for (expected, _), (got, _) in zip(slow, fast):
        same_summary(expected, as_pandas(got, "type_summary"), f"a new {SPEED_ROWS:,}-row table")
    slow_s = min(seconds for _, seconds in slow)
    fast_s = min(seconds for _, seconds in fast)
    speedup = slow_s / fast_s
    timing = f"{fast_s * 1000:.0f} ms against {slow_s * 1000:.0f} ms on {SPEED_ROWS:,} rows"
    if speedup < MIN_SPEEDUP:
        raise WrongAnswer(
            f"Same result, but only {speedup:.1f}× faster than the slow version ({timing}, "
            f"best of {N_TIMED} new tables each). Aim for at least {MIN_SPEEDUP:g}×: no Python "
            "function called once per row, no loop that filters the whole table once per group."
        )
    return f"Same result on every table, {speedup:.0f}× faster ({timing})."
