"""Compare a learner's table with the expected one, and say *where* they differ.

``pandas.testing.assert_frame_equal`` answers "equal or not" with a message for
library authors. A learner needs the first thing to fix: a missing column, a column
of the wrong kind of type, the wrong number of rows, or "column primary_type
differs in 154 rows, e.g. id 17: expected 'fire', got ' fire'". Both pandas and
polars frames are accepted, numbers are compared with a tolerance, and a column's
type is compared by *family* (whole numbers, numbers, booleans, text) rather than
by exact dtype, so any correct way of computing the table passes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.grading.calling import WrongAnswer

__all__ = ["as_pandas", "compare_frames", "dtype_family"]

MAX_EXAMPLES = 3  # differing rows quoted in feedback

# What each family of dtypes is called in feedback.
EXPECTED_FAMILY = {
    "integer": "whole numbers are expected (an integer dtype such as int64, Int64 or "
    "int64[pyarrow])",
    "float": "numbers are expected",
    "boolean": "booleans are expected (True/False, not 1/0)",
    "text": "text is expected (a string dtype: str, object holding text, string[pyarrow])",
}
# Families accepted where another is expected. A float column of whole numbers with
# gaps is pandas' NumPy habit; a nullable integer dtype (Int64) holds the same values.
ALSO_ACCEPTED = {"float": {"integer"}}


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


def dtype_family(values: pd.Series) -> str:
    """The family of a column's dtype, whichever library or backend made it.

    Returns:
        ``"integer"`` (int64, Int64, uint32, int64[pyarrow]…), ``"float"`` (float64,
        Float64, double[pyarrow]…), ``"boolean"`` (bool, boolean, bool[pyarrow]),
        ``"text"`` (str, string[pyarrow], object holding only text), ``"missing"``
        (object holding nothing at all), ``"object"`` (object holding anything else),
        or the dtype's own name (category, datetime64[us]…).
    """
    dtype = values.dtype
    if dtype == object:
        inferred = pd.api.types.infer_dtype(values, skipna=True)
        return {"string": "text", "boolean": "boolean", "empty": "missing"}.get(inferred, "object")
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    if pd.api.types.is_string_dtype(dtype):
        return "text"
    return str(dtype)


def compare_frames(
    expected: pd.DataFrame,
    got: pd.DataFrame,
    *,
    key: str | None = None,
    order: str | None = None,
    check_index: bool = False,
    rtol: float = 1e-6,
) -> None:
    """Raise ``WrongAnswer`` describing the first difference between two frames.

    The checks run from the most basic to the most detailed: columns, the family of
    each column's dtype, the number of rows, the values (matched by ``key`` when the
    rows are in another order, so wrong values are named as such), the order of the
    rows, and the index.

    Args:
        expected: the correct frame.
        got: the learner's frame (pandas; convert with ``as_pandas``).
        key: a column that identifies a row, used to name rows in the feedback.
        order: how the brief says rows are ordered, for feedback (default: by ``key``).
        check_index: also require the index to be 0..n-1 (a fresh RangeIndex).
        rtol: relative tolerance for numbers.
    """
    _compare_columns(expected, got)
    for column in expected.columns:
        _compare_dtype(column, expected[column], got[column])
    if len(got) != len(expected):
        raise WrongAnswer(_row_count_feedback(expected, got, key))
    if key is not None and got[key].tolist() != expected[key].tolist():
        positions = _positions_by_key(expected[key], got[key])
        if positions is None:  # different rows, not just another order: the values say which
            _compare_values(expected, got, key, rtol)
            raise WrongAnswer(f"Column {key!r} holds other values than expected.")
        # The same rows in another order: compare values row by row first, so a wrong
        # value (which may be *why* the order differs) is named as what it is.
        _compare_values(expected, got.iloc[positions], key, rtol)
        first = next(i for i, p in enumerate(positions) if p != i)
        raise WrongAnswer(
            f"The rows are right but in a different order: row {first} holds {key} "
            f"{_show(got[key].iloc[first])} where {_show(expected[key].iloc[first])} is "
            f"expected. Sort them {order or f'by {key!r}'} as the brief says."
        )
    if check_index and not got.index.equals(pd.RangeIndex(len(got))):
        raise WrongAnswer(
            "The values are in the right order but the index is not 0..n-1 "
            f"(it starts {list(got.index[:3])}). Reset it with `reset_index(drop=True)`."
        )
    _compare_values(expected, got, key, rtol)


def _compare_columns(expected: pd.DataFrame, got: pd.DataFrame) -> None:
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


def _compare_dtype(column: str, want: pd.Series, have: pd.Series) -> None:
    """Raise unless ``have``'s dtype is of the family ``want``'s is (see ``dtype_family``)."""
    expected, got = dtype_family(want), dtype_family(have)
    if got in (expected, "missing") or got in ALSO_ACCEPTED.get(expected, ()):
        return
    if expected in ("integer", "float") and got in ("text", "object"):
        present = have[have.notna()]
        try:
            not_numbers = present[pd.to_numeric(present, errors="coerce").isna()]
        except (TypeError, ValueError):  # cells that are not even text (lists, dicts)
            not_numbers = present
        shown = not_numbers if len(not_numbers) else present
        example = f" such as {_plain(shown.iloc[0])!r}" if len(shown) else ""
        how = ", turning text that is not a number into a missing value" * bool(len(not_numbers))
        raise WrongAnswer(
            f"Column {column!r} should hold numbers but still holds text{example} "
            f"(its dtype is {have.dtype}). Convert it to a number dtype{how}."
        )
    wanted = EXPECTED_FAMILY.get(expected, f"the dtype {want.dtype} is expected")
    raise WrongAnswer(f"Column {column!r} holds {have.dtype} where {wanted}.")


def _positions_by_key(want: pd.Series, have: pd.Series) -> list[int] | None:
    """Where each expected key sits in ``have``; None unless ``have`` holds the same keys once."""
    where = {value: position for position, value in enumerate(have.tolist())}
    if len(where) != len(have) or want.nunique() != len(want):
        return None
    positions = [where.get(value) for value in want.tolist()]
    return None if None in positions else positions


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


def _compare_values(
    expected: pd.DataFrame, got: pd.DataFrame, key: str | None, rtol: float
) -> None:
    for column in expected.columns:
        _compare_column(column, expected[column], got[column], expected, key, rtol)


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
        a = want.to_numpy(dtype="float64", na_value=np.nan)
        b = pd.to_numeric(have, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
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
        where = f"{key} {_plain(expected[key].iloc[position])}" if key else f"row {position}"
        examples.append(f"{where}: expected {_show(a[position])}, got {_show(b[position])}")
    raise WrongAnswer(
        f"Column {column!r} differs in {len(bad)} of {len(a)} rows — " + "; ".join(examples) + "."
    )


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value it holds, so feedback shows 17, not np.int64(17)."""
    return value.item() if isinstance(value, np.generic) else value


def _show(value: Any) -> str:
    value = _plain(value)
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "a missing value"
    if isinstance(value, float):
        return f"{value:.6g}"
    return repr(value)
