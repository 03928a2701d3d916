"""A learner who solved everything gets a green `uv run pytest`.

Two proofs. The fast one runs everywhere: the audit hook in ``tests/conftest.py``
fails any course proof that opens a learner's notebook, and it is shown here to
catch such a read — so the outcome of every test outside ``LEARNER_FACING`` cannot
depend on a learner's work. The other runs in CI (``CI`` set) or on request
(``POKEMON_ML_PROVE_SOLVED=1``), because it runs those tests a second time (≈2 min):
it copies the course to a scratch folder, pastes every reference solution into its
exercise notebook — the functions and the imports they need, as a learner who solved
everything has them — and runs every test that reads a learner's notebook or its
pristine copy there: green, with a full grade. Then it breaks one answer and sees
exactly that exercise turn red.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pokemon_ml import exercises
from pokemon_ml.grading import Exercise
from pokemon_ml.grading.quiz import answers_file, load_bank
from tests.conftest import _LEARNER_READS, ROOT, learner_notebooks, pristine_copy

INNER_RUN = "POKEMON_ML_INNER_RUN"  # set in the scratch run, so it does not recurse
WHOLE_PROOF = bool(os.environ.get("CI") or os.environ.get("POKEMON_ML_PROVE_SOLVED"))
# The tests that read learner notebooks (grading them) or their pristine copies.
LEARNER_FACING = (
    "tests/exercises",
    "tests/grading/test_every_check.py",
    "tests/notebooks",
    "tests/package/test_progress.py",
    "tests/package/test_progress_command.py",
    "tests/package/test_progress_md.py",
)
SKIPPED_PARTS = {".git", ".venv", "__pycache__", "__marimo__", ".pytest_cache", ".ruff_cache"}


def test_reading_a_learner_notebook_is_caught() -> None:
    notebook = ROOT / sorted(learner_notebooks())[0]
    running, _LEARNER_READS.current = _LEARNER_READS.current, "a course proof"
    try:
        notebook.read_text()
        assert "a course proof" in _LEARNER_READS.seen
    finally:
        _LEARNER_READS.seen.pop("a course proof", None)
        _LEARNER_READS.current = running


def scratch_course(target: Path) -> Path:
    """A fresh copy of the course: its files (no environment, caches or generated data),
    with the learner's notebooks as shipped (pristine copies, not the learner's work)."""
    learner_files = {(ROOT / relative).resolve() for relative in learner_notebooks()}

    def ignore(folder: str, names: list[str]) -> set[str]:
        in_data = Path(folder).name == "data"
        generated = {n for n in names if in_data and n.endswith((".csv", ".parquet"))}
        learners = {n for n in names if (Path(folder) / n).resolve() in learner_files}
        saved = {n for n in names if ".answers" in n and n.endswith(".json")}  # quiz answers
        return {n for n in names if n in SKIPPED_PARTS} | generated | learners | saved

    shutil.copytree(ROOT, target, ignore=ignore)
    for relative in learner_notebooks():
        pristine_copy(relative, target)
    return target


def is_app_function(node: ast.AST) -> bool:
    """A marimo ``@app.function``: what a learner writes (cells are ``@app.cell``)."""
    return isinstance(node, ast.FunctionDef) and any(
        ast.unparse(decorator) == "app.function" for decorator in node.decorator_list
    )


def is_answer_cell(node: ast.AST) -> bool:
    """A *named* ``@app.cell``: where a learner writes an answer value (``FEATURE_NOTES``)."""
    return (
        isinstance(node, ast.FunctionDef)
        and node.name != "_"
        and any(ast.unparse(d).startswith("app.cell") for d in node.decorator_list)
    )


def paste_solution(exercise_source: str, solution_source: str) -> str:
    """The exercise notebook with the solution's functions and setup lines in it.

    Every ``@app.function`` of the solution replaces its namesake in the exercise (or
    joins the notebook, if the exercise has none), so does every named answer cell
    (``def feature_notes(): FEATURE_NOTES = ...``), and every line of the solution's
    setup cell (imports, constants) that the exercise's lacks is added to it. The rest
    of the exercise notebook — its header, briefs, hints and check cells — stays.
    """
    solution = ast.parse(solution_source)
    solution_lines = solution_source.splitlines(keepends=True)

    def text(node: ast.AST) -> str:
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        return "".join(solution_lines[start - 1 : node.end_lineno])

    functions = {n.name: n for n in solution.body if is_app_function(n)}
    cells = {n.name: n for n in solution.body if is_answer_cell(n)}
    setup = next(n for n in solution.body if isinstance(n, ast.With))

    lines = exercise_source.splitlines(keepends=True)
    exercise = ast.parse(exercise_source)
    edits = []  # (first line, last line, replacement), applied bottom-up
    for node in exercise.body:
        if is_app_function(node) and node.name in functions:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            edits.append((first, node.end_lineno, text(functions.pop(node.name))))
        elif is_answer_cell(node) and node.name in cells:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            edits.append((first, node.end_lineno, text(cells.pop(node.name))))
    main_guard = next(n for n in exercise.body if isinstance(n, ast.If))
    extra = "".join(f"{text(node)}\n\n" for node in functions.values())
    edits.append((main_guard.lineno, main_guard.lineno - 1, extra))
    exercise_setup = next(n for n in exercise.body if isinstance(n, ast.With))
    have = {ast.unparse(n) for n in exercise_setup.body}
    missing = "".join(f"    {ast.unparse(n)}\n" for n in setup.body if ast.unparse(n) not in have)
    edits.append((exercise_setup.end_lineno + 1, exercise_setup.end_lineno, missing))
    for first, last, replacement in sorted(edits, reverse=True):
        lines[first - 1 : last] = [replacement]
    return "".join(lines)


# The capstone's documents a learner writes beside its modules (the worked notebooks in
# its solution folder are for reading, not the learner's files).
CAPSTONE_DOCUMENTS = ("DEPLOYMENT.md", "06_presentation.py", "layouts/06_presentation.slides.json")


def solve(course: Path, exercise: Exercise) -> None:
    """Put the reference answer of ``exercise`` into the scratch ``course``, as a learner
    who solved it has it: its functions and answer cells pasted into the notebook; a
    quiz's right answers saved beside it; the capstone's plain modules replaced whole, and
    its documents and slides filled in."""
    if exercise.kind == "capstone":
        solution_folder = (ROOT / exercise.solution).parent
        target_folder = (course / exercise.notebook).parent
        modules = [Path(path).name for path in exercise.answer_files()]
        for name in (*modules, *CAPSTONE_DOCUMENTS):
            text = (solution_folder / name).read_text()
            # the slides' PEP 723 header points at the course from one folder deeper
            text = text.replace('path = "../..", editable', 'path = "..", editable')
            (target_folder / name).write_text(text)
        return
    if exercise.kind == "quiz":  # a quiz is solved by its saved answers, all of them right
        notebook = course / exercise.notebook
        bank = load_bank(notebook.stem.removesuffix("_quiz"))
        answers_file(notebook).write_text(json.dumps(bank.answer_key(), indent=2))
        return
    target = course / exercise.notebook
    target.write_text(paste_solution(target.read_text(), (ROOT / exercise.solution).read_text()))


def run_pytest(course: Path, *args: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        INNER_RUN: "1",
        # The scratch copy's package and tests, not this checkout's editable install.
        "PYTHONPATH": os.pathsep.join([str(course / "src"), str(course)]),
    }
    environment.pop("POKEMON_ML_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=course,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.skipif(bool(os.environ.get(INNER_RUN)), reason="this is the scratch run itself")
@pytest.mark.skipif(not WHOLE_PROOF, reason="whole-suite proof runs in CI (set CI=1 to run it)")
def test_a_learner_who_solved_everything_gets_a_green_suite(tmp_path: Path) -> None:
    course = scratch_course(tmp_path / "course")
    for exercise in exercises():
        solve(course, exercise)

    whole = run_pytest(course, *LEARNER_FACING)
    summary = whole.stdout[-3_000:]
    assert whole.returncode == 0, summary
    n_exercises = len(exercises())
    assert f"Your grade: {n_exercises} passed, 0 not yet right, 0 not attempted" in summary

    # one wrong answer: the last checkpoint's function returning nothing
    wrong = [e for e in exercises() if e.kind == "checkpoint"][-1]
    notebook = course / wrong.notebook
    notebook.write_text(f"def {wrong.function}(*args):\n    return []\n")
    graded = run_pytest(course, "tests/exercises")
    assert graded.returncode == 1, graded.stdout[-3_000:]
    failed = [line for line in graded.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and f"[{wrong.id}]" in failed[0], graded.stdout[-3_000:]
    assert f"Your grade: {n_exercises - 1} passed, 1 not yet right" in graded.stdout
