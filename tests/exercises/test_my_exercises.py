"""Your grades: each exercise and checkpoint you wrote, checked as the live cells do.

* not attempted (still `raise NotImplementedError`) → skipped, with the exercise id
* wrong or raising → failed, with the check's feedback as the message
* right → passed

A fresh clone therefore passes: everything is skipped until you start. Your
notebooks are imported only inside the grading worker, never in pytest itself.
The run ends with a table of your grade ("your grade", below the test summary).
"""

from __future__ import annotations

import pytest

from pokemon_ml import check, exercises
from pokemon_ml.grading.progress import learner_answer, repo_root
from tests.conftest import GRADE_PROPERTY


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_exercise(exercise, record_property) -> None:
    result = check(exercise.id, learner_answer(exercise, repo_root()))
    record_property(GRADE_PROPERTY, (exercise.id, result.status))  # for the grade table
    if result.status == "not_attempted":
        pytest.skip(f"{exercise.id} not attempted ({exercise.notebook}: {exercise.function})")
    if not result.passed:
        pytest.fail(
            f"{exercise.id} {exercise.title} [{result.status}]: {result.feedback}", pytrace=False
        )
