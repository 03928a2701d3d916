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
    "CheckResult",
    "Exercise",
    "check",
    "exercises",
    "get_exercise",
    "register",
]

Status = Literal["passed", "failed", "not_attempted", "error"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: a status and feedback written for the learner."""

    exercise_id: str
    status: Status
    feedback: str

    @property
    def passed(self) -> bool:
        return self.status == "passed"


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

    @property
    def kind(self) -> str:
        """``"try_it"`` (an inline task in a core notebook, id ``T2.1``), ``"exercise"``
        (``2.1``) or ``"checkpoint"`` (``C2``)."""
        return {"C": "checkpoint", "T": "try_it"}.get(self.id[0], "exercise")


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
    order = {"try_it": 0, "exercise": 1, "checkpoint": 2}  # the order a learner meets them
    return sorted(_REGISTRY.values(), key=lambda e: (e.module, order[e.kind], e.id))


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
    try:
        sandbox.start()
        status, feedback = "passed", exercise.run(sandbox)
    except NotAttempted:
        status, feedback = (
            "not_attempted",
            f"Not attempted yet: `{exercise.function}` still raises NotImplementedError. "
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
    return CheckResult(exercise_id, status, feedback)


def _discover() -> None:
    """Import every module of ``pokemon_ml.grading.checks`` so its checks register themselves."""
    from pokemon_ml.grading import checks

    for module in pkgutil.iter_modules(checks.__path__):
        importlib.import_module(f"{checks.__name__}.{module.name}")
