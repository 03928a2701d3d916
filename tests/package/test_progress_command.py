"""`pokemon-ml progress` on whole courses: a fresh clone and a learner who solved it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pokemon_ml import exercises
from pokemon_ml.cli import main
from pokemon_ml.grading.progress import grade_workspace
from pokemon_ml.grading.tracker import TEMPLATE
from tests.package.test_progress import only_tool_slots_differ
from tests.conftest import ROOT, learner_notebooks, pristine_copy


@pytest.fixture
def fresh_course(tmp_path: Path) -> Path:
    """A copy of the course as a fresh clone has it: every exercise a stub."""
    for relative in learner_notebooks():
        pristine_copy(relative, tmp_path)
    (tmp_path / "PROGRESS.md").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


@pytest.fixture
def module_1_solved(fresh_course: Path) -> Path:
    """A copy of the course where the learner has pasted in Module 1's solutions."""
    for exercise in exercises():
        if exercise.module == 1:
            shutil.copy(ROOT / exercise.solution, fresh_course / exercise.notebook)
    return fresh_course


def test_progress_command_grades_and_updates(module_1_solved: Path, capsys) -> None:
    (module_1_solved / "checkpoints/01_new_pokemon_data_drop.py").write_text(
        "def validate_drop(df):\n    return []\n"
    )
    before = (module_1_solved / "PROGRESS.md").read_text()
    assert main(["progress", "--root", str(module_1_solved), "--update"]) == 0
    out = capsys.readouterr().out
    assert f"3 of {len(exercises())} passed." in out and "wrong" in out
    assert "ticked 1.1, 1.2, 1.3" in out
    after = (module_1_solved / "PROGRESS.md").read_text()
    assert after.count("[x]") == before.count("[x]") + 3
    assert only_tool_slots_differ(before, after)


def test_progress_on_a_fresh_clone_reports_not_attempted(fresh_course: Path) -> None:
    statuses = {exercise.id: result.status for exercise, result in grade_workspace(fresh_course)}
    assert statuses == {exercise.id: "not_attempted" for exercise in exercises()}
