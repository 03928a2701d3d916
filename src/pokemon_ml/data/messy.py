"""Damage clean data the way real data gets damaged, and keep the answer key.

Two derived data sets, each returned with the list of what was done to it:

* ``make_messy`` — the same creatures after a careless export: missing values,
  duplicated rows, heights in centimetres, text in number columns, impossible
  values and inconsistent type spellings (Module 1, exercise 1.2).
* ``make_drop_v2`` — a "new data drop" from a partner team whose schema drifted
  (a renamed, an added and two retyped columns) with planted data problems
  (checkpoint C1). Which columns get which problem depends on the seed, so an
  answer cannot be hard-coded.

Each injected problem is recorded as a dict: ``issue`` (a kind from
``pokemon_ml.data.schemas.ISSUE_KINDS`` or a messy-data kind), ``column``, ``n_rows``,
``example_ids`` and a sentence ``description``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon

__all__ = ["MessyData", "expected_clean", "make_drop_v2", "make_messy"]

MISSING_TOKENS = ("?", "unknown", "-")  # what a careless export writes for "no value"
CM_THRESHOLD = 20.0  # a height_m above this is really centimetres (nothing is 20 m tall)
REGIONS = ("kanto", "johto", "hoenn", "sinnoh")
N_EXAMPLE_IDS = 10  # ids recorded per issue in the manifest


@dataclass(frozen=True)
class MessyData:
    """A damaged frame, what was done to it, and where the values were lost."""

    frame: pl.DataFrame
    issues: list[dict]
    lost_cells: dict[str, np.ndarray]  # column -> ids whose value cannot be recovered


def make_messy(clean: pl.DataFrame, seed: int) -> MessyData:
    """Inject realistic problems into a clean Pokémon table.

    Args:
        clean: the table from ``generate_pokemon``.
        seed: seed for choosing which rows are damaged.

    Returns:
        A ``MessyData``; its ``frame`` has every column as in ``clean`` except
        ``attack`` and ``speed``, which hold text, and rows in shuffled order.
    """
    rng = np.random.default_rng([seed, 1])
    n_rows = clean.height
    ids = clean["id"].to_numpy()
    issues: list[dict] = []
    lost: dict[str, list[np.ndarray]] = {}

    def pick(share: float, eligible: np.ndarray | None = None) -> np.ndarray:
        """Row positions to damage: ``share`` of the rows, at least one."""
        pool = np.flatnonzero(eligible) if eligible is not None else np.arange(n_rows)
        size = min(len(pool), max(1, round(share * n_rows)))
        return np.sort(rng.choice(pool, size=size, replace=False))

    def record(issue: str, column: str, rows: np.ndarray, description: str) -> None:
        issues.append(
            {
                "issue": issue,
                "column": column,
                "n_rows": int(len(rows)),
                "example_ids": [int(i) for i in ids[rows[:N_EXAMPLE_IDS]]],
                "description": description,
            }
        )

    height = clean["height_m"]
    height_values = height.to_numpy()
    capture = clean["capture_rate"]

    rows = pick(0.03)
    height = height.scatter(rows, None)
    lost.setdefault("height_m", []).append(rows)
    record("missing_values", "height_m", rows, "height_m left empty")

    rows = pick(0.02)
    capture = capture.scatter(rows, None)
    lost.setdefault("capture_rate", []).append(rows)
    record("missing_values", "capture_rate", rows, "capture_rate left empty")

    rows = pick(0.02, height.is_not_null().to_numpy() & (height_values >= 0.25))
    height = height.scatter(rows, np.round(height_values[rows] * 100, 1))
    record("wrong_units", "height_m", rows, f"height in centimetres (any value > {CM_THRESHOLD:g})")

    rows = pick(0.01)
    hp = clean["hp"].scatter(rows, rng.choice([0, -1, 999], size=len(rows)))
    lost.setdefault("hp", []).append(rows)
    record("impossible_values", "hp", rows, "hp of 0, -1 or 999 (valid: 1-255)")

    text_columns = []
    for column in ("attack", "speed"):
        rows = pick(0.01)
        tokens = rng.choice(MISSING_TOKENS, size=len(rows))
        text_columns.append(clean[column].cast(pl.String).scatter(rows, tokens))
        lost.setdefault(column, []).append(rows)
        record("text_in_numeric", column, rows, f"{column} written as one of {MISSING_TOKENS}")

    rows = pick(0.10)
    style = rng.integers(0, 4, size=len(rows))
    spelled = [
        (t.title(), t.upper(), f" {t}", f"{t} ")[s]
        for t, s in zip(clean["primary_type"].gather(rows).to_list(), style)
    ]
    primary = clean["primary_type"].scatter(rows, spelled)
    record("inconsistent_spelling", "primary_type", rows, "type as 'Fire', 'FIRE' or ' fire '")

    messy = clean.with_columns(height, capture, hp, primary, *text_columns)

    rows = pick(0.02)
    record("duplicate_rows", "id", rows, "whole rows exported twice")
    order = rng.permutation(n_rows + len(rows))
    messy = pl.concat([messy, messy[rows]])[order]
    return MessyData(
        frame=messy,
        issues=issues,
        lost_cells={column: ids[np.concatenate(parts)] for column, parts in lost.items()},
    )


def expected_clean(clean: pl.DataFrame, messy: MessyData) -> pd.DataFrame:
    """What a correct loader recovers from ``messy``: the truth, less what was lost.

    Duplicates dropped, spellings and units repaired, and every value that was
    blanked, written as text or made impossible is missing (NaN); sorted by id
    with a fresh 0..n-1 index. Integer columns that now hold NaN are float64.
    """
    expected = clean.to_pandas()
    for column, lost_ids in messy.lost_cells.items():
        expected[column] = expected[column].astype("float64")
        expected.loc[expected["id"].isin(lost_ids), column] = np.nan
    return expected.sort_values("id").reset_index(drop=True)


def make_drop_v2(n_rows: int, seed: int, first_id: int) -> tuple[pl.DataFrame, list[dict]]:
    """A partner team's new data drop, with schema drift and planted problems.

    Args:
        n_rows: number of new creatures (at least 20).
        seed: seed for the creatures and for which columns get which problem.
        first_id: id of the first new creature (the drop extends the main table).

    Returns:
        The drop as a polars frame and its answer key: one dict per planted
        problem with ``column`` and ``issue`` (a kind of ``ISSUE_KINDS``).
    """
    if n_rows < 20:
        raise ValueError(f"a drop needs at least 20 rows to plant its problems, got {n_rows}")
    rng = np.random.default_rng([seed, 2])
    drop = generate_pokemon(n_rows, seed=seed + 1).with_columns(
        (pl.col("id") + first_id - 1).alias("id")
    )
    ids = drop["id"].to_numpy().copy()
    key: list[dict] = []

    def plant(issue: str, column: str, n: int, description: str) -> np.ndarray:
        rows = np.sort(rng.choice(n_rows, size=n, replace=False))
        key.append(
            {
                "issue": issue,
                "column": column,
                "n_rows": n,
                "example_ids": [int(i) for i in ids[rows]],
                "description": description,
            }
        )
        return rows

    def retype(column: str, description: str) -> None:
        key.append(
            {
                "issue": "wrong_dtype",
                "column": column,
                "n_rows": n_rows,
                "example_ids": [],
                "description": description,
            }
        )

    replaced = []
    out_of_range_columns = rng.choice(
        [c for c in STAT_COLUMNS if c != "sp_attack"], size=2, replace=False
    )
    for column in sorted(out_of_range_columns):
        rows = plant("out_of_range", column, 4, f"{column} of 0 or over 255")
        replaced.append(drop[column].scatter(rows, rng.choice([0, 300, 400], size=len(rows))))

    rows = plant("unknown_category", "primary_type", 5, "types the course does not have")
    replaced.append(drop["primary_type"].scatter(rows, rng.choice(["dragon", "fairy"], size=5)))

    missing_column = str(rng.choice(["height_m", "weight_kg", "name"]))
    rows = plant("missing_values", missing_column, 6, f"{missing_column} left empty")
    replaced.append(drop[missing_column].scatter(rows, None))

    rows = plant("duplicate_ids", "id", 3, "ids reused from other rows of the drop")
    others = np.setdiff1d(np.arange(n_rows), rows)
    ids[rows] = ids[rng.choice(others, size=len(rows), replace=False)]
    replaced.append(pl.Series("id", ids))

    retype("generation", "generation written as 'gen-3'")
    replaced.append((pl.lit("gen-") + pl.col("generation").cast(pl.String)).alias("generation"))
    retype("is_legendary", "is_legendary written as 'yes'/'no'")
    replaced.append(
        pl.when(pl.col("is_legendary"))
        .then(pl.lit("yes"))
        .otherwise(pl.lit("no"))
        .alias("is_legendary")
    )
    key.append(
        {
            "issue": "missing_column",
            "column": "sp_attack",
            "n_rows": n_rows,
            "example_ids": [],
            "description": "sp_attack renamed to special_attack",
        }
    )
    key.append(
        {
            "issue": "unexpected_column",
            "column": "special_attack",
            "n_rows": n_rows,
            "example_ids": [],
            "description": "sp_attack's new name",
        }
    )
    key.append(
        {
            "issue": "unexpected_column",
            "column": "region",
            "n_rows": n_rows,
            "example_ids": [],
            "description": "a new column, region",
        }
    )

    drop = drop.with_columns(
        *replaced, pl.Series("region", rng.choice(REGIONS, size=n_rows))
    ).rename({"sp_attack": "special_attack"})
    key.sort(key=lambda item: (item["column"], item["issue"]))
    return drop, key
