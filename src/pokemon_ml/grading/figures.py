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

Markers with no registered source (``quiz-1``, ``quiz-2``, ``capstone`` and
``course-checkpoints`` today) are left exactly as the learner sees them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["COURSE_ITEMS", "FIGURE_SOURCES", "Standing", "figure", "module_stage"]

# The curriculum's gradable items per module (CURRICULUM.md): three exercises, then the checkpoint.
COURSE_ITEMS: dict[int, tuple[str, ...]] = {
    module: (f"{module}.1", f"{module}.2", f"{module}.3", f"C{module}") for module in range(1, 6)
}


@dataclass(frozen=True)
class Standing:
    """What a figure source may look at: the ids that pass now, and the course folder."""

    passed: frozenset[str]
    root: Path


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
