"""The learner's saved quiz answers: one JSON file beside the quiz notebook, kept safe.

``course_1_quiz.answers.json`` holds ``{"q01": "b", "q07": ["a", "c"]}``. The first
answer locked for a question counts (its explanation shows the right one); every save
replaces the whole file atomically, so an interrupted save never leaves half a file;
``start_new_attempt`` moves the file aside, never deleting it; and a file that cannot be
read is reported, never overwritten. Scoring is in ``pokemon_ml.grading.quiz``.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pokemon_ml.grading.quiz_bank import Answer, QuizBank

__all__ = [
    "ANSWERS_SUFFIX",
    "QuizFileError",
    "answers_file",
    "earlier_attempts",
    "grading_value",
    "lock_answer",
    "read_answers",
    "restore",
    "start_new_attempt",
    "validate_answers",
]


ANSWERS_SUFFIX = ".answers.json"  # course_1_quiz.py -> course_1_quiz.answers.json


class QuizFileError(Exception):
    """A saved-answers file (or an answer in it) cannot be used; the message says why."""


def answers_file(notebook: str | os.PathLike) -> Path:
    """Where a quiz notebook's answers are saved: beside it, ``<stem>.answers.json``."""
    notebook = Path(notebook).resolve()
    return notebook.with_name(notebook.stem + ANSWERS_SUFFIX)


def read_answers(path: Path) -> dict[str, Any]:
    """The saved answers as written (not yet validated); ``{}`` if there is no file yet.

    Raises:
        QuizFileError: the file is not a JSON object.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise QuizFileError(f"{path.name} could not be read: {error}") from None
    if not text.strip():
        return {}
    try:
        answers = json.loads(text)
    except json.JSONDecodeError as error:
        raise QuizFileError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})"
        ) from None
    if not isinstance(answers, dict):
        raise QuizFileError(
            f"{path.name} holds a {type(answers).__name__}; it should hold one object, "
            '{"q01": "b", ...}'
        )
    return answers


def grading_value(notebook: str | os.PathLike) -> dict[str, Any] | str:
    """What a quiz notebook hands the grader as ``QUIZ_ANSWERS``: the saved answers, or, if
    the file cannot be read, a sentence saying why (the check reports it; it never raises
    here, so the notebook still opens and can start a new attempt)."""
    try:
        return read_answers(answers_file(notebook))
    except QuizFileError as error:
        return str(error)


def validate_answers(bank: QuizBank, answers: dict[str, Any]) -> list[str]:
    """Every problem with ``answers`` for ``bank``, in words; empty when all are usable."""
    problems = []
    known = {question.id: question for question in bank.questions}
    for question_id, answer in answers.items():
        question = known.get(question_id)
        if question is None:
            problems.append(
                f"{question_id!r} is not a question of this quiz (q01–q{len(known):02d})"
            )
            continue
        label = f"question {question.number}"
        if question.multi:
            if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
                problems.append(f'{label} takes a list of options, e.g. ["a", "c"]; got {answer!r}')
                continue
            if not answer or len(set(answer)) != len(answer):
                problems.append(f"{label}: tick at least one option, each once; got {answer!r}")
                continue
            chosen = answer
        elif not isinstance(answer, str):
            problems.append(f'{label} takes one option, e.g. "b"; got {answer!r}')
            continue
        else:
            chosen = [answer]
        unknown = [a for a in chosen if a not in question.option_ids]
        if unknown:
            offered, got = ", ".join(question.option_ids), ", ".join(map(repr, unknown))
            problems.append(f"{label} has options {offered}; got {got}")
    return problems


def lock_answer(path: Path, bank: QuizBank, question_id: str, answer: Answer) -> dict[str, Any]:
    """Save ``answer`` unless the question already has one; return every saved answer.

    The file is read again first (another tab may have saved) and rewritten whole,
    atomically: a temporary file in the same folder, then ``os.replace``.

    Raises:
        QuizFileError: the file cannot be read, or the answer is not valid.
    """
    answers = read_answers(path)
    if validate_answers(bank, answers):
        raise QuizFileError(
            f"{path.name} has answers this quiz cannot read: "
            + "; ".join(validate_answers(bank, answers))
        )
    if question_id in answers:
        return answers  # the first answer counts
    answer = sorted(answer) if isinstance(answer, (list, tuple, set, frozenset)) else answer
    problems = validate_answers(bank, {question_id: answer})
    if problems:
        raise QuizFileError(problems[0])
    answers = {**answers, question_id: answer}
    _write_atomically(path, json.dumps(dict(sorted(answers.items())), indent=2) + "\n")
    return answers


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def start_new_attempt(path: Path) -> Path | None:
    """Move the answers file to the first free ``<stem>.answers.attempt-N.json``.

    Returns:
        Where the old answers now are; None if there was nothing to move.
    """
    if not path.exists():
        return None
    stem = path.name.removesuffix(".json")
    for number in itertools.count(1):
        target = path.with_name(f"{stem}.attempt-{number}.json")
        if not target.exists():
            os.replace(path, target)
            return target
    raise AssertionError("unreachable")


def earlier_attempts(path: Path) -> list[Path]:
    """The files earlier attempts were moved to, oldest first."""
    stem = path.name.removesuffix(".json")
    numbered = {}
    for found in path.parent.glob(f"{stem}.attempt-*.json"):
        number = found.name.removesuffix(".json").rsplit("-", 1)[1]
        if number.isdigit():
            numbered[int(number)] = found
    return [numbered[number] for number in sorted(numbered)]


def restore(bank: QuizBank, path: Path) -> tuple[dict[str, Any], str | None]:
    """The answers to show when the notebook opens, and a problem with the file (or None).

    A file that cannot be used restores nothing, and its problem is shown; the file is
    left as it is (the learner fixes it, or a new attempt moves it aside).
    """
    try:
        answers = read_answers(path)
    except QuizFileError as error:
        return {}, str(error)
    problems = validate_answers(bank, answers)
    if problems:
        return {}, f"{path.name} has answers this quiz cannot read: " + "; ".join(problems)
    return answers, None
