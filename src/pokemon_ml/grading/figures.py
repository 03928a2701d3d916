"""The figures PROGRESS.md shows, and where each comes from.

A figure is a number the course can work out — exercises passed, a quiz score —
shown in the tracker on a line marked ``<!-- figure:NAME -->`` (see
``pokemon_ml.grading.tracker``, which writes it). Each figure has a *source*: a
function of the learner's ``Standing`` that returns the number, or ``None`` while
there is none yet. A later module adds a figure by registering its source, for
example in its check module::

    @figure("quiz-1")
    def quiz_1_score(standing: Standing) -> int | None:
        ...  # read the learner's quiz result under standing.root; None if not taken

A quiz's score and the capstone's points come from their checks' results
(``Standing.scores``); a marker with no registered source is left exactly as the
learner sees it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "COURSE_CHECKPOINTS",
    "COURSE_ITEMS",
    "FIGURE_SOURCES",
    "Standing",
    "figure",
    "module_stage",
]

# The curriculum's gradable items per module (CURRICULUM.md): three exercises, then the checkpoint.
COURSE_ITEMS: dict[int, tuple[str, ...]] = {
    module: (f"{module}.1", f"{module}.2", f"{module}.3", f"C{module}") for module in range(1, 6)
}
# The learning tracker's three course checkpoints: what each needs to pass.
COURSE_CHECKPOINTS: dict[int, tuple[str, ...]] = {1: ("Q1", "E1"), 2: ("Q2", "E2"), 3: ("CAP",)}


@dataclass(frozen=True)
class Standing:
    """What a figure source may look at: the ids that pass now, the scores of the scored
    items (a quiz's right answers, the capstone's points), and the course folder."""

    passed: frozenset[str]
    root: Path
    scores: dict[str, int] = field(default_factory=dict)


FigureSource = Callable[[Standing], int | None]
FIGURE_SOURCES: dict[str, FigureSource] = {}


def figure(name: str) -> Callable[[FigureSource], FigureSource]:
    """Decorator that makes a function the source of ``<!-- figure:name -->`` slots.

    Args:
        name: the marker's name, e.g. ``"exercises"`` or ``"quiz-1"``.

    Returns:
        The decorator; the source returns the figure, or ``None`` while it has none
        (then the slot is left as it is).
    """

    def add(source: FigureSource) -> FigureSource:
        FIGURE_SOURCES[name] = source
        return source

    return add


@figure("exercises")
def _exercises_passed(standing: Standing) -> int:
    return sum(i in standing.passed for items in COURSE_ITEMS.values() for i in items[:-1])


@figure("checkpoints")
def _checkpoints_passed(standing: Standing) -> int:
    return sum(items[-1] in standing.passed for items in COURSE_ITEMS.values())


@figure("modules")
def _modules_completed(standing: Standing) -> int:
    return sum(module_stage(module, standing.passed) == 2 for module in COURSE_ITEMS)


@figure("quiz-1")
def _quiz_1_score(standing: Standing) -> int | None:
    return standing.scores.get("Q1")


@figure("quiz-2")
def _quiz_2_score(standing: Standing) -> int | None:
    return standing.scores.get("Q2")


@figure("capstone")
def _capstone_points(standing: Standing) -> int | None:
    return standing.scores.get("CAP")


@figure("course-checkpoints")
def _course_checkpoints_passed(standing: Standing) -> int | None:
    n_passed = sum(
        all(item in standing.passed for item in items) for items in COURSE_CHECKPOINTS.values()
    )
    return n_passed or None  # the slot stays blank until the first one passes


def module_stage(module: int, passed: frozenset[str]) -> int:
    """How far a module has got: 0 not started, 1 in progress, 2 completed.

    Args:
        module: the module number, 1–5.
        passed: the ids of the exercises and checkpoints that pass.

    Returns:
        2 when all its exercises and its checkpoint pass, 1 when some do, else 0.
    """
    items = COURSE_ITEMS.get(module, ())
    n_passed = sum(item in passed for item in items)
    if items and n_passed == len(items):
        return 2
    return 1 if n_passed else 0
