"""Customer churn for course checkpoint 1's practical exam (E1): three sources to join.

A software company's ``accounts``, their monthly ``usage`` and their support
``tickets``, exported at ``SNAPSHOT`` (2026-06-30); ``churned`` says whether the
account cancelled in the 90 days after it. This module makes *drops*: clean sources
with problems planted, and the answer key that lists them. The work is shared out
by responsibility, one module each, in the order a drop is made:

``churn_contract``  the vocabulary, ``CONTRACT`` (what a column promises) and
                    ``PLANTED_FACTS`` (what moves churn, which way)
``churn_sources``   the latent model and ``make_churn_sources``: clean sources
``churn_damage``    where each kind of problem may go, and what it writes there
``churn_drops``     ``plant_problems``: damage clean sources from a plan, with the key

``make_churn`` is the course's data (with ``CHURN_PROBLEMS`` planted; the planted
*facts* are in its answer key); ``make_churn_drop`` makes other drops from a plan,
for the grader. The names learners and the grader import from here
(``CONTRACT``, ``SNAPSHOT``, ``PLANTED_FACTS``, ...) are re-exported from the
modules above.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from pokemon_ml.data.churn_contract import (
    CHURN_ISSUE_KINDS,
    CONTRACT,
    PLANTED_FACTS,
    SNAPSHOT,
    TABLES,
)
from pokemon_ml.data.churn_drops import plant_problems
from pokemon_ml.data.churn_sources import DEFAULT_ACCOUNTS, make_churn_sources
from pokemon_ml.data.generate import DEFAULT_SEED

__all__ = [
    "CHURN_ISSUE_KINDS",
    "CHURN_PROBLEMS",
    "CONTRACT",
    "PLANTED_FACTS",
    "SNAPSHOT",
    "TABLES",
    "make_churn",
    "make_churn_drop",
    "make_churn_sources",
]

# The course's data: duplicated accounts, orphans in both child tables, another system's
# segment spellings, dates as text, impossible seats, lost regions, tickets resolved
# before they were opened, and a column nobody asked for.
CHURN_PROBLEMS = (
    "duplicate_ids:accounts.account_id",
    "orphan_rows:usage.account_id",
    "orphan_rows:tickets.account_id",
    "unknown_category:accounts.segment",
    "wrong_dtype:accounts.signed_up",
    "out_of_range:accounts.seats",
    "missing_values:accounts.region",
    "inconsistent_row",
    "unexpected_column:tickets.agent_id",
)


def make_churn(
    seed: int = DEFAULT_SEED, n_accounts: int = DEFAULT_ACCOUNTS
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict]:
    """The course's churn sources, with ``CHURN_PROBLEMS`` planted.

    Args:
        seed: the seed; the same seed gives the same bytes.
        n_accounts: accounts before damage (duplicates add a few rows).

    Returns:
        ``(accounts, usage, tickets, answer_key)``; the key holds ``snapshot``,
        ``problems`` (one dict per planted problem: table, column, issue, n_rows,
        description) and ``facts`` (``PLANTED_FACTS``: what moves churn, which way).
    """
    sources, problems = make_churn_drop(seed, CHURN_PROBLEMS, n_accounts)
    key = {"snapshot": SNAPSHOT.date().isoformat(), "problems": problems, "facts": PLANTED_FACTS}
    return sources["accounts"], sources["usage"], sources["tickets"], key


def make_churn_drop(
    seed: int, problems: Sequence[str] = CHURN_PROBLEMS, n_accounts: int = 600
) -> tuple[dict[str, pl.DataFrame], list[dict]]:
    """Fresh churn sources with ``problems`` planted (none: clean sources).

    Args:
        seed: seed for the accounts and for where each problem goes.
        problems: a plan, as ``pokemon_ml.data.churn_drops.plant_problems`` reads it.
        n_accounts: accounts before damage (at least 100).

    Returns:
        ``({"accounts": ..., "usage": ..., "tickets": ...}, answer_key)``.
    """
    return plant_problems(make_churn_sources(seed, n_accounts), problems, seed)
