"""compare_frames agrees with pandas' own assert_frame_equal on what is equal,
and says what differs when it is not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from pokemon_ml.grading import WrongAnswer
from pokemon_ml.grading.frames import as_pandas, compare_frames

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
        (lambda df: df.iloc[[2, 1, 0]].reset_index(drop=True), "sort them by 'id'"),
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
