"""Checks for checkpoint C1: validate the new Pokémon data drop.

The learner's validator runs on clean data (any report there is a false alarm)
and on two v2 drops with different planted problems, compared with the drops'
answer keys. Feedback names the columns to look at, never the kinds to report.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pokemon_ml.data.messy import make_drop_v2
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m01_exercises import MODULE, clean_table
from pokemon_ml.grading.frames import as_pandas
from pokemon_ml.grading.registry import register

__all__: list[str] = []


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
        "Validate against `POKEMON_SCHEMA` with `lazy=True`, catch `SchemaErrors`, and read "
        "its `failure_cases` table: one row per failing value or check.",
        "Each pandera check name maps to one issue kind: `column_in_dataframe` means a "
        "column is missing, `column_in_schema` an unexpected one, `not_nullable` missing "
        "values. Build that mapping as a dict.",
        "A column of the wrong type also fails its range checks: report `wrong_dtype` alone "
        "for it. Report each (column, issue) once, and nothing at all when validation passes.",
    ),
)
def check_validate_drop(candidate: Any) -> str:
    for n_rows, seed in ((1_500, 42), (300, 11)):
        report = _report_pairs(call_candidate(candidate, clean_table(n_rows, seed)))
        if report:
            raise WrongAnswer(
                f"On clean data, which meets the contract, your report lists {len(report)} "
                f"issue(s): {sorted(report)[:4]}. A validator that raises false alarms soon gets "
                "ignored: report only what the schema rejects."
            )
    for seed in (42, 5):
        drop, answer_key = make_drop_v2(300, seed, first_id=1_501)
        found = _report_pairs(call_candidate(candidate, drop.to_pandas()))
        _compare_with_key({(k["column"], k["issue"]) for k in answer_key}, found, seed)
    return "Every planted problem found in two different drops, and no false alarm on clean data."


def _compare_with_key(planted: set, found: set, seed: int) -> None:
    missed, extra = planted - found, found - planted
    planted_columns = {column for column, _ in planted}
    mislabelled = sorted(column for column, issue in extra if column in {c for c, _ in missed})
    if mislabelled:
        raise WrongAnswer(
            f"In column(s) {mislabelled} you reported a problem of the wrong kind. Look at "
            "what pandera's check name says about those columns."
        )
    if missed:
        columns = sorted({column for column, _ in missed})
        raise WrongAnswer(
            f"You found {len(planted) - len(missed)} of the {len(planted)} planted problems "
            f"in the drop (seed {seed}). Missed: a problem in column(s) {columns}."
        )
    if extra:
        false_alarms = sorted(extra)
        hint = (
            " Columns of the wrong type fail their range checks too: report only wrong_dtype."
            if any(c in planted_columns for c, _ in extra)
            else ""
        )
        raise WrongAnswer(
            f"Your report also lists {false_alarms}, which are not problems in this drop.{hint}"
        )


def _report_pairs(report: Any) -> set[tuple[str, str]]:
    """Normalise a report (DataFrame, list of dicts or of pairs) to {(column, issue)}."""
    if isinstance(report, (pd.DataFrame,)) or hasattr(report, "to_pandas"):
        frame = as_pandas(report, "validate_drop")
        if frame.empty:
            return set()
        if not {"column", "issue"} <= set(frame.columns):
            raise WrongAnswer(
                f"A report frame needs columns 'column' and 'issue'; got {list(frame.columns)}."
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
    unknown = sorted({str(issue) for _, issue in items if issue not in ISSUE_KINDS})
    if unknown:
        raise WrongAnswer(f"Unknown issue kind(s) {unknown}; use one of {list(ISSUE_KINDS)}.")
    return {(str(column), str(issue)) for column, issue in items}


def _pair(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict) and {"column", "issue"} <= item.keys():
        return item["column"], item["issue"]
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return item[0], item[1]
    raise WrongAnswer(
        f"Each report entry needs a column and an issue, e.g. "
        f"{{'column': 'hp', 'issue': 'out_of_range'}}; got {item!r}."
    )
