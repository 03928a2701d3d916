"""Show a check inside a marimo notebook: the live check cell and its hints.

The only module of the package that imports marimo. In an exercise notebook::

    hints_1_1 = hint_button("1.1")            # one cell: the button
    live_check("1.1", break_data, hints_1_1)  # next cell: re-runs when either changes

marimo re-runs the check cell whenever ``break_data`` is redefined or the button
is clicked, so the verdict is always about the code on screen.
"""

from __future__ import annotations

from typing import Any

import marimo as mo

from pokemon_ml.grading.quiz import (
    QuizBank,
    QuizFileError,
    answer_from_form,
    explained_answer,
    lock_answer,
    question_text,
    score,
)
from pokemon_ml.grading.registry import check, get_exercise
from pokemon_ml.grading.sandbox import warm_up

__all__ = [
    "exercise_header",
    "hint_button",
    "live_check",
    "quiz_form",
    "quiz_question",
    "quiz_score_board",
]

_KIND = {"passed": "success", "failed": "danger", "error": "warn", "not_attempted": "neutral"}
_TITLE = {
    "passed": "Passed",
    "failed": "Not yet",
    "error": "Your function did not finish",
    "not_attempted": "Not attempted",
}


def exercise_header(exercise_id: str) -> Any:
    """A heading line with the exercise's id, title, time estimate and difficulty."""
    exercise = get_exercise(exercise_id)
    label = {
        "checkpoint": "Checkpoint",
        "try_it": "Try it",
        "quiz": "Quiz",
        "exam": "Practical exam",
        "capstone": "Capstone",
    }.get(exercise.kind, "Exercise")
    names = " and ".join(f"`{name}`" for name in (exercise.function, *exercise.also))
    return mo.md(
        f"## {label} {exercise.id} — {exercise.title}\n\n"
        f"*About {exercise.minutes} minutes · {exercise.difficulty} · you write {names}*"
    )


def hint_button(exercise_id: str) -> Any:
    """A button whose value counts clicks: the number of hints to reveal."""
    n_hints = len(get_exercise(exercise_id).hints)
    return mo.ui.button(
        value=0,
        on_click=lambda shown: min(shown + 1, n_hints),
        label=f"Show the next hint ({n_hints} in all)",
    )


def live_check(exercise_id: str, candidate: Any, hints: Any = None, **also: Any) -> Any:
    """Run the exercise's check and render the verdict as a callout.

    Args:
        exercise_id: e.g. ``"1.2"``.
        candidate: the learner's function.
        hints: the exercise's ``hint_button``; until the check passes it is shown
            under the verdict and reveals one more hint per click.
        **also: the exercise's other answers by name (``FEATURE_NOTES=FEATURE_NOTES``).
    """
    result = check(exercise_id, candidate, **also)
    verdict = mo.callout(
        mo.md(result.feedback), kind=_KIND[result.status], title=_TITLE[result.status]
    )
    if result.passed or hints is None:
        return verdict
    all_hints = get_exercise(exercise_id).hints
    shown = all_hints[: hints.value]
    parts = [verdict]
    parts += [mo.md(f"**Hint {i}.** {text}") for i, text in enumerate(shown, start=1)]
    if len(shown) < len(all_hints):
        parts.append(hints)
    return mo.vstack(parts)


def quiz_score_board(bank: QuizBank, saved: dict) -> Any:
    """A quiz's standing as a row of figures: right so far, answered, to go, pass mark."""
    result = score(bank, saved)
    if result.passed:
        verdict = "passed"
    else:
        verdict = f"{result.pass_mark - result.right} more right to pass"
    return mo.hstack(
        [
            mo.stat(result.right, label="right so far", caption=verdict, bordered=True),
            mo.stat(result.answered, label="answered", bordered=True),
            mo.stat(result.to_go, label="to go", bordered=True),
            mo.stat(f"{result.pass_mark} / {result.out_of}", label="pass mark", bordered=True),
        ],
        widths="equal",
    )


def quiz_form(bank: QuizBank, question_id: str) -> Any:
    """A question's options (a radio, or a checkbox each for a multi-select) and the
    button that locks the answer in."""
    question = bank.question(question_id)
    labels = [
        f"{option.upper()}. {text}" for option, text in zip(question.option_ids, question.options)
    ]
    if question.multi:  # {option id: ticked}
        boxes = {
            option: mo.ui.checkbox(label=label)
            for option, label in zip(question.option_ids, labels)
        }
        choice = mo.md("\n\n".join(f"{{{option}}}" for option in boxes)).batch(**boxes)
    else:  # one option id
        choice = mo.ui.radio(dict(zip(labels, question.option_ids)))
    return choice.form(submit_button_label="Lock in my answer", bordered=False)


def quiz_question(
    bank: QuizBank, answers_path: Any, question_id: str, form: Any, get_saved: Any, set_saved: Any
) -> Any:
    """The question, then its form — or, once answered, the locked answer, right or not,
    and why. The first answer submitted is saved at once (the whole file, atomically).

    Args:
        bank: the quiz's bank.
        answers_path: the learner's saved-answers file.
        question_id: e.g. ``"q01"``.
        form: the question's ``quiz_form``.
        get_saved, set_saved: the notebook's ``mo.state`` of the saved answers.
    """
    question = bank.question(question_id)
    saved, problem = get_saved(), None
    answer = answer_from_form(question, form.value)
    if answer is not None and question_id not in saved:
        try:
            saved = lock_answer(answers_path, bank, question_id, answer)
        except QuizFileError as error:
            problem = str(error)
        else:
            set_saved(saved)
    shown = [mo.md(question_text(bank, question_id))]
    if question_id in saved:
        right, explanation = explained_answer(bank, question_id, saved[question_id])
        shown.append(mo.callout(mo.md(explanation), kind="success" if right else "danger"))
    else:
        shown.append(form)
        if problem:
            shown.append(mo.callout(mo.md(f"Not saved: {problem}"), kind="warn"))
        elif form.value is not None:
            shown.append(
                mo.callout(mo.md("Tick at least one option, then lock it in."), kind="warn")
            )
    return mo.vstack(shown)


warm_up()  # the grading worker's server starts while the notebook's other cells run
