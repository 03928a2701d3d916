"""The course's grading machinery: ``check(exercise_id, candidate)`` and what it needs."""

from pokemon_ml.grading.calling import WrongAnswer, call_candidate, time_calls
from pokemon_ml.grading.registry import (
    CheckResult,
    Exercise,
    check,
    exercises,
    get_exercise,
    register,
)

__all__ = [
    "CheckResult",
    "Exercise",
    "WrongAnswer",
    "call_candidate",
    "check",
    "exercises",
    "get_exercise",
    "register",
    "time_calls",
]
