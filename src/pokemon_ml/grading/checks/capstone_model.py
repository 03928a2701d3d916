"""The capstone's model criteria (1-4 of the rubric): validation here, the features in
``capstone_features``, the comparison in ``capstone_comparison`` (its splits and
candidates in ``capstone_splits``), the held-out error in ``capstone_heldout``.

1. **Data validation** (15): ``validate_listings`` on clean listings (one carries valid
   values on every edge of the contract) and on three hidden drops with different
   problems planted, compared with each drop's answer key. 4 points per drop found
   exactly; an imperfect report earns half its share (problems found minus false
   reports, over those planted); 3 for no false alarm on clean data — earned only by a
   validator that finds something. Feedback says how many problems of which
   kind were missed, never in which column.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from pokemon_ml.data.card_drops import listings_as_loaded, make_card_drop
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import (
    CandidateRaised,
    NotAttempted,
    WrongAnswer,
    call_candidate,
    candidate_run,
)
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_populations import (
    GENERATED_MESSAGE,
    disarm_generators,
    generated,
    not_attempted,
)
from pokemon_ml.grading.frames import as_pandas
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["CLEAN_TABLES", "GRADED_CARD_DROPS", "grade_validation"]

Pair = tuple[str, str]
# (seed, problems): three drops that differ in kinds and columns; none is in a notebook.
GRADED_CARD_DROPS = (
    (
        8_101,
        (
            "out_of_range:condition_grade",
            "unknown_category:rarity",
            "missing_values:set_name",
            "duplicate_ids",
            "out_of_range:listed_at",
        ),
    ),
    (
        8_202,
        (
            "wrong_dtype:price_usd",
            "renamed_column:condition_grade",
            "unexpected_column:seller_id",
            "unknown_category:language",
            "out_of_range:pokemon_id",
        ),
    ),
    (
        8_303,
        (
            "missing_column:edition",
            "wrong_dtype:listed_at",
            "out_of_range:days_to_sell",
            "out_of_range:price_usd",
            "missing_values:pokemon_name",
            "unknown_category:set_name",
        ),
    ),
)
CLEAN_TABLES = ((8_404, 700), (8_505, 300))  # (seed, rows); the second carries the edges
DROP_POINTS, CLEAN_POINTS = 4.0, 3.0


@criterion(1, "Data validation", 15)
def grade_validation(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """``validate_listings`` on clean listings and three hidden drops."""
    candidate_run(box, disarm_generators, answer="validate_listings")
    try:
        return _grade_validation(box)
    except NotAttempted:
        raise not_attempted(("validate_listings",), "criterion 1") from None
    except CandidateRaised as raised:
        if generated(raised):
            return 0.0, GENERATED_MESSAGE + "."
        raise


def _grade_validation(box: Sandbox) -> tuple[float, str]:
    clean_reports = [_report(box, table, "clean listings") for table in _clean_tables()]
    points, problems, hits = 0.0, [], 0
    for number, (seed, plan) in enumerate(GRADED_CARD_DROPS, start=1):
        drop, key = make_card_drop(seed, plan)
        label = f"hidden drop {number} of {len(GRADED_CARD_DROPS)}"
        found = set(_report(box, listings_as_loaded(drop), label))
        planted = {(str(k["column"]), str(k["issue"])) for k in key}
        right, extra = found & planted, found - planted
        hits += len(right)
        exact = right == planted and not extra
        share = max(0.0, (len(right) - len(extra)) / len(planted))
        points += DROP_POINTS * (share if exact else share / 2)  # half credit when imperfect
        if not exact:
            problems.append(_drop_sentence(label, planted, found))
    false_alarms = sorted({pair for report in clean_reports for pair in report})
    if false_alarms:
        problems.insert(
            0,
            f"on clean listings, which meet the contract, your report lists "
            f"{_show(false_alarms[:3])}: check each rule against the contract's edges "
            "(is the boundary itself allowed?) and which columns may be empty",
        )
    elif hits:
        points += CLEAN_POINTS
    if not hits and not false_alarms:
        problems.insert(0, "your validator found none of the problems planted in the drops")
    if not problems:
        return points, (
            f"Every planted problem found in {len(GRADED_CARD_DROPS)} hidden drops, and no "
            "false alarm on clean listings."
        )
    more = f" ({len(problems) - 1} more finding(s) like it)" if len(problems) > 1 else ""
    return points, f"{_capital(problems[0])}{more}."


def _clean_tables() -> list[pd.DataFrame]:
    from pokemon_ml.data.cards import make_card_listings

    seed, n_rows = CLEAN_TABLES[0]
    edges_seed, _ = CLEAN_TABLES[1]
    edges, _ = make_card_drop(edges_seed, ())  # valid values on every edge of the contract
    return [listings_as_loaded(make_card_listings(seed, n_rows)), listings_as_loaded(edges)]


def _report(box: Sandbox, table: pd.DataFrame, label: str) -> list[Pair]:
    """The learner's report on ``table`` as (column, issue) pairs, checked for form."""
    report = call_candidate(box, table, answer="validate_listings")
    if isinstance(report, pd.DataFrame) or hasattr(report, "to_pandas"):
        frame = as_pandas(report, "validate_listings")
        items = list(zip(frame.get("column", []), frame.get("issue", [])))
        if len(frame) and not {"column", "issue"} <= set(frame.columns):
            raise WrongAnswer(
                "`validate_listings` returned a table without 'column' and 'issue' columns; "
                "return a list of {'column': ..., 'issue': ...} dicts."
            )
    elif isinstance(report, (list, tuple)):
        items = [_pair(item) for item in report]
    elif report is None:
        raise WrongAnswer("`validate_listings` returned None: is a `return` statement missing?")
    else:
        raise WrongAnswer(
            f"`validate_listings` returned a {type(report).__name__}; return a list of "
            "{'column': ..., 'issue': ...} dicts (empty when nothing is wrong)."
        )
    pairs = [(str(column), str(issue)) for column, issue in items]
    unknown = sorted({issue for _, issue in pairs if issue not in ISSUE_KINDS})
    if unknown:
        raise WrongAnswer(
            f"`validate_listings` reported the issue kind(s) {', '.join(map(repr, unknown))}; "
            f"use one of {', '.join(ISSUE_KINDS)}."
        )
    repeated = sorted(pair for pair, n in Counter(pairs).items() if n > 1)
    if repeated:
        raise WrongAnswer(
            f"On {label}, `validate_listings` lists {_show(repeated[:3])} more than once: "
            "report each (column, issue) once, however many rows show it."
        )
    return pairs


