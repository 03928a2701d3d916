"""Exam E2's grader, part 4: the model card, every number recomputed.

The card's fields are compared with the data and with the grader's own refit of the
learner's models on the learner's folds; every percentage, decimal and "N per 1,000"
in its sentences must round from a number the experiment produced (the way C4's
``m04_checkpoint`` reads a card).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.credit import COST_MATRIX, CREDIT_TARGET, DATE_COLUMN, SHOCK_DATE
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.checks.e2_experiment import AUC_TOLERANCE, COST_FLOOR, COST_TOLERANCE

__all__ = ["CARD_SECTIONS", "check_card"]

CARD_SECTIONS = {
    "summary": "two to five sentences for the credit committee: the choice, its cost, the risk",
    "intended_use": "who uses the model, for which decision, and what it must not be used for",
    "data": "a dict: rows, start and end (the first and last application date), default_rate",
    "comparison": "a dict: model name -> {'auc', 'cost_per_1000'}, each the mean over your folds",
    "chosen_model": "the name of the chosen model",
    "threshold": "the chosen model's threshold",
    "validation": "a dict: the chosen model's 'auc' and 'cost_per_1000' (means over your folds)",
    "cost_matrix": "the cost matrix the decisions were costed with (COST_MATRIX)",
    "limitations": "a list of sentences; one says what drift over time does to this model",
}
TEXT_FIELDS = ("summary", "intended_use")
MIN_SUMMARY_WORDS = 15
DRIFT_WORDS = re.compile(
    r"drift|shift|shock|over time|interest rate|rates? (?:rise|rose|went up)", re.I
)
PERCENT = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s?%")
DECIMAL = re.compile(r"(?<![\w.,])(\d+\.\d+)(?![\w.%]|\s?%)")
PER_THOUSAND = re.compile(
    r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)\s*(?:units?\s*)?(?:per|/|every)\s*(?:1,?000|thousand)"
)


def _allowed_numbers(
    experiment: dict, applications: pd.DataFrame, recomputed: pd.DataFrame, folds: list
) -> np.ndarray:
    y = applications[CREDIT_TARGET].to_numpy().astype(bool)
    dates = pd.to_datetime(applications[DATE_COLUMN])
    rate = float(y.mean())
    yearly = pd.Series(y).groupby(dates.dt.year.to_numpy()).mean()
    shocked = (dates >= pd.Timestamp(SHOCK_DATE)).to_numpy()
    periods = [
        y[shocked].mean() if shocked.any() else rate,
        y[~shocked].mean() if (~shocked).any() else rate,
    ]
    means = recomputed.groupby("model")[["auc", "cost_per_1000"]].mean()
    chosen = means.loc[str(experiment["chosen"])]
    approve_all = 1000 * COST_MATRIX["approve_default"] * rate
    reject_all = 1000 * COST_MATRIX["reject_good"] * (1 - rate)
    bayes = COST_MATRIX["reject_good"] / (
        COST_MATRIX["reject_good"] + COST_MATRIX["approve_default"]
    )
    values = [
        rate, 1 - rate, *yearly, *periods, *(y[valid].mean() for _, valid in folds),
        *recomputed["auc"], *recomputed["cost_per_1000"], *means["auc"], *means["cost_per_1000"],
        *(chosen["auc"] - means["auc"]), *(means["cost_per_1000"] - chosen["cost_per_1000"]),
        *((means["cost_per_1000"] - chosen["cost_per_1000"]) / means["cost_per_1000"]),
        float(experiment["threshold"]), bayes, approve_all, reject_all,
        approve_all - chosen["cost_per_1000"], 1 - chosen["cost_per_1000"] / approve_all,
        chosen["cost_per_1000"] / approve_all, *COST_MATRIX.values(), 0.5, 1000.0,
    ]  # fmt: skip
    return np.asarray(values, dtype=float)


def _stated_numbers(text: str) -> list[tuple[str, float, float]]:
    """(as written, value, half a unit of its last digit) for each number the card states."""
    found = []
    for match in PERCENT.finditer(text):
        digits = match.group(1)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        found.append((match.group(0), float(digits) / 100, 0.5 * 10**-decimals / 100))
    for pattern in (DECIMAL, PER_THOUSAND):
        for match in pattern.finditer(text):
            digits = match.group(1).replace(",", "")
            decimals = len(digits.split(".")[1]) if "." in digits else 0
            found.append((match.group(0).strip(), float(digits), 0.5 * 10**-decimals))
    return found


def _number(value: Any) -> float | None:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        return None
    return float(value)


def _as_date(value: Any) -> date | None:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    return None if pd.isna(stamp) else stamp.date()


def _close(stated: Any, true: float, kind: str) -> bool:
    value = _number(stated)
    if value is None:
        return False
    tolerance = AUC_TOLERANCE if kind == "auc" else max(COST_FLOOR, COST_TOLERANCE * abs(true))
    return abs(value - true) <= tolerance


def check_card(
    card: Any, experiment: dict, applications: pd.DataFrame, recomputed: pd.DataFrame, folds: list
) -> None:
    """Raise ``WrongAnswer`` naming the first section or number the data does not back."""
    if not isinstance(card, dict):
        raise WrongAnswer(
            f"`write_model_card` returned a {type(card).__name__}; return a dict with the keys {', '.join(CARD_SECTIONS)}."
        )
    missing = [key for key in CARD_SECTIONS if key not in card]
    if missing:
        raise WrongAnswer(
            f"The model card has no {', '.join(missing)}. Every section is needed: "
            + "; ".join(f"`{k}`: {v}" for k, v in CARD_SECTIONS.items())
            + "."
        )
    for key in TEXT_FIELDS:
        if not isinstance(card[key], str) or not card[key].strip():
            raise WrongAnswer(f"The card's `{key}` should be text ({CARD_SECTIONS[key]}).")
    if len(card["summary"].split()) < MIN_SUMMARY_WORDS:
        raise WrongAnswer(
            f"The card's summary has {len(card['summary'].split())} words: write two to five sentences a credit committee can act on."
        )
    chosen = str(experiment["chosen"])
    if chosen.lower() not in card["summary"].lower():
        raise WrongAnswer(
            f"The card's summary does not name the chosen model ({chosen!r}): the committee reads only the summary."
        )

    y = applications[CREDIT_TARGET].to_numpy().astype(bool)
    dates = pd.to_datetime(applications[DATE_COLUMN])
    data = card["data"]
    if not isinstance(data, dict):
        raise WrongAnswer(f"The card's `data` should be a dict: {CARD_SECTIONS['data']}.")
    rows = data.get("rows")
    if (
        isinstance(rows, (bool, np.bool_))
        or not isinstance(rows, (int, np.integer))
        or int(rows) != len(applications)
    ):
        raise WrongAnswer(
            f"The card says the data has {rows!r} rows; the applications you were given have {len(applications)}."
        )
    for key, true in (("start", dates.min().date()), ("end", dates.max().date())):
        if _as_date(data.get(key)) != true:
            raise WrongAnswer(
                f"The card's data `{key}` is {data.get(key)!r}; the applications run from {dates.min().date()} to {dates.max().date()}."
            )
    rate = _number(data.get("default_rate"))
    if rate is None or abs(rate - y.mean()) > 1e-6:
        raise WrongAnswer(
            f"The card's default rate is {data.get('default_rate')!r}; recomputed from `{CREDIT_TARGET}` it is {y.mean():.4f}."
        )

    means = recomputed.groupby("model")[["auc", "cost_per_1000"]].mean()
    comparison = card["comparison"]
    if not isinstance(comparison, dict) or set(map(str, comparison)) != set(means.index):
        raise WrongAnswer(
            f"The card's `comparison` should have one entry per candidate ({', '.join(means.index)}), each {{'auc', 'cost_per_1000'}}."
        )
    for name, entry in comparison.items():
        for metric in ("auc", "cost_per_1000"):
            stated = entry.get(metric) if isinstance(entry, dict) else None
            true = float(means.loc[str(name), metric])
            if not _close(stated, true, metric):
                raise WrongAnswer(
                    f"The card's {metric} for {name!r} is {stated!r}; the mean over your folds, "
                    f"refitted by the grader, is {true:.4f}. The comparison states each "
                    "model's mean over the same folds."
                )
    if str(card["chosen_model"]) != chosen:
        raise WrongAnswer(
            f"The card's chosen model is {card['chosen_model']!r}, the experiment chose {chosen!r}."
        )
    threshold = _number(card["threshold"])
    if threshold is None or abs(threshold - float(experiment["threshold"])) > 1e-9:
        raise WrongAnswer(
            f"The card's threshold is {card['threshold']!r}; the experiment's is {experiment['threshold']!r}."
        )
    validation = card["validation"]
    for metric in ("auc", "cost_per_1000"):
        stated = validation.get(metric) if isinstance(validation, dict) else None
        if not _close(stated, float(means.loc[chosen, metric]), metric):
            raise WrongAnswer(
                f"The card's validation {metric} is {stated!r}; the chosen model's mean over "
                f"your folds is {means.loc[chosen, metric]:.4f}."
            )
    matrix = card["cost_matrix"]
    if not isinstance(matrix, dict) or {k: _number(v) for k, v in matrix.items()} != COST_MATRIX:
        raise WrongAnswer(
            "The card's `cost_matrix` is not the one the decisions were costed with: state `COST_MATRIX` as it is."
        )
    limitations = card["limitations"]
    if (
        not isinstance(limitations, (list, tuple))
        or not limitations
        or not all(isinstance(s, str) and s.strip() for s in limitations)
    ):
        raise WrongAnswer(
            f"The card's `limitations` should be a non-empty list of sentences ({CARD_SECTIONS['limitations']})."
        )
    if not any(DRIFT_WORDS.search(s) for s in limitations):
        raise WrongAnswer(
            "No limitation says what drift does to this model. The data spans years in which "
            "defaults changed: say what the model assumes about the future, and what to watch."
        )
    allowed = _allowed_numbers(experiment, applications, recomputed, folds)
    for text in (card["summary"], card["intended_use"], *limitations):
        for written, value, half_unit in _stated_numbers(text):
            if not np.any(np.abs(allowed - value) <= half_unit + 1e-9):
                raise WrongAnswer(
                    f"The card's text says {written!r}, and no number recomputed from your "
                    "experiment rounds to it (the data's default rates, a model's AUC or cost "
                    "on a fold or on average, a difference between models, the threshold, the "
                    "cost of approving everyone, the cost matrix). Compute every number, then "
                    "format it: a committee trusts a card whose numbers all check out."
                )
