"""The capstone's rubric as a whole, graded the way a learner runs it
(`uv run pokemon-ml grade capstone` on a course folder): the reference scores 90 or
more, a plausible naive capstone scores under 50, and a leaky one — good-looking, but
leaning on the price it sold at — is caught by name and does not pass.

Each criterion is proven on its own, with its wrong answers, in
``test_capstone_model.py``, ``test_capstone_service.py`` and ``test_capstone_docs.py``;
the stub is proven *not attempted* in ``test_every_check.py``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pokemon_ml import check, get_exercise
from pokemon_ml.cli import main
from pokemon_ml.grading.progress import learner_answer
from tests.conftest import ROOT
from tests.grading.capstone_services import HAND_PARSED

SOLUTION = ROOT / "capstone" / "solution"
FIXTURES = Path(__file__).with_name("fixtures")
NAIVE_DEPLOYMENT = """# Deployment

Run `uvicorn price_service:app` and send a POST to /predict.
"""


def course_with_capstone(tmp_path: Path, files: dict[str, str]) -> Path:
    """A course folder whose capstone holds ``files`` (name -> text), beside the reference's
    layout folder when a slides notebook is among them."""
    course = tmp_path / "course"
    capstone = course / "capstone"
    capstone.mkdir(parents=True)
    (course / "exercises").mkdir()  # what `pokemon-ml` looks for in a course folder
    for name, text in files.items():
        (capstone / name).write_text(text)
    if "06_presentation.py" in files:
        shutil.copytree(SOLUTION / "layouts", capstone / "layouts")
    return course


def points_by_criterion(feedback: str) -> dict[str, int]:
    return {
        name: int(points)
        for name, points in re.findall(r"^- \*\*(.+?)\*\*: (\d+) / \d+\.", feedback, re.MULTILINE)
    }


def test_the_reference_scores_90_or_more_and_the_command_prints_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = {path.name: path.read_text() for path in SOLUTION.iterdir() if path.is_file()}
    course = course_with_capstone(tmp_path, reference)
    exit_code = main(["grade", "capstone", "--root", str(course)])
    printed = capsys.readouterr().out
    score = int(re.search(r"CAP: passed, score (\d+)", printed)[1])
    assert exit_code == 0 and score >= 90, printed
    assert len(points_by_criterion(printed)) == 7, printed  # a line per criterion


def test_a_naive_capstone_scores_under_50(tmp_path: Path) -> None:
    result = check_folder(
        tmp_path,
        {
            "card_price.py": (FIXTURES / "capstone_naive" / "card_price.py").read_text(),
            "price_service.py": HAND_PARSED,
            "DEPLOYMENT.md": NAIVE_DEPLOYMENT,
        },
    )
    assert result.status == "failed" and result.score < 50, result.feedback
    points = points_by_criterion(result.feedback)
    comparison = next(line for line in result.feedback.splitlines() if "Fair model" in line)
    assert "a date has rows on both sides" in comparison, comparison  # random K-fold
    assert points["Held-out error"] == 0, result.feedback  # the mean price: no better than baseline
    assert points["Documentation and slides"] == 0, result.feedback


def test_a_leaky_capstone_is_caught_by_name(tmp_path: Path) -> None:
    reference = {path.name: path.read_text() for path in SOLUTION.iterdir() if path.is_file()}
    result = check_folder(
        tmp_path,
        {**reference, "card_price.py": (FIXTURES / "capstone_leaky" / "card_price.py").read_text()},
    )
    assert result.status == "failed" and result.score < 80, result.feedback
    lines = {line.split("**")[1]: line for line in result.feedback.splitlines() if "**" in line}
    assert "sold_price_usd" in lines["Leakage-free features"], result.feedback
    assert "sold_price_usd" in lines["Held-out error"], result.feedback


def check_folder(tmp_path: Path, files: dict[str, str]):
    """Grade a capstone folder holding ``files``, as `pokemon-ml grade capstone` does."""
    course = course_with_capstone(tmp_path, files)
    exercise = get_exercise("CAP")
    return check(exercise.id, learner_answer(exercise, course))
