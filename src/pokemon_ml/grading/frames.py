"""Compare a learner's table with the expected one, and say *where* they differ.

``pandas.testing.assert_frame_equal`` answers "equal or not" with a message for
library authors. A learner needs the first thing to fix: a missing column, the
wrong number of rows, or "column primary_type differs in 154 rows, e.g. id 17:
expected 'fire', got ' fire'". Both pandas and polars frames are accepted, and
numbers are compared with a tolerance, so any correct way of computing them passes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.grading.calling import WrongAnswer

__all__ = ["as_pandas", "compare_frames"]

MAX_EXAMPLES = 3  # differing rows quoted in feedback


def as_pandas(result: Any, what: str = "your function") -> pd.DataFrame:
    """Return ``result`` as a pandas DataFrame, or raise ``WrongAnswer`` saying what it was."""
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pl.LazyFrame):
        raise WrongAnswer(
            f"{what} returned a polars LazyFrame; call `.collect()` before returning it."
        )
    if isinstance(result, pl.DataFrame):
        return result.to_pandas()
    if result is None:
        raise WrongAnswer(f"{what} returned None: is a `return` statement missing?")
    raise WrongAnswer(f"{what} should return a DataFrame, but returned {type(result).__name__}.")


def compare_frames(
    expected: pd.DataFrame,
    got: pd.DataFrame,
    *,
    key: str | None = None,
    check_index: bool = False,
    rtol: float = 1e-6,
) -> None:
    """Raise ``WrongAnswer`` describing the first difference between two frames.

    Args:
        expected: the correct frame.
        got: the learner's frame (pandas; convert with ``as_pandas``).
        key: a column that identifies a row, used to name rows in the feedback.
        check_index: also require the index to be 0..n-1 (a fresh RangeIndex).
        rtol: relative tolerance for numbers.
    """
    missing = [c for c in expected.columns if c not in got.columns]
    extra = [c for c in got.columns if c not in expected.columns]
    if missing or extra:
        parts = []
        if missing == [got.index.name]:
            raise WrongAnswer(f"{missing[0]!r} is your index, not a column: call `reset_index()`.")
        if missing:
            parts.append(f"missing column(s) {missing}")
        if extra:
            parts.append(f"unexpected column(s) {extra}")
        raise WrongAnswer(
            f"Your frame has {' and '.join(parts)}. Expected columns: {list(expected.columns)}."
        )
    if list(got.columns) != list(expected.columns):
        raise WrongAnswer(
            f"The columns are right but in a different order: expected {list(expected.columns)}, "
            f"got {list(got.columns)}."
        )
    if len(got) != len(expected):
        raise WrongAnswer(_row_count_feedback(expected, got, key))
    if key is not None and list(got[key]) != list(expected[key]):
        if sorted(got[key].tolist(), key=str) == sorted(expected[key].tolist(), key=str):
            raise WrongAnswer(
                f"The rows are right but in a different order: sort them by {key!r} "
                "as the brief says."
            )
    if check_index and not got.index.equals(pd.RangeIndex(len(got))):
        raise WrongAnswer(
            "The values are in the right order but the index is not 0..n-1 "
            f"(it starts {list(got.index[:3])}). Reset it with `reset_index(drop=True)`."
        )
    for column in expected.columns:
        _compare_column(column, expected[column], got[column], expected, key, rtol)


def _row_count_feedback(expected: pd.DataFrame, got: pd.DataFrame, key: str | None) -> str:
    message = f"Expected {len(expected)} rows, got {len(got)}."
    if key is not None and key in got.columns:
        n_repeated = int(got[key].duplicated().sum())
        if n_repeated:
            return f"{message} {n_repeated} {key}s appear more than once: duplicates are still in."
        lost = sorted(set(expected[key]) - set(got[key]))
        if lost:
            return (
                f"{message} Rows are missing, e.g. {key} {lost[:MAX_EXAMPLES]}: "
                "were rows dropped that should stay?"
            )
    return message


def _compare_column(
    column: str,
    want: pd.Series,
    have: pd.Series,
    expected: pd.DataFrame,
    key: str | None,
    rtol: float,
) -> None:
    want_numeric = pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want)
    if want_numeric:
        have_numbers = pd.to_numeric(have, errors="coerce")
        text = have[have_numbers.isna() & have.notna()]
        if len(text):
            raise WrongAnswer(
                f"Column {column!r} should hold numbers but still holds text such as "
                f"{text.iloc[0]!r}. Convert it, turning text that is not a number "
                "into a missing value."
            )
        a = want.to_numpy(dtype="float64", na_value=np.nan)
        b = have_numbers.to_numpy(dtype="float64", na_value=np.nan)
        both_nan = np.isnan(a) & np.isnan(b)
        close = np.isclose(a, b, rtol=rtol, atol=1e-9) | both_nan
    else:
        a = want.astype(object).where(want.notna(), None).to_numpy()
        b = have.astype(object).where(have.notna(), None).to_numpy()
        close = np.array([x == y for x, y in zip(a, b)], dtype=bool)
    if close.all():
        return
    bad = np.flatnonzero(~close)
    examples = []
    for position in bad[:MAX_EXAMPLES]:
        where = f"{key} {expected[key].iloc[position]}" if key else f"row {position}"
        examples.append(f"{where}: expected {_show(a[position])}, got {_show(b[position])}")
    raise WrongAnswer(
        f"Column {column!r} differs in {len(bad)} of {len(a)} rows — " + "; ".join(examples) + "."
    )


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "a missing value"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)
