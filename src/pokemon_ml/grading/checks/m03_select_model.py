"""Check for exercise 3.2: choose a model under constraints and explain the choice
(``select_model`` + ``EXPLANATION``).

The rule, the tables and the constraint sets are in ``m03_results_tables``. The check
runs the learner's function on two results tables (rows shuffled, index labels that
are not positions, extra columns) under every constraint set there, and compares with
the rule. Feedback names the rule the answer broke, never the answer.

``EXPLANATION`` is read for three things, each a family of words rather than a phrase:
the model chosen for the notebook's scenario, the constraint that decided (latency),
and what the choice costs (accuracy). A sentence that contains all three passes,
however it is worded; the check cannot tell whether the reasoning is sound, only that
it names what a stakeholder needs.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import (
    CandidateRaised,
    WrongAnswer,
    call_candidate,
    candidate_value,
)
from pokemon_ml.grading.checks.m03_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.checks.m03_results_tables import (
    GRADED_CASES,
    TIE_MARGIN,
    graded_tables,
    qualifies,
    reference_choice,
)
from pokemon_ml.grading.registry import register

__all__ = ["check_select_model"]

# What EXPLANATION must name (lower case; "_" and "-" read as spaces).
CHOSEN_MODEL_WORDS = r"logistic|log ?reg|logit|linear model|linear classifier"
DECIDING_WORDS = (
    r"latenc|millisecond|\d\s*ms\b|\bms\b|speed|fast|slow|quick|respon|per prediction"
    r"|time budget|too long|wait|real.?time"
)
COST_WORDS = r"accura|%|percent|point|score|correct|mistake|error|\bf1\b|precision|recall"
MIN_WORDS, MAX_WORDS = 12, 120  # a few sentences a stakeholder reads in half a minute


def _broken_limits(row: pd.Series, constraints: dict) -> list[str]:
    broken = []
    if constraints["min_accuracy"] is not None and row["accuracy"] < constraints["min_accuracy"]:
        broken.append(
            f"its accuracy {row['accuracy']} is below min_accuracy={constraints['min_accuracy']}"
        )
    if (
        constraints["max_latency_ms"] is not None
        and row["latency_ms"] > constraints["max_latency_ms"]
    ):
        broken.append(
            f"its latency {row['latency_ms']} ms is above max_latency_ms={constraints['max_latency_ms']}"
        )
    if constraints["interpretable"] and not row["interpretable"]:
        broken.append("it is not interpretable, and interpretable=True")
    return broken


def _case_feedback(table: pd.DataFrame, constraints: dict, got: Any, expected: str | None) -> str:
    """Why ``got`` is wrong, by the rule it broke (never naming the expected model)."""
    feedback = _rule_broken(table, constraints, got, expected)
    if expected is not None and _on_a_bound(table[table["model"] == expected].iloc[0], constraints):
        feedback += " Note that a model exactly at a bound qualifies."
    return feedback


def _on_a_bound(row: pd.Series, constraints: dict) -> bool:
    return (
        row["accuracy"] == constraints["min_accuracy"]
        or row["latency_ms"] == constraints["max_latency_ms"]
    )


def _rule_broken(table: pd.DataFrame, constraints: dict, got: Any, expected: str | None) -> str:
    qualifying = table[qualifies(table, constraints)]
    if got is None:
        return (
            f"you returned None, but {len(qualifying)} model(s) meet every constraint. None "
            "means nothing qualifies."
        )
    rows = table[table["model"] == got]
    if rows.empty:
        return f"you returned {got!r}, which is not a model in the table (its `model` column)."
    row = rows.iloc[0]
    broken = _broken_limits(row, constraints)
    if expected is None:
        return (
            f"no model meets every constraint here, yet you returned {got!r} ({'; '.join(broken)}). "
            "Say so: return None rather than guessing, so the caller can tell the stakeholder."
        )
    if broken:
        return f"{got!r} does not qualify: {'; '.join(broken)}."
    best = qualifying["accuracy"].max()
    if row["accuracy"] < best - TIE_MARGIN:
        return (
            f"{got!r} qualifies, but a qualifying model is more accurate by more than the tie "
            f"margin ({TIE_MARGIN}). Among qualifying models, the most accurate wins."
        )
    return (
        f"{got!r} is within {TIE_MARGIN} of the most accurate qualifying model, so it is tied, "
        "but another tied model is faster. Among tied models, the fastest wins."
    )


def _as_name(got: Any) -> Any:
    if got is None or isinstance(got, str):
        return got
    if isinstance(got, np.str_):
        return str(got)
    if isinstance(got, (pd.Series, pd.DataFrame, dict)):
        raise WrongAnswer(
            f"`select_model` returned a {type(got).__name__} (a row of the table?). Return the "
            "chosen model's name, the string in its `model` column, or None."
        )
    if isinstance(got, float) and np.isnan(got):
        raise WrongAnswer("`select_model` returned NaN. When nothing qualifies, return None.")
    raise WrongAnswer(
        f"`select_model` returned {got!r} ({type(got).__name__}). Return the chosen model's "
        "name, the string in its `model` column (not its position or index label), or None."
    )


def _describe(constraints: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in constraints.items())


@register(
    "3.2",
    module=MODULE,
    title="Choose a model under constraints, and explain it",
    function="select_model",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=30,
    difficulty="easy",
    hints=(
        (
            "Filter first: keep the rows that meet every constraint, skipping a constraint "
            "whose value is None. `>=` and `<=`: a bound met exactly qualifies. If no row is "
            "left, return None."
        ),
        (
            "Then the best accuracy among what is left, `best`. The tied rows are those with "
            f"accuracy >= best - {TIE_MARGIN}; of those, the one with the lowest latency. "
            "Return its `model` name as a string."
        ),
        (
            "EXPLANATION: write it for the product manager, in two to four sentences. Which "
            "model, which limit decided (the more accurate models broke it), and what it costs "
            "the team in accuracy. Numbers help."
        ),
    ),
    also=("EXPLANATION",),
)
def check_select_model(candidate: Any) -> str:
    tables = graded_tables()
    for number, (table_name, constraints) in enumerate(GRADED_CASES, start=1):
        table = tables[table_name]
        expected = reference_choice(table, constraints)
        try:
            got = _as_name(call_candidate(candidate, table, dict(constraints)))
        except CandidateRaised as raised:
            if expected is not None:
                raise
            raise WrongAnswer(
                f"Case {number} of {len(GRADED_CASES)} ({table_name}; {_describe(constraints)}): "
                f"no model qualifies, and your function raised an exception: {raised} When nothing "
                "qualifies, return None: that is an answer the caller can act on."
            ) from None
        if got != expected:
            raise WrongAnswer(
                f"Case {number} of {len(GRADED_CASES)} ({table_name}; {_describe(constraints)}): "
                + _case_feedback(table, constraints, got, expected)
            )
    _require_explanation(candidate_value(candidate, "EXPLANATION"))
    return (
        f"Right on all {len(GRADED_CASES)} constraint sets (limits, bounds met exactly, ties, "
        "nothing qualifying), and the explanation names the choice, the constraint that decided "
        "it and what it costs."
    )


def _require_explanation(text: Any) -> None:
    if not isinstance(text, str):
        raise WrongAnswer(
            f"`EXPLANATION` should be a string of a few sentences, got {type(text).__name__}."
        )
    words = len(text.split())
    if words < MIN_WORDS:
        raise WrongAnswer(
            f"`EXPLANATION` has {words} word(s). Write two to four sentences for the product "
            f"manager (at least {MIN_WORDS} words): which model, why, and at what cost."
        )
    if words > MAX_WORDS:
        raise WrongAnswer(
            f"`EXPLANATION` has {words} words; a stakeholder reads about {MAX_WORDS}. Keep the "
            "decision, the reason and the cost."
        )
    plain = re.sub(r"[_\-]", " ", text.lower())
    missing = [
        what
        for what, pattern in (
            ("the model `select_model` picks for the scenario", CHOSEN_MODEL_WORDS),
            ("the constraint that decided (it ruled out the more accurate models)", DECIDING_WORDS),
            ("what the choice costs (how much accuracy the team gives up)", COST_WORDS),
        )
        if not re.search(pattern, plain)
    ]
    if missing:
        raise WrongAnswer(
            f"`select_model` is right. `EXPLANATION` does not name {'; nor '.join(missing)}. "
            "A stakeholder needs all three to agree or push back."
        )
