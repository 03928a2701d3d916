"""compare_frames agrees with pandas' own assert_frame_equal on what is equal,
says what differs when it is not, and compares dtypes by family: any backend's
whole numbers, numbers, booleans or text pass; equal values of another family do not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from pokemon_ml.grading import WrongAnswer
from pokemon_ml.grading.frames import as_pandas, compare_frames, dtype_family

EXPECTED = pd.DataFrame(
    {"id": [1, 2, 3], "kind": ["fire", "rock", None], "hp": [10.0, np.nan, 30.0]}
)


def test_equal_frames_pass_like_assert_frame_equal() -> None:
    got = EXPECTED.copy()
    pd.testing.assert_frame_equal(EXPECTED, got)
    compare_frames(EXPECTED, got, key="id", check_index=True)


def test_polars_and_tiny_float_noise_pass() -> None:
    got = as_pandas(pl.from_pandas(EXPECTED).with_columns(pl.col("hp") * (1 + 1e-12)))
    compare_frames(EXPECTED, got, key="id")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda df: df.drop(columns="hp"), "missing column(s) ['hp']"),
        (lambda df: df[["hp", "id", "kind"]], "different order"),
        (lambda df: df.iloc[[2, 1, 0]].reset_index(drop=True), "Sort them by 'id'"),
        (lambda df: df.assign(hp=[10.0, 0.0, 30.0]), "id 2: expected a missing value, got 0"),
        (lambda df: df.assign(kind=["fire", "Rock", None]), "id 2: expected 'rock', got 'Rock'"),
        (lambda df: df.assign(hp=["10", "?", "30"]), "still holds text such as '?'"),
        (lambda df: df.set_index("id"), "'id' is your index"),
        (lambda df: df.iloc[:2], "Rows are missing, e.g. id [3]"),
        (lambda df: df.set_axis([5, 6, 7]), "index is not 0..n-1"),
    ],
)
def test_differences_are_named(change, message: str) -> None:
    with pytest.raises(WrongAnswer) as raised:
        compare_frames(EXPECTED, change(EXPECTED.copy()), key="id", check_index=True)
    assert message in str(raised.value)
    with pytest.raises(AssertionError):  # pandas agrees these frames differ
        pd.testing.assert_frame_equal(EXPECTED, change(EXPECTED.copy()))


@pytest.mark.parametrize(
    "value, message",
    [(None, "returned None"), (42, "returned int"), (pl.LazyFrame({"a": [1]}), ".collect()")],
)
def test_as_pandas_explains_what_it_got(value, message: str) -> None:
    with pytest.raises(WrongAnswer, match=message.replace("(", r"\(").replace(")", r"\)")):
        as_pandas(value)


TYPED = pd.DataFrame(
    {
        "id": [1, 2, 3],
        "kind": ["fire", "rock", "water"],
        "hp": [10.0, np.nan, 30.0],  # whole numbers with a gap: float64, as pandas reads them
        "weight": [1.5, 2.25, 3.0],
        "legendary": [True, False, False],
    }
)


@pytest.mark.parametrize(
    "change",
    [
        lambda df: df.convert_dtypes(),  # Int64, string, Float64, boolean
        lambda df: df.convert_dtypes(dtype_backend="pyarrow"),
        lambda df: as_pandas(pl.from_pandas(df)),
        lambda df: df.astype({"id": "int32", "kind": object, "weight": "float32"}),
        lambda df: df.astype({"hp": "Int64"}),  # the gap as <NA>, the numbers as integers
    ],
    ids=["nullable", "pyarrow", "polars", "narrower", "Int64 for gaps"],
)
def test_every_dtype_of_the_right_family_passes(change) -> None:
    compare_frames(TYPED, change(TYPED.copy()), key="id", check_index=True)


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda df: df.astype({"legendary": int}),
            "Column 'legendary' holds int64 where booleans are expected (True/False, not 1/0)",
        ),
        (lambda df: df.astype({"id": float}), "Column 'id' holds float64 where whole numbers"),
        (lambda df: df.astype({"id": str}), "Column 'id' should hold numbers but still holds text"),
        (lambda df: df.astype({"weight": str}), "such as '1.5' (its dtype is str)"),
        (lambda df: df.astype({"kind": "category"}), "Column 'kind' holds category where text"),
        (lambda df: df.assign(kind=[1, 2, 3]), "Column 'kind' holds int64 where text is expected"),
    ],
)
def test_equal_values_of_another_dtype_family_are_named(change, message: str) -> None:
    with pytest.raises(WrongAnswer) as raised:
        compare_frames(TYPED, change(TYPED.copy()), key="id")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    "values, family",
    [
        (pd.Series([1, 2]), "integer"),
        (pd.Series([1, None], dtype="Int64"), "integer"),
        (pd.Series([1], dtype="uint32"), "integer"),
        (pd.Series([1], dtype="int64[pyarrow]"), "integer"),
        (pd.Series([1.0], dtype="double[pyarrow]"), "float"),
        (pd.Series([True], dtype="bool[pyarrow]"), "boolean"),
        (pd.Series([True, None], dtype=object), "boolean"),
        (pd.Series(["a", None], dtype=object), "text"),
        (pd.Series(["a"], dtype="string[pyarrow]"), "text"),
        (pd.Series([None, None], dtype=object), "missing"),
        (pd.Series([1, "a"], dtype=object), "object"),
        (pd.Series(["a"], dtype="category"), "category"),
    ],
)
def test_dtype_family(values: pd.Series, family: str) -> None:
    assert dtype_family(values) == family


def test_wrong_values_in_another_order_are_named_as_wrong_values() -> None:
    """Rows re-sorted *because* a value is wrong: the value is the mistake to name."""
    expected = pd.DataFrame({"kind": ["water", "fire", "rock"], "n": [5, 4, 3]})
    got = pd.DataFrame({"kind": ["fire", "water", "rock"], "n": [6, 5, 3]})
    with pytest.raises(WrongAnswer) as raised:
        compare_frames(expected, got, key="kind", order="by n (largest first)")
    assert "Column 'n' differs in 1 of 3 rows" in str(raised.value)
    assert "kind fire: expected 4, got 6" in str(raised.value)
    with pytest.raises(WrongAnswer, match=r"different order.*Sort them by n \(largest first\)"):
        compare_frames(expected, expected.iloc[[1, 0, 2]], key="kind", order="by n (largest first)")
