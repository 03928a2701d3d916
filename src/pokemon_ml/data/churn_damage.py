"""Where each kind of problem may be planted in the churn sources, and what it writes.

``pokemon_ml.data.churn_drops.plant_problems`` damages clean sources; this module is
its catalogue, plain data a reader can scan without reading the planter. For each
kind of problem there is a *pool* (``POOLS``): the ``(table, column)`` places where the
kind makes sense. A key column can repeat a value (``duplicate_ids``), but it is never
left empty; an int column never loses a value (pandas would silently turn it into
floats, a second problem hiding behind the first). Beside each pool stands what the
damage looks like there — the impossible values (``OUT_OF_RANGE``), another system's
spellings (``MISSPELLINGS``), how an export retypes a column (``RETYPES``), the new
names (``RENAMES``) and the columns nobody asked for (``NEW_COLUMNS``).

The kinds fall into three groups, planted in this order so that nothing hides
anything else: kinds that *add* rows (``ADDS_ROWS``: copies of real rows, so
dropping them gives the clean rows back), kinds that *change values* in place
(``CHANGES_VALUES``, ``N_ROWS_PLANTED`` rows each), and kinds that touch a whole
column (retyped, left out, renamed, added).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import numpy as np
import polars as pl

__all__ = [
    "ADDS_ROWS",
    "CHANGES_VALUES",
    "DROPPABLE",
    "DROP_PROBLEM_KINDS",
    "KEYS",
    "MAY_BE_MISSING",
    "MISSPELLINGS",
    "NEW_COLUMNS",
    "N_ROWS_PLANTED",
    "OUT_OF_RANGE",
    "POOLS",
    "RENAMES",
    "RETYPES",
    "ROW_RULE",
    "ROW_RULE_COLUMNS",
]

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
NEW_COLUMNS: dict[tuple[str, str], Callable[[np.random.Generator, int], np.ndarray]] = {
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
