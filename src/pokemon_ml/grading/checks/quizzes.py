"""The course quizzes, Q1 and Q2: the answers a learner locked in the quiz notebook, scored.

The notebook saves its answers beside itself (``checkpoints/course_1_quiz.answers.json``)
and hands them to the grader as ``QUIZ_ANSWERS``: ``{"q01": "b", "q07": ["a", "c"]}``.
The check counts the right ones (``pokemon_ml.grading.quiz``) and returns a ``Scored``:
the quiz passes at its pass mark, answered or not — 16 right of 20 passes even with
questions left. Feedback names the numbers of the wrong questions, never their answers.
"""

from __future__ import annotations

from typing import Any

from pokemon_ml.grading.calling import NotAttempted, WrongAnswer, candidate_value
from pokemon_ml.grading.quiz import ANSWERS_SUFFIX, load_bank, score, validate_answers
from pokemon_ml.grading.registry import Scored, register

HINTS = (
    "Answer in the quiz notebook: choose, then press the button under the question. Your "
    "first answer to each question is locked and saved at once.",
    "Read every explanation, the right answers' too: the quiz is there to find what to "
    "reread. The feedback lists the questions you got wrong by number.",
    "A new attempt (the control at the end of the notebook) keeps your old answers in a "
    "file of their own and starts you from zero.",
)


def grade_quiz(bank_name: str, notebook_name: str, answers: Any) -> Scored:
    """Score ``answers`` (what the notebook saved) on the bank ``bank_name``.

    Raises:
        NotAttempted: nothing is answered yet.
        WrongAnswer: the saved file cannot be read, or holds unknown questions or options.
    """
    bank = load_bank(bank_name)
    saved_file = notebook_name.removesuffix(".py") + ANSWERS_SUFFIX
    if isinstance(answers, str):  # the notebook could not read its file: the reason
        raise WrongAnswer(
            f"Your saved answers could not be used: {answers}. Open the quiz notebook: it "
            f"shows the problem, and a new attempt moves {saved_file} aside."
        )
    if not isinstance(answers, dict):
        raise WrongAnswer(
            f"`QUIZ_ANSWERS` should be a dict of question ids to options, as read from "
            f"{saved_file}; got a {type(answers).__name__}. Keep the notebook's own cell."
        )
    if not answers:
        raise NotAttempted(
            f"Not attempted yet: open `checkpoints/{notebook_name}` and answer the questions; "
            f"each answer is saved as you lock it, in `{saved_file}` beside the notebook."
        )
    problems = validate_answers(bank, answers)
    if problems:
        raise WrongAnswer(
            f"{saved_file} holds answers the quiz cannot grade: " + "; ".join(problems) + ". "
            "Edit the file back or start a new attempt in the notebook."
        )
    result = score(bank, answers)
    lines = [f"{result.right} of {result.out_of} right (pass mark {result.pass_mark})."]
    if result.wrong_numbers:
        numbers = ", ".join(map(str, result.wrong_numbers))
        lines.append(f"Wrong: question{'s' if len(result.wrong_numbers) > 1 else ''} {numbers}.")
    if result.to_go:
        unanswered = "s" if result.to_go > 1 else ""
        if result.passed:
            lines.append(f"{result.to_go} question{unanswered} unanswered; passed already.")
        else:
            lines.append(f"{result.to_go} question{unanswered} unanswered.")
    if not result.passed:
        reachable = result.right + result.to_go >= result.pass_mark
        lines.append(
            "Read the explanations of the ones you missed, then answer the rest."
            if reachable
            else "The pass mark is out of reach in this attempt: reread the modules behind "
            "the questions you missed, then start a new attempt."
        )
    return Scored(result.right, result.out_of, result.pass_mark, " ".join(lines))


@register(
    "Q1",
    module=2,
    title="Course quiz 1: data and features (20 questions)",
    function="QUIZ_ANSWERS",
    notebook="checkpoints/course_1_quiz.py",
    solution="checkpoints/solutions/course_1_quiz.py",
    minutes=30,
    difficulty="medium",
    hints=HINTS,
)
def check_quiz_1(candidate: Any) -> Scored:
    return grade_quiz("course_1", "course_1_quiz.py", candidate_value(candidate))


@register(
    "Q2",
    module=4,
    title="Course quiz 2: training and evaluation (25 questions)",
    function="QUIZ_ANSWERS",
    notebook="checkpoints/course_2_quiz.py",
    solution="checkpoints/solutions/course_2_quiz.py",
    minutes=40,
    difficulty="medium",
    hints=HINTS,
)
def check_quiz_2(candidate: Any) -> Scored:
    return grade_quiz("course_2", "course_2_quiz.py", candidate_value(candidate))
