"""How to damage the churn sources on purpose, with the answer key: ``plant_problems``.

Checkpoint exam E1 hands a learner three sources — ``accounts``, ``usage`` and
``tickets`` — and a contract (``CONTRACT``, one line per column; see
``pokemon_ml.data.churn_contract``). ``plant_problems`` breaks the contract in ways
real exports do: a kind of ``pokemon_ml.data.schemas.ISSUE_KINDS`` in one column of
one table, or a cross-table kind of its own, ``orphan_rows`` (a usage or ticket row
whose ``account_id`` is not an account). A problem is ``"kind"`` (the seed picks a
table and a column where the kind makes sense), ``"kind:table"`` or
``"kind:table.column"``; where each kind may go, and what it writes there, is the
catalogue in ``pokemon_ml.data.churn_damage``.

Every problem gets a column and rows of its own, so the answer key is exactly what
a validator that knows the contract reports: nothing hides anything else. Rows are
*added* for duplicates and orphans (copies of real rows), so dropping them gives the
clean rows back; the other kinds change values in place.

The contract's names (``CONTRACT``, ``TABLES``, ``SNAPSHOT``, the vocabulary) are
re-exported here, where the grader has always imported them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import numpy as np
import polars as pl

from pokemon_ml.data.churn_contract import (
    CHURN_ISSUE_KINDS,
    CONTRACT,
    MAX_FEE,
    PAYMENT_METHODS,
    PLANS,
    REGIONS,
    SEGMENTS,
    SNAPSHOT,
    TABLES,
)
from pokemon_ml.data.churn_damage import (
    ADDS_ROWS,
    CHANGES_VALUES,
    DROP_PROBLEM_KINDS,
    MISSPELLINGS,
    N_ROWS_PLANTED,
    NEW_COLUMNS,
    OUT_OF_RANGE,
    POOLS,
    RENAMES,
    RETYPES,
    ROW_RULE,
    ROW_RULE_COLUMNS,
)

__all__ = [
    "CHURN_ISSUE_KINDS",
    "CONTRACT",
    "DROP_PROBLEM_KINDS",
    "PAYMENT_METHODS",
    "PLANS",
    "REGIONS",
    "SEGMENTS",
    "SNAPSHOT",
    "TABLES",
    "plant_problems",
]

Sources = dict[str, pl.DataFrame]


def plant_problems(
    sources: Sources, problems: Sequence[str], seed: int
) -> tuple[Sources, list[dict]]:
    """Break the contract of clean ``sources`` as ``problems`` says.

    Args:
        sources: clean ``accounts``, ``usage`` and ``tickets`` frames.
        problems: each ``"kind"``, ``"kind:table"`` or ``"kind:table.column"``, a kind of
            ``DROP_PROBLEM_KINDS`` (``renamed_column`` plants a missing and an
            unexpected column).
        seed: picks the tables, columns and rows.

    Returns:
        The damaged sources and the answer key: one dict per problem with ``table``,
        ``column``, ``issue``, ``n_rows`` and ``description``, sorted.
    """
    rng = np.random.default_rng([seed, 7])
    plan = _resolve(problems, rng)
    frames = dict(sources)
    key: list[dict] = []
    taken_rows = {table: np.zeros(frames[table].height, dtype=bool) for table in TABLES}

    def record(issue: str, table: str, column: str, n_rows: int, description: str) -> None:
        key.append(
            {
                "table": table,
                "column": column,
                "issue": issue,
                "n_rows": n_rows,
                "description": description,
            }  # fmt: skip
        )

    def rows_for(table: str, kind: str, eligible: np.ndarray | None = None) -> np.ndarray:
        free = ~taken_rows[table] if eligible is None else ~taken_rows[table] & eligible
        rows = np.sort(rng.choice(np.flatnonzero(free), N_ROWS_PLANTED[kind], replace=False))
        taken_rows[table][rows] = True
        return rows

    # Rows added first (copies of clean rows), then values, then whole columns.
    order = sorted(plan, key=lambda p: (p[0] not in ADDS_ROWS, p[0] not in CHANGES_VALUES))
    renamed: dict[str, dict[str, str]] = {table: {} for table in TABLES}
    for kind, table, column in order:
        frame = frames[table]
        if kind in ADDS_ROWS:
            copies = frame[rows_for(table, kind)]
            if kind == "orphan_rows":  # accounts nobody has: ids past the last one
                first = int(frames["accounts"]["account_id"].max()) + 7_001
                fake = first + 37 * np.arange(copies.height)
                copies = copies.with_columns(pl.Series("account_id", fake, dtype=pl.Int64))
                if table == "tickets":  # new tickets, of no account: ids of their own
                    new_ids = int(frame["ticket_id"].max()) + 1 + np.arange(copies.height)
                    copies = copies.with_columns(pl.Series("ticket_id", new_ids, dtype=pl.Int64))
            frames[table] = pl.concat([frame, copies])
            taken_rows[table] = np.concatenate([taken_rows[table], np.ones(copies.height, bool)])
            what = "rows repeating a key" if kind == "duplicate_ids" else "rows of no account"
            record(kind, table, column, copies.height, f"{copies.height} {what}")
        elif kind in CHANGES_VALUES:
            eligible = _eligible(frame, kind, column)
            rows = rows_for(table, kind, eligible)
            frames[table] = frame.with_columns(_damage(frame, kind, table, column, rows, rng))
            record(kind, table, column, len(rows), f"{column}: {kind.replace('_', ' ')}")
        elif kind == "wrong_dtype":
            expression, how = RETYPES[(table, column)]
            frames[table] = frame.with_columns(expression.alias(column))
            record(kind, table, column, frame.height, f"{column} {how}")
        elif kind == "missing_column":
            frames[table] = frame.drop(column)
            record(kind, table, column, frame.height, f"{column} left out of the export")
        elif kind == "renamed_column":
            new_name = RENAMES[(table, column)]
            renamed[table][column] = new_name
            record("missing_column", table, column, frame.height, f"renamed to {new_name}")
            record("unexpected_column", table, new_name, frame.height, f"{column}'s new name")
        else:  # unexpected_column
            values = NEW_COLUMNS[(table, column)](rng, frame.height)
            frames[table] = frame.with_columns(pl.Series(column, values))
            record(kind, table, column, frame.height, f"a new column, {column}")
    frames = {table: frame.rename(renamed[table]) for table, frame in frames.items()}
    key.sort(key=lambda item: (TABLES.index(item["table"]), item["column"], item["issue"]))
    return frames, key


def _resolve(problems: Sequence[str], rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Each problem as (kind, table, column): fixed places first, then the seed's picks."""
    parsed = []
    for problem in problems:
        kind, _, place = problem.partition(":")
        if kind not in POOLS:
            raise ValueError(f"unknown problem kind {kind!r}; choose from {DROP_PROBLEM_KINDS}")
        table, _, column = place.partition(".")
        parsed.append((kind, table, column))
    taken: set[tuple[str, str]] = set()
    for kind, table, column in parsed:
        if column:
            if (table, column) in taken:
                raise ValueError(f"{table}.{column} is planted twice: one problem per column")
            taken.add((table, column))
        if kind == "inconsistent_row":  # the rule reads both columns: keep them sound
            taken.update(ROW_RULE_COLUMNS)
    plan = []
    for kind, table, column in parsed:
        if kind == "inconsistent_row":
            plan.append((kind, *ROW_RULE))
            continue
        if not column:
            pool = [p for p in POOLS[kind] if p not in taken and table in ("", p[0])]
            if not pool:
                raise ValueError(f"no column left for another {kind!r} problem")
            table, column = pool[int(rng.integers(len(pool)))]
            taken.add((table, column))
        if (table, column) not in POOLS[kind]:
            raise ValueError(f"{kind!r} cannot be planted in {table}.{column}")
        if kind in ("wrong_dtype", "missing_column", "renamed_column") and (
            (table, column) in ROW_RULE_COLUMNS
        ):
            taken.update(ROW_RULE_COLUMNS)  # a retyped opened_at breaks the row rule too
        plan.append((kind, table, column))
    return plan


