"""Whatever the learner's function does, the verdict comes on time, says what
happened, leaves nothing running, and every later verdict stays right.

Each hostile candidate below is something a learner's code really does, by
accident or on purpose. The time limits are short (2 s) so the suite stays fast;
each verdict must arrive within the limit plus a few seconds of start-up.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from pokemon_ml import check, get_exercise
from pokemon_ml.grading import LearnerFunction, WrongAnswer, call_candidate, registry
from tests.conftest import ROOT, notebook_functions

LIMIT_S = 2.0
GRACE_S = 4.0  # starting a worker and stopping one, on a busy 2-core machine
SOLUTIONS = notebook_functions("exercises/solutions/01_data_engineering.py", "load_clean")


def _double_hp_check(candidate) -> str:
    result = call_candidate(candidate, pd.DataFrame({"hp": [1, 2, 3]}))
    if list(result["hp"]) != [2, 4, 6]:
        raise WrongAnswer(f"expected hp [2, 4, 6], got {list(result['hp'])}")
    return "doubled"


@pytest.fixture
def toy(monkeypatch) -> str:
    """A throwaway exercise, 'double the hp column', with a 2 s limit.

    The first check in a process also starts the forkserver (≈3 s, not the learner's
    time): it happens here, so each test times its own verdict only.
    """
    exercise = dataclasses.replace(
        get_exercise("1.1"), id="T.9", function="double", run=_double_hp_check, timeout_s=LIMIT_S
    )
    monkeypatch.setitem(registry._REGISTRY, "T.9", exercise)
    assert check("T.9", lambda df: df.assign(hp=df["hp"] * 2)).passed
    return "T.9"


def timed_check(exercise_id: str, candidate):
    start = time.perf_counter()
    result = check(exercise_id, candidate)
    return result, time.perf_counter() - start


def gone(pid: int, wait_s: float = 3.0) -> bool:
    """True once no process ``pid`` is running (reaped, or a zombie waiting to be)."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


# ------------------------------------------------------------ hangs, in Python and in C
def hangs_in_c(df):
    return sum(range(4 * 10**9))  # one C call: a thread could not be interrupted here


def catastrophic_regex(df):
    import re

    return re.match(r"(a|aa)+b", "a" * 64)  # exponential backtracking inside C


def swallows_every_stop(df):
    while True:
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001 - hostile on purpose
            continue


@pytest.mark.parametrize("candidate", [hangs_in_c, catastrophic_regex, swallows_every_stop])
def test_a_hang_gets_its_verdict_on_time(toy, candidate) -> None:
    result, elapsed_s = timed_check(toy, candidate)
    assert result.status == "error", result.feedback
    assert f"still running after {LIMIT_S:g} s" in result.feedback
    assert elapsed_s < LIMIT_S + GRACE_S


def test_a_stopped_candidate_leaves_nothing_running(toy, tmp_path: Path) -> None:
    pids = tmp_path / "pids"

    def spins_and_spawns(df):
        import subprocess

        child = subprocess.Popen(["sleep", "60"])
        pids.write_text(f"{os.getpid()} {child.pid}")
        while True:
            try:
                pass
            except BaseException:  # noqa: BLE001
                pass

    result = check(toy, spins_and_spawns)
    assert result.status == "error"
    for pid in map(int, pids.read_text().split()):
        assert gone(pid), f"process {pid} still running after the verdict"


# ------------------------------------------------------------ exits and interrupts
def exits_hard(df):
    os._exit(3)


def exits_politely(df):
    import sys

    sys.exit(2)


def interrupts(df):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "candidate, fragment",
    [
        (exits_hard, "ended the process (exit code 3)"),
        (exits_politely, "sys.exit(2)"),
        (interrupts, "KeyboardInterrupt"),
    ],
)
def test_exits_and_interrupts_are_named(toy, candidate, fragment: str) -> None:
    result, elapsed_s = timed_check(toy, candidate)
    assert result.status == "error"
    assert fragment in result.feedback, result.feedback
    assert elapsed_s < GRACE_S


def test_the_run_goes_on_after_a_hard_exit(toy) -> None:
    assert check(toy, exits_hard).status == "error"
    assert check(toy, lambda df: df.assign(hp=df["hp"] * 2)).status == "passed"


# ------------------------------------------------------------ output
def prints_400_megabytes(df):
    import sys

    chunk = "x" * 1_000_000
    for _ in range(400):
        sys.stdout.write(chunk)
    return df.assign(hp=df["hp"] * 2)


def prints_from_c(df):
    os.write(1, b"written by C code\n")
    print("hello from print")
    return df.assign(hp=df["hp"] * 2)


def test_printed_output_is_captured_and_cut(toy, capfd) -> None:
    result, elapsed_s = timed_check(toy, prints_400_megabytes)
    assert result.status == "passed", result.feedback
    assert "more bytes" in result.feedback and len(result.feedback) < 5_000
    assert "xxxx" not in capfd.readouterr().out  # nothing reached the terminal
    print(f"400 MB printed: verdict in {elapsed_s:.1f} s")


