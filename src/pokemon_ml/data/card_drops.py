"""Card listing drops with planted problems and their answer key (the capstone's validator).

``LISTING_CONTRACT`` is what a valid listings table is (the table the capstone's
``validate_listings`` docstring shows the learner). ``make_card_drop(seed, problems)``
takes clean listings from ``make_card_listings`` and plants each problem of a plan in a
column and rows of its own, so the answer key is exactly what the contract rejects:
nothing hides anything else. A problem is ``"kind"`` (the seed picks a column where that
kind makes sense) or ``"kind:column"``; the kinds are those of ``ISSUE_KINDS`` plus
``"renamed_column"`` (a missing column and an unexpected one).

Every drop also carries valid values on the contract's edges (grades exactly 1.0 and
10.0, a listing on 2024-01-01, ``pokemon_id`` 1 and 1500, ``days_to_sell`` 0, ungraded
rows), so a rule written with ``>`` where the contract says ``>=`` raises a false alarm.

``listings_as_loaded(frame)`` gives the pandas frame ``load_dataset("cards")`` would
give for it (a Parquet round trip: dates arrive as ``datetime.date`` objects).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.cards import (
    CARD_COLUMNS,
    EDITIONS,
    LANGUAGES,
    RARITIES,
    SETS,
    START,
    make_card_listings,
)
from pokemon_ml.data.generate import DEFAULT_ROWS

__all__ = [
    "CARD_DROP_KINDS",
    "LISTING_CONTRACT",
    "listings_as_loaded",
    "make_card_drop",
]

FIRST_SET_YEAR = 1996
MAX_PRICE = 100_000.0
N_POKEMON = DEFAULT_ROWS  # pokemon_id is an id of the course's pokemon table: 1..1500

# column -> (type, rule): the listing contract, as the learner reads it.
LISTING_CONTRACT = {
    "listing_id": ("integer", "at least 1; unique; required"),
    "listed_at": ("date", "from 2024-01-01 up to today (never in the future); required"),
    "pokemon_id": ("integer", f"1 to {N_POKEMON:,} (an id of the pokemon table); required"),
    "pokemon_name": ("text", "required"),
    "set_name": ("text", f"one of the {len(SETS)} sets: " + ", ".join(s for s, *_ in SETS)),
    "set_year": ("integer", f"{FIRST_SET_YEAR} up to this year; required"),
    "rarity": ("text", "one of " + ", ".join(RARITIES)),
    "edition": ("text", "one of " + ", ".join(EDITIONS)),
    "condition_grade": ("float", "1.0 to 10.0 in steps of 0.5; empty = ungraded (allowed)"),
    "language": ("text", "one of " + ", ".join(LANGUAGES)),
    "price_usd": ("float", f"above 0 and at most {MAX_PRICE:,.0f}; required"),
    "sold_price_usd": ("float", "above 0; empty = not sold (allowed)"),
    "days_to_sell": ("float", "0 or more; empty = not sold (allowed)"),
}
NULLABLE = ("condition_grade", "sold_price_usd", "days_to_sell")
CARD_DROP_KINDS = (
    "out_of_range",
    "unknown_category",
    "wrong_dtype",
    "missing_column",
    "renamed_column",
    "unexpected_column",
    "duplicate_ids",
    "missing_values",
)

# Values outside the contract (each of the column's own type: only the value is wrong).
OUT_OF_RANGE: dict[str, tuple] = {
    "price_usd": (-12.5, -0.99, 0.0),
    "condition_grade": (10.5, 0.5, 7.3, 11.0),
    "pokemon_id": (0, 2_001, 9_999),
    "listed_at": (dt.date(2055, 3, 4), dt.date(2061, 11, 30), dt.date(1970, 1, 1)),
    "days_to_sell": (-3.0, -1.0),
    "sold_price_usd": (-4.5, 0.0),
    "set_year": (1899, 2099),
}
UNKNOWN_CATEGORIES = {
    "rarity": ("ultra rare", "Rare", "promo"),
    "language": ("EN", "jp", "pt"),
    "edition": ("1st edition", "Unlimited"),
    "set_name": ("Base Set 2", "origins"),
}


# How an export retypes a column: the values are right, the type is not.
RETYPES: dict[str, pl.Expr] = {
    "price_usd": pl.col("price_usd").cast(pl.String),  # "12.5"
    "condition_grade": pl.col("condition_grade").cast(pl.String).fill_null("ungraded"),
    "pokemon_id": pl.lit("#") + pl.col("pokemon_id").cast(pl.String),  # "#25"
    "set_year": pl.col("set_year").cast(pl.String),
    "listed_at": pl.col("listed_at").dt.strftime("%d/%m/%Y"),
    "sold_price_usd": pl.lit("$") + pl.col("sold_price_usd").cast(pl.String),  # "$12.5"
}
REQUIRED_NULLABLE_IN_PARQUET = (  # a null keeps the column's pandas type
    "rarity",
    "edition",
    "language",
    "set_name",
    "pokemon_name",
    "price_usd",
    "listed_at",
)
RENAMES = {
    "price_usd": "price",
    "condition_grade": "grade",
    "listed_at": "listing_date",
    "pokemon_name": "name",
    "set_name": "set",
}
EXTRA_COLUMNS = {
    "seller_id": lambda rng, n: rng.integers(1_000, 9_999, n),
    "shipping_usd": lambda rng, n: np.round(rng.uniform(0.5, 6.0, n), 2),
    "notes": lambda rng, n: np.asarray(["mint", "nm", "see photos", ""])[rng.integers(0, 4, n)],
}
WHERE = {  # the columns each kind can be planted in
    "out_of_range": tuple(OUT_OF_RANGE),
    "unknown_category": tuple(UNKNOWN_CATEGORIES),
    "wrong_dtype": tuple(RETYPES),
    "missing_values": REQUIRED_NULLABLE_IN_PARQUET,
    "missing_column": tuple(c for c in CARD_COLUMNS if c != "listing_id"),
    "renamed_column": tuple(RENAMES),
    "unexpected_column": tuple(EXTRA_COLUMNS),
    "duplicate_ids": ("listing_id",),
}
ROWS_PER_PROBLEM = 3


def make_card_drop(
    seed: int, problems: Sequence[str], n_rows: int = 400, first_id: int = 50_001
) -> tuple[pl.DataFrame, list[dict]]:
    """Clean listings with ``problems`` planted, and the answer key.

    Args:
        seed: the seed (listings and planting; one stream each).
        problems: ``"kind"`` or ``"kind:column"`` items (``CARD_DROP_KINDS``).
        n_rows: rows of the drop (at least 60).
        first_id: the first ``listing_id``.

    Returns:
        ``(frame, answer_key)``: a polars frame, and one ``{"column", "issue"}`` per
        planted problem (a renamed column gives two), each issue one of ``ISSUE_KINDS``.
    """
    if n_rows < 60:
        raise ValueError(f"a card drop needs at least 60 rows, got {n_rows}")
    frame = make_card_listings(seed, n_rows, first_id=first_id)
    rng = np.random.default_rng([seed, 11])
    frame = _plant_edges(frame, rng)
    free_rows = list(rng.permutation(np.arange(ROWS_PER_PROBLEM * 2, n_rows)))  # edges first
    used: set[str] = set()
    plan = []
    for problem in problems:
        kind, _, column = problem.partition(":")
        if kind not in WHERE:
            raise ValueError(f"unknown problem kind {kind!r}; choose one of {CARD_DROP_KINDS}")
        if not column:
            options = [c for c in WHERE[kind] if c not in used]
            if not options:
                raise ValueError(f"no column left for another {kind!r} problem")
            column = options[int(rng.integers(len(options)))]
        if column in used or column not in WHERE[kind]:
            raise ValueError(f"cannot plant {kind!r} in {column!r} (used or not possible)")
        used.add(column)
        plan.append((kind, column))
    key: list[dict] = []
    # Value problems first (on rows of their own), then whole-column ones.
    order = {"out_of_range": 0, "unknown_category": 0, "missing_values": 0, "duplicate_ids": 0}
    for kind, column in sorted(plan, key=lambda p: order.get(p[0], 1)):
        rows = [int(free_rows.pop()) for _ in range(ROWS_PER_PROBLEM)]
        frame, entries = _plant(frame, kind, column, rows, rng)
        key += entries
    return frame, key


def listings_as_loaded(frame: pl.DataFrame) -> pd.DataFrame:
    """The pandas frame ``pd.read_parquet`` gives for ``frame`` (what a learner loads)."""
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    buffer.seek(0)
    return pd.read_parquet(buffer)


def _plant_edges(frame: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Valid values on the contract's edges, in the first rows."""
    n = ROWS_PER_PROBLEM * 2
    grades = [1.0, 10.0, 1.0, 10.0, None, 9.5][:n]
    row = np.arange(frame.height)
    edge = row < n
    return frame.with_columns(
        condition_grade=pl.when(pl.lit(edge))
        .then(pl.Series(grades + [None] * (frame.height - n), dtype=pl.Float64))
        .otherwise(pl.col("condition_grade")),
        pokemon_id=pl.when(pl.lit(row == 0))
        .then(1)
        .when(pl.lit(row == 1))
        .then(N_POKEMON)
        .otherwise(pl.col("pokemon_id")),
        listed_at=pl.when(pl.lit(row == 2)).then(pl.lit(START)).otherwise(pl.col("listed_at")),
        days_to_sell=pl.when(pl.lit(row == 3)).then(0.0).otherwise(pl.col("days_to_sell")),
        sold_price_usd=pl.when(pl.lit(row == 3))
        .then(pl.col("price_usd"))
        .otherwise(pl.col("sold_price_usd")),
    )


