"""Shared fixtures and helpers, and the grade shown at the end of every run.

The course's own proofs never read the learner's work: they use the reference
solutions, or *pristine copies* of the exercise notebooks — the learner's file
with every exercise function's body put back to its stub (docstring, then
``raise NotImplementedError``). So a learner who has solved everything gets a green
suite, and a learner who has solved nothing gets the same proofs.

That rule is enforced, not hoped for: an audit hook sees every file this process
opens and every notebook handed to a grading worker, and a test outside
``tests/exercises`` that touches a learner's notebook fails, naming the file.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from threadpoolctl import threadpool_limits

from pokemon_ml import CheckResult, exercises
from pokemon_ml.grading.progress import format_table, load_function

ROOT = Path(__file__).resolve().parents[1]
GRADES = pytest.StashKey[dict]()  # exercise id -> status, from tests/exercises' reports
GRADE_PROPERTY = "pokemon_ml_grade"  # the report property that carries (id, status)
_PRISTINE = tempfile.TemporaryDirectory(prefix="pokemon-ml-pristine-")


def notebook_functions(relative_path: str, *names: str) -> SimpleNamespace:
    """Import a course notebook (a solution, say) and return the named top-level functions."""
    if relative_path in learner_notebooks():
        raise ValueError(f"{relative_path} is the learner's: use pristine_copy for its stubs")
    return SimpleNamespace(**{name: load_function(ROOT / relative_path, name) for name in names})


def learner_notebooks() -> set[str]:
    """The files a learner edits (relative paths): where the exercises are written (the
    capstone's answers are in plain modules beside its notebooks)."""
    return {path for exercise in exercises() for path in exercise.answer_files()}


def learner_functions(relative_path: str) -> set[str]:
    """The names a learner writes in one of their files (functions and values)."""
    return {
        name
        for exercise in exercises()
        for path, names in exercise.answer_files().items()
        if path == relative_path
        for name in names
    }


def pristine_copy(relative_path: str, folder: Path | None = None) -> Path:
    """Write a learner's notebook as the course shipped it under ``folder``; return its path.

    The shipped text is the committed one (``git show HEAD:…``) when that is still a
    stub — true in a clone where the learner has not committed their work, even if they
    pasted whole solution files over the exercises. Otherwise it is the learner's file
    with every exercise function put back to its stub.
    """
    # Every function a learner writes there: each exercise's own, and its others (3.1's
    # second function); names of values (FEATURE_NOTES) match no function and stay.
    functions = learner_functions(relative_path)
    target = Path(folder or _PRISTINE.name) / relative_path
    target.parent.mkdir(parents=True, exist_ok=True)
    committed = _committed_text(relative_path)
    if committed is not None and restub(committed, functions) == committed:
        target.write_text(committed)
        return target
    _LEARNER_READS.allowed = True  # the one sanctioned read: to reset it to its stubs
    try:
        source = (ROOT / relative_path).read_text()
    finally:
        _LEARNER_READS.allowed = False
    target.write_text(restub(source, functions))
    return target


def _committed_text(relative_path: str) -> str | None:
    """The file as committed in this clone's HEAD, or None (no git, no repository)."""
    try:
        shown = subprocess.run(
            ["git", "show", f"HEAD:{relative_path}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return shown.stdout if shown.returncode == 0 else None


def restub(source: str, function_names: set[str]) -> str:
    """Put every named top-level function back to its stub, keeping its docstring.

    Args:
        source: a notebook's text.
        function_names: the exercise functions to reset.

    Returns:
        The same text, but each named function's body is its docstring (if any) and
        ``raise NotImplementedError``, and each named top-level value (a plain module's
        answer, such as the capstone's ``REPORTED_MAE``) is ``None``; every other line is
        unchanged.
    """
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    functions = [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name in function_names
    ]
    values = [  # a plain module's answers (the capstone's REPORTED_MAE = {...}): back to None
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in function_names
    ]
    for value in sorted(values, key=lambda node: node.lineno, reverse=True):
        name = value.targets[0].id
        lines[value.lineno - 1 : value.end_lineno] = [f"{name} = None\n"]
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


class _LearnerReads:
    """Which learner notebooks the running test opened (an audit hook fills it)."""

    def __init__(self) -> None:
        self.current: str | None = None  # the running test's node id
        self.allowed = False
        self.seen: dict[str, set[str]] = {}

    def paths(self) -> set[str]:
        return {str((ROOT / relative).resolve()) for relative in learner_notebooks()}

    def hook(self, event: str, args: tuple) -> None:
        if event == "open" and args and isinstance(args[0], (str, Path)):
            path = str(args[0])
        elif event == "pokemon_ml.grading.learner_file":
            path = str(args[0])
        else:
            return
        if self.current is None or self.allowed or not path.endswith(".py"):
            return
        resolved = str(Path(path).resolve())
        if resolved in self._paths:
            self.seen.setdefault(self.current, set()).add(resolved)

    def start(self) -> None:
        self._paths = self.paths()
        sys.addaudithook(self.hook)


_LEARNER_READS = _LearnerReads()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[GRADES] = {}
    _LEARNER_READS.start()
    # One BLAS/OpenMP thread: the graders' small fits run several times faster that way
    # on a 2-core machine that is also running grading workers.
    threadpool_limits(1)


def pytest_report_teststatus(report, config: pytest.Config):
    """Collect each graded exercise's status from its report (works with xdist too)."""
    for name, value in getattr(report, "user_properties", ()):
        if name == GRADE_PROPERTY:
            exercise_id, status = value
            config.stash[GRADES][exercise_id] = status


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail a course proof that read the learner's work (tests/exercises may: it grades it)."""
    grades_the_learner = "tests/exercises/" in item.nodeid
    _LEARNER_READS.current = None if grades_the_learner else item.nodeid
    try:
        result = yield
    finally:
        _LEARNER_READS.current = None
    read = _LEARNER_READS.seen.pop(item.nodeid, set())
    if read:
        shown = ", ".join(sorted(str(Path(p).relative_to(ROOT.resolve())) for p in read))
        pytest.fail(
            f"This course proof read the learner's working file(s) {shown}: a learner's "
            "work must never change it. Use a pristine copy (tests.conftest.pristine_copy) or the solution instead.",
            pytrace=False,
        )
    return result


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """End the run with the learner's grade, as `pokemon-ml progress` shows it."""
    grades = config.stash.get(GRADES, {})
    if not grades:
        return
    results = [
        (exercise, CheckResult(exercise.id, grades[exercise.id], ""))
        for exercise in exercises()
        if exercise.id in grades
    ]
    counts = {"passed": 0, "failed": 0, "error": 0, "not_attempted": 0}
    for _, result in results:
        counts[result.status] += 1
    terminalreporter.section("your grade")
    terminalreporter.write_line(format_table(results))
    terminalreporter.write_line(
        f"Your grade: {counts['passed']} passed, {counts['failed'] + counts['error']} not yet "
        f"right, {counts['not_attempted']} not attempted (of {len(results)})."
    )
