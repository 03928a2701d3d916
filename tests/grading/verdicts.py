"""How the module tests assert a verdict: the status, and the words the feedback must use.

Feedback is for a learner: besides the fragments a test names, it must never show a
numpy repr (``np.float64(0.5)``, ``np.str_('hp')``) where a plain value belongs.
"""

from __future__ import annotations

from pokemon_ml import check

NUMPY_REPRS = ("np.str_(", "np.int64(", "np.float64(", "np.bool_(")


def assert_fails(
    exercise_id: str, candidate, *fragments: str, status: str = "failed", **answers
) -> str:
    """Grade ``candidate``; require ``status`` and every fragment in the feedback; return it."""
    result = check(exercise_id, candidate, **answers)
    assert result.status == status, f"{result.status}: {result.feedback}"
    for fragment in fragments:
        assert fragment in result.feedback, result.feedback
    shown = [r for r in NUMPY_REPRS if r in result.feedback]
    assert not shown, f"feedback shows {shown}: {result.feedback}"
    return result.feedback


def assert_passes(exercise_id: str, candidate, **answers) -> str:
    """Grade ``candidate``; require a pass; return the feedback."""
    result = check(exercise_id, candidate, **answers)
    assert result.status == "passed", f"{result.status}: {result.feedback}"
    return result.feedback
