"""The inputs of Module 2's try-it checks, and how their answers are read.

Every frame is built from the generator (an edit to ``data/`` cannot change a
grade) and indexed by id in a shuffled order, so an answer that loses the index or
reorders rows is caught. ``as_series`` reads a one-column answer however it was
written (pandas, polars, numpy) or says why it cannot.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.grading.calling import WrongAnswer

__all__ = [
    "COLLIDING_PAIRS",
    "RELATIVE_TOLERANCE",
    "as_series",
    "course_labels",
    "course_rows",
    "first_mismatch",
    "frames_with_zero_defense",
    "same",
    "train_test_cases",
    "with_pairs_that_collide",
]

RELATIVE_TOLERANCE = 1e-6  # float noise allowed against an expected value
# T2.1: hp/defense pairs that share a sum, a mean, a product or a ratio with another pair.
COLLIDING_PAIRS = [
    *((50, 100), (100, 50), (75, 75), (45, 45)),  # equal sums or equal ratios
    *((60, 120), (120, 60), (40, 80), (80, 40), (30, 90), (90, 30)),  # equal ratios, products
    *((1, 1), (255, 255), (1, 255), (255, 1)),  # the extremes of the stat range
]
ZERO_DEFENSE_ATTACKS = [0, 1, 2, 30, 55, 80, 120, 200, 255]  # T2.2: planted with defense 0


@functools.cache
def course_rows(n_rows: int = 1_500, seed: int = 42) -> pd.DataFrame:
    """A clean table without the target, indexed by id in a shuffled order.

    The index is neither 0..n-1 nor sorted, so an answer that loses it (or reorders
    rows) is caught. Built once per process; candidates only ever get copies.
    """
    table = generate_pokemon(n_rows, seed).to_pandas().drop(columns=TARGET)
    order = np.random.default_rng(seed).permutation(n_rows)
    return table.iloc[order].set_index("id", drop=False).rename_axis(None)


@functools.cache
def course_labels(n_rows: int = 1_500, seed: int = 42) -> pd.Series:
    """The types of ``course_rows(n_rows, seed)``, indexed by id (kept in the grader)."""
    return generate_pokemon(n_rows, seed).to_pandas().set_index("id")[TARGET]


def with_pairs_that_collide(rows: pd.DataFrame) -> pd.DataFrame:
    """The course rows, the first few given hp/defense pairs with equal sums, products, ratios."""
    rows = rows.copy()
    rows.iloc[: len(COLLIDING_PAIRS), rows.columns.get_indexer(["hp", "defense"])] = COLLIDING_PAIRS
    return rows


def frames_with_zero_defense() -> list[pd.DataFrame]:
    """The course rows with defense 0 planted (attack 0 to 255), one row, float columns."""
    rows = course_rows().copy()
    attacks = ZERO_DEFENSE_ATTACKS
    planted = rows.index[:: len(rows) // len(attacks)][: len(attacks)]
    rows.loc[planted, "attack"] = attacks
    rows.loc[planted, "defense"] = 0
    one_row = rows.loc[[planted[4]]]
    floats = rows.iloc[::7].astype({"attack": "float64", "defense": "float64"})
    return [rows, one_row, floats]


def train_test_cases() -> list[tuple[pd.DataFrame, pd.DataFrame, str, str]]:
    """Two splits whose test rows hold a group that training never saw."""
    rows = course_rows().assign(secondary_type=lambda df: df["secondary_type"].fillna("none"))
    first, rest = rows.iloc[:1_000], rows.iloc[1_000:]
    return [
        (first[first["evolution_stage"] != 3], rest, "attack", "evolution_stage"),
        (
            rows.iloc[500:][rows.iloc[500:]["generation"] != 8],
            rows.iloc[:500],
            "weight_kg",
            "generation",
        ),
    ]


def as_series(result: Any, expected_index: pd.Index, what: str) -> pd.Series:
    """One column of floats aligned with ``expected_index``, or ``WrongAnswer`` saying why not.

    Args:
        result: what the learner returned: a pandas or polars Series, or an array
            (read by position, in the frame's order).
        expected_index: the index of the frame the values belong to.
        what: how the feedback names it ("What `safe_power_ratio` returned").
    """
    if result is None:
        raise WrongAnswer(f"{what} is None: is a `return` statement missing?")
    if isinstance(result, (pd.DataFrame, pl.DataFrame)):
        raise WrongAnswer(
            f"{what} is a table with {result.shape[1]} column(s): return one column, a Series."
        )
    if isinstance(result, pl.Series):
        result = result.to_numpy()
    if not isinstance(result, pd.Series):
        values = np.asarray(result)
        if values.ndim != 1:
            raise WrongAnswer(f"{what} should be one value per row; it has shape {values.shape}.")
        fits = len(values) == len(expected_index)
        result = pd.Series(values, index=expected_index if fits else None)
    if len(result) != len(expected_index):
        raise WrongAnswer(
            f"{what} has {len(result):,} values for {len(expected_index):,} rows: keep every "
            "row, in its order (a feature must have a value for every creature)."
        )
    if not result.index.equals(expected_index):
        raise WrongAnswer(
            f"{what} has an index that is not the frame's (the frame was indexed "
            f"{list(expected_index[:3])}…, yours is {list(result.index[:3])}…). Added as a "
            "column, its values would land on the wrong rows: keep the index you were given."
        )
    try:
        return result.astype("float64")
    except (TypeError, ValueError):
        raise WrongAnswer(f"{what} holds values that are not numbers ({result.dtype}).") from None


def first_mismatch(
    expected: pd.Series, got: pd.Series, frame: pd.DataFrame, show: list[str]
) -> str:
    """'for the row with a=…, b=…: expected …, got …' for the first differing row."""
    differs = ~np.isclose(got, expected, rtol=RELATIVE_TOLERANCE, atol=0, equal_nan=True)
    row = differs.argmax()
    values = ", ".join(f"{column} {frame[column].iloc[row]:g}" for column in show)
    return f"for the row with {values}: expected {expected.iloc[row]:.6g}, got {got.iloc[row]:.6g}"


def same(a: pd.Series, b: pd.Series) -> bool:
    """Equal up to float noise (missing values equal too)."""
    return bool(np.allclose(a, b, rtol=RELATIVE_TOLERANCE, atol=0, equal_nan=True))