def test_output_from_print_and_from_c_is_shown(toy) -> None:
    result = check(toy, prints_from_c)
    assert result.status == "passed"
    assert "written by C code" in result.feedback and "hello from print" in result.feedback


# ------------------------------------------------------------ reaching into the grader
def rebinds_the_graders_helpers(path):
    """Rebind comparison and reference helpers, spoil cached inputs, then answer wrongly."""
    import pokemon_ml.grading.checks.m01_exercises as checks
    import pokemon_ml.grading.frames as frames
    from pokemon_ml.data import messy

    frames.compare_frames = lambda *args, **kwargs: None
    checks.compare_frames = lambda *args, **kwargs: None
    messy.expected_clean = lambda clean, damaged: pd.DataFrame()
    checks.clean_table(1_500, 42).loc[:, "hp"] = 0
    return pd.read_csv(path)  # wrong: nothing cleaned


def test_rebinding_the_graders_helpers_changes_no_verdict() -> None:
    result = check("1.2", rebinds_the_graders_helpers)
    assert result.status == "failed", result.feedback
    # ...and every later verdict in this process is still right.
    assert check("1.2", SOLUTIONS.load_clean).status == "passed"
    assert check("1.2", lambda path: pd.read_csv(path)).status == "failed"


class LooksEqual(pd.DataFrame):
    """A frame that claims to equal anything."""

    def __eq__(self, other):  # noqa: D105
        return True


def returns_a_frame_that_lies(df):
    return LooksEqual({"hp": [0, 0, 0]})


def test_an_object_of_the_learners_own_class_is_refused(toy) -> None:
    result = check(toy, returns_a_frame_that_lies)
    assert result.status == "failed"
    assert "LooksEqual" in result.feedback and "plain data" in result.feedback


# ------------------------------------------------------------ mutation, in every detail
@pytest.mark.parametrize(
    "mutate",
    [
        lambda df: setattr(df.index, "name", "row"),
        lambda df: setattr(df.columns, "name", "field"),
        lambda df: df.attrs.update(source="me"),
        lambda df: df.rename(columns={"hp": "HP"}, inplace=True),
        lambda df: df.sort_values("hp", ascending=False, inplace=True),
    ],
    ids=["index.name", "columns.name", "attrs", "rename", "sort"],
)
def test_every_kind_of_mutation_is_reported(toy, mutate) -> None:
    def mutates(df):
        result = df.assign(hp=df["hp"] * 2)
        mutate(df)
        return result

    result = check(toy, mutates)
    assert result.status == "failed"
    assert "changed the data it was given" in result.feedback


# ------------------------------------------------------------ one verdict, two ways in
def test_a_notebook_function_gets_the_same_verdict_by_file_and_by_object(tmp_path) -> None:
    notebook = ROOT / "exercises/solutions/01_data_engineering.py"
    by_file = check("1.2", LearnerFunction(notebook, "load_clean"))
    by_object = check("1.2", SOLUTIONS.load_clean)
    assert by_file.status == by_object.status == "passed"
    broken = tmp_path / "nb.py"
    broken.write_text("def load_clean(:\n")
    result = check("1.2", LearnerFunction(broken, "load_clean"))
    assert result.status == "error" and "syntax error at line 1" in result.feedback


def test_the_spawn_fallback_gives_the_same_verdicts(toy, monkeypatch) -> None:
    """Windows has no fork: each worker is spawned. Same verdicts, slower start."""
    monkeypatch.setenv("POKEMON_ML_SANDBOX_START", "spawn")
    exercise = dataclasses.replace(get_exercise(toy), timeout_s=60.0)
    monkeypatch.setitem(registry._REGISTRY, toy, exercise)
    assert check(toy, lambda df: df.assign(hp=df["hp"] * 2)).status == "passed"
    notebook = ROOT / "exercises/solutions/01_data_engineering.py"
    assert check("1.2", LearnerFunction(notebook, "load_clean")).status == "passed"


# ------------------------------------------------------------ answers that are code
def fit_and_predict(make_pipeline, X_train, y_train, X_test):
    """A grader helper: runs in the worker, returns plain predictions."""
    return make_pipeline().fit(X_train, y_train).predict(X_test)


def test_a_pipeline_is_fitted_in_the_sandbox_and_scored_outside(toy, monkeypatch) -> None:
    from sklearn.linear_model import LogisticRegression

    from pokemon_ml.grading import candidate_run
    from pokemon_ml.grading.sandbox import Sandbox

    X = pd.DataFrame({"x": [0.0, 1.0, 2.0, 3.0, 10.0, 11.0, 12.0, 13.0]})
    y = pd.Series([0, 0, 0, 0, 1, 1, 1, 1])
    with Sandbox(lambda: LogisticRegression(), "make", 30) as box:
        predicted = candidate_run(box, fit_and_predict, X, y, X)
    assert list(predicted) == list(y)


