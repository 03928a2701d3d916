"""Two of the three proofs, for every registered exercise, checkpoint and try-it at once:
the reference solution passes, and the untouched stub reads as *not attempted*.

Both go the way `uv run pytest` grades a learner: the notebook is named by path and
loaded only inside the grading worker, with every answer the exercise asks for
(`FEATURE_NOTES`, a second function…). A new exercise is proven here the moment it is
registered. The third proof — plausible wrong answers fail with feedback that names
the mistake — is each module's own (`test_module_NN_*.py`).
"""

from __future__ import annotations

import os

import pytest

from pokemon_ml import check, exercises
from pokemon_ml.grading import LearnerFunction
from pokemon_ml.grading.progress import reference_answer
from tests.conftest import (
    ROOT,
    _committed_text,
    learner_functions,
    learner_notebooks,
    pristine_copy,
    restub,
)


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_the_reference_solution_passes(exercise) -> None:
    result = check(exercise.id, reference_answer(exercise, ROOT))
    assert result.status == "passed", result.feedback


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_the_untouched_stub_is_not_attempted(exercise) -> None:
    copies = {path: pristine_copy(path) for path in exercise.answer_files()}
    stub = LearnerFunction(
        copies[exercise.notebook],
        exercise.function,
        exercise.also,
        tuple(
            (name, copies[path])
            for path, names in exercise.answer_files().items()
            for name in names
            if path != exercise.notebook
        ),
    )
    result = check(exercise.id, stub)
    assert result.status == "not_attempted", result.feedback
    assert exercise.function in result.feedback or exercise.kind == "quiz"


@pytest.mark.skipif(
    not os.environ.get("CI"),
    reason="in CI (a clean clone of the course): a learner may commit their own answers",
)
@pytest.mark.parametrize("notebook", sorted(learner_notebooks()))
def test_the_course_ships_every_exercise_as_a_stub(notebook: str) -> None:
    """The committed notebook holds stubs, not answers (an answer saved by a browser
    session once shipped in a core notebook, and graded every fresh clone as passed)."""
    committed = _committed_text(notebook)
    if committed is None:
        pytest.skip("no git repository here")
    functions = learner_functions(notebook)
    assert restub(committed, functions) == committed, f"{notebook} ships a solved exercise"
