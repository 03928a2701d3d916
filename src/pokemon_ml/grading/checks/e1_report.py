"""Exam E1's validator reports: read one (a list of dicts or a DataFrame) as
(table, column, issue) triples, and compare it with a drop's answer key.

Feedback counts what was missed by kind and table and never names the column to look
at; a reported entry (the learner's own) is named, with what is wrong about it: the
table, the kind or the column.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from pokemon_ml.data.churn_drops import CHURN_ISSUE_KINDS, TABLES
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.frames import as_pandas

__all__ = ["REPORT_KINDS", "compare_with_key", "report_triples", "show"]

Triple = tuple[str, str, str]  # (table, column, issue)
REPORT_KINDS = {**ISSUE_KINDS, **CHURN_ISSUE_KINDS}


def compare_with_key(planted: set[Triple], report: list[Triple], label: str) -> None:
    found = set(report)
    missed, extra = planted - found, found - planted
    wrong_table = sorted(t for t in extra if any(m[1:] == t[1:] and m[0] != t[0] for m in missed))
    if wrong_table:
        raise WrongAnswer(
            f"In {label}, you reported {show(wrong_table)}: that problem is planted, but in "
            "another table. Check which table each entry comes from."
        )
    missed_places = {m[:2] for m in missed}
    wrong_kind = sorted(t for t in extra if t[:2] in missed_places)
    if wrong_kind:
        raise WrongAnswer(
            f"In {label}, you reported {show(wrong_kind)}, but that is not what is wrong with "
            "that column. Look at which rule failed there, and which issue kind it means."
        )
    missed_kinds = {(m[0], m[2]) for m in missed}
    wrong_column = sorted(t for t in extra if (t[0], t[2]) in missed_kinds)
    if wrong_column:
        raise WrongAnswer(
            f"In {label}, you reported {show(wrong_column)}: a problem of that kind is planted "
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
            f"In {label}, your report also lists {show(sorted(extra))}, {what} there.{hint}"
        )


def report_triples(report: Any, label: str = "clean sources") -> list[Triple]:
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
            f"In {label}, your report lists {show(repeated)} more than once. Report each "
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


def show(triples: list[Triple]) -> str:
    """Triples as plain text: ``usage.logins (out_of_range)``."""
    return ", ".join(f"{table}.{column} ({issue})" for table, column, issue in triples)
