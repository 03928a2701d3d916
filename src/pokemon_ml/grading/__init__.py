"""The course's grading machinery: ``check(exercise_id, candidate)`` and what it needs."""

from pokemon_ml.grading.calling import (
    WrongAnswer,
    call_candidate,
    candidate_run,
    candidate_value,
    time_calls,
)
from pokemon_ml.grading.registry import (
    CheckResult,
    Exercise,
    check,
    exercises,
    get_exercise,
    register,
)
from pokemon_ml.grading.sandbox import LearnerFunction

__all__ = [
    "CheckResult",
    "Exercise",
    "LearnerFunction",
    "WrongAnswer",
    "call_candidate",
    "candidate_run",
    "candidate_value",
    "check",
    "exercises",
    "get_exercise",
    "register",
    "time_calls",
]
