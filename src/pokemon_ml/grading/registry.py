"""Grade a learner's exercise: the one place every check in the course runs.

``check("1.2", load_clean)`` returns a ``CheckResult`` with one of four statuses:

* ``not_attempted`` — the function still raises ``NotImplementedError``;
* ``error`` — it raised something else (we show the type, message and the
  learner's own line), ran longer than the exercise allows, or ended its process;
* ``failed`` — it ran, but the answer is wrong (what was expected, what was
  seen, and a nudge that does not hand over the answer);
* ``passed``.

The same call renders the live check in a notebook (``pokemon_ml.grading.notebook``),
grades in pytest (``tests/exercises``) and fills the progress table.

A module adds exercises by defining checks in a module of
``pokemon_ml.grading.checks`` with the ``@register(...)`` decorator; this file never
changes. A check is a function ``check(candidate) -> str`` that runs in the
grader's process and reaches the learner's code only through ``call_candidate``,
``time_calls`` and ``candidate_value`` (``pokemon_ml.grading.calling``): the
learner's code runs in a worker process of its own (``pokemon_ml.grading.sandbox``).
The check either returns a success message or raises ``WrongAnswer``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pokemon_ml.grading.calling import CandidateRaised, NotAttempted, WrongAnswer
from pokemon_ml.grading.sandbox import Sandbox, SandboxStopped

__all__ = [
    "CAPSTONE_ID",
    "CheckResult",
    "Exercise",
    "Scored",
    "check",
    "exercises",
    "get_exercise",
    "register",
]

Status = Literal["passed", "failed", "not_attempted", "error"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: a status and feedback written for the learner.

    ``score`` is set for the items graded on a scale (a quiz's right answers, the
    capstone's points out of 100), whatever their status; ``None`` for the others.
    """

    exercise_id: str
    status: Status
    feedback: str
    score: int | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"


@dataclass(frozen=True)
class Scored:
    """What a scored check returns instead of a message: points, and the verdict.

    The item passes when ``points >= pass_mark``; otherwise it is ``failed`` with
    ``feedback`` (which should say, criterion by criterion, where the points went).
    """

    points: int
    out_of: int
    pass_mark: int
    feedback: str


@dataclass(frozen=True)
class Exercise:
    """One gradable task: what the learner writes, how long it takes, how it is checked."""

    id: str  # "1.2", or "C1" for a checkpoint
    module: int
    title: str
    function: str  # the name of the function (or object) the learner writes
    notebook: str  # where the learner writes it, relative to the repository root
    solution: str  # the reference solution, relative to the repository root
    minutes: int  # a typical learner's time
    difficulty: Literal["easy", "medium", "hard"]
    hints: tuple[str, ...]
    run: Callable[[Any], str] = field(repr=False)
    timeout_s: float = 30.0  # a candidate still running after this is stopped
    also: tuple[str, ...] = ()  # other names the learner writes for it (FEATURE_NOTES)
    # Answers written in other files than ``notebook``: (name, file name in the same
    # folder). The capstone's service lives beside its model module, for example.
    elsewhere: tuple[tuple[str, str], ...] = ()

    @property
    def kind(self) -> str:
        """What sort of item it is, from its id: ``"try_it"`` (an inline task in a core
        notebook, ``T2.1``), ``"exercise"`` (``2.1``), ``"checkpoint"`` (a module's, ``C2``),
        ``"quiz"`` and ``"exam"`` (a course checkpoint's, ``Q1``, ``E1``) or ``"capstone"``."""
        if self.id == CAPSTONE_ID:
            return "capstone"
        kinds = {"C": "checkpoint", "T": "try_it", "Q": "quiz", "E": "exam"}
        return kinds.get(self.id[0], "exercise")

    def answer_files(self, notebook: str | None = None) -> dict[str, tuple[str, ...]]:
        """Every file this item's answers are written in, relative to the repository,
        with the names written there: ``{path: (name, ...)}``.

        Args:
            notebook: the main file; the learner's notebook if None (pass
                ``self.solution`` for the reference's files).
        """
        main = notebook or self.notebook
        folder = main.rsplit("/", 1)[0] if "/" in main else ""
        files: dict[str, tuple[str, ...]] = {main: (self.function, *self.also)}
        for name, file_name in self.elsewhere:
            path = f"{folder}/{file_name}" if folder else file_name
            files[path] = (*files.get(path, ()), name)
        return files


