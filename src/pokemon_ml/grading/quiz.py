"""The course quizzes: a learner's score, the notebook's text, and one import for both.

The question banks (the key hashed, the explanations sealed) are in
``pokemon_ml.grading.quiz_bank``; the learner's saved answers (one JSON file beside the
notebook, first answer counts, saved atomically, never lost) in
``pokemon_ml.grading.quiz_answers``. This module scores the answers, writes what the
notebook shows, and re-exports both modules' names, so a notebook needs one import.

Maintainers edit a quiz through ``python -m pokemon_ml.grading.quiz export course_1 >
/tmp/q.toml`` and ``... import course_1 /tmp/q.toml`` (``quiz_banks.authoring``), so the
plaintext key never enters the repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pokemon_ml.grading.quiz_answers import (
    ANSWERS_SUFFIX,
    QuizFileError,
    answers_file,
    earlier_attempts,
    grading_value,
    lock_answer,
    read_answers,
    restore,
    start_new_attempt,
    validate_answers,
)
from pokemon_ml.grading.quiz_bank import (
    BANKS,
    LETTERS,
    Answer,
    Question,
    QuizBank,
    answer_digest,
    canonical,
    load_bank,
    seal,
    unseal,
)

__all__ = [
    "ANSWERS_SUFFIX",
    "BANKS",
    "LETTERS",
    "Answer",
    "Question",
    "QuizBank",
    "QuizFileError",
    "QuizScore",
    "answer_digest",
    "answer_from_form",
    "answers_file",
    "canonical",
    "earlier_attempts",
    "explained_answer",
    "grading_value",
    "load_bank",
    "lock_answer",
    "question_text",
    "read_answers",
    "restore",
    "score",
    "seal",
    "start_new_attempt",
    "unseal",
    "validate_answers",
]


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
