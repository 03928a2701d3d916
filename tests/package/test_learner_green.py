"""A learner who solved everything gets a green `uv run pytest`.

Two proofs. The fast one runs everywhere: the audit hook in ``tests/conftest.py``
fails any course proof that opens a learner's notebook, and it is shown here to
catch such a read. The whole one runs in CI (``CI`` set) or on request
(``POKEMON_ML_PROVE_SOLVED=1``), because it runs the suite a second time (≈1 min):
it copies the course to a scratch folder, pastes every reference solution over its
exercise, and runs the whole suite there — green — then breaks one answer and sees
exactly that exercise turn red.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pokemon_ml import exercises
from tests.conftest import _LEARNER_READS, ROOT, learner_notebooks

INNER_RUN = "POKEMON_ML_INNER_RUN"  # set in the scratch run, so it does not recurse
WHOLE_PROOF = bool(os.environ.get("CI") or os.environ.get("POKEMON_ML_PROVE_SOLVED"))
SKIPPED_PARTS = {".git", ".venv", "__pycache__", "__marimo__", ".pytest_cache", ".ruff_cache"}


def test_reading_a_learner_notebook_is_caught() -> None:
    notebook = ROOT / sorted(learner_notebooks())[0]
    running, _LEARNER_READS.current = _LEARNER_READS.current, "a course proof"
    try:
        notebook.read_text()
        assert "a course proof" in _LEARNER_READS.seen
    finally:
        _LEARNER_READS.seen.pop("a course proof", None)
        _LEARNER_READS.current = running


def scratch_course(target: Path) -> Path:
    """A copy of the course's files (no environment, caches or generated data)."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        in_data = Path(folder).name == "data"
        generated = {n for n in names if in_data and n.endswith((".csv", ".parquet"))}
        return {n for n in names if n in SKIPPED_PARTS} | generated

    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def run_pytest(course: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        INNER_RUN: "1",
        # The scratch copy's package and tests, not this checkout's editable install.
        "PYTHONPATH": os.pathsep.join([str(course / "src"), str(course)]),
    }
    environment.pop("POKEMON_ML_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=course,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(bool(os.environ.get(INNER_RUN)), reason="this is the scratch run itself")
@pytest.mark.skipif(not WHOLE_PROOF, reason="whole-suite proof runs in CI (set CI=1 to run it)")
def test_a_learner_who_solved_everything_gets_a_green_suite(tmp_path: Path) -> None:
    course = scratch_course(tmp_path / "course")
    for exercise in exercises():
        shutil.copy(ROOT / exercise.solution, course / exercise.notebook)

    whole = run_pytest(course)
    summary = whole.stdout[-3_000:]
    assert whole.returncode == 0, summary
    n_exercises = len(exercises())
    assert f"Your grade: {n_exercises} passed, 0 not yet right, 0 not attempted" in summary

    wrong = exercises()[-1]  # one wrong answer: a validator that reports nothing
    notebook = course / wrong.notebook
    notebook.write_text(f"def {wrong.function}(*args):\n    return []\n")
    graded = run_pytest(course, "tests/exercises")
    assert graded.returncode == 1, graded.stdout[-3_000:]
    failed = [line for line in graded.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and f"[{wrong.id}]" in failed[0], graded.stdout[-3_000:]
    assert f"Your grade: {n_exercises - 1} passed, 1 not yet right" in graded.stdout