CAPSTONE_ID = "CAP"  # the final assessment, scored out of 100
KIND_ORDER = ("try_it", "exercise", "checkpoint", "quiz", "exam", "capstone")  # as met

_REGISTRY: dict[str, Exercise] = {}


def register(exercise_id: str, **details: Any) -> Callable:
    """Decorator that adds a check to the registry under ``exercise_id``.

    Args:
        exercise_id: the id the curriculum gives the exercise ("1.1", "C1").
        **details: the other fields of ``Exercise`` except ``run``.
    """

    def add(run: Callable[[Any], str]) -> Callable[[Any], str]:
        if exercise_id in _REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        _REGISTRY[exercise_id] = Exercise(id=exercise_id, run=run, **details)
        return run

    return add


def exercises() -> list[Exercise]:
    """Every registered exercise, in course order (module; try-its, exercises, checkpoint)."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda e: (e.module, KIND_ORDER.index(e.kind), e.id))


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise with this id; ``ValueError`` naming the known ids otherwise."""
    _discover()
    if exercise_id not in _REGISTRY:
        known = ", ".join(e.id for e in exercises())
        raise ValueError(f"no exercise {exercise_id!r}; known ids: {known}")
    return _REGISTRY[exercise_id]


def check(exercise_id: str, candidate: Any, **also: Any) -> CheckResult:
    """Run the check of ``exercise_id`` on the learner's ``candidate``.

    Args:
        exercise_id: e.g. ``"1.1"`` or ``"C1"``.
        candidate: the learner's function (or, for answer-set exercises, object), or a
            ``LearnerFunction`` naming it in a notebook file (loaded only in the worker).
        **also: the other answers the exercise asks for, by name
            (``FEATURE_NOTES=...``), when ``candidate`` is an object.

    Returns:
        A ``CheckResult``; this function itself never raises for a learner's mistake.
    """
    exercise = get_exercise(exercise_id)
    sandbox = Sandbox(candidate, exercise.function, exercise.timeout_s, also=also)
    score = None
    try:
        sandbox.start()
        status, feedback = "passed", exercise.run(sandbox)
        if isinstance(feedback, Scored):
            scored = feedback
            score, feedback = scored.points, scored.feedback
            status = "passed" if scored.points >= scored.pass_mark else "failed"
    except NotAttempted as untouched:
        status, feedback = (
            "not_attempted",
            str(untouched)
            or f"Not attempted yet: `{exercise.function}` still raises NotImplementedError. "
            "Replace the `raise NotImplementedError` line with your solution.",
        )
    except WrongAnswer as wrong:
        status, feedback = "failed", str(wrong)
    except (CandidateRaised, SandboxStopped) as stopped:
        status, feedback = "error", str(stopped)
    except Exception as error:  # noqa: BLE001 - never a pass: the check could not finish
        status, feedback = (
            "error",
            "The check could not use what your function returned "
            f"({type(error).__name__}: {error}). Compare the type and shape of your "
            "result with the exercise brief.",
        )
    finally:
        sandbox.close()
    printed = sandbox.printed()
    if printed:
        feedback += f"\n\nYour function printed:\n```\n{printed}\n```"
    return CheckResult(exercise_id, status, feedback, score)


def _discover() -> None:
    """Import every module of ``pokemon_ml.grading.checks`` so its checks register themselves."""
    from pokemon_ml.grading import checks

    for module in pkgutil.iter_modules(checks.__path__):
        importlib.import_module(f"{checks.__name__}.{module.name}")
