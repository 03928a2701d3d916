"""Damage clean data the way a careless export does, and keep the answer key.

``make_messy`` returns the same creatures with missing values, duplicated rows,
heights in centimetres, text in number columns, impossible values and inconsistent
type spellings (Module 1, exercise 1.2). ``plant_height_boundary`` adds the edge
cases of the centimetre rule, for graders. (The v2 data drop of checkpoint C1 is
made in ``pokemon_ml.data.drops``.)

Each injected problem is recorded as a dict: ``issue`` (a messy-data kind such as
``wrong_units``), ``column``, ``n_rows``, ``example_ids`` and a sentence ``description``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.drops import make_drop_v2  # its home since the drops grew plans

__all__ = ["MessyData", "expected_clean", "make_drop_v2", "make_messy", "plant_height_boundary"]

MISSING_TOKENS = ("?", "unknown", "-")  # what a careless export writes for "no value"
CM_THRESHOLD = 20.0  # metres; a height_m above this was recorded in centimetres
BOUNDARY_HEIGHTS_M = (CM_THRESHOLD, 0.201)  # exactly the limit (metres), and 20.1 cm
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
                "n_rows": len(rows),
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


def plant_height_boundary(clean: pl.DataFrame, messy: MessyData) -> tuple[pl.DataFrame, MessyData]:
    """Put both sides of the centimetre rule into the data.

    The generator never makes a creature taller than 15 m, and centimetre values
    start at 25, so "above 20" and "above 15" or "at least 20" clean the same file.
    This makes one creature exactly 20 m tall (a value of 20 is metres: kept) and
    records another, 0.201 m tall, as 20.1 (just above 20: centimetres).

    Args:
        clean: the table ``messy`` was made from.
        messy: the result of ``make_messy(clean, seed)``.

    Returns:
        ``(clean, messy)`` with those two creatures changed in both, so that
        ``expected_clean`` still describes what a correct loader returns.
    """
    truth = clean.select("id", "height_m")
    recorded = messy.frame.select("id", pl.col("height_m").alias("recorded")).unique("id")
    intact = truth.join(recorded, on="id").filter(pl.col("height_m") == pl.col("recorded"))
    ids = intact["id"].sort().to_numpy()
    tall_id, short_id = int(ids[len(ids) // 3]), int(ids[2 * len(ids) // 3])
    true_height = {tall_id: BOUNDARY_HEIGHTS_M[0], short_id: BOUNDARY_HEIGHTS_M[1]}
    written = {tall_id: BOUNDARY_HEIGHTS_M[0], short_id: round(BOUNDARY_HEIGHTS_M[1] * 100, 1)}

    def with_heights(frame: pl.DataFrame, heights: dict[int, float]) -> pl.DataFrame:
        new = pl.col("id").replace_strict(heights, default=None, return_dtype=pl.Float64)
        return frame.with_columns(pl.coalesce(new, pl.col("height_m")).alias("height_m"))

    issue = {
        "issue": "wrong_units",
        "column": "height_m",
        "n_rows": 1,
        "example_ids": [short_id],
        "description": f"a height of {written[short_id]} (centimetres: just above {CM_THRESHOLD:g})",
    }
    return with_heights(clean, true_height), replace(
        messy, frame=with_heights(messy.frame, written), issues=[*messy.issues, issue]
    )