def _eligible(frame: pl.DataFrame, kind: str, column: str) -> np.ndarray | None:
    """Rows where the damage shows alone: resolved tickets for the row rule, open ones
    for an impossible opened_at; for the fee in cents, fees above 501 euros (50,100
    cents and more break the 50,000 bound)."""
    if kind == "inconsistent_row":
        return frame["resolved_at"].is_not_null().to_numpy()
    if kind == "out_of_range" and column == "opened_at":  # keep the row rule sound
        return frame["resolved_at"].is_null().to_numpy()
    if kind == "out_of_range" and column == "monthly_fee":
        return (frame["monthly_fee"] > MAX_FEE / 100 + 1).to_numpy()
    return None


def _damage(
    frame: pl.DataFrame,
    kind: str,
    table: str,
    column: str,
    rows: np.ndarray,
    rng: np.random.Generator,
) -> pl.Series:
    """Column ``column`` of ``frame`` with a ``kind`` problem in ``rows``."""
    series = frame[column]
    if kind == "missing_values":
        return series.scatter(rows, None)
    if kind == "unknown_category":
        spellings = MISSPELLINGS[(table, column)]
        return series.scatter(rows, [spellings[i % len(spellings)] for i in range(len(rows))])
    if kind == "inconsistent_row":  # resolved hours before it was opened
        hours = rng.integers(2, 72, size=len(rows))
        opened = frame["opened_at"].gather(rows).to_list()
        values = [o - timedelta(hours=int(h)) for o, h in zip(opened, hours)]
        return series.scatter(rows, values)
    values = OUT_OF_RANGE[(table, column)]
    if values == ("cents",):
        return series.scatter(rows, (series.gather(rows) * 100).round(2))
    return series.scatter(rows, [values[i % len(values)] for i in range(len(rows))])
