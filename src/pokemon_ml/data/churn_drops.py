"""The churn sources' contract, and how to damage them on purpose, with the answer key.

Checkpoint exam E1 hands a learner three sources — ``accounts``, ``usage`` and
``tickets`` — and a contract (``CONTRACT``, one line per column). ``plant_problems``
breaks the contract in ways real exports do: a kind of
``pokemon_ml.data.schemas.ISSUE_KINDS`` in one column of one table, or a cross-table
kind of its own, ``orphan_rows`` (a usage or ticket row whose ``account_id`` is not
an account). A problem is ``"kind"`` (the seed picks a table and a column where the
kind makes sense), ``"kind:table"`` or ``"kind:table.column"``.

Every problem gets a column and rows of its own, so the answer key is exactly what
a validator that knows the contract reports: nothing hides anything else. Rows are
*added* for duplicates and orphans (copies of real rows), so dropping them gives the
clean rows back; the other kinds change values in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import numpy as np
import polars as pl

__all__ = [
    "CHURN_ISSUE_KINDS",
    "CONTRACT",
    "DROP_PROBLEM_KINDS",
    "SNAPSHOT",
    "TABLES",
    "plant_problems",
]

SNAPSHOT = datetime(2026, 6, 30)  # the moment the sources were exported (midnight)
FIRST_DAY = datetime(2015, 1, 1)  # the product launched: nothing happened before
FIRST_MONTH, LAST_MONTH = datetime(2025, 7, 1), datetime(2026, 6, 1)  # usage months kept
SEGMENTS = ("smb", "mid_market", "enterprise")
PLANS = ("basic", "pro", "premium")
REGIONS = ("north", "south", "east", "west")
PAYMENT_METHODS = ("card", "direct_debit", "manual_transfer")
TICKET_CATEGORIES = ("billing", "technical", "account", "feature_request")
PRIORITIES = ("low", "normal", "high", "urgent")
MAX_SEATS = 1_000  # the largest plan sold
MAX_FEE = 50_000.0  # euros a month; no contract is larger
MAX_FEATURES = 25  # the product has 25 features

TABLES = ("accounts", "usage", "tickets")
# The contract, one line per column: (type, rule, nullable). Rendered in the exam's brief.
CONTRACT: dict[str, dict[str, tuple[str, str, bool]]] = {
    "accounts": {
        "account_id": ("int", ">= 1, unique (the table's key)", False),
        "signed_up": ("datetime", "2015-01-01 to the snapshot, 2026-06-30", False),
        "segment": ("str", ", ".join(SEGMENTS), False),
        "plan": ("str", ", ".join(PLANS), False),
        "region": ("str", ", ".join(REGIONS), False),
        "seats": ("int", f"1 to {MAX_SEATS:,}", False),
        "monthly_fee": ("float", f"0 to {MAX_FEE:,.0f} (euros a month)", False),
        "payment_method": ("str", ", ".join(PAYMENT_METHODS), False),
        "churned": ("bool", "cancelled within 90 days after the snapshot", False),
    },
    "usage": {
        "account_id": ("int", "an account_id of accounts; (account_id, month) unique", False),
        "month": ("datetime", "first day of a month, 2025-07-01 to 2026-06-01", False),
        "logins": ("int", ">= 0", False),
        "active_minutes": ("float", ">= 0 (all users, the whole month)", False),
        "features_used": ("int", f"0 to {MAX_FEATURES}", False),
    },
    "tickets": {
        "ticket_id": ("int", ">= 1, unique (the table's key)", False),
        "account_id": ("int", "an account_id of accounts", False),
        "opened_at": ("datetime", "2015-01-01 to the snapshot, 2026-06-30", False),
        "category": ("str", ", ".join(TICKET_CATEGORIES), False),
        "priority": ("str", ", ".join(PRIORITIES), False),
        "resolved_at": ("datetime", "empty while open; never before opened_at", True),
        "satisfaction": ("float", "1 to 5; empty when not rated", True),
    },
}
# The kinds a churn report uses: the course's ISSUE_KINDS and one across tables.
CHURN_ISSUE_KINDS = {
    "orphan_rows": "a usage or ticket row whose account_id is not in accounts",
}

N_ROWS_PLANTED = {  # rows damaged (or added) per row-level problem
    "out_of_range": 4,
    "unknown_category": 5,
    "missing_values": 6,
    "duplicate_ids": 3,
    "inconsistent_row": 4,
    "orphan_rows": 5,
}
# Impossible values, per (table, column); several per column, each used once in turn.
OUT_OF_RANGE: dict[tuple[str, str], tuple] = {
    ("accounts", "signed_up"): (datetime(1970, 1, 1), datetime(2027, 3, 1), datetime(2014, 12, 31)),
    ("accounts", "seats"): (0, 5_000, -3),
    ("accounts", "monthly_fee"): ("cents",),  # the wrong unit: euros written as cents
    ("usage", "month"): (datetime(2026, 9, 1), datetime(2025, 6, 1), datetime(2026, 7, 1)),
    ("usage", "logins"): (-1, -12),
    ("usage", "active_minutes"): (-5.0, -60.0),
    ("usage", "features_used"): (26, 99, -1),
    ("tickets", "opened_at"): (datetime(2026, 7, 2, 9, 30), datetime(1970, 1, 1)),
    ("tickets", "satisfaction"): (0.0, 10.0, 7.0),  # a 0-10 scale leaking in
}
# Spellings another system uses: unknown to the contract.
MISSPELLINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("accounts", "segment"): ("SMB", "Mid-Market", "Enterprise ", "mid market"),
    ("accounts", "plan"): ("Basic", "PRO", "premium+"),
    ("accounts", "region"): ("North", "south-east", "WEST"),
    ("accounts", "payment_method"): ("Card", "direct debit", "manual"),
    ("tickets", "category"): ("Billing", "tech", "feature request"),
    ("tickets", "priority"): ("High", "P1", "urgent!"),
}
# Where a value may go missing (never a key, never an int column: pandas would retype it).
MAY_BE_MISSING = (
    ("accounts", "segment"),
    ("accounts", "plan"),
    ("accounts", "region"),
    ("accounts", "payment_method"),
    ("accounts", "monthly_fee"),
    ("accounts", "signed_up"),
    ("usage", "active_minutes"),
    ("tickets", "category"),
    ("tickets", "priority"),
)
# How an export retypes a column: (expression, description).
RETYPES: dict[tuple[str, str], tuple[pl.Expr, str]] = {
    ("accounts", "signed_up"): (pl.col("signed_up").dt.strftime("%Y-%m-%d"), "text '2023-04-01'"),
    ("accounts", "seats"): (pl.col("seats").cast(pl.Float64), "written as 12.0"),
    ("accounts", "churned"): (
        pl.when(pl.col("churned")).then(pl.lit("yes")).otherwise(pl.lit("no")),
        "written as 'yes'/'no'",
    ),
    ("accounts", "monthly_fee"): (
        pl.lit("€") + pl.col("monthly_fee").round(2).cast(pl.String),
        "written as '€123.4'",
    ),
    ("usage", "month"): (pl.col("month").dt.strftime("%Y-%m"), "text '2026-06'"),
    ("usage", "logins"): (pl.col("logins").cast(pl.Float64), "written as 12.0"),
    ("tickets", "satisfaction"): (
        pl.col("satisfaction").cast(pl.Int64).cast(pl.String) + pl.lit("/5"),
        "written as '4/5'",
    ),
    ("tickets", "opened_at"): (
        pl.col("opened_at").dt.strftime("%Y-%m-%dT%H:%M"),
        "text '2026-06-30T14:05'",
    ),
}
DROPPABLE = (
    ("accounts", "region"),
    ("accounts", "payment_method"),
    ("accounts", "seats"),
    ("usage", "features_used"),
    ("usage", "active_minutes"),
    ("tickets", "priority"),
    ("tickets", "satisfaction"),
    ("tickets", "category"),
)
RENAMES = {
    ("accounts", "monthly_fee"): "mrr",
    ("accounts", "signed_up"): "signup_date",
    ("usage", "active_minutes"): "minutes_active",
    ("tickets", "satisfaction"): "csat",
    ("tickets", "opened_at"): "created_at",
}
NEW_COLUMNS = {
    ("accounts", "email"): lambda rng, n: np.array([f"user{i}@example.com" for i in range(n)]),
    ("accounts", "country"): lambda rng, n: rng.choice(("DE", "FR", "NL", "PL"), size=n),
    ("usage", "device"): lambda rng, n: rng.choice(("web", "ios", "android"), size=n),
    ("tickets", "agent_id"): lambda rng, n: rng.integers(100, 199, size=n),
}
KEYS = {"accounts": "account_id", "usage": "account_id", "tickets": "ticket_id"}
ROW_RULE = ("tickets", "resolved_at")  # resolved_at >= opened_at: reported under resolved_at
ROW_RULE_COLUMNS = (("tickets", "opened_at"), ("tickets", "resolved_at"))
POOLS: dict[str, tuple[tuple[str, str], ...]] = {
    "out_of_range": tuple(OUT_OF_RANGE),
    "unknown_category": tuple(MISSPELLINGS),
    "missing_values": MAY_BE_MISSING,
    "duplicate_ids": tuple(KEYS.items()),
    "orphan_rows": (("usage", "account_id"), ("tickets", "account_id")),
    "inconsistent_row": (ROW_RULE,),
    "wrong_dtype": tuple(RETYPES),
    "missing_column": DROPPABLE,
    "renamed_column": tuple(RENAMES),
    "unexpected_column": tuple(NEW_COLUMNS),
}
DROP_PROBLEM_KINDS = tuple(POOLS)
ADDS_ROWS = ("duplicate_ids", "orphan_rows")
CHANGES_VALUES = ("out_of_range", "unknown_category", "missing_values", "inconsistent_row")

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