def _plant(
    frame: pl.DataFrame, kind: str, column: str, rows: list[int], rng: np.random.Generator
) -> tuple[pl.DataFrame, list[dict]]:
    mask = pl.lit(np.isin(np.arange(frame.height), rows))
    if kind == "out_of_range":
        values = OUT_OF_RANGE[column]
        picked = [values[i % len(values)] for i in range(len(rows))]
        series = pl.Series(
            [picked[rows.index(i)] if i in rows else None for i in range(frame.height)]
        )
        frame = frame.with_columns(
            pl.when(mask)
            .then(series.cast(frame.schema[column]))
            .otherwise(pl.col(column))
            .alias(column)
        )
    elif kind == "unknown_category":
        values = UNKNOWN_CATEGORIES[column]
        series = pl.Series(
            [
                values[rows.index(i) % len(values)] if i in rows else None
                for i in range(frame.height)
            ]
        )
        frame = frame.with_columns(
            pl.when(mask).then(series).otherwise(pl.col(column)).alias(column)
        )
    elif kind == "missing_values":
        frame = frame.with_columns(pl.when(mask).then(None).otherwise(pl.col(column)).alias(column))
    elif kind == "duplicate_ids":
        ids = frame["listing_id"].to_numpy().copy()
        others = [i for i in range(frame.height) if i not in rows]
        for row in rows:  # another row's id
            ids[row] = ids[others[int(rng.integers(len(others)))]]
        frame = frame.with_columns(listing_id=pl.Series(ids, dtype=pl.Int64))
    elif kind == "wrong_dtype":
        frame = frame.with_columns(RETYPES[column].alias(column))
    elif kind == "missing_column":
        frame = frame.drop(column)
    elif kind == "renamed_column":
        new = RENAMES[column]
        frame = frame.rename({column: new})
        return frame, [
            {"column": column, "issue": "missing_column"},
            {"column": new, "issue": "unexpected_column"},
        ]
    elif kind == "unexpected_column":
        frame = frame.with_columns(pl.Series(column, EXTRA_COLUMNS[column](rng, frame.height)))
    return frame, [{"column": column, "issue": kind}]
