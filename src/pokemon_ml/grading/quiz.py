"""The course quizzes: question banks whose key is not in plain text, and saved answers.

A bank (``quiz_banks/course_1.json``) holds, per question, its text, its options, whether
it takes one answer or a set, the module it tests, a salted SHA-256 of the correct
answer and an explanation *sealed* with a key derived from that answer. Reading the
bank or a quiz notebook therefore shows neither the key nor the explanations. The
notebook finds the right option after an answer is locked by hashing each option (a
question has at most a few dozen candidate answers) and only then unseals the
explanation. Be honest about what that buys: anyone who runs code can recover the key
the same way. The quiz is a self-assessment; the hashing only keeps a glance at the
source from spoiling it.

The learner's answers live in a JSON file beside the quiz notebook
(``course_1_quiz.answers.json``): ``{"q01": "b", "q07": ["a", "c"]}``. The first
answer locked for a question counts; every save replaces the whole file atomically;
``start_new_attempt`` moves the file aside, never deleting it. Maintainers edit a quiz
through ``python -m pokemon_ml.grading.quiz export course_1 > /tmp/q.toml`` and
``... import course_1 /tmp/q.toml`` (``pokemon_ml.grading.quiz_banks.authoring``), so the
plaintext key never enters the repository.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import string
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "Answer",
    "Question",
    "QuizBank",
    "QuizFileError",
    "QuizScore",
    "answer_digest",
    "answer_from_form",
    "answers_file",
    "earlier_attempts",
    "explained_answer",
    "grading_value",
    "load_bank",
    "lock_answer",
    "question_text",
    "read_answers",
    "restore",
    "score",
    "start_new_attempt",
    "validate_answers",
]

BANKS = Path(__file__).parent / "quiz_banks"
ANSWERS_SUFFIX = ".answers.json"  # course_1_quiz.py -> course_1_quiz.answers.json
LETTERS = string.ascii_lowercase  # option ids, in the order the options are shown

Answer = str | list[str]  # one option id, or the set of ids of a multi-select question


class QuizFileError(Exception):
    """A saved-answers file (or an answer in it) cannot be used; the message says why."""


@dataclass(frozen=True)
class Question:
    """One question: what is asked and offered, never the answer in plain text."""

    id: str  # "q01"
    number: int  # 1-based, as the notebook shows it
    module: int  # the course module it tests
    prompt: str  # markdown: may hold a code snippet or a table
    options: tuple[str, ...]  # plain text; option ids are "a", "b", ... in this order
    multi: bool  # True: tick every right option (all or nothing)
    answer_hash: str
    sealed_explanation: str

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(LETTERS[: len(self.options)])


@dataclass(frozen=True)
class QuizBank:
    """A quiz: its questions, its pass mark and the salt of its hashes."""

    name: str  # "course_1"
    title: str
    pass_mark: int
    salt: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def is_right(self, question_id: str, answer: Answer) -> bool:
        """Whether ``answer`` (already validated) is the question's correct answer."""
        question = self.question(question_id)
        return answer_digest(self.salt, question.id, canonical(answer)) == question.answer_hash

    def correct_answer(self, question_id: str) -> Answer:
        """The right answer, found by trying every possible answer against the hash."""
        question = self.question(question_id)
        for candidate in _possible_answers(question):
            if self.is_right(question_id, candidate):
                return candidate
        raise ValueError(f"{self.name} {question_id}: no option matches the stored hash")

    def explanation(self, question_id: str) -> str:
        """The explanation, unsealed with the key derived from the correct answer."""
        question = self.question(question_id)
        key = canonical(self.correct_answer(question_id))
        return unseal(question.sealed_explanation, self.salt, question.id, key)

    def answer_key(self) -> dict[str, Answer]:
        """Every question's right answer (what the answer sheet shows)."""
        return {question.id: self.correct_answer(question.id) for question in self.questions}


def canonical(answer: Answer) -> str:
    """One text per answer: ``"b"``, or a multi-select's ids sorted: ``"a,c"``."""
    return answer if isinstance(answer, str) else ",".join(sorted(answer))


def answer_digest(salt: str, question_id: str, text: str) -> str:
    """The salted SHA-256 a bank stores for an answer (``text`` is ``canonical(answer)``)."""
    return hashlib.sha256(f"{salt}|{question_id}|{text}".encode()).hexdigest()


def _possible_answers(question: Question) -> list[Answer]:
    if not question.multi:
        return list(question.option_ids)
    return [
        list(subset)
        for size in range(1, len(question.options) + 1)
        for subset in itertools.combinations(question.option_ids, size)
    ]


