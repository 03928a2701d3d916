"""The grading contract itself: four statuses, copied inputs, mutation and hang
detection, and a registry every later module extends."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from pokemon_ml import check, exercises, get_exercise
from pokemon_ml.grading import WrongAnswer, call_candidate, registry
from tests.conftest import pristine_copy

ROOT = Path(__file__).resolve().parents[2]
CURRICULUM_IDS = {
    "1.1": "break_data",
    "1.2": "load_clean",
    "1.3": "type_summary",
    "C1": "validate_drop",
}


@pytest.fixture
def toy_exercise(monkeypatch):
    """Register a throwaway exercise whose check doubles a frame's hp."""

    def run(candidate) -> str:
        frame = pd.DataFrame({"hp": [1, 2, 3]})
        result = call_candidate(candidate, frame)
        if list(result["hp"]) != [2, 4, 6]:
            raise WrongAnswer(f"expected hp [2, 4, 6], got {list(result['hp'])}")
        return "doubled"

    exercise = dataclasses.replace(
        get_exercise("1.1"), id="T.1", function="double", run=run, timeout_s=1.0
    )
    monkeypatch.setitem(registry._REGISTRY, "T.1", exercise)
    return "T.1"


def test_four_statuses(toy_exercise) -> None:
    def stub(df):
        raise NotImplementedError

    def wrong(df):
        return df.assign(hp=df["hp"] + 1)

    def right(df):
        return df.assign(hp=df["hp"] * 2)

    def broken(df):
        return df["no_such_column"]

    assert check(toy_exercise, stub).status == "not_attempted"
    assert check(toy_exercise, wrong).status == "failed"
    assert check(toy_exercise, right).status == "passed"
    assert check(toy_exercise, broken).status == "error"


def test_error_names_exception_and_the_learners_line(toy_exercise) -> None:
    def broken(df):
        total = df["hp"].sum()
        return df["missing"] * total

    result = check(toy_exercise, broken)
    assert result.status == "error"
    assert "KeyError" in result.feedback
    assert 'return df["missing"] * total' in result.feedback


def test_mutating_the_input_is_reported(toy_exercise) -> None:
    def doubles_in_place(df):
        df["hp"] = df["hp"] * 2
        return df

    result = check(toy_exercise, doubles_in_place)
    assert result.status == "failed"
    assert "changed the data it was given" in result.feedback


def test_mutating_a_polars_frame_is_reported() -> None:
    frame = pl.DataFrame({"hp": [1, 2, 3]})

    def edits(df):
        df.insert_column(1, pl.Series("extra", [0, 0, 0]))
        return df

    with pytest.raises(WrongAnswer, match="changed the data"):
        call_candidate(edits, frame)
    assert frame.columns == ["hp"]  # the caller's frame is untouched either way


def test_a_hanging_candidate_is_stopped_with_a_message(toy_exercise) -> None:
    def spins(df):
        while True:
            pass

    start = time.perf_counter()
    result = check(toy_exercise, spins)
    assert time.perf_counter() - start < 5
    assert result.status == "error"
    assert "still running after 1 s" in result.feedback


def test_a_check_that_cannot_read_the_result_says_so(toy_exercise) -> None:
    result = check(toy_exercise, lambda df: 42)
    assert result.status == "error"
    assert "could not use what your function returned" in result.feedback


def test_not_a_function_fails_clearly(toy_exercise) -> None:
    result = check(toy_exercise, "break_data")
    assert result.status == "failed"
    assert "Expected a function" in result.feedback


def test_unknown_exercise_id_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known ids: 1.1, 1.2, 1.3, C1"):
        check("9.9", print)


def test_registry_covers_the_curriculum_in_course_order() -> None:
    assert [e.id for e in exercises()][:4] == ["1.1", "1.2", "1.3", "C1"]
    for exercise_id, function in CURRICULUM_IDS.items():
        assert get_exercise(exercise_id).function == function


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_registry_entry_is_complete(exercise) -> None:
    assert len(exercise.hints) >= 3
    assert exercise.minutes > 0 and exercise.difficulty in ("easy", "medium", "hard")
    for path in (pristine_copy(exercise.notebook), ROOT / exercise.solution):
        text = path.read_text()
        relative = path.name
        defined = f"def {exercise.function}(" in text or f"{exercise.function} = " in text
        assert defined, f"{relative} lacks {exercise.function}"  # a function, or a quiz's value
