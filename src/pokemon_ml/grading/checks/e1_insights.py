"""Exam E1's second part: churn insights stated as claims a grader can check.

A claim is a dict in a small language (``CLAIM_KINDS``) about a column of accounts
(``CLAIM_COLUMNS``) or a derived feature (``FEATURES``, each defined precisely in the
exam's brief). Each claim is checked twice: against the generator's planted facts (is
the effect real, and in that direction?) and against the course's data, cleaned as
the brief says (is the stated number what the data says, within ``RATE_TOLERANCE``?).
Its ``action`` must say what the business should do.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.churn import PLANTED_FACTS
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.checks.e1_accounts import (
    CLAIM_COLUMNS,
    FEATURES,
    course_accounts,
    group_rates,
    split_rates,
)

__all__ = ["CLAIM_KINDS", "RATE_TOLERANCE", "check_insights"]

CLAIM_KINDS = {
    "highest_rate": ("column", "value", "churn_rate"),
    "lowest_rate": ("column", "value", "churn_rate"),
    "raises_churn": ("feature", "rate_high", "rate_low"),
    "lowers_churn": ("feature", "rate_high", "rate_low"),
    "no_effect": (),  # and "column" or "feature"
}
EFFECT_CLAIMS = ("highest_rate", "lowest_rate", "raises_churn", "lowers_churn")
MIN_EFFECT_CLAIMS = 3  # about three different things
RATE_TOLERANCE = 0.02  # absolute: two percentage points
MIN_ACTION_WORDS = 6
# Phrases that promise a step without naming one (matched as whole words).
VAGUE_ACTIONS = re.compile(
    r"\b(investigate|look into|keep an eye|more analysis|further analysis|dig deeper|tbd|"
    r"todo|consider it|do something|think about)\b"
)


def check_insights(claims: Any) -> str:
    """Verify every claim; raise ``WrongAnswer`` naming the first wrong one and why."""
    if not isinstance(claims, (list, tuple)) or not all(isinstance(c, dict) for c in claims):
        raise WrongAnswer(
            "`CHURN_INSIGHTS` should be a list of dicts, one per claim, e.g. "
            "{'claim': 'raises_churn', 'feature': ..., 'rate_high': ..., 'rate_low': ..., "
            f"'action': ...}}; got {type(claims).__name__}."
        )
    table = course_accounts()
    subjects: dict[str, list[int]] = {}
    actions: dict[str, int] = {}
    for number, claim in enumerate(claims, start=1):
        subject = _check_claim(claim, number, table)
        action = " ".join(str(claim["action"]).lower().split())
        if action in actions:
            raise WrongAnswer(
                f"Claims {actions[action]} and {number} have the same action. Each insight "
                "should lead to its own step: who does what, for which accounts."
            )
        actions[action] = number
        if claim["claim"] in EFFECT_CLAIMS:
            subjects.setdefault(subject, []).append(number)
    if len(subjects) < MIN_EFFECT_CLAIMS:
        repeated = [
            f"{s} (claims {', '.join(map(str, n))})" for s, n in subjects.items() if len(n) > 1
        ]
        also = (
            f" Claims about the same thing count once: {'; '.join(repeated)}." if repeated else ""
        )
        raise WrongAnswer(
            f"Every claim holds, but they are about {len(subjects)} different thing(s); the exam "
            f"asks for at least {MIN_EFFECT_CLAIMS} effects on churn (highest_rate, lowest_rate, "
            f"raises_churn, lowers_churn) about different columns or features.{also}"
        )
    return (
        f"All {len(claims)} claims hold against the generator's planted facts and the data "
        f"(about {len(subjects)} different things), each with an action."
    )


def _check_claim(claim: dict, number: int, table: pd.DataFrame) -> str:
    """Check one claim; return what it is about (a column or a feature)."""
    kind = claim.get("claim")
    where = f"Claim {number} ({kind!r})"
    if kind not in CLAIM_KINDS:
        raise WrongAnswer(
            f"Claim {number}: unknown claim {kind!r}. Use one of: {', '.join(CLAIM_KINDS)}."
        )
    _check_action(claim.get("action"), where)
    if kind == "no_effect":
        return _check_no_effect(claim, where, table)
    missing = [field for field in CLAIM_KINDS[kind] if field not in claim]
    if missing:
        raise WrongAnswer(f"{where} needs {', '.join(missing)} (see the claim language).")
    if kind in ("highest_rate", "lowest_rate"):
        _check_group_claim(claim, kind, where, table)
        return str(claim["column"])
    _check_feature_claim(claim, kind, where, table)
    return str(claim["feature"])


def _check_action(action: Any, where: str) -> None:
    if action is not None and not isinstance(action, str):
        raise WrongAnswer(
            f"{where}: its action should be a sentence (a string), got {type(action).__name__}."
        )
    text = " ".join((action or "").lower().split())
    if len(text.split()) < MIN_ACTION_WORDS:
        raise WrongAnswer(
            f"{where}: its action {'is empty' if not text else 'is too short: ' + repr(text)}. "
            f"Say what the business should do, in at least {MIN_ACTION_WORDS} words: who acts, "
            "on which accounts, and how."
        )
    vague = VAGUE_ACTIONS.findall(text)
    if vague and len(text.split()) < 2 * MIN_ACTION_WORDS + 4:
        raise WrongAnswer(
            f"{where}: its action ({text!r}) is vague: {vague[0]!r} is not a step anyone can "
            "take tomorrow. Name the step: who contacts which accounts, what changes."
        )


def _rate(value: Any, where: str, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise WrongAnswer(f"{where}: {field} should be a number, got {value!r}.")
    value = float(value)
    if not 0 <= value <= 1:
        raise WrongAnswer(
            f"{where}: {field} is {value:g}; rates are fractions from 0 to 1 (0.12, not 12)."
        )
    return value


def _check_group_claim(claim: dict, kind: str, where: str, table: pd.DataFrame) -> None:
    column, value = claim["column"], claim["value"]
    if column not in CLAIM_COLUMNS:
        raise WrongAnswer(
            f"{where}: unknown column {column!r}; rates by group are about "
            f"{', '.join(CLAIM_COLUMNS)}."
        )
    if value not in CLAIM_COLUMNS[column]:
        raise WrongAnswer(
            f"{where}: {value!r} is not a value of {column} after cleaning; its values are "
            f"{', '.join(CLAIM_COLUMNS[column])}."
        )
    stated = _rate(claim["churn_rate"], where, "churn_rate")
    rates = group_rates(table, column)
    fact = PLANTED_FACTS["categorical"][column]
    if not fact["effect"]:
        raise WrongAnswer(
            f"{where}: {column} has no effect on churn here: its values churn at "
            f"{rates.min():.1%}–{rates.max():.1%}, within noise (the generator drew {column} "
            f"independently of churn). A {kind.split('_')[0]} {column} is chance, not a "
            "reason to act."
        )
    if value != fact[kind.split("_")[0]]:
        word, other = ("highest", "higher") if kind == "highest_rate" else ("lowest", "lower")
        raise WrongAnswer(
            f"{where}: {value!r} does not have the {word} churn rate of {column}: it churns at "
            f"{rates[value]:.1%}, and another {column} churns {other}. "
            f"Compare the rate of every {column}, on one row per account."
        )
    actual = float(rates[value])
    if abs(stated - actual) > RATE_TOLERANCE:
        raise WrongAnswer(
            f"{where}: {value!r} is the right {column}, but the cleaned data says it churns at "
            f"{actual:.1%}, not {stated:.1%} (tolerance ±{RATE_TOLERANCE}). Did you keep "
            "one row per account and fix the spellings before counting?"
        )


def _check_feature_claim(claim: dict, kind: str, where: str, table: pd.DataFrame) -> None:
    feature = claim["feature"]
    if feature not in FEATURES:
        raise WrongAnswer(
            f"{where}: unknown feature {feature!r}. The features the brief defines are: "
            f"{', '.join(FEATURES)} (compute them from the sources; the grader needs a "
            "precise definition to check a claim)."
        )
    high, low = (_rate(claim[f], where, f) for f in ("rate_high", "rate_low"))
    actual_high, actual_low = split_rates(table, feature)
    fact = PLANTED_FACTS["features"][feature]
    seen = f"accounts above its median churn at {actual_high:.1%}, the others at {actual_low:.1%}"
    if not fact["effect"]:
        raise WrongAnswer(
            f"{where}: {feature} has no effect on churn here: {seen}, within noise (the "
            f"generator drew it independently of churn)."
        )
    claimed = kind.split("_")[0]
    if claimed != fact["direction"]:
        raise WrongAnswer(
            f"{where}: {feature} {fact['direction']} churn, it does not {claimed.rstrip('s')} "
            f"it: {seen}."
        )
    if abs(high - actual_high) > RATE_TOLERANCE or abs(low - actual_low) > RATE_TOLERANCE:
        raise WrongAnswer(
            f"{where}: the direction is right, but in the cleaned data {seen}; you wrote "
            f"{high:.1%} and {low:.1%} (tolerance ±{RATE_TOLERANCE}). Check the feature's "
            "definition in the brief, and split at the median (above it, or not)."
        )


def _check_no_effect(claim: dict, where: str, table: pd.DataFrame) -> str:
    subject = claim.get("column", claim.get("feature"))
    if subject in CLAIM_COLUMNS:
        fact = PLANTED_FACTS["categorical"][subject]
        rates = group_rates(table, subject)
        seen = f"its values churn at {rates.min():.1%}–{rates.max():.1%}"
    elif subject in FEATURES:
        fact = PLANTED_FACTS["features"][subject]
        high, low = split_rates(table, subject)
        seen = f"accounts above its median churn at {high:.1%}, the others at {low:.1%}"
    else:
        raise WrongAnswer(
            f"{where}: name a column ({', '.join(CLAIM_COLUMNS)}) or a feature "
            f"({', '.join(FEATURES)}); got {subject!r}."
        )
    if fact["effect"]:
        raise WrongAnswer(f"{where}: {subject} does move churn: {seen}.")
    return str(subject)