def test_course_pipelines_travel_but_learner_functions_do_not() -> None:
    import pickle

    import numpy as np
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.preprocessing import FunctionTransformer

    from pokemon_ml.features import make_model
    from pokemon_ml.grading.sandbox import restricted_loads

    restricted_loads(pickle.dumps(make_model()))
    restricted_loads(pickle.dumps(FunctionTransformer(np.log1p)))
    boosted = HistGradientBoostingRegressor(max_iter=3).fit(np.eye(20)[:, :2], np.arange(20.0))
    returned = restricted_loads(pickle.dumps(boosted))  # keeps a numpy Generator inside
    assert np.array_equal(returned.predict(np.eye(20)[:, :2]), boosted.predict(np.eye(20)[:, :2]))
    with pytest.raises(pickle.UnpicklingError, match="system"):
        restricted_loads(pickle.dumps(os.system))
    with pytest.raises(pickle.UnpicklingError, match="gone"):
        restricted_loads(pickle.dumps(gone))


# ------------------------------------------------------------ answers that come in sets
def _notes_check(candidate) -> str:
    from pokemon_ml.grading import candidate_value

    result = call_candidate(candidate, pd.DataFrame({"hp": [1, 2, 3]}))
    notes = candidate_value(candidate, "NOTES")
    if set(notes) != set(result.columns) - {"hp"}:
        raise WrongAnswer(f"notes for {sorted(notes)}, columns {sorted(result.columns)}")
    return "noted"


NOTEBOOK_WITH_NOTES = """
import marimo

app = marimo.App()

with app.setup:
    import pandas as pd


@app.function
def add(df):
    return df.assign(hp2=df["hp"] * 2)


@app.cell
def notes():
    NOTES = dict(hp2="twice the hp")  # a builtin is not another cell's variable
    return (NOTES,)
"""


def test_a_function_and_its_notes_are_graded_together(monkeypatch, tmp_path) -> None:
    exercise = dataclasses.replace(
        get_exercise("1.1"), id="T.8", function="add", run=_notes_check, also=("NOTES",)
    )
    monkeypatch.setitem(registry._REGISTRY, "T.8", exercise)
    add = lambda df: df.assign(hp2=df["hp"] * 2)  # noqa: E731
    assert check("T.8", add, NOTES={"hp2": "twice"}).passed
    assert check("T.8", add, NOTES={}).status == "failed"
    missing = check("T.8", add)
    assert missing.status == "failed" and "needs your `NOTES`" in missing.feedback
    notebook = tmp_path / "nb.py"
    notebook.write_text(NOTEBOOK_WITH_NOTES)
    assert check("T.8", LearnerFunction(notebook, "add", ("NOTES",))).passed
    notebook.write_text(
        NOTEBOOK_WITH_NOTES.replace("def notes():", "def notes(names):").replace(
            'dict(hp2="twice the hp")', "{name: 'x' for name in names}"
        )
    )
    reads_a_cell = check("T.8", LearnerFunction(notebook, "add", ("NOTES",)))
    assert reads_a_cell.status == "error" and "literals only" in reads_a_cell.feedback
    notebook.write_text(
        NOTEBOOK_WITH_NOTES.replace("NOTES = ", "NOTE = ").replace("(NOTES,)", "(NOTE,)")
    )
    renamed = check("T.8", LearnerFunction(notebook, "add", ("NOTES",)))
    assert renamed.status == "error" and "no top-level `NOTES`" in renamed.feedback


def _two_functions_check(candidate) -> str:
    doubled = call_candidate(candidate, 2)
    tripled = call_candidate(candidate, 2, answer="triple")
    if (doubled, tripled) != (4, 6):
        raise WrongAnswer(f"double(2)={doubled}, triple(2)={tripled}")
    return "both"


def test_an_exercise_with_two_functions_calls_each_by_name(monkeypatch) -> None:
    exercise = dataclasses.replace(
        get_exercise("1.1"), id="T.7", function="double", run=_two_functions_check, also=("triple",)
    )
    monkeypatch.setitem(registry._REGISTRY, "T.7", exercise)
    assert check("T.7", lambda x: 2 * x, triple=lambda x: 3 * x).passed
    assert check("T.7", lambda x: 2 * x, triple=lambda x: 2 * x).status == "failed"

    def triple_stub(x):
        raise NotImplementedError

    assert check("T.7", lambda x: 2 * x, triple=triple_stub).status == "not_attempted"


def test_restricted_unpickler_reads_time_zones_and_refuses_other_getattr() -> None:
    """A timestamp column from polars or parquet pickles its ZoneInfo through
    ``getattr(ZoneInfo, "_unpickle")``; that one getattr is allowed, no other."""
    import pickle
    import zoneinfo

    import pandas as pd

    from pokemon_ml.grading.sandbox import restricted_loads

    frame = pd.DataFrame({"time": pd.date_range("2025-03-01", periods=3, freq="h", tz=zoneinfo.ZoneInfo("UTC"))})
    assert restricted_loads(pickle.dumps(frame)).equals(frame)

    class ClearsCaches:
        def __reduce__(self):
            return (getattr, (zoneinfo.ZoneInfo, "clear_cache"))

    with pytest.raises(pickle.UnpicklingError, match="getattr"):
        restricted_loads(pickle.dumps(ClearsCaches()))
