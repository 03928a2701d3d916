"""Course checkpoint 1's practical exam (E1): customer churn.

Two parts, one item. ``validate_churn(accounts, usage, tickets)`` is graded like C1:
no report on clean sources (whose values sit on the contract's bounds), and on the
course's sources plus drops whose planted problems differ in kind and in table, the
report must match each answer key. Feedback counts what was missed by kind and
table, never naming the column. ``CHURN_INSIGHTS`` is checked by
``pokemon_ml.grading.checks.e1_insights``. A learner who wrote only one part is told
how that part did and that the other is missing.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import polars as pl

from pokemon_ml.data.churn import make_churn, make_churn_drop
from pokemon_ml.data.churn_drops import TABLES
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, call_candidate, candidate_value
from pokemon_ml.grading.checks.e1_insights import check_insights
from pokemon_ml.grading.checks.e1_report import compare_with_key, report_triples, show
from pokemon_ml.grading.registry import register

__all__ = ["CLEAN_SOURCES", "GRADED_DROPS", "graded_drops"]

CLEAN_SOURCES = ((5, 200), (13, 300))  # (seed, accounts): no problem planted
# (seed, accounts, plan): drops that differ from the course's and from one another.
GRADED_DROPS = (
    (
        17,
        300,
        (
            "out_of_range:accounts.monthly_fee",
            "unknown_category:tickets.priority",
            "missing_values:accounts.payment_method",
            "orphan_rows:tickets.account_id",
            "duplicate_ids:usage.account_id",
            "out_of_range:usage.features_used",
            "renamed_column:tickets.satisfaction",
        ),
    ),
    (
        23,
        300,
        (
            "missing_column:accounts.seats",
            "unexpected_column:usage.device",
            "wrong_dtype:usage.month",
            "wrong_dtype:tickets.opened_at",
            "out_of_range:tickets.satisfaction",
            "duplicate_ids:tickets.ticket_id",
            "missing_values:usage.active_minutes",
            "unknown_category:accounts.plan",
        ),
    ),
    (
        31,
        300,
        (
            "orphan_rows:usage.account_id",
            "wrong_dtype:accounts.churned",
            "wrong_dtype:tickets.satisfaction",
            "inconsistent_row",
            "out_of_range:usage.logins",
            "missing_values:tickets.priority",
            "unknown_category:tickets.category",
            "renamed_column:usage.active_minutes",
            "out_of_range:accounts.signed_up",
        ),
    ),
)


def graded_drops() -> list[tuple[str, dict[str, pl.DataFrame], list[dict]]]:
    """Every graded drop: (label, sources, answer key); the course's first."""
    accounts, usage, tickets, key = make_churn()
    course = {"accounts": accounts, "usage": usage, "tickets": tickets}
    drops = [("the course's sources", course, key["problems"])]
    for number, (seed, n_accounts, plan) in enumerate(GRADED_DROPS, start=2):
        sources, problems = make_churn_drop(seed, plan, n_accounts)
        drops.append((f"drop {number} of {len(GRADED_DROPS) + 1} ({n_accounts} accounts)",
                      sources, problems))  # fmt: skip
    return drops


@register(
    "E1",
    module=2,
    title="Customer churn: validate three sources, state checkable insights",
    function="validate_churn",
    notebook="checkpoints/course_1_churn_exam.py",
    solution="checkpoints/solutions/course_1_churn_exam.py",
    minutes=120,
    difficulty="hard",
    hints=(
        (
            "Write one pandera schema per table from the contract table, validate each with "
            "`lazy=True`, and turn each failure into a (table, column, issue) entry, once. "
            "Orphans are a cross-table check: `usage['account_id'].isin(accounts['account_id'])`."
        ),
        (
            "Bounds are inclusive: a value exactly on one is valid. A retyped column fails its "
            "range checks too: report only wrong_dtype for it. The usage key is the pair "
            "(account_id, month): one duplicate_ids entry, under account_id."
        ),
        (
            "For the insights, clean first (one row per account, spellings fixed, orphans "
            "dropped), compute churn rates per group and above/below each feature's median, and "
            "claim only what the data shows clearly. Each claim needs an action: who does what."
        ),
    ),
    timeout_s=60.0,
    also=("CHURN_INSIGHTS",),
)
def check_churn_exam(candidate: Any) -> str:
    insights = candidate_value(candidate, "CHURN_INSIGHTS")
    wrote_insights = not (isinstance(insights, (list, tuple)) and len(insights) == 0)
    validator, validator_ok = _grade_part(_grade_validator, candidate)
    if validator is None and not wrote_insights:
        raise NotAttempted(
            "Not attempted yet: `validate_churn` still raises NotImplementedError and "
            "`CHURN_INSIGHTS` is empty. Write the validator (part 1), then your claims (part 2)."
        )
    if wrote_insights:
        claims, claims_ok = _grade_part(check_insights, insights)
    else:
        claims, claims_ok = (
            "empty: write at least three claims about different things, each with an action.",
            False,
        )
    if validator is None:  # the exam's main answer: until it runs, the exam is not attempted
        raise NotAttempted(
            "Not attempted yet: `validate_churn` still raises NotImplementedError; replace that "
            f"line with your validator (part 1). Meanwhile, part 2, CHURN_INSIGHTS: {claims}"
        )
    message = f"Part 1, validate_churn: {validator}\n\nPart 2, CHURN_INSIGHTS: {claims}"
    if validator_ok and claims_ok:
        return message
    raise WrongAnswer(message)


def _grade_part(grade: Any, argument: Any) -> tuple[str | None, bool]:
    """(feedback, passed); feedback None when the part is not attempted."""
    try:
        return grade(argument), True
    except NotAttempted:
        return None, False
    except WrongAnswer as wrong:
        return str(wrong), False


def _grade_validator(candidate: Any) -> str:
    for seed, n_accounts in CLEAN_SOURCES:
        sources = make_churn_drop(seed, (), n_accounts)[0]
        report = report_triples(_call(candidate, sources))
        if report:
            raise WrongAnswer(
                f"On clean sources ({n_accounts} accounts), which meet the contract, your report "
                f"lists {len(report)} issue(s): {show(report[:4])}. Clean sources hold values "
                "exactly on the contract's bounds (1 seat, a fee of 0, a ticket opened at the "
                "snapshot, one resolved the minute it opened): a bound is allowed. Report only "
                "what breaks the contract."
            )
    drops = graded_drops()
    for label, sources, key in drops:
        found = report_triples(_call(candidate, sources), label)
        planted = {(k["table"], k["column"], k["issue"]) for k in key}
        compare_with_key(planted, found, label)
    return (
        f"every planted problem found in {len(drops)} drops with different problems (the "
        "course's and three more), and no false alarm on clean sources."
    )


def _call(candidate: Any, sources: dict[str, pl.DataFrame]) -> Any:
    """The learner's validator on the sources as ``load_dataset`` gives them (via Parquet)."""
    return call_candidate(candidate, *(_as_loaded(sources[table]) for table in TABLES))


def _as_loaded(frame: pl.DataFrame) -> pd.DataFrame:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    buffer.seek(0)
    return pd.read_parquet(buffer)
