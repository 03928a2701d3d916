"""A partner team's data drop: schema drift and planted problems, with the answer key.

``make_drop_v2`` builds new creatures and plants a list of problems in them, each
a kind of ``ISSUE_KINDS`` (or ``"renamed_column"``: a missing column plus an
unexpected one). A problem is ``"kind"`` — the seed picks a column where that kind
makes sense — or ``"kind:column"`` for a fixed column. Every problem gets a column
of its own and rows of their own, so the answer key is exactly what the schema
reports, nothing hides anything else.

The course's ``pokemon_drop_v2`` uses ``DROP_V2_PROBLEMS``; checkpoint C1 grades on
drops with other plans, so that a validator has to know every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import polars as pl

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon

__all__ = ["DROP_PROBLEM_KINDS", "DROP_V2_PROBLEMS", "make_drop_v2"]

MIN_DROP_ROWS = 20  # enough rows to plant every problem in rows of its own
REGIONS = ("kanto", "johto", "hoenn", "sinnoh")

# The course's drop: two retyped columns, a renamed one, a new one, and value problems.
DROP_V2_PROBLEMS = (
    "out_of_range",
    "out_of_range",
    "unknown_category:primary_type",
    "missing_values",
    "duplicate_ids",
    "wrong_dtype:generation",
    "wrong_dtype:is_legendary",
    "renamed_column:sp_attack",
    "unexpected_column:region",
)

# Values outside the contract, per column (same dtype as the column: only the range is wrong).
OUT_OF_RANGE = {
    **{column: (0, 300, 400) for column in STAT_COLUMNS},
    "height_m": (0.0, 25.0, 48.5),  # metres; the contract allows 0.05-20
    "weight_kg": (0.0, 12_500.0),  # kilograms; the contract allows 0.1-10,000
    "capture_rate": (0, 300),
    "generation": (0, 9),
    "evolution_stage": (0, 4),
}
UNKNOWN_CATEGORIES = {"primary_type": ("dragon", "fairy"), "secondary_type": ("ice", "steel")}
NULLABLE_IN_POLARS_AND_PANDAS = ("name", "primary_type", "height_m", "weight_kg")
# How a partner's export retypes a column: (expression, description).
RETYPES: dict[str, tuple[pl.Expr, str]] = {
    "generation": (pl.lit("gen-") + pl.col("generation").cast(pl.String), "written as 'gen-3'"),
    "is_legendary": (
        pl.when(pl.col("is_legendary")).then(pl.lit("yes")).otherwise(pl.lit("no")),
        "written as 'yes'/'no'",
    ),
    "capture_rate": (pl.col("capture_rate").cast(pl.Float64), "written as 45.0"),
    "evolution_stage": (
        pl.lit("stage ") + pl.col("evolution_stage").cast(pl.String),
        "written as 'stage 2'",
    ),
    "weight_kg": (pl.col("weight_kg").cast(pl.String) + pl.lit(" kg"), "written as '12.3 kg'"),
}
DROPPABLE = ("name", "generation", "speed", "height_m", "weight_kg", "capture_rate")
RENAMES = {
    "sp_attack": "special_attack",
    "sp_defense": "special_defense",
    "hp": "HP",
    "height_m": "height",
    "weight_kg": "weight_lb",
}
NEW_COLUMNS: dict[str, Callable[[np.random.Generator, int], object]] = {
    "region": lambda rng, n: rng.choice(REGIONS, size=n),
    "trainer_id": lambda rng, n: rng.integers(1_000, 9_999, size=n),
    "source": lambda rng, n: np.full(n, "partner-export"),
}
N_ROWS_PLANTED = {  # rows damaged per row-level problem
    "out_of_range": 4,
    "unknown_category": 5,
    "missing_values": 6,
    "duplicate_ids": 3,
    "inconsistent_row": 4,
}
# Columns each kind may be planted in (row-level kinds change values, the others columns).
POOLS = {
    "out_of_range": tuple(OUT_OF_RANGE),
    "unknown_category": tuple(UNKNOWN_CATEGORIES),
    "missing_values": NULLABLE_IN_POLARS_AND_PANDAS,
    "duplicate_ids": ("id",),
    "inconsistent_row": ("secondary_type",),
    "wrong_dtype": tuple(RETYPES),
    "missing_column": DROPPABLE,
    "renamed_column": tuple(RENAMES),
    "unexpected_column": tuple(NEW_COLUMNS),
}
DROP_PROBLEM_KINDS = tuple(POOLS)


def make_drop_v2(
    n_rows: int, seed: int, first_id: int, problems: Sequence[str] = DROP_V2_PROBLEMS
) -> tuple[pl.DataFrame, list[dict]]:
    """A partner team's new data drop, with schema drift and planted problems.

    Args:
        n_rows: number of new creatures (at least 20).
        seed: seed for the creatures and for which columns and rows get which problem.
        first_id: id of the first new creature (the drop extends the main table).
        problems: what to plant, each ``"kind"`` or ``"kind:column"`` (see ``POOLS``).

    Returns:
        The drop as a polars frame and its answer key: one dict per planted problem
        with ``column``, ``issue`` (a kind of ``ISSUE_KINDS``), ``n_rows``,
        ``example_ids`` and ``description``, sorted by column and issue.
    """
    if n_rows < MIN_DROP_ROWS:
        raise ValueError(f"a drop needs at least {MIN_DROP_ROWS} rows, got {n_rows}")
    rng = np.random.default_rng([seed, 2])
    drop = generate_pokemon(n_rows, seed=seed + 1).with_columns(pl.col("id") + first_id - 1)
    plan = [problem.partition(":")[::2] for problem in problems]
    unknown = sorted({kind for kind, _ in plan} - set(POOLS))
    if unknown:
        raise ValueError(f"unknown problem kind(s) {unknown}; choose from {DROP_PROBLEM_KINDS}")
    taken = {column for _, column in plan if column}  # fixed columns first, then the seed's
    free_rows = np.ones(n_rows, dtype=bool)
    key: list[dict] = []
    renamed: dict[str, str] = {}
    dropped: list[str] = []
    added: dict[str, object] = {}

    def record(issue: str, column: str, rows: np.ndarray | None, description: str) -> None:
        ids = drop["id"].to_numpy()
        key.append(
            {
                "issue": issue,
                "column": column,
                "n_rows": n_rows if rows is None else len(rows),
                "example_ids": [] if rows is None else [int(i) for i in ids[rows]],
                "description": description,
            }
        )

    def rows_for(kind: str) -> np.ndarray:
        rows = np.sort(rng.choice(np.flatnonzero(free_rows), N_ROWS_PLANTED[kind], replace=False))
        free_rows[rows] = False
        return rows

    for kind, fixed in plan:
        if fixed or kind == "inconsistent_row":  # a row rule: its rows are its own
            column = fixed or POOLS[kind][0]
        else:
            pool = [c for c in POOLS[kind] if c not in taken]
            if not pool:
                raise ValueError(f"no column left for another {kind!r} problem")
            column = str(rng.choice(pool))
            taken.add(column)
        if kind in N_ROWS_PLANTED:
            rows = rows_for(kind)
            drop = drop.with_columns(_damage(drop, kind, column, rows, rng))
            record(kind, column, rows, _DESCRIPTIONS[kind].format(column=column))
        elif kind == "wrong_dtype":
            expression, how = RETYPES[column]
            drop = drop.with_columns(expression.alias(column))
            record(kind, column, None, f"{column} {how}")
        elif kind == "missing_column":
            dropped.append(column)
            record(kind, column, None, f"{column} left out of the export")
        elif kind == "renamed_column":
            renamed[column] = RENAMES[column]
            taken.add(RENAMES[column])
            record("missing_column", column, None, f"{column} renamed to {RENAMES[column]}")
            record("unexpected_column", RENAMES[column], None, f"{column}'s new name")
        else:  # unexpected_column
            added[column] = NEW_COLUMNS[column](rng, n_rows)
            record(kind, column, None, f"a new column, {column}")

    drop = drop.drop(dropped).rename(renamed)
    drop = drop.with_columns(pl.Series(name, values) for name, values in added.items())
    key.sort(key=lambda item: (item["column"], item["issue"]))
    return drop, key


_DESCRIPTIONS = {
    "out_of_range": "{column} outside the contract's range",
    "unknown_category": "{column} values the course does not know",
    "missing_values": "{column} left empty",
    "duplicate_ids": "ids reused from other rows of the drop",
    "inconsistent_row": "secondary_type equal to primary_type",
}


def _damage(
    drop: pl.DataFrame, kind: str, column: str, rows: np.ndarray, rng: np.random.Generator
) -> pl.Series:
    """The column ``column`` of ``drop`` with a ``kind`` problem in ``rows``."""
    series = drop[column]
    if kind == "out_of_range":
        return series.scatter(rows, rng.choice(OUT_OF_RANGE[column], size=len(rows)))
    if kind == "unknown_category":
        return series.scatter(rows, rng.choice(UNKNOWN_CATEGORIES[column], size=len(rows)))
    if kind == "missing_values":
        return series.scatter(rows, None)
    if kind == "duplicate_ids":
        others = np.setdiff1d(np.arange(drop.height), rows)
        return series.scatter(rows, series.gather(rng.choice(others, len(rows), replace=False)))
    return series.scatter(rows, drop["primary_type"].gather(rows))  # inconsistent_row
