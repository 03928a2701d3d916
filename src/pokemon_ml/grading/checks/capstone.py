"""The capstone, scored out of 100: a rubric of criteria, each a sentence and points.

The learner's capstone is a small project (``capstone/README.md``): the model code in
``capstone/card_price.py``, the service in ``capstone/price_service.py``, and the
documents beside them (``DEPLOYMENT.md``, the slides notebook). Each criterion of the
rubric grades one part and returns the points it earned with one sentence saying why;
``uv run pokemon-ml grade capstone`` prints them, and 80 points pass.

A criterion is registered with ``@criterion(...)`` from a module of its own
(``capstone_model``, ``capstone_service``, ``capstone_docs``). It runs in a worker of
its own with a time limit of its own, so a function that hangs or exits costs only the
points of the criterion that called it. A criterion whose functions are all still
stubs earns 0 and says which to write; the capstone as a whole is *not attempted*
while every function of ``card_price.py`` and ``price_service.py`` is a stub.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pokemon_ml.grading.calling import CandidateRaised, NotAttempted, WrongAnswer
from pokemon_ml.grading.registry import CAPSTONE_ID, Scored, register
from pokemon_ml.grading.sandbox import Sandbox, SandboxStopped

__all__ = ["CRITERIA", "PASS_MARK", "Criterion", "criterion", "grade_capstone"]

PASS_MARK = 80  # points out of 100 (the learning tracker's target)
MODEL_FUNCTIONS = (  # what the learner writes in capstone/card_price.py
    "validate_listings",
    "add_features",
    "walk_forward_splits",
    "make_candidates",
    "train_price_model",
)
MODEL_VALUES = ("REPORTED_MAE", "CHOSEN_MODEL", "JUSTIFICATION")
SERVICE_FUNCTIONS = ("create_price_app",)  # in capstone/price_service.py


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: what it grades, its points, and how.

    ``grade(box, folder)`` runs with ``box`` (a fresh worker holding the learner's
    answers) and ``folder`` (where the learner's files are, or None) and returns
    ``(points earned, one sentence)``; it may raise ``NotAttempted``/``WrongAnswer``
    (0 points, its message is the sentence).
    """

    order: int
    name: str
    points: int
    grade: Callable[[Sandbox, Path | None], tuple[float, str]]
    time_limit_s: float = 60.0


CRITERIA: list[Criterion] = []


def criterion(order: int, name: str, points: int, time_limit_s: float = 60.0) -> Callable:
    """Decorator that adds a grading function to the capstone's rubric."""

    def add(grade: Callable[[Sandbox, Path | None], tuple[float, str]]) -> Callable:
        CRITERIA.append(Criterion(order, name, points, grade, time_limit_s))
        CRITERIA.sort(key=lambda c: c.order)
        return grade

    return add


def grade_capstone(candidate: Sandbox) -> Scored:
    """Every criterion in turn, each in a worker of its own; the points and the breakdown."""
    _load_criteria()
    lines, earned_total, attempted = [], 0, False
    for item in CRITERIA:
        box = candidate.fresh(item.time_limit_s)
        try:
            box.start()
            earned, sentence = item.grade(box, candidate.folder)
            attempted = True
        except NotAttempted as untouched:
            earned, sentence = 0.0, str(untouched) or "not attempted yet."
        except (WrongAnswer, CandidateRaised, SandboxStopped) as wrong:
            earned, sentence, attempted = 0.0, str(wrong), True
        finally:
            box.close()
        points = round(min(max(earned, 0.0), item.points))
        earned_total += points
        sentence = sentence[:1].upper() + sentence[1:]  # it follows "N / M." in the line
        lines.append(f"- **{item.name}**: {points} / {item.points}. {sentence}")
    if not attempted:
        raise NotAttempted(
            "Not attempted yet: every function in `capstone/card_price.py` (`validate_listings` "
            "… `train_price_model`) and `capstone/price_service.py` still raises "
            "NotImplementedError. Start with `capstone/README.md`."
        )
    verdict = "passes" if earned_total >= PASS_MARK else f"needs {PASS_MARK} to pass"
    feedback = f"Capstone score: {earned_total} / 100 ({verdict}).\n\n" + "\n".join(lines)
    return Scored(earned_total, 100, PASS_MARK, feedback)


def _load_criteria() -> None:
    """The criteria live in their own modules; importing one registers its criteria (the
    registry's discovery imports them too: a module is imported once)."""
    import importlib

    for name in ("capstone_model", "capstone_service", "capstone_docs"):
        try:
            importlib.import_module(f"pokemon_ml.grading.checks.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"pokemon_ml.grading.checks.{name}":
                raise


@register(
    CAPSTONE_ID,
    module=5,
    title="Capstone: Pokémon card price predictor (/100)",
    function="train_price_model",
    notebook="capstone/card_price.py",
    solution="capstone/solution/card_price.py",
    minutes=600,
    difficulty="hard",
    hints=(
        "Work through capstone/README.md in order: each notebook there builds one part of "
        "card_price.py, and `uv run pokemon-ml grade capstone` shows the points of each part.",
        "The hidden population is *later* listings than any you train on: validate the way "
        "you will be scored, walking forward over listing dates.",
        "A column you only learn after the sale (its sold price) is not there when a person "
        "asks your service for a price: a model that leans on it scores well in a notebook "
        "and fails in the grader.",
    ),
    timeout_s=600.0,
    also=(*[f for f in MODEL_FUNCTIONS if f != "train_price_model"], *MODEL_VALUES),
    elsewhere=tuple((name, "price_service.py") for name in SERVICE_FUNCTIONS),
)
def check_capstone(candidate: Sandbox) -> Scored:
    return grade_capstone(candidate)
