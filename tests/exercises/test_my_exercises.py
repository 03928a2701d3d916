"""Your grades: each exercise and checkpoint you wrote, checked as the live cells do.

* not attempted (still `raise NotImplementedError`) → skipped, with the exercise id
* wrong or raising → failed, with the check's feedback as the message
* right → passed

A fresh clone therefore passes: everything is skipped until you start.
"""

from __future__ import annotations

import pytest

from pokemon_ml import check, exercises
from pokemon_ml.grading.progress import LoadError, load_function, repo_root


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_exercise(exercise) -> None:
    try:
        candidate = load_function(repo_root() / exercise.notebook, exercise.function)
    except LoadError as error:
        pytest.fail(f"{exercise.id} {exercise.title}: {error}", pytrace=False)
    result = check(exercise.id, candidate)
    if result.status == "not_attempted":
        pytest.skip(f"{exercise.id} not attempted ({exercise.notebook}: {exercise.function})")
    if not result.passed:
        pytest.fail(
            f"{exercise.id} {exercise.title} [{result.status}]: {result.feedback}", pytrace=False
        )
