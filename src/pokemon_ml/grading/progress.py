"""Where does the learner stand? Grade their notebooks and tick PROGRESS.md.

``grade_workspace`` loads each exercise and checkpoint notebook the learner
edits, runs the same checks as the live cells and pytest, and returns one result
per exercise. ``tick_progress_file`` (from ``pokemon_ml.grading.tracker``, which
also fills the tracker's figures) ticks the boxes of passed exercises in
PROGRESS.md — a box is matched by its ``<!-- check:1.2 -->`` marker — and leaves
every other character of the file as the learner wrote it.

Loading a learner's notebook means importing their file, as pytest imports a
test file; the package's own code never depends on a notebook.
"""

from __future__ import annotations

import builtins
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from pokemon_ml.grading.registry import CheckResult, Exercise, check, exercises
from pokemon_ml.grading.sandbox import LearnerFunction
from pokemon_ml.grading.tracker import tick_progress_file  # re-exported: it lives with the tracker

__all__ = [
    "LoadError",
    "format_table",
    "grade_workspace",
    "learner_answer",
    "load_answers",
    "reference_answer",
    "load_function",
    "repo_root",
    "tick_progress_file",
]

STATUS_LABELS = {
    "passed": "passed",
    "failed": "wrong",
    "error": "error",
    "not_attempted": "not attempted",
}


_BUILTIN_NAMES = frozenset(dir(builtins))  # set(), dict(): not other cells' variables


class LoadError(Exception):
    """A learner's notebook could not be imported, or lacks the function."""


def repo_root() -> Path:
    """The course repository's root (where pyproject.toml is), else the current folder."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").exists() else Path.cwd()


def load_function(notebook: Path, name: str) -> Any:
    """Import ``notebook`` (a marimo file) and return its top-level ``name``.

    Raises:
        LoadError: with a one-line explanation a learner can act on.
    """
    return load_answers(notebook, (name,))[name]


def load_answers(notebook: Path, names: tuple[str, ...]) -> dict[str, Any]:
    """Import ``notebook`` (a marimo file) and return the objects called ``names``.

    A function is found at the top level (``@app.function``). A value such as
    ``FEATURE_NOTES`` is defined in a *named* cell that uses only the setup cell's
    imports; that cell is run, on its own, to get the value.

    Raises:
        LoadError: with a one-line explanation a learner can act on.
    """
    if not notebook.exists():
        shown = os.path.relpath(notebook)
        raise LoadError(f"{shown} is missing: restore it with `git checkout -- {shown}`")
    module_name = f"_learner_{notebook.stem}_{abs(hash(str(notebook.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, notebook)
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs, as an import would: pydantic resolves a model's postponed
    # annotations (``from __future__ import annotations``) through sys.modules.
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        raise LoadError(
            f"{notebook.name} has a syntax error at line {error.lineno}: {error.msg}"
        ) from None
    except Exception as error:  # noqa: BLE001 - reported to the learner
        raise LoadError(
            f"{notebook.name} could not be imported: {type(error).__name__}: {error}"
        ) from None
    finally:
        sys.modules.pop(module_name, None)
    return {name: _find(module, notebook, name) for name in names}


def _find(module: Any, notebook: Path, name: str) -> Any:
    if hasattr(module, name):
        return getattr(module, name)
    cells = [  # marimo's named cells: each knows the names it defines and reads
        v
        for v in vars(module).values()
        if isinstance(getattr(v, "defs", None), (set, frozenset)) and name in v.defs
    ]
    for cell in cells:
        if not cell.refs - _BUILTIN_NAMES:  # it needs only the setup cell: run it on its own
            try:
                return cell.run()[1][name]
            except Exception as error:  # noqa: BLE001 - reported to the learner
                raise LoadError(
                    f"the cell of {notebook.name} that defines `{name}` raised "
                    f"{type(error).__name__}: {error}"
                ) from None
    if cells:
        others = sorted(cells[0].refs - _BUILTIN_NAMES)
        raise LoadError(
            f"the cell of {notebook.name} that defines `{name}` uses other cells' variables "
            f"({', '.join(others)}); write `{name}` with literals only"
        )
    raise LoadError(
        f"{notebook.name} has no top-level `{name}`. Keep the exercise's names: a function in "
        "a cell of its own (marimo keeps a function importable only while it uses nothing but "
        "its arguments and the setup cell's imports), a value in the named cell that defines it"
    )


def grade_workspace(root: Path | None = None) -> list[tuple[Exercise, CheckResult]]:
    """Grade every exercise and checkpoint in the learner's notebooks under ``root``.

    Each notebook is imported only inside the grading worker, never in this process.
    """
    root = root or repo_root()
    return [
        (exercise, check(exercise.id, learner_answer(exercise, root))) for exercise in exercises()
    ]


def learner_answer(exercise: Exercise, root: Path) -> LearnerFunction:
    """Where the learner's answer to ``exercise`` is: its notebook under ``root``, its names
    (and the files beside it that hold its other answers, for the capstone)."""
    return _answer_in(exercise, root / exercise.notebook)


def reference_answer(exercise: Exercise, root: Path) -> LearnerFunction:
    """The reference solution of ``exercise``, named the way ``learner_answer`` names the
    learner's (its other files are beside the solution)."""
    return _answer_in(exercise, root / exercise.solution)


def _answer_in(exercise: Exercise, main: Path) -> LearnerFunction:
    elsewhere = tuple((name, main.parent / file_name) for name, file_name in exercise.elsewhere)
    return LearnerFunction(main, exercise.function, exercise.also, elsewhere)


def format_table(results: list[tuple[Exercise, CheckResult]]) -> str:
    """A plain-text table: one line per exercise, grouped by module, then a summary."""
    lines = [f"{'module':<7} {'id':<4} {'exercise':<48} {'status':<14} {'est.':>6}"]
    lines.append("-" * len(lines[0]))
    for exercise, result in results:
        title = exercise.title if len(exercise.title) <= 48 else exercise.title[:45] + "..."
        status = STATUS_LABELS[result.status]
        if result.score is not None:  # a quiz's right answers, the capstone's points
            status = f"{status} ({result.score})"
        lines.append(
            f"{exercise.module:<7} {exercise.id:<4} {title:<48} {status:<14} {exercise.minutes:>4}m"
        )
    n_passed = sum(result.passed for _, result in results)
    lines.append("-" * len(lines[0]))
    lines.append(f"{n_passed} of {len(results)} passed.")
    return "\n".join(lines)
