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

from pokemon_ml.grading.registry import check, get_exercise
from pokemon_ml.grading.sandbox import warm_up

__all__ = ["exercise_header", "hint_button", "live_check"]

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


warm_up()  # the grading worker's server starts while the notebook's other cells run
