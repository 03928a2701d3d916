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
    sample_listings,
)
from pokemon_ml.grading.checks.m02_feature_frames import feature_frame, first_non_finite
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["grade_comparison", "split_problem", "tricky_dates"]

SPLIT_POINTS, CANDIDATE_POINTS, MAE_POINTS, CHOICE_POINTS = 5.0, 3.0, 5.0, 2.0
MAE_TOLERANCE = 0.03  # relative: a reported MAE within 3% of the recomputed one
CHOICE_NOISE = 0.03  # a choice within 3% of the best candidate's MAE is the best
MIN_WORDS = 40
COURSE_SPLITS = 4


def tricky_dates() -> list[tuple[pd.Series, int, str]]:
    """Date columns the splits are checked on: ``(listed_at, n_splits, description)``."""
    rng = np.random.default_rng(4_242)
    course = course_listings()["listed_at"]
    sample = sample_listings()["listed_at"]
    shuffled = sample.iloc[rng.permutation(len(sample))[:400]]  # index labels out of order
    # A date holding many rows where a block edge falls (rows 90-124 of 300, 5 splits).
    days = np.sort(rng.integers(0, 120, 300))
    days[90:125] = days[90]
    heavy = pd.Series(
        (np.datetime64("2025-02-01") + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    ).iloc[rng.permutation(300)]
    few = sample.iloc[:90].iloc[::-1]  # newest first
    return [
        (course, COURSE_SPLITS, "the course's listings"),
        (shuffled, 3, "400 listings out of date order"),
        (heavy, 5, "300 listings with one busy date at a block edge (datetime64)"),
        (few, 2, "90 listings newest first"),
    ]


@criterion(3, "Fair model comparison", 15, time_limit_s=120.0)
def grade_comparison(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """Splits, candidates, the reported errors recomputed, the choice."""
    findings: list[str] = []
    attempted = False
    split_points, sentence, splits_attempted = _grade_splits(box)
    attempted |= splits_attempted
    points = split_points
    if sentence:
        findings.append(sentence)
    names, sentence, candidates_attempted = _grade_candidates(box)
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


# ------------------------------------------------------------------ splits
def _grade_splits(box: Sandbox) -> tuple[float, str | None, bool]:
    for listed_at, n_splits, description in tricky_dates():
        try:
            splits = call_candidate(box, listed_at, n_splits, answer="walk_forward_splits")
        except NotAttempted:
            return 0.0, "`walk_forward_splits` is not written yet", False
        except CandidateRaised as raised:
            return 0.0, f"`walk_forward_splits` raised on {description}: {raised}", True
        problem = split_problem(_as_days(listed_at), splits, n_splits)
        if problem:
            return (
                0.0,
                f"`walk_forward_splits` on {description}, {n_splits} splits: {problem}",
                True,
            )
    return SPLIT_POINTS, None, True


def _as_days(listed_at: pd.Series) -> np.ndarray:
    return pd.to_datetime(pd.Series(listed_at)).to_numpy().astype("datetime64[D]")


def split_problem(days: np.ndarray, splits: Any, n_splits: int) -> str | None:
    """What is wrong with ``splits`` for the dates ``days`` (in the given order), or None."""
    if not isinstance(splits, (list, tuple)) or len(splits) != n_splits:
        got = len(splits) if isinstance(splits, (list, tuple)) else type(splits).__name__
        return f"expected a list of {n_splits} (train, validation) pairs, got {got}"
    n = len(days)
    parts = []
    for number, pair in enumerate(splits, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return f"split {number} is not a (train positions, validation positions) pair"
        arrays = []
        for part in pair:
            values = np.asarray(part)
            if values.dtype == bool:
                return "the splits hold True/False masks; return integer positions (np.flatnonzero)"
            if values.ndim != 1 or (values.size and not np.issubdtype(values.dtype, np.integer)):
                return "each part of a split must be a 1-D array of integer positions"
            if values.size and (values.min() < 0 or values.max() >= n):
                return (
                    f"split {number} holds positions outside 0…{n - 1}: return positions in the "
                    "Series as given, not index labels"
                )
            if len(np.unique(values)) != len(values):
                return f"split {number} lists a row more than once"
            arrays.append(values.astype(int))
        parts.append(arrays)
    rows = np.arange(n)
    target_size = n / (n_splits + 1)
    ties = int(np.unique(days, return_counts=True)[1].max())
    previous_end = None
    for number, (train, val) in enumerate(parts, start=1):
        if not len(train) or not len(val):
            return f"split {number} has an empty training or validation part"
        if np.intersect1d(days[train], days[val]).size:
            return (
                f"in split {number}, a date has rows on both sides (training and validation): "
                "rows of one date must stay together"
            )
        first, last = days[val].min(), days[val].max()
        if days[train].max() > first:
            return (
                f"in split {number}, training rows are listed after validation rows: walking "
                "forward, a model is validated only on listings later than all it trained on"
            )
        if not np.array_equal(np.sort(train), rows[days < first]):
            return (
                f"in split {number}, training is not every row listed before the validation "
                "block (the definition trains on all earlier rows, blocks 1…k)"
            )
        if not np.array_equal(np.sort(val), rows[(days >= first) & (days <= last)]):
            return (
                f"in split {number}, the validation block leaves out some rows of its own "
                "dates: rows of one date must stay together, in one block"
            )
        if previous_end is not None and first <= previous_end:
            return "the validation blocks overlap or go back in time: each starts after the last"
        if abs(len(val) - target_size) > 0.5 * target_size + ties:
            return (
                f"validation block {number} holds {len(val)} of {n} rows; the definition cuts "
                f"the rows into {n_splits + 1} blocks of about {target_size:.0f}"
            )
        previous_end = last
    if previous_end != days.max():
        return "the last validation block must run to the last date"
    first_block = len(parts[0][0])
    if abs(first_block - target_size) > 0.5 * target_size + ties:
        return (
            f"the first block (training of split 1) holds {first_block} of {n} rows; the "
            f"definition cuts the rows into {n_splits + 1} blocks of about {target_size:.0f}"
        )
    for number in range(1, n_splits):
        later_train = np.sort(parts[number][0])
        if not np.array_equal(later_train, np.union1d(parts[number - 1][0], parts[number - 1][1])):
            return (
                f"split {number + 1} does not train on split {number}'s training and validation "
                "rows: the blocks must follow each other with nothing skipped"
            )
    return None


# ------------------------------------------------------------------ candidates
def describe_candidates(make_candidates: Any) -> Any:
    """(Worker side) ``{name: kind}`` of the learner's candidates, or a sentence."""
    candidates = make_candidates()
    if not isinstance(candidates, dict):
        return f"`make_candidates` returned a {type(candidates).__name__}; return a dict of name -> model"
    kinds = {}
    for name, model in candidates.items():
        if not (
            callable(getattr(model, "fit", None)) and callable(getattr(model, "predict", None))
        ):
            return f"candidate {name!r} is a {type(model).__name__}, which has no fit/predict"
        kinds[str(name)] = _kind(model)
    return kinds


def _kind(model: Any) -> str:
    """The estimator doing the work inside wrappers: pipelines, target transformers, searches."""
    for _ in range(10):
        if hasattr(model, "steps"):
            model = model.steps[-1][1]
        elif type(model).__name__ == "TransformedTargetRegressor":
            model = model.regressor
        elif type(model).__name__.endswith("SearchCV"):
            model = model.estimator
        else:
            break
    return type(model).__name__


def _grade_candidates(box: Sandbox) -> tuple[list[str] | None, str | None, bool]:
    try:
        kinds = candidate_run(box, describe_candidates, answer="make_candidates")
    except NotAttempted:
        return None, "`make_candidates` is not written yet", False
    except CandidateRaised as raised:
        return None, f"`make_candidates` raised: {raised}", True
    if isinstance(kinds, str):
        return None, kinds, True
    distinct = sorted(set(kinds.values()))
    if len(kinds) < 3 or len(distinct) < 3:
        return (
            None,
            (
                f"`make_candidates` gives {len(kinds)} model(s) of {len(distinct)} kind(s) "
                f"({', '.join(distinct) or 'none'}): a fair comparison needs 3 or more kinds "
                "(a linear model, a forest, a boosted model…)"
            ),
            True,
        )
    return list(kinds), None, True


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
