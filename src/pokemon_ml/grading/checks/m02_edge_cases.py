"""Rows a new data source can send, for exercise 2.1's check (and the notebook's preview).

A feature step meets rows the schema never promised: a defense of 0 (outside the
schema, on purpose: that is the ``power_ratio`` question), every stat at its maximum or
minimum, the smallest and largest bodies the schema allows, and a single creature sent
on its own for a prediction. Every feature must stay a finite number on each.
"""

from __future__ import annotations

import functools

import pandas as pd

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon

__all__ = ["EDGE_ROWS", "edge_row_name", "edge_table", "single_row_table"]

# (what the feedback calls the row, the values set on it)
EDGE_ROWS = (
    ("defense is 0", {"defense": 0}),
    (
        "every stat is 255 and the body is the largest the schema allows (20 m, 10 t)",
        {**dict.fromkeys(STAT_COLUMNS, 255), "height_m": 20.0, "weight_kg": 10_000.0},
    ),
    (
        "every stat is 1 and the body is the smallest the schema allows (0.05 m, 0.1 kg)",
        {**dict.fromkeys(STAT_COLUMNS, 1), "height_m": 0.05, "weight_kg": 0.1},
    ),
    ("attack is 255 and defense is 1", {"attack": 255, "defense": 1}),
    ("defense is 0 and every other stat is 1", {**dict.fromkeys(STAT_COLUMNS, 1), "defense": 0}),
)
N_ORDINARY_EDGE_ROWS = 3  # ordinary creatures beside the edge rows
SINGLE_ROW_LABEL = 41  # the one row's index label: not 0, so a positional Series misses it


def edge_table() -> pd.DataFrame:
    """The rows of ``EDGE_ROWS``, then a few ordinary creatures (a fresh copy each call,
    so whatever a notebook does to it never reaches the grader's own)."""
    return _edge_table().copy()


def single_row_table() -> pd.DataFrame:
    """One ordinary creature whose index label is not 0 (a fresh copy each call)."""
    return _single_row_table().copy()


def edge_row_name(position: int) -> str:
    """How feedback names the edge table's row at ``position``."""
    if position < len(EDGE_ROWS):
        return f"where {EDGE_ROWS[position][0]}"
    return "on an ordinary creature of the edge-case table"


@functools.cache
def _edge_table() -> pd.DataFrame:
    table = generate_pokemon(len(EDGE_ROWS) + N_ORDINARY_EDGE_ROWS, seed=303).to_pandas()
    for position, (_, values) in enumerate(EDGE_ROWS):
        for column, value in values.items():
            table.loc[position, column] = value
    return table


@functools.cache
def _single_row_table() -> pd.DataFrame:
    return generate_pokemon(1, seed=404).to_pandas().set_axis([SINGLE_ROW_LABEL])
