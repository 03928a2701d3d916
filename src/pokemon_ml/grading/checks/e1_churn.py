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
from collections import Counter
from typing import Any

import pandas as pd
import polars as pl

from pokemon_ml.data.churn import make_churn, make_churn_drop
from pokemon_ml.data.churn_drops import CHURN_ISSUE_KINDS, TABLES
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, call_candidate, candidate_value
from pokemon_ml.grading.checks.e1_insights import check_insights
from pokemon_ml.grading.frames import as_pandas
from pokemon_ml.grading.registry import register

__all__ = ["CLEAN_SOURCES", "GRADED_DROPS", "REPORT_KINDS", "graded_drops"]

Triple = tuple[str, str, str]  # (table, column, issue)
REPORT_KINDS = {**ISSUE_KINDS, **CHURN_ISSUE_KINDS}
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
    if validator is None:
        validator = (
            "not written yet: `validate_churn` still raises NotImplementedError. Replace that "
            "line with your validator."
        )
    if wrote_insights:
        claims, claims_ok = _grade_part(check_insights, insights)
    else:
        claims, claims_ok = (
            "empty: write at least three claims about different things, each with an action.",
            False,
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
        report = _report_triples(_call(candidate, sources))
        if report:
            raise WrongAnswer(
                f"On clean sources ({n_accounts} accounts), which meet the contract, your report "
                f"lists {len(report)} issue(s): {_show(report[:4])}. Clean sources hold values "
                "exactly on the contract's bounds (1 seat, a fee of 0, a ticket opened at the "
                "snapshot, one resolved the minute it opened): a bound is allowed. Report only "
                "what breaks the contract."
            )
    drops = graded_drops()
    for label, sources, key in drops:
        found = _report_triples(_call(candidate, sources), label)
        planted = {(k["table"], k["column"], k["issue"]) for k in key}
        _compare_with_key(planted, found, label)
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


def _compare_with_key(planted: set[Triple], report: list[Triple], label: str) -> None:
    found = set(report)
    missed, extra = planted - found, found - planted
    wrong_table = sorted(t for t in extra if any(m[1:] == t[1:] and m[0] != t[0] for m in missed))
    if wrong_table:
        raise WrongAnswer(
            f"In {label}, you reported {_show(wrong_table)}: that problem is planted, but in "
            "another table. Check which table each entry comes from."
        )
    missed_places = {m[:2] for m in missed}
    wrong_kind = sorted(t for t in extra if t[:2] in missed_places)
    if wrong_kind:
        raise WrongAnswer(
            f"In {label}, you reported {_show(wrong_kind)}, but that is not what is wrong with "
            "that column. Look at which rule failed there, and which issue kind it means."
        )
    missed_kinds = {(m[0], m[2]) for m in missed}
    wrong_column = sorted(t for t in extra if (t[0], t[2]) in missed_kinds)
    if wrong_column:
        raise WrongAnswer(
            f"In {label}, you reported {_show(wrong_column)}: a problem of that kind is planted "
            "in that table, but in another column. A missing or unexpected column is named in "
            "pandera's `failure_case`, not `column`; the usage key's duplicates go under "
            "account_id; the ticket row rule under resolved_at."
        )
    if missed:
        counts = Counter((issue, table) for table, _, issue in missed)
        listed = ", ".join(
            f"{n} of kind {kind} in {table}" for (kind, table), n in sorted(counts.items())
        )
        raise WrongAnswer(
            f"In {label}, you found {len(planted) - len(missed)} of the {len(planted)} planted "
            f"problems. Missed: {listed}. Does your validator check every rule of the "
            "contract, in every table, including the ones across tables?"
        )
    if extra:
        retyped = {(t, c) for t, c, i in planted if i == "wrong_dtype"}
        hint = ""
        if any(t[:2] in retyped for t in extra):
            hint = (
                " A column of the wrong type fails its range checks too: report wrong_dtype only."
            )
        elif any(t[2] == "duplicate_ids" and t[0] == "usage" for t in extra):
            hint = (
                " The usage key (account_id, month) is one duplicate_ids entry, under account_id."
            )
        elif any(t[2] in ("out_of_range", "inconsistent_row") for t in extra):
            hint = " A value exactly on a bound is valid."
        what = "which is not a problem" if len(extra) == 1 else "which are not problems"
        raise WrongAnswer(
            f"In {label}, your report also lists {_show(sorted(extra))}, {what} there.{hint}"
        )


def _report_triples(report: Any, label: str = "clean sources") -> list[Triple]:
    """A report (list of dicts, or a DataFrame) as (table, column, issue) triples."""
    if isinstance(report, pd.DataFrame) or hasattr(report, "to_pandas"):
        frame = as_pandas(report, "validate_churn")
        if frame.empty:
            return []
        if not {"table", "column", "issue"} <= set(frame.columns):
            raise WrongAnswer(
                "A report frame needs columns 'table', 'column' and 'issue'; got "
                f"{list(map(str, frame))}."
            )
        items = list(zip(frame["table"], frame["column"], frame["issue"]))
    elif isinstance(report, (list, tuple)):
        items = [_triple(item) for item in report]
    elif report is None:
        raise WrongAnswer("validate_churn returned None: is a `return` statement missing?")
    else:
        raise WrongAnswer(
            "validate_churn should return a list of {'table': ..., 'column': ..., 'issue': ...} "
            f"dicts, got {type(report).__name__}."
        )
    triples = [(str(t), str(c), str(i)) for t, c, i in items]
    tables = sorted({t for t, _, _ in triples if t not in TABLES})
    if tables:
        raise WrongAnswer(
            f"Unknown table(s): {', '.join(tables)}. Use one of: {', '.join(TABLES)}."
        )
    unknown = sorted({i for _, _, i in triples if i not in REPORT_KINDS})
    if unknown:
        raise WrongAnswer(
            f"Unknown issue kind(s): {', '.join(unknown)}. Use one of: {', '.join(REPORT_KINDS)}."
        )
    repeated = sorted(t for t, n in Counter(triples).items() if n > 1)
    if repeated:
        raise WrongAnswer(
            f"In {label}, your report lists {_show(repeated)} more than once. Report each "
            "(table, column, issue) once, however many rows show it."
        )
    return triples


def _triple(item: Any) -> tuple[Any, Any, Any]:
    if isinstance(item, dict) and {"table", "column", "issue"} <= item.keys():
        return item["table"], item["column"], item["issue"]
    raise WrongAnswer(
        "Each report entry is a dict with a table, a column and an issue, e.g. "
        f"{{'table': 'usage', 'column': 'logins', 'issue': 'out_of_range'}}; got {item!r}."
    )


def _show(triples: list[Triple]) -> str:
    """Triples as plain text: ``usage.logins (out_of_range)``."""
    return ", ".join(f"{table}.{column} ({issue})" for table, column, issue in triples)
