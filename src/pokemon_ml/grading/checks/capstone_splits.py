"""Capstone criterion 3's first parts: the walk-forward splits (5 points) and the
candidates (3 points); ``capstone_comparison`` grades the rest and adds them up.

The splits are checked on ``tricky_dates()`` against the definition in the stub's
docstring (see ``split_problem``); the candidates' kinds are read in the worker.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import (
    CandidateRaised,
    NotAttempted,
    call_candidate,
    candidate_run,
)
from pokemon_ml.grading.checks.capstone_populations import course_listings, sample_listings
from pokemon_ml.grading.sandbox import Sandbox

__all__ = [
    "COURSE_SPLITS",
    "describe_candidates",
    "grade_candidates",
    "grade_splits",
    "split_problem",
    "tricky_dates",
]

SPLIT_POINTS = 5.0
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


# ------------------------------------------------------------------ splits
def grade_splits(box: Sandbox) -> tuple[float, str | None, bool]:
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


def grade_candidates(box: Sandbox) -> tuple[list[str] | None, str | None, bool]:
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
