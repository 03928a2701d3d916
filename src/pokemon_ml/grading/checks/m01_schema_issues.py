"""The grader's own reading of a pandera report: which (column, issue kind) pairs it shows.

Exercise 1.1 counts the kinds of issue in a learner's broken table with it, and the
course's tests prove with it that every planted problem of the data drops is what
the schema reports. It reads pandera's *reasons* (``SchemaErrorReason``), not the
text of its messages, and it drops two kinds of noise:

* a check that could not run (``CHECK_ERROR``: a range check on text, a table-wide
  rule whose column is missing) is a symptom of a problem reported on its own;
* a column of the wrong type fails its other checks too: only ``wrong_dtype`` counts.
"""

from __future__ import annotations

import pandas as pd
from pandera.errors import SchemaError, SchemaErrorReason, SchemaErrors

from pokemon_ml.data.schemas import POKEMON_SCHEMA

__all__ = ["schema_issues"]

# pandera's reason for a failure -> the issue kind it is (see ISSUE_KINDS).
REASON_TO_ISSUE = {
    SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME: "missing_column",
    SchemaErrorReason.COLUMN_NOT_IN_SCHEMA: "unexpected_column",
    SchemaErrorReason.WRONG_DATATYPE: "wrong_dtype",
    SchemaErrorReason.SERIES_CONTAINS_NULLS: "missing_values",
    SchemaErrorReason.SERIES_CONTAINS_DUPLICATES: "duplicate_ids",
}
# A value check that ran and failed -> the issue kind, by the check's name.
CHECK_TO_ISSUE = {
    "isin": "unknown_category",
    "in_range": "out_of_range",
    "greater_than_or_equal_to": "out_of_range",
    "less_than_or_equal_to": "out_of_range",
    "secondary_differs_from_primary": "inconsistent_row",
}
# A table-wide rule names no column: the one to fix when a row breaks it.
TABLE_RULE_COLUMN = {"secondary_differs_from_primary": "secondary_type"}


def schema_issues(df: pd.DataFrame) -> pd.DataFrame:
    """The (column, issue kind) pairs ``POKEMON_SCHEMA`` finds in ``df``, each once.

    Returns:
        A frame with columns ``column`` and ``issue``, sorted; empty if ``df`` is valid.
    """
    try:
        POKEMON_SCHEMA.validate(df, lazy=True)
        errors: list[SchemaError] = []
    except SchemaErrors as raised:
        errors = raised.schema_errors
    pairs = {_pair(error) for error in errors} - {None}
    wrong_dtype = {column for column, issue in pairs if issue == "wrong_dtype"}
    kept = sorted((c, i) for c, i in pairs if i == "wrong_dtype" or c not in wrong_dtype)
    return pd.DataFrame(kept, columns=["column", "issue"])


def _pair(error: SchemaError) -> tuple[str, str] | None:
    """The (column, issue) one pandera error shows; None for a check that could not run."""
    reason = error.reason_code
    if reason == SchemaErrorReason.CHECK_ERROR:
        return None
    if reason in (
        SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME,
        SchemaErrorReason.COLUMN_NOT_IN_SCHEMA,
    ):
        return str(error.failure_cases), REASON_TO_ISSUE[reason]  # the column's name
    if reason in REASON_TO_ISSUE:
        return str(error.column_name), REASON_TO_ISSUE[reason]
    name = getattr(error.check, "name", None)
    if reason == SchemaErrorReason.DATAFRAME_CHECK and name in CHECK_TO_ISSUE:
        column = error.column_name or TABLE_RULE_COLUMN[name]
        return str(column), CHECK_TO_ISSUE[name]
    return None  # a failure the course's vocabulary has no kind for: not counted
