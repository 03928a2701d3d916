"""Capstone criterion 3, a fair model comparison (15 points).

* **Walk-forward splits** (5): ``walk_forward_splits`` on four date columns with ties at
  the block edges, out of order, as ``datetime.date`` values and as datetime64, with 2 to
  5 splits, checked against the definition in its docstring: ``n_splits`` pairs of
  positions; every training date before every validation date (a date is never on both
  sides); training = every row listed before the block; each validation block = every
  row of a contiguous range of dates; the blocks follow each other to the last date and
  hold about ``len / (n_splits + 1)`` rows each (give or take half that, plus the rows of
  one date).
* **Candidates** (3): ``make_candidates`` returns 3 or more regressors of distinct kinds
  (the final estimator inside a pipeline or target transformer).
* **REPORTED_MAE** (5): recomputed here, on the course's cards data, with the learner's
  own splits, features and candidates (each refitted on each split's training rows);
  every candidate's reported value within 3% of it.
* **Choice** (2): ``CHOSEN_MODEL`` is a candidate; the justification has 40 words or
  more; a candidate more than 3% worse than the best needs that justification (1 point
  without it when the choice is the best).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.cards import TARGET
from pokemon_ml.grading.calling import (
    CandidateRaised,
    NotAttempted,
    WrongAnswer,
    call_candidate,
    candidate_run,
    candidate_value,
)
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_populations import (
    course_listings,
    is_number,
    not_attempted,
)
from pokemon_ml.grading.checks.m02_feature_frames import feature_frame, first_non_finite
from pokemon_ml.grading.checks.capstone_splits import (
    COURSE_SPLITS,
    grade_candidates,
    grade_splits,
)
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["grade_comparison", "walk_forward_mae"]

CANDIDATE_POINTS, MAE_POINTS, CHOICE_POINTS = 3.0, 5.0, 2.0
MAE_TOLERANCE = 0.03  # relative: a reported MAE within 3% of the recomputed one
CHOICE_NOISE = 0.03  # a choice within 3% of the best candidate's MAE is the best
MIN_WORDS = 40


@criterion(3, "Fair model comparison", 15, time_limit_s=120.0)
def grade_comparison(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """Splits, candidates, the reported errors recomputed, the choice."""
    findings: list[str] = []
    attempted = False
    split_points, sentence, splits_attempted = grade_splits(box)
    attempted |= splits_attempted
    points = split_points
    if sentence:
        findings.append(sentence)
    names, sentence, candidates_attempted = grade_candidates(box)
    attempted |= candidates_attempted
    if names is not None:
        points += CANDIDATE_POINTS
    if sentence:
        findings.append(sentence)
    reported = candidate_value(box, "REPORTED_MAE")
    chosen = candidate_value(box, "CHOSEN_MODEL")
    justification = candidate_value(box, "JUSTIFICATION")
    attempted |= any(value is not None for value in (reported, chosen, justification))
    if not attempted:
        raise not_attempted(
            ("walk_forward_splits", "make_candidates", "REPORTED_MAE", "CHOSEN_MODEL"),
            "criterion 3",
        )
    measured = None
    if names is not None:
        measured, sentence = _recompute(box, names)
        if sentence:
            findings.append(sentence)
    if measured is not None:
        mae_points, sentence = _grade_reported(reported, measured)
        points += mae_points
        if sentence:
            findings.append(sentence)
        choice_points, sentence = _grade_choice(chosen, justification, measured)
        points += choice_points
        if sentence:
            findings.append(sentence)
    if not findings:
        best = min(measured, key=measured.get)
        return points, (
            f"Walk-forward splits right on every date column tried; {len(names)} candidates of "
            f"distinct kinds; every REPORTED_MAE matches the grader's recomputation (best: "
            f"{best}, ${measured[best]:.2f}); the choice is justified."
        )
    text = "; ".join(finding.rstrip(".?") for finding in findings)
    return points, f"{text[:1].upper()}{text[1:]}."


# ------------------------------------------------------------------ the errors
def walk_forward_mae(
    make_candidates: Any, features: pd.DataFrame, target: np.ndarray, splits: list
) -> Any:
    """(Worker side) each candidate's MAE on each split, refitted on the training rows."""
    from sklearn.base import clone

    maes: dict[str, list[float]] = {}
    for name, model in make_candidates().items():
        maes[str(name)] = []
        for train, val in splits:
            try:
                fresh = clone(model)
            except Exception:  # noqa: BLE001 - not a scikit-learn estimator: copy it
                fresh = copy.deepcopy(model)
            fresh.fit(features.iloc[train], target[train])
            predicted = np.asarray(fresh.predict(features.iloc[val]), dtype=float).ravel()
            if predicted.shape != (len(val),) or not np.isfinite(predicted).all():
                return f"candidate {name!r} predicted {predicted.shape[0]} values, some not finite"
            maes[str(name)].append(float(np.mean(np.abs(predicted - target[val]))))
    return maes


