"""Checks for Module 2 (EDA and features): exercise 2.1 here, 2.2 in ``m02_leakage``,
2.3 in ``m02_lift`` (C2 is in ``m02_checkpoint``).

Exercise 2.1's check runs the learner's ``engineer_features`` on tables the notebook
never shows (fresh seeds, shuffled rows with their index labels kept), on the same
rows in another order, with the label shuffled, on rows outside the schema (a
defense of 0, every stat at 255 or at 1, the smallest and largest bodies) and on a
single row (``m02_edge_cases``). Each rule a feature can break is named with the
column that broke it; the tests every feature check shares live in ``m02_feature_frames``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import WrongAnswer, call_candidate, candidate_value
from pokemon_ml.grading.checks.m02_edge_cases import (
    edge_row_name,
    edge_table,
    single_row_table,
)
from pokemon_ml.grading.checks.m02_feature_frames import (
    describe_value,
    feature_frame,
    first_non_finite,
    reordered,
    require_deterministic,
    require_label_free,
    require_same_rows_in_any_order,
    shuffled_table,
    with_target_shuffled,
)
from pokemon_ml.grading.registry import register

__all__ = ["EXERCISES", "EXERCISE_SOLUTIONS", "MODULE"]

MODULE = 2
EXERCISES = "exercises/02_eda_and_features.py"
EXERCISE_SOLUTIONS = "exercises/solutions/02_eda_and_features.py"
MIN_NEW_COLUMNS = 5  # exercise 2.1: new feature columns asked for
MAX_ABS_CORRELATION = 0.999  # above this, a column is a copy or rescaling of another
MIN_NOTE_WORDS = 3  # a justification is a sentence, not a label
GRADED_TABLES = ((1_200, 2_024), (500, 77))  # (rows, seed): never the notebook's seed 42
SHUFFLE_SEED = 5  # the label shuffle and the row reorder


# ---------------------------------------------------------------- 2.1 engineer_features
@register(
    "2.1",
    module=MODULE,
    title="Engineer five features, and say why",
    function="engineer_features",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=35,
    difficulty="medium",
    hints=(
        (
            "Ask what the raw columns mix up. Stats grow with evolution and legendary status; "
            "a ratio or share of two stats does not. Weight grows with height cubed; what "
            "is left when you divide that out?"
        ),
        (
            "A defense of 0 makes `attack / defense` infinite and `np.log(defense)` -inf. "
            "Decide what a 0 should mean: `np.log1p`, `(a + 1) / (b + 1)` or `clip(lower=1)` "
            "each keep every value finite. Then run your function on `edge_cases` to see."
        ),
        (
            "A feature uses only its own row: no column means or standard deviations (a single "
            "row has none), nothing computed from `primary_type`, no sorting. Build new columns "
            "with `df.assign(...)` so they keep `df`'s index, and write one `FEATURE_NOTES` "
            "sentence per new column."
        ),
    ),
    also=("FEATURE_NOTES",),
)
def check_engineer_features(candidate: Any) -> str:
    n_rows, seed = GRADED_TABLES[0]
    table = shuffled_table(n_rows, seed)
    where = f"On a table of {n_rows:,} creatures"
    # The learner's code sees the labels shuffled first: that answer is the one graded.
    given = with_target_shuffled(table, SHUFFLE_SEED)
    features = _new_columns(given, call_candidate(candidate, given), where)
    _require_finite(features, where)
    _require_informative(table, features)
    again = _new_columns(given, call_candidate(candidate, given), where, features)
    require_deterministic(features, again, "engineer_features")
    # In a new worker: a function that remembered its first answers cannot replay them.
    real_labels = _new_columns(table, call_candidate(candidate, table, fresh=True), where, features)
    require_label_free(features, real_labels, "engineer_features")
    moved = reordered(given, SHUFFLE_SEED)
    moved_features = _new_columns(moved, call_candidate(candidate, moved), where, features)
    require_same_rows_in_any_order(given, features, moved, moved_features, "engineer_features")

    other_rows, other_seed = GRADED_TABLES[1]
    other = shuffled_table(other_rows, other_seed)
    other_where = f"On a second table of {other_rows:,} creatures"
    _require_finite(
        _new_columns(other, call_candidate(candidate, other), other_where, features), other_where
    )

    edges = edge_table()
    edge_features = _new_columns(
        edges, call_candidate(candidate, edges), "On the edge-case table", features
    )
    bad = first_non_finite(edge_features)
    if bad is not None:
        column, position, _, value = bad
        raise WrongAnswer(
            f"Column `{column}` is {describe_value(value)} {edge_row_name(position)}. "
            "Such a row is outside the course's schema, and data from a new source can still "
            "hold it: a feature must stay a finite number there. Decide what the formula "
            "should give for it (see the notebook's `edge_cases`)."
        )
    single = single_row_table()
    _require_finite(
        _new_columns(single, call_candidate(candidate, single), "On a single row", features),
        "On a single row (one creature sent for a prediction)",
    )
    _require_notes(candidate_value(candidate, "FEATURE_NOTES"), list(features.columns))
    return (
        f"{len(features.columns)} new features ({_names(features.columns)}): finite on every "
        "table, the edge cases and a single row; none a copy, a constant or a use of the "
        "label; each with its note."
    )


def _new_columns(
    given: pd.DataFrame, result: Any, where: str, expected: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The learner's new columns as floats; on later tables, the same columns as the first."""
    new = feature_frame(result, given, "engineer_features", where, new_only=True)
    if expected is None:
        if len(new.columns) < MIN_NEW_COLUMNS:
            shown = _names(new.columns) if len(new.columns) else "none"
            raise WrongAnswer(
                f"Your function adds {len(new.columns)} new column(s) ({shown}); the exercise "
                f"asks for at least {MIN_NEW_COLUMNS}. A column of `df` you changed in place "
                "does not count: add new ones, under names of their own."
            )
        return new
    if set(map(str, new.columns)) != set(map(str, expected.columns)):
        raise WrongAnswer(
            f"{where}, your function adds the columns {_names(new.columns)}, but on the "
            f"first table it added {_names(expected.columns)}. A feature step must give the "
            "same columns for any rows: one-hot columns, for instance, should come from the "
            "list of possible values, not from the values these rows happen to hold."
        )
    return new[list(expected.columns)]


