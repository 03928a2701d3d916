"""`pokemon-ml progress` on whole courses: a fresh clone and a learner who solved it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pokemon_ml.cli import main
from pokemon_ml.grading.progress import grade_workspace

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def solved_course(tmp_path: Path) -> Path:
    """A copy of the course where the learner has pasted in the reference solutions."""
    for folder in ("exercises", "checkpoints"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "PROGRESS.md", tmp_path / "PROGRESS.md")
    shutil.copy(
        ROOT / "exercises/solutions/01_data_engineering.py",
        tmp_path / "exercises/01_data_engineering.py",
    )
    return tmp_path


def test_progress_command_grades_and_updates(solved_course: Path, capsys) -> None:
    (solved_course / "checkpoints/01_new_pokemon_data_drop.py").write_text(
        "def validate_drop(df):\n    return []\n"
    )
    before = (solved_course / "PROGRESS.md").read_text()
    assert main(["progress", "--root", str(solved_course), "--update"]) == 0
    out = capsys.readouterr().out
    assert "3 of 4 passed." in out and "wrong" in out and "ticked 1.1, 1.2, 1.3" in out
    after = (solved_course / "PROGRESS.md").read_text()
    assert after.count("[x]") == before.count("[x]") + 3
    assert after.replace("[x]", "[ ]") == before.replace("[x]", "[ ]")


def test_progress_on_a_fresh_clone_reports_not_attempted(capsys) -> None:
    statuses = {exercise.id: result.status for exercise, result in grade_workspace(ROOT)}
    assert set(statuses) >= {"1.1", "1.2", "1.3", "C1"}
    assert main(["progress", "--root", str(ROOT)]) == 0
    assert "not attempted" in capsys.readouterr().out


