"""Shared fixtures and helpers, and the grade shown at the end of every run.

The course's own proofs never read the learner's work: they use the reference
solutions, or *pristine copies* of the exercise notebooks — the learner's file
with every exercise function's body put back to its stub (docstring, then
``raise NotImplementedError``). So a learner who has solved everything gets a green
suite, and a learner who has solved nothing gets the same proofs.
"""

from __future__ import annotations

import ast
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from pokemon_ml import exercises
from pokemon_ml.grading.progress import format_table, load_function

ROOT = Path(__file__).resolve().parents[1]
GRADES = pytest.StashKey[
    dict
]()  # exercise id -> (Exercise, CheckResult), filled by tests/exercises
_PRISTINE = tempfile.TemporaryDirectory(prefix="pokemon-ml-pristine-")


def notebook_functions(relative_path: str, *names: str) -> SimpleNamespace:
    """Import a course notebook (a solution, say) and return the named top-level functions."""
    return SimpleNamespace(**{name: load_function(ROOT / relative_path, name) for name in names})


def stub_functions(relative_path: str, *names: str) -> SimpleNamespace:
    """The named functions of a learner's notebook as the course ships them: stubs."""
    path = pristine_copy(relative_path)
    return SimpleNamespace(**{name: load_function(path, name) for name in names})


def learner_notebooks() -> set[str]:
    """The notebooks a learner edits (relative paths): where the exercises are written."""
    return {exercise.notebook for exercise in exercises()}


def pristine_copy(relative_path: str, folder: Path | None = None) -> Path:
    """Write the stubbed version of a learner's notebook under ``folder``; return its path."""
    functions = {e.function for e in exercises() if e.notebook == relative_path}
    target = Path(folder or _PRISTINE.name) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(restub((ROOT / relative_path).read_text(), functions))
    return target


def restub(source: str, function_names: set[str]) -> str:
    """Put every named top-level function back to its stub, keeping its docstring.

    Args:
        source: a notebook's text.
        function_names: the exercise functions to reset.

    Returns:
        The same text, but each named function's body is its docstring (if any) and
        ``raise NotImplementedError``; every other line is unchanged.
    """
    lines = source.splitlines(keepends=True)
    functions = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name in function_names
    ]
    for function in sorted(functions, key=lambda node: node.lineno, reverse=True):
        body = function.body
        has_docstring = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
        first = body[1] if has_docstring and len(body) > 1 else None if has_docstring else body[0]
        indent = " " * body[0].col_offset
        stub = [f"{indent}raise NotImplementedError\n"]
        if first is None:  # only a docstring is left: add the raise after it
            lines[body[0].end_lineno : body[0].end_lineno] = stub
        else:
            lines[first.lineno - 1 : body[-1].end_lineno] = stub
    return "".join(lines)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def pytest_configure(config: pytest.Config) -> None:
    config.stash[GRADES] = {}


@pytest.hookimpl(trylast=True)  # after pytest's own summary: the last thing a learner reads
def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """End the run with the learner's grade, as `pokemon-ml progress` shows it."""
    grades = config.stash.get(GRADES, {})
    if not grades:
        return
    results = [grades[exercise.id] for exercise in exercises() if exercise.id in grades]
    counts = {"passed": 0, "failed": 0, "error": 0, "not_attempted": 0}
    for _, result in results:
        counts[result.status] += 1
    terminalreporter.section("your grade")
    terminalreporter.write_line(format_table(results))
    terminalreporter.write_line(
        f"Your grade: {counts['passed']} passed, {counts['failed'] + counts['error']} not yet "
        f"right, {counts['not_attempted']} not attempted (of {len(results)})."
    )
