"""Checks for checkpoint C1: validate the new Pokémon data drop.

The learner's validator runs on clean data (any report there is a false alarm) and
on several drops whose planted problems differ in kind and in column — together
they hold every kind of ``ISSUE_KINDS`` — compared with each drop's answer key. So
a validator that knows only the rules the course's drop breaks, or a report typed
in by hand, fails. Feedback says how many problems were missed and of which kind,
never in which column: finding the column is the validator's job.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from pokemon_ml.data.drops import DROP_V2_PROBLEMS, make_drop_v2
from pokemon_ml.data.generate import DEFAULT_SEED
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m01_exercises import MODULE, clean_table
from pokemon_ml.grading.frames import as_pandas
from pokemon_ml.grading.registry import register

__all__ = ["GRADED_DROPS"]

Pair = tuple[str, str]  # (column, issue)

# (rows, seed, first id, what is planted): the course's drop, then drops that differ.
GRADED_DROPS = (
    (300, DEFAULT_SEED, 1_501, DROP_V2_PROBLEMS),
    (
        240,
        17,
        2_001,
        ("out_of_range", "unknown_category", "inconsistent_row", "missing_values", "duplicate_ids"),
    ),
    (200, 23, 3_001, ("missing_column", "unexpected_column", "wrong_dtype", "renamed_column")),
    (
        260,
        31,
        4_001,
        ("wrong_dtype", "out_of_range", "out_of_range", "unknown_category", "inconsistent_row"),
    ),
)


@register(
    "C1",
    module=MODULE,
    title="Validate the new Pokémon data drop",
    function="validate_drop",
    notebook="checkpoints/01_new_pokemon_data_drop.py",
    solution="checkpoints/solutions/01_new_pokemon_data_drop.py",
    minutes=60,
    difficulty="hard",
    hints=(
        (
            "Validate against `POKEMON_SCHEMA` with `lazy=True`, catch `SchemaErrors`, and read "
            "its `failure_cases` table: one row per failing value or check."
        ),
        (
            "Each pandera check name maps to one issue kind: `column_in_dataframe` means a "
            "column is missing, `column_in_schema` an unexpected one, `not_nullable` missing "
            "values. Build that mapping as a dict, with an entry for every check the schema has."
        ),
        (
            "A column of the wrong type also fails its range checks: report `wrong_dtype` alone "
            "for it. Report each (column, issue) once, and nothing at all when validation passes."
        ),
    ),
)
def check_validate_drop(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (300, 11)):
        report = _report_pairs(call_candidate(candidate, clean_table(n_rows, seed)))
        if report:
            raise WrongAnswer(
                f"On clean data, which meets the contract, your report lists {len(report)} "
                f"issue(s): {_show(report[:4])}. A validator that raises false alarms soon gets "
                "ignored: report only what the schema rejects."
            )
    for number, (n_rows, seed, first_id, problems) in enumerate(GRADED_DROPS, start=1):
        drop, answer_key = make_drop_v2(n_rows, seed, first_id, problems)
        label = f"drop {number} of {len(GRADED_DROPS)} ({n_rows} rows)"
        if problems == DROP_V2_PROBLEMS and seed == DEFAULT_SEED:
            label = f"drop {number} of {len(GRADED_DROPS)} (the course's pokemon_drop_v2)"
        found = _report_pairs(call_candidate(candidate, drop.to_pandas()), label)
        _compare_with_key({(str(k["column"]), str(k["issue"])) for k in answer_key}, found, label)
    return (
        f"Every planted problem found in {len(GRADED_DROPS)} drops with different problems, "
        "and no false alarm on clean data."
    )


def _compare_with_key(planted: set[Pair], report: list[Pair], label: str) -> None:
    found = set(report)
    missed, extra = planted - found, found - planted
    missed_columns = {column for column, _ in missed}
    missed_kinds = {issue for _, issue in missed}
    wrong_kind = sorted(pair for pair in extra if pair[0] in missed_columns)
    if wrong_kind:
        raise WrongAnswer(
            f"In {label}, you reported {_show(wrong_kind)}, but that is not what is wrong with "
            "that column. Look at which pandera check failed on it and what that check means."
        )
    wrong_column = sorted(pair for pair in extra if pair[1] in missed_kinds)
    if wrong_column:
        raise WrongAnswer(
            f"In {label}, you reported {_show(wrong_column)}: a problem of that kind is planted, "
            "but in another column. Check which column you take from each failure: a failure "
            "about a whole column (missing, unexpected) names it in `failure_case`, not in "
            "`column`; and the row rule (secondary_differs_from_primary) is listed once per "
            "column of the failing row, but belongs to the column to fix, `secondary_type`."
        )
    if missed:
        kinds = Counter(issue for _, issue in missed)
        listed = ", ".join(f"{n} of kind {kind}" for kind, n in sorted(kinds.items()))
        raise WrongAnswer(
            f"In {label}, you found {len(planted) - len(missed)} of the {len(planted)} planted "
            f"problems. Missed: {listed}. Which pandera failures show that kind of problem, and "
            "does your report turn every one of them into an entry?"
        )
    if extra:
        retyped = {column for column, issue in planted if issue == "wrong_dtype"}
        hint = ""
        if any(column in retyped for column, _ in extra):
            hint = (
                " Columns of the wrong type fail their range checks too: report only wrong_dtype."
            )
        elif any(issue == "inconsistent_row" for _, issue in extra):
            hint = (
                " The row rule (secondary_differs_from_primary) is listed once per column of "
                "the failing row: report it once, under `secondary_type`, the column to fix."
            )
        what = "which is not a problem" if len(extra) == 1 else "which are not problems"
        raise WrongAnswer(
            f"In {label}, your report also lists {_show(sorted(extra))}, {what} there.{hint}"
        )


def _report_pairs(report: Any, label: str = "clean data") -> list[Pair]:
    """A report (DataFrame, list of dicts or of pairs) as a list of (column, issue)."""
    if isinstance(report, pd.DataFrame) or hasattr(report, "to_pandas"):
        frame = as_pandas(report, "validate_drop")
        if frame.empty:
            return []
        if not {"column", "issue"} <= set(frame.columns):
            raise WrongAnswer(
                f"A report frame needs columns 'column' and 'issue'; got {list(map(str, frame))}."
            )
        items = list(zip(frame["column"], frame["issue"]))
    elif isinstance(report, (list, tuple, set)):
        items = [_pair(item) for item in report]
    elif report is None:
        raise WrongAnswer("validate_drop returned None: is a `return` statement missing?")
    else:
        raise WrongAnswer(
            f"validate_drop should return a list of {{'column': ..., 'issue': ...}} dicts, "
            f"got {type(report).__name__}."
        )
    pairs = [(str(column), str(issue)) for column, issue in items]
    unknown = sorted({issue for _, issue in pairs if issue not in ISSUE_KINDS})
    if unknown:
        raise WrongAnswer(
            f"Unknown issue kind(s): {', '.join(unknown)}. Use one of: {', '.join(ISSUE_KINDS)}."
        )
    repeated = sorted(pair for pair, n in Counter(pairs).items() if n > 1)
    if repeated:
        raise WrongAnswer(
            f"In {label}, your report lists {_show(repeated)} more than once. Report each "
            "(column, issue) pair once: one entry per problem, however many rows show it."
        )
    return pairs


def _pair(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict) and {"column", "issue"} <= item.keys():
        return item["column"], item["issue"]
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0], item[1]
    raise WrongAnswer(
        f"Each report entry needs a column and an issue, e.g. "
        f"{{'column': 'hp', 'issue': 'out_of_range'}}; got {item!r}."
    )


def _show(pairs: list[Pair]) -> str:
    """Pairs as plain text: ``hp (out_of_range), region (unexpected_column)``."""
    return ", ".join(f"{column} ({issue})" for column, issue in pairs)