def _keystream(salt: str, question_id: str, key: str, n_bytes: int) -> bytes:
    """SHA-256 in counter mode, keyed by the salt, the question and its right answer."""
    seed = answer_digest(salt, question_id, f"{key}|explanation").encode()
    blocks = (
        hashlib.sha256(seed + counter.to_bytes(4, "big")).digest() for counter in itertools.count()
    )
    return b"".join(itertools.islice(blocks, (n_bytes + 31) // 32))[:n_bytes]


def seal(text: str, salt: str, question_id: str, key: str) -> str:
    """Encrypt ``text`` with the keystream of the right answer ``key``; base64."""
    data = text.encode()
    stream = _keystream(salt, question_id, key, len(data))
    return base64.b64encode(bytes(a ^ b for a, b in zip(data, stream))).decode()


def unseal(sealed: str, salt: str, question_id: str, key: str) -> str:
    """The inverse of ``seal`` (XOR with the same keystream)."""
    data = base64.b64decode(sealed)
    stream = _keystream(salt, question_id, key, len(data))
    return bytes(a ^ b for a, b in zip(data, stream)).decode()


@cache
def load_bank(name: str) -> QuizBank:
    """The bank ``quiz_banks/<name>.json`` (``"course_1"``, ``"course_2"``)."""
    raw = json.loads((BANKS / f"{name}.json").read_text(encoding="utf-8"))
    questions = tuple(
        Question(number=number, **{**entry, "options": tuple(entry["options"])})
        for number, entry in enumerate(raw["questions"], start=1)
    )
    return QuizBank(raw["name"], raw["title"], raw["pass_mark"], raw["salt"], questions)


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


@dataclass(frozen=True)
class QuizScore:
    """Where a learner stands: right answers, and the numbers of the others."""

    right: int
    answered: int
    out_of: int
    pass_mark: int
    wrong_numbers: tuple[int, ...]  # question numbers, never the right options

    @property
    def to_go(self) -> int:
        return self.out_of - self.answered

    @property
    def passed(self) -> bool:
        return self.right >= self.pass_mark


def score(bank: QuizBank, answers: dict[str, Any]) -> QuizScore:
    """Count the right answers among ``answers`` (validate them first)."""
    wrong = tuple(
        question.number
        for question in bank.questions
        if question.id in answers and not bank.is_right(question.id, answers[question.id])
    )
    answered = sum(question.id in answers for question in bank.questions)
    return QuizScore(answered - len(wrong), answered, len(bank.questions), bank.pass_mark, wrong)


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


def answer_from_form(question: Question, value: Any) -> Answer | None:
    """The answer a submitted form holds (None: nothing submitted, or nothing ticked).

    A radio form's value is an option id; a multi-select form's is ``{option id: ticked}``.
    """
    if question.multi:
        ticked = sorted(option for option, on in (value or {}).items() if on)
        return ticked or None
    return value if isinstance(value, str) else None


def question_text(bank: QuizBank, question_id: str) -> str:
    """The question as markdown: number, module, how to answer, then the prompt."""
    question = bank.question(question_id)
    how = "tick **every** right option" if question.multi else "choose one"
    return (
        f"### Question {question.number} of {len(bank.questions)}\n\n"
        f"*Module {question.module} · {how}*\n\n{question.prompt}"
    )


def explained_answer(
    bank: QuizBank,
    question_id: str,
    answer: Answer,
    label: str = "Your answer",
    verdict: bool = True,
) -> tuple[bool, str]:
    """Whether ``answer`` is right, and markdown: the answer given (after ``label``), then,
    with ``verdict``, whether it is right and the right one, then why."""
    question = bank.question(question_id)
    right = bank.is_right(question_id, answer)

    def shown(chosen: Answer) -> str:
        letters = [chosen] if isinstance(chosen, str) else sorted(chosen)
        return "; ".join(f"**{o.upper()}.** {question.options[LETTERS.index(o)]}" for o in letters)

    lines = [f"**{label}:** {shown(answer)}", ""]
    if not verdict:
        lines.pop()
    elif right:
        lines.append("**Right.**")
    else:
        lines.append(f"**Not right.** The answer: {shown(bank.correct_answer(question_id))}")
    return right, "\n".join([*lines, "", bank.explanation(question_id)])


def main(argv: list[str] | None = None) -> int:
    """``python -m pokemon_ml.grading.quiz export NAME`` / ``import NAME FILE.toml``."""
    from pokemon_ml.grading.quiz_banks.authoring import main as authoring_main

    return authoring_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