def _recompute(box: Sandbox, names: list[str]) -> tuple[dict | None, str | None]:
    cards = course_listings()
    where = "On the course's cards data"
    try:
        features = feature_frame(
            call_candidate(box, cards, answer="add_features"), cards, "add_features", where
        )
        splits = call_candidate(
            box, cards["listed_at"], COURSE_SPLITS, answer="walk_forward_splits"
        )
    except NotAttempted:
        return (
            None,
            "REPORTED_MAE cannot be recomputed until `add_features` and `walk_forward_splits` are written",
        )
    except (CandidateRaised, WrongAnswer) as failed:
        return None, f"REPORTED_MAE cannot be recomputed: {str(failed).rstrip('.')}"
    if first_non_finite(features) is not None:
        return (
            None,
            "REPORTED_MAE cannot be recomputed: `add_features` gives values that are not finite",
        )
    try:
        pairs = [
            (np.asarray(train, dtype=int), np.asarray(val, dtype=int)) for train, val in splits
        ]
    except (TypeError, ValueError):
        return None, "REPORTED_MAE cannot be recomputed: the splits are not pairs of positions"
    target = cards[TARGET].to_numpy(dtype=float)
    try:
        maes = candidate_run(
            box, walk_forward_mae, features, target, pairs, answer="make_candidates"
        )
    except CandidateRaised as raised:
        return None, f"refitting your candidates on your splits raised: {raised}"
    if isinstance(maes, str):
        return None, maes
    return {name: float(np.mean(values)) for name, values in maes.items()}, None


def _grade_reported(reported: Any, measured: dict[str, float]) -> tuple[float, str | None]:
    if reported is None:
        return (
            0.0,
            "REPORTED_MAE is still None: fill in the walk-forward MAE you measured per candidate",
        )
    if not isinstance(reported, dict):
        return (
            0.0,
            f"REPORTED_MAE is a {type(reported).__name__}; make it a dict of candidate name -> MAE",
        )
    missing = [name for name in measured if name not in reported]
    if missing:
        return (
            0.0,
            f"REPORTED_MAE has no value for the candidate(s) {', '.join(map(repr, missing))}",
        )
    for name, value in measured.items():
        given = reported[name]
        if not is_number(given):
            return 0.0, f"REPORTED_MAE[{name!r}] is {given!r}, not a number"
        if abs(given - value) > MAE_TOLERANCE * value:
            lower = given < value
            why = (
                "lower than the walk-forward error (measured on the rows the model was fitted "
                "on, or with other splits)"
                if lower
                else "not the mean walk-forward MAE of these candidates on these splits"
            )
            return 0.0, (
                f"REPORTED_MAE[{name!r}] is {given:.2f}, but refitting it on your splits gives "
                f"a mean MAE of {value:.2f}: {why}"
            )
    return MAE_POINTS, None


def _grade_choice(
    chosen: Any, justification: Any, measured: dict[str, float]
) -> tuple[float, str | None]:
    if chosen is None:
        return 0.0, "CHOSEN_MODEL is still None"
    if chosen not in measured:
        return 0.0, f"CHOSEN_MODEL is {chosen!r}, which is not a key of make_candidates()"
    best = min(measured, key=measured.get)
    near_best = measured[chosen] <= measured[best] * (1 + CHOICE_NOISE)
    words = len(justification.split()) if isinstance(justification, str) else 0
    if words >= MIN_WORDS:
        return CHOICE_POINTS, None
    if near_best:
        return CHOICE_POINTS / 2, (
            f"JUSTIFICATION has {words} words; say in {MIN_WORDS} or more why {chosen!r} (its "
            "errors, and anything beyond them: speed, drift, how it extrapolates)"
        )
    return 0.0, (
        f"CHOSEN_MODEL {chosen!r} has a walk-forward MAE of {measured[chosen]:.2f}, worse than "
        f"{best!r} ({measured[best]:.2f}), and JUSTIFICATION ({words} words, {MIN_WORDS} needed) "
        "does not say why"
    )
