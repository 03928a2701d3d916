"""What Module 2's feature checks share: graded tables, and the tests every feature must pass.

A feature is judged by behaviour, never by its formula: it must be a number for every
row (finite, even on rows a new source could send), belong to its own row (the same
value whatever the order of the rows), and know nothing of the label (the same value
when the grader shuffles ``primary_type``). The checks of exercises 2.1 and 2.3 and of
checkpoint C2 build on these helpers; each says *which* column broke *which* rule.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.frames import as_pandas

__all__ = [
    "ONE_BLAS_THREAD",
    "SAME_VALUE",
    "changed_columns",
    "describe_value",
    "feature_frame",
    "first_non_finite",
    "reordered",
    "require_deterministic",
    "require_label_free",
    "require_same_rows_in_any_order",
    "shuffled_table",
    "with_target_shuffled",
]

# Small fits run several times faster on one BLAS thread on a 2-core machine: with the
# default threads a 1,500-row logistic regression spends its time coordinating them.
ONE_BLAS_THREAD = {"limits": 1, "user_api": "blas"}
SAME_VALUE = {"rtol": 1e-7, "atol": 1e-9}  # two computations of one feature agree this closely
NUMBER_KINDS = {"floating", "integer", "mixed-integer-float", "boolean", "decimal"}


@functools.cache
def shuffled_table(n_rows: int, seed: int) -> pd.DataFrame:
    """A generated table in shuffled row order, each row keeping its index label.

    The index is not 0..n-1 in order, so a feature computed by position (a Series or
    array without the frame's index, joined back by label) lands on the wrong rows.
    Built once per process; the learner's code only ever gets copies.
    """
    table = generate_pokemon(n_rows, seed).to_pandas()
    return table.sample(frac=1.0, random_state=seed)


def with_target_shuffled(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A copy of ``table`` whose ``primary_type`` column is shuffled: nothing else changes."""
    labels = table[TARGET].to_numpy()
    return table.assign(**{TARGET: np.random.default_rng(seed).permutation(labels)})


def reordered(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The same rows (with their index labels) in another order."""
    return table.sample(frac=1.0, random_state=seed + 1)


def feature_frame(
    result: Any, given: pd.DataFrame, what: str, where: str, new_only: bool = False
) -> pd.DataFrame:
    """The learner's result as a frame of float columns, one row per row of ``given``.

    Args:
        result: what the learner's function returned.
        given: the table it was called with.
        what: the function's name, for feedback.
        where: which table it was ("on 1,200 creatures"), for feedback.
        new_only: keep only the columns ``given`` does not have (the new features).

    Raises:
        WrongAnswer: not a table, a row count that differs from ``given``'s, an ``id``
            column that no longer matches ``given``'s rows, repeated column names, or
            a (kept) column that does not hold numbers.
    """
    frame = as_pandas(result, what)
    if len(frame) != len(given):
        change = "dropped" if len(frame) < len(given) else "added"
        raise WrongAnswer(
            f"{where}, `{what}` was given {len(given):,} rows and returned {len(frame):,}: "
            f"rows were {change}. A feature step keeps every row, in the order given, so "
            "its output lines up with the labels (no `dropna`, `drop_duplicates` or filter)."
        )
    if "id" in frame.columns and not np.array_equal(
        np.asarray(frame["id"]), given["id"].to_numpy()
    ):
        raise WrongAnswer(
            f"{where}, the rows of your result are not in the order `{what}` was given them "
            "(its `id` column differs, row by row, from the input's). Keep the input's order: "
            "no sorting, and no rows rebuilt from a groupby."
        )
    repeated = frame.columns[frame.columns.duplicated()].unique()
    if len(repeated):
        raise WrongAnswer(
            f"Your result has more than one column called {_names(repeated)}: give every "
            "column its own name."
        )
    kept = [c for c in frame.columns if not (new_only and c in given.columns)]
    return pd.DataFrame(
        {column: _as_numbers(frame[column], column) for column in kept}, index=given.index
    )


def _as_numbers(values: pd.Series, column: Any) -> np.ndarray:
    kind = pd.api.types.infer_dtype(values, skipna=True)
    numeric_dtype = pd.api.types.is_numeric_dtype(values.dtype) and not isinstance(
        values.dtype, pd.CategoricalDtype
    )
    if not (numeric_dtype or (values.dtype == object and kind in NUMBER_KINDS)):
        raise WrongAnswer(
            f"Column `{column}` holds {values.dtype} values ({kind}), but a model needs "
            "numbers. Turn a category into numbers (one column per category, or a count) "
            "before returning it."
        )
    try:
        return values.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")


def first_non_finite(frame: pd.DataFrame) -> tuple[str, int, int, float] | None:
    """``(column, position of the first bad row, bad rows, the value)``, or None when every
    value of every column is finite."""
    for column in frame.columns:
        values = frame[column].to_numpy()
        bad = ~np.isfinite(values)
        if bad.any():
            position = int(np.argmax(bad))
            return str(column), position, int(bad.sum()), float(values[position])
    return None


def describe_value(value: float) -> str:
    if np.isnan(value):
        return "NaN"
    return "inf" if value > 0 else "-inf"


def changed_columns(before: pd.DataFrame, after: pd.DataFrame) -> list[str]:
    """Columns of ``before`` whose values differ in ``after`` (same rows, same order)."""
    changed = []
    for column in before.columns:
        if column not in after.columns:
            changed.append(str(column))
            continue
        same = np.isclose(before[column], after[column], equal_nan=True, **SAME_VALUE)
        if not same.all():
            changed.append(str(column))
    return changed


def require_deterministic(first: pd.DataFrame, again: pd.DataFrame, what: str) -> None:
    """The same table twice must give the same features (no random numbers)."""
    changed = changed_columns(first, again)
    if changed:
        raise WrongAnswer(
            f"Called twice on the same table, `{what}` gives different values in "
            f"{_names(changed)}. A feature must be a function of the creature's row: drawn at "
            "random, it teaches the model noise, and a prediction would change every time "
            "it is asked for."
        )


def require_label_free(features: pd.DataFrame, with_true_labels: pd.DataFrame, what: str) -> None:
    """The features of a table with its labels shuffled must equal those with its real ones.

    The learner's code sees the shuffled labels *first*, and the grader scores what it
    returned then: a function that remembers its first answer gains nothing by it.
    """
    changed = changed_columns(features, with_true_labels)
    if changed:
        subject = "Column" if len(changed) == 1 else "Columns"
        verb = "changes" if len(changed) == 1 else "change"
        raise WrongAnswer(
            f"{subject} {_names(changed)} of your `{what}` {verb} when the grader shuffles "
            "`primary_type` and nothing else: computed from the label (a copy of it, or an "
            "encoding fitted on every row's label). When the model predicts there is no label "
            "to read; in training it would be reading the answer. Build every feature from "
            "the other columns."
        )


def require_same_rows_in_any_order(
    given: pd.DataFrame,
    features: pd.DataFrame,
    given_again: pd.DataFrame,
    features_again: pd.DataFrame,
    what: str,
) -> None:
    """Each creature's features must not depend on where its row stands.

    ``given_again`` holds ``given``'s rows in another order; the features of each
    creature (matched by ``id``) must be the same in both results.
    """
    position = pd.Series(np.arange(len(given)), index=given["id"].to_numpy())
    back = position.loc[given_again["id"].to_numpy()].to_numpy()
    for column in features.columns:
        if column not in features_again.columns:
            continue  # a different set of columns is reported where columns are compared
        first = features[column].to_numpy()[back]
        again = features_again[column].to_numpy()
        same = np.isclose(first, again, equal_nan=True, **SAME_VALUE)
        if not same.all():
            row = int(np.argmax(~same))
            creature = int(given_again["id"].iloc[row])
            raise WrongAnswer(
                f"Given the same creatures in another order, `{what}` gives creature id "
                f"{creature} a different `{column}`: {_number(again[row])} instead of "
                f"{_number(first[row])}. A creature's feature must come from its own row, "
                "whatever the order: does your code sort the rows, or put values back by "
                "position (an array, or a Series whose index is not the frame's)?"
            )


def _number(value: float) -> str:
    return f"{value:.4g}"


def _names(columns: Any) -> str:
    return ", ".join(f"`{column}`" for column in columns)