def _require_finite(features: pd.DataFrame, where: str) -> None:
    bad = first_non_finite(features)
    if bad is not None:
        column, _, n_bad, value = bad
        raise WrongAnswer(
            f"{where}, column `{column}` holds {describe_value(value)} in {n_bad:,} row(s). "
            "Every feature must be a finite number on every row: find which rows make the "
            "formula undefined (a division by zero, a log of 0, a statistic of one row) "
            "and decide what the value should be there."
        )


def _require_informative(table: pd.DataFrame, features: pd.DataFrame) -> None:
    """No constant column, no copy or rescaling of an input column or of another new one."""
    for column in features.columns:
        if np.ptp(features[column].to_numpy()) == 0:
            raise WrongAnswer(
                f"Column `{column}` has the same value for every creature: it cannot tell "
                "one creature from another, so it teaches a model nothing."
            )
    inputs = table.select_dtypes(include=["number", "bool"])
    for column in features.columns:
        values = features[column].to_numpy()
        for name in inputs.columns:
            correlation = _correlation(values, inputs[name].to_numpy(dtype="float64"))
            if correlation > MAX_ABS_CORRELATION:
                raise WrongAnswer(
                    f"Column `{column}` is a copy or a rescaling of `{name}` (|correlation| "
                    f"{correlation:.4f}): a model that already reads `{name}` learns nothing "
                    "new from it. Transform it so its shape changes (a log, a ratio with "
                    "another column) or combine it with other columns."
                )
    columns = list(features.columns)
    for i, first in enumerate(columns):
        for second in columns[i + 1 :]:
            correlation = _correlation(features[first].to_numpy(), features[second].to_numpy())
            if correlation > MAX_ABS_CORRELATION:
                raise WrongAnswer(
                    f"Your columns `{first}` and `{second}` are rescalings of each other "
                    f"(|correlation| {correlation:.4f}): together they count as one feature. "
                    "Replace one with a feature that says something new."
                )


def _correlation(first: np.ndarray, second: np.ndarray) -> float:
    """|Pearson r|, computed on each column divided by its largest magnitude first (r does
    not change, and a column of huge values cannot overflow into NaN and slip through)."""
    if np.ptp(first) == 0 or np.ptp(second) == 0:
        return 0.0
    first, second = first / np.abs(first).max(), second / np.abs(second).max()
    return float(abs(np.corrcoef(first, second)[0, 1]))


def _require_notes(notes: Any, columns: list[str]) -> None:
    if not isinstance(notes, dict):
        raise WrongAnswer(
            f"`FEATURE_NOTES` should be a dict (column name → one sentence), got "
            f"{type(notes).__name__}."
        )
    named = {str(key) for key in notes}
    columns = [str(column) for column in columns]
    missing = [column for column in columns if column not in named]
    if missing:
        raise WrongAnswer(
            f"`FEATURE_NOTES` has no note for {_names(missing)}. Give every new column one "
            "sentence: why should it help tell the types apart?"
        )
    extra = sorted(named - set(columns))
    if extra:
        raise WrongAnswer(
            f"`FEATURE_NOTES` describes {_names(extra)}, which your function does not add. "
            "Keep the notes in step with the code: one note per new column, no more."
        )
    for key, note in notes.items():
        words = str(note).split() if isinstance(note, str) else []
        if len(words) < MIN_NOTE_WORDS:
            raise WrongAnswer(
                f"The note for `{key}` is {note!r}: write a sentence (at least "
                f"{MIN_NOTE_WORDS} words) saying why the feature should help, not just "
                "what it is called."
            )


def _names(columns: Any) -> str:
    return ", ".join(f"`{column}`" for column in columns)