def _pair(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict) and {"column", "issue"} <= item.keys():
        return item["column"], item["issue"]
    raise WrongAnswer(
        "Each entry of the report is a dict such as {'column': 'price_usd', 'issue': "
        f"'out_of_range'}}; `validate_listings` returned an entry {str(item)[:80]!r}."
    )


def _drop_sentence(label: str, planted: set[Pair], found: set[Pair]) -> str:
    missed, extra = planted - found, found - planted
    parts = [f"in {label} you found {len(planted) - len(missed)} of {len(planted)} problems"]
    if missed:
        kinds = Counter(issue for _, issue in missed)
        parts.append("missed " + ", ".join(f"{n} of kind {k}" for k, n in sorted(kinds.items())))
    if extra:
        retyped = {column for column, issue in planted if issue == "wrong_dtype"}
        note = ""
        if any(column in retyped for column, _ in extra):
            note = " (a column of the wrong type is reported as wrong_dtype only)"
        parts.append(f"and reported {_show(sorted(extra)[:3])}, not a problem there{note}")
    return "; ".join(parts)


def _show(pairs: list[Pair]) -> str:
    return ", ".join(f"{column} ({issue})" for column, issue in pairs)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# The other criteria register when their modules are imported.
from pokemon_ml.grading.checks import (  # noqa: E402, F401
    capstone_comparison,
    capstone_features,
    capstone_heldout,
)
