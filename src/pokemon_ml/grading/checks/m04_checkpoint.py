"""Check for checkpoint C4: the Model Review Board (``make_model_card(model, data)``).

The learner writes a function that turns a fitted type model and held-out rows into
a model card (``pokemon_ml.evaluation.card.CARD_KEYS``). The grader runs it on three
models whose right recommendations differ — a good model (go), one trained with a type
almost missing (go with conditions), the majority-free baseline (no-go) — each on
held-out creatures it keeps to itself, with the package's ``build_model_card``
disarmed. Then it recomputes every number the card states: the data's size and hash,
overall accuracy and macro F1, each slice's size and accuracy, and every percentage or
decimal written in the card's sentences. It knows the worst slice and requires the
risks to name it, and it applies the board's policy to the true numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.evaluation import card as cards
from pokemon_ml.evaluation.card import (
    CARD_KEYS,
    MAX_SLICE_GAP,
    MIN_ACCURACY,
    RECOMMENDATIONS,
    SLICE_COLUMNS,
    data_sha256,
    recommend,
)
from pokemon_ml.evaluation.slices import MIN_SLICE_ROWS, slice_table
from pokemon_ml.features import TARGET, make_baseline_model, make_model
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m04_exercises import MODULE, disarm, is_disarmed_call
from pokemon_ml.grading.registry import register

__all__ = ["REVIEWS", "card_in_sandbox", "review_cases"]

NUMBER_TOLERANCE = 1e-6  # a card's metric against the recomputed one
TEXT_FIELDS = ("model", "summary", "intended_use")
LIST_FIELDS = ("limitations", "risks")
MIN_SUMMARY_WORDS = 15
# (what the feedback calls the model, training seed, the type left almost out or None,
#  the baseline?, held-out seed)
REVIEWS = (
    ("a logistic regression on the course's features", 4_401, None, False, 4_411),
    ("the same model, trained on data with almost no electric types", 4_402, "electric", False, 4_412),
    ("the baseline model (raw stats only)", 4_403, None, True, 4_413),
)
PERCENT = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s?%")
DECIMAL = re.compile(r"(?<![\w.])(0\.\d+|1\.0+)(?![\w.])")


def card_in_sandbox(make_model_card: Callable[..., Any], model: Any, data: pd.DataFrame) -> dict:
    """Worker side: the learner's card, with the package's card builder disarmed."""
    disarm(cards.build_model_card)
    try:
        card = make_model_card(model, data)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"package": True}
        raise
    return {"card": card, "after": data}  # compared with the original by the grader


@functools.cache
def review_cases() -> tuple[tuple[str, Any, pd.DataFrame], ...]:
    """(description, fitted model, held-out rows) for each review."""
    cases = []
    for what, seed, scarce, baseline, held_out_seed in REVIEWS:
        train = generate_pokemon(1_500, seed).to_pandas()
        if scarce is not None:
            rng = np.random.default_rng(seed)
            train = train[(train[TARGET] != scarce) | (rng.random(len(train)) < 0.08)]
        model = (make_baseline_model() if baseline else make_model()).fit(
            train.drop(columns=TARGET), train[TARGET]
        )
        data = generate_pokemon(1_000, held_out_seed).to_pandas()
        cases.append((what, model, data))
    return tuple(cases)


def _truth(model: Any, data: pd.DataFrame) -> dict[str, Any]:
    truth, predicted = data[TARGET].to_numpy(), model.predict(data)
    accuracy = float(accuracy_score(truth, predicted))
    slices = slice_table(data, truth, predicted, SLICE_COLUMNS)
    verdict, worst = recommend(accuracy, slices)
    gap = accuracy - worst["accuracy"] if worst is not None else 0.0
    borderline = abs(accuracy - MIN_ACCURACY) < 1e-9 or abs(gap - MAX_SLICE_GAP) < 1e-9
    return {
        "accuracy": accuracy,
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
        "slices": slices,
        "verdict": verdict,
        "verdicts": set(RECOMMENDATIONS) if borderline else {verdict},
        "worst": worst,
    }


def _allowed_numbers(true: dict, rows: int) -> np.ndarray:
    slices = true["slices"]
    values = [
        true["accuracy"], 1 - true["accuracy"], true["macro_f1"], MIN_ACCURACY, MAX_SLICE_GAP,
        0.95, 0.0, 1.0,
        *slices["accuracy"], *(1 - slices["accuracy"]), *slices["ci_low"], *slices["ci_high"],
        *(true["accuracy"] - slices["accuracy"]), *(slices["n"] / rows),
    ]
    return np.asarray(values, dtype=float)


def _stated_numbers(text: str) -> list[tuple[str, float, float]]:
    """(as written, value, half a unit of its last digit) for each % or 0.x number."""
    found = []
    for match in PERCENT.finditer(text):
        digits = match.group(1)
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        found.append((match.group(0), float(digits) / 100, 0.5 * 10**-decimals / 100))
    for match in DECIMAL.finditer(text):
        digits = match.group(1)
        found.append((digits, float(digits), 0.5 * 10 ** -len(digits.split(".")[1])))
    return found


def _names(slice_key: str) -> list[re.Pattern]:
    column, value = slice_key.split("=", 1)
    patterns = [re.compile(re.escape(slice_key.lower()))]
    if column == "generation":
        patterns.append(re.compile(rf"\bgen(?:eration)?\s*[=:#]?\s*{re.escape(value)}\b"))
    else:
        patterns.append(re.compile(rf"\b{re.escape(value.lower())}\b"))
    return patterns


def _mentions(texts: list[str], slice_key: str) -> bool:
    joined = " ".join(texts).lower()
    return any(pattern.search(joined) for pattern in _names(slice_key))


def _normal(verdict: Any) -> str:
    return " ".join(str(verdict).lower().replace("_", " ").replace("-", " ").split())


def _review(card: Any, what: str, data: pd.DataFrame, true: dict) -> str:
    where = f"For {what}:"
    if not isinstance(card, dict):
        raise WrongAnswer(
            f"{where} `make_model_card` returned a {type(card).__name__}; return a dict with "
            f"the keys {', '.join(CARD_KEYS)}."
        )
    missing = [key for key in CARD_KEYS if key not in card]
    if missing:
        raise WrongAnswer(f"{where} the card has no {', '.join(missing)}. A card has every section: {', '.join(CARD_KEYS)}.")
    for key in TEXT_FIELDS:
        if not isinstance(card[key], str) or not card[key].strip():
            raise WrongAnswer(f"{where} `{key}` should be a sentence or more of text ({CARD_KEYS[key]}).")
    if len(card["summary"].split()) < MIN_SUMMARY_WORDS:
        raise WrongAnswer(
            f"{where} the executive summary has {len(card['summary'].split())} words. Write "
            "two to five sentences a director can act on: how good, for whom it fails, and "
            "the recommendation."
        )
    for key in (*LIST_FIELDS, "conditions"):
        value = card[key]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
            raise WrongAnswer(f"{where} `{key}` should be a list of sentences ({CARD_KEYS[key]}).")
    for key in LIST_FIELDS:
        if not card[key]:
            raise WrongAnswer(f"{where} `{key}` is empty. Every model has {key}: name at least one.")

    stated = card["data"]
    if not isinstance(stated, dict) or stated.get("rows") != len(data):
        got = stated.get("rows") if isinstance(stated, dict) else stated
        raise WrongAnswer(f"{where} the card says the data has {got!r} rows; it has {len(data)}.")
    if stated.get("sha256") != data_sha256(data):
        raise WrongAnswer(
            f"{where} `data['sha256']` is not the hash of the data the card evaluates. Use "
            "`data_sha256(data)` on the rows you were given, unchanged: the hash is how a "
            "reader knows which data the numbers come from."
        )
    metrics = card["metrics"]
    for name in ("accuracy", "macro_f1"):
        value = metrics.get(name) if isinstance(metrics, dict) else None
        if not _close_number(value, true[name]):
            raise WrongAnswer(
                f"{where} the card's {name} is {_show(value)}; recomputed from the model and "
                f"the data it is {true[name]:.4f}."
            )
    _check_slices(card["slices"], true["slices"], where)
    _check_text_numbers(card, true, len(data), where)

    canonical = {_normal(r): r for r in RECOMMENDATIONS}
    worst = true["worst"]
    if _normal(card["recommendation"]) not in canonical:
        raise WrongAnswer(f"{where} the recommendation is {card['recommendation']!r}; it is one of {', '.join(RECOMMENDATIONS)}.")
    verdict = canonical[_normal(card["recommendation"])]
    if verdict not in true["verdicts"]:
        raise WrongAnswer(f"{where} {_policy_feedback(verdict, true)}")
    if worst is not None and not _mentions(list(card["risks"]), worst["slice"]):
        raise WrongAnswer(
            f"{where} the risks do not name the worst slice. Of the slices with at least "
            f"{MIN_SLICE_ROWS} rows, one has the lowest accuracy: name it among the risks "
            "(as `column=value`, or in words), with its accuracy and size."
        )
    if verdict == "go with conditions":
        if not card["conditions"] or not _mentions(list(card["conditions"]), worst["slice"]):
            raise WrongAnswer(
                f"{where} 'go with conditions' needs conditions that say for which slice the "
                "model must not be used yet (name it) and what would lift the condition."
            )
    elif card["conditions"]:
        raise WrongAnswer(f"{where} the card lists conditions but recommends {verdict!r}: conditions belong only to 'go with conditions'.")
    if not _states_verdict(card["summary"], verdict):
        raise WrongAnswer(f"{where} the executive summary does not state the recommendation ({verdict}): a director reads only the summary.")
    return verdict


def _close_number(value: Any, expected: float) -> bool:
    return (
        isinstance(value, (int, float, np.number))
        and not isinstance(value, (bool, np.bool_))
        and abs(float(value) - expected) <= NUMBER_TOLERANCE
    )


def _show(value: Any) -> str:
    return f"{float(value):.4f}" if isinstance(value, (int, float, np.number)) and not isinstance(value, bool) else repr(value)


def _check_slices(stated: Any, slices: pd.DataFrame, where: str) -> None:
    if not isinstance(stated, dict):
        raise WrongAnswer(f"{where} `slices` should be a dict: {CARD_KEYS['slices']}.")
    expected = set(slices["slice"])
    missing, extra = sorted(expected - set(stated)), sorted(set(map(str, stated)) - expected)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} slice(s) missing (e.g. {missing[0]})")
        if extra:
            parts.append(f"{len(extra)} the data does not have (e.g. {extra[0]})")
        raise WrongAnswer(
            f"{where} the card's slices are not the data's: {'; '.join(parts)}. Slice on "
            f"{' and '.join(SLICE_COLUMNS)}, one slice per value present in the data, named "
            "like `generation=3` (use `slice_name`)."
        )
    for row in slices.itertuples():
        entry = stated[row.slice]
        n = entry.get("n") if isinstance(entry, dict) else None
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or int(n) != row.n:
            raise WrongAnswer(f"{where} the card says {row.slice} has {n!r} rows; the data has {row.n}.")
        accuracy = entry.get("accuracy")
        if not _close_number(accuracy, row.accuracy):
            raise WrongAnswer(
                f"{where} the card's accuracy for {row.slice} is {_show(accuracy)}; recomputed "
                f"it is {row.accuracy:.4f} ({row.correct} of {row.n} right)."
            )


def _check_text_numbers(card: dict, true: dict, rows: int, where: str) -> None:
    allowed = _allowed_numbers(true, rows)
    texts = [card["summary"], card["intended_use"], *card["limitations"], *card["risks"], *card["conditions"]]
    for text in texts:
        for written, value, half_unit in _stated_numbers(text):
            if not np.any(np.abs(allowed - value) <= half_unit + 1e-12):
                raise WrongAnswer(
                    f"{where} the card's text says {written!r}, and no number recomputed from "
                    "the model and the data rounds to it (overall or per-slice accuracy, macro "
                    "F1, an interval, a gap, a share, the board's thresholds). Every number in "
                    "a card must be the model's: compute it, then format it."
                )


def _states_verdict(summary: str, verdict: str) -> bool:
    text = _normal(summary)
    if verdict == "no-go":
        return "no go" in text
    if verdict == "go with conditions":
        return "condition" in text
    return bool(re.search(r"(?<!no )\bgo\b(?! with conditions)", text))


def _policy_feedback(verdict: str, true: dict) -> str:
    worst = true["worst"]
    accuracy = true["accuracy"]
    facts = f"overall accuracy is {accuracy:.3f} (the board's minimum is {MIN_ACCURACY})"
    if worst is not None:
        facts += (
            f" and the worst slice with {MIN_SLICE_ROWS}+ rows, {worst['slice']}, is at "
            f"{worst['accuracy']:.3f}, {accuracy - worst['accuracy']:.3f} below it (the most "
            f"allowed without conditions is {MAX_SLICE_GAP})"
        )
    return (
        f"the card recommends {verdict!r}, but {facts}. The board's policy, in order: no-go "
        f"below {MIN_ACCURACY}; go with conditions when the worst slice is more than "
        f"{MAX_SLICE_GAP} below overall; go otherwise. Decide from the numbers, not a fixed "
        "text."
    )


@register(
    "C4",
    module=MODULE,
    title="Model Review Board",
    function="make_model_card",
    notebook="checkpoints/04_model_review_board.py",
    solution="checkpoints/solutions/04_model_review_board.py",
    minutes=75,
    difficulty="hard",
    hints=(
        (
            "Start from the numbers: predictions on `data`, then accuracy and macro F1 with "
            "scikit-learn, then `slice_table(data, y_true, y_pred, SLICE_COLUMNS)`. Build "
            "every sentence from those numbers with f-strings, never by hand."
        ),
        (
            "`recommend(accuracy, slices)` is the board's policy; it also returns the worst "
            "slice with enough rows. The risks name that slice; the conditions (only for "
            "'go with conditions') say what must hold before it is served."
        ),
        (
            "`data_sha256(data)` versions the data; `slice_name` makes the `generation=3` "
            "keys. Check your card with `render_markdown(card)` in the notebook: a reader "
            "should never meet a number the model did not produce."
        ),
    ),
    timeout_s=60.0,
)
def check_make_model_card(candidate: Any) -> str:
    verdicts = []
    for what, model, data in review_cases():
        reply = candidate_run(candidate, card_in_sandbox, model, data)
        if "package" in reply:
            raise WrongAnswer(
                "`make_model_card` called the course's `build_model_card`. The board wants "
                "your card: build it from the numbers yourself (the check disarms the "
                "package's builder while your function runs; `slice_table`, `recommend` and "
                "`data_sha256` are yours to use)."
            )
        if not same_data(data, reply["after"]):
            raise WrongAnswer(
                f"For {what}: `make_model_card` changed the data it was given. Work on a copy: "
                "the hash on the card must describe the data as it came."
            )
        verdicts.append(f"{_review(reply['card'], what, data, _truth(model, data))} for {what}")
    return (
        "The board accepts your cards: every number recomputed and right, the worst slice "
        f"named as a risk, and the policy followed — {'; '.join(verdicts)}."
    )
