"""The course quizzes' question banks, whose answer key is not in plain text.

A bank (``quiz_banks/course_1.json``) holds, per question, its text, its options, whether
it takes one answer or a set, the module it tests, a salted SHA-256 of the correct
answer and an explanation *sealed* with a key derived from that answer. Reading the
bank or a quiz notebook therefore shows neither the key nor the explanations. The
notebook finds the right option after an answer is locked by hashing each option (a
question has at most a few dozen candidate answers) and only then unseals the
explanation. Be honest about what that buys: anyone who runs code can recover the key
the same way. The quiz is a self-assessment; the hashing only keeps a glance at the
source from spoiling it.

The learner's saved answers and their scoring live in ``pokemon_ml.grading.quiz``;
maintainers edit a bank through ``pokemon_ml.grading.quiz_banks.authoring``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "BANKS",
    "LETTERS",
    "Answer",
    "Question",
    "QuizBank",
    "answer_digest",
    "canonical",
    "load_bank",
    "seal",
    "unseal",
]

BANKS = Path(__file__).parent / "quiz_banks"
LETTERS = string.ascii_lowercase  # option ids, in the order the options are shown

Answer = str | list[str]  # one option id, or the set of ids of a multi-select question


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
