"""Capstone criterion 4, the held-out error (20 points).

``train_price_model`` is called in the worker on the course's cards listings (every
column, the after-sale ones included, as in the learner's notebook). The fitted model
then prices hidden listings from the six months *after* the course's data ends, with
``price_usd``, ``sold_price_usd`` and ``days_to_sell`` empty, as a listing looks when it
is put up for sale. The true prices never leave the grader.

* **Error** (15): the model's MAE divided by a baseline's (the median training price of
  the listing's rarity × edition): a ratio of ``FULL_RATIO`` or less earns 15, of 1.0 or
  more 0, linearly in between.
* **Interval** (5): the share of hidden listings whose true price falls inside
  ``predict_interval(df, 0.8)``, between 0.70 and 0.90.

A model that leans on an after-sale column is named, and earns none of the error's 15
points: the grader also prices the hidden listings with each of ``sold_price_usd``,
``days_to_sell`` filled in, and an error 20% smaller or more with one of them says the
model uses it (a model that ignores them gives the same prices either way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.cards import LEAK_COLUMNS, TARGET
from pokemon_ml.grading.calling import CandidateRaised, NotAttempted, candidate_run
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_populations import (
    AFTER_SALE,
    GENERATED_MESSAGE,
    blanked,
    disarm_generators,
    generated,
    course_listings,
    later_listings,
    not_attempted,
)
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["baseline_predictions", "fit_and_price", "grade_heldout"]

ERROR_POINTS, INTERVAL_POINTS = 15.0, 5.0
FULL_RATIO, ZERO_RATIO = 0.70, 1.0  # MAE / baseline MAE: full points at or below, none at or above
COVERAGE = 0.8
COVERAGE_BAND = (0.70, 0.90)
LEAK_SIGNAL = 0.8  # an error this much smaller with an after-sale column filled in: a leak


def fit_and_price(
    train_price_model: Any, listings: pd.DataFrame, hidden: list[pd.DataFrame]
) -> Any:
    """(Worker side) train on ``listings``; price each frame of ``hidden``; the first frame
    also gets its interval. Returns plain arrays, or a sentence saying what is missing."""
    disarm_generators()  # the hidden listings cannot be regenerated from their seed here
    model = train_price_model(listings)
    for method in ("predict", "predict_interval"):
        if not callable(getattr(model, method, None)):
            return (
                f"`train_price_model` returned a {type(model).__name__}, which has no "
                f"`{method}` method"
            )
    prices = [np.asarray(model.predict(frame), dtype=float) for frame in hidden]
    interval = model.predict_interval(hidden[0], COVERAGE)
    if not isinstance(interval, (tuple, list)) or len(interval) != 2:
        return "`predict_interval` must return a pair of arrays (low, high)"
    low, high = (np.asarray(bound, dtype=float) for bound in interval)
    return {"prices": prices, "low": low, "high": high}


def baseline_predictions(train: pd.DataFrame, hidden: pd.DataFrame) -> np.ndarray:
    """The median training price of each hidden listing's rarity × edition."""
    medians = train.groupby(["rarity", "edition"])[TARGET].median().rename("baseline")
    joined = hidden[["rarity", "edition"]].join(medians, on=["rarity", "edition"])
    return joined["baseline"].fillna(train[TARGET].median()).to_numpy(dtype=float)


@criterion(4, "Held-out error", 20, time_limit_s=120.0)
def grade_heldout(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """Train on the course's listings, price later hidden listings, compare with a baseline."""
    train, later = course_listings(), later_listings()
    truth = later[TARGET].to_numpy(dtype=float)
    hidden = [blanked(later)]
    for column in LEAK_COLUMNS:  # the same listings with one after-sale column filled in
        hidden.append(blanked(later, tuple(c for c in AFTER_SALE if c != column)))
    try:
        result = candidate_run(box, fit_and_price, train, hidden, answer="train_price_model")
    except NotAttempted:
        raise not_attempted(("train_price_model",), "criterion 4") from None
    except CandidateRaised as raised:
        if generated(raised):
            return 0.0, GENERATED_MESSAGE + "."
        return 0.0, f"Training on the course's listings or pricing later ones raised: {raised}"
    if isinstance(result, str):
        return 0.0, f"{result}: it needs `predict(df)` and `predict_interval(df, coverage)`."
    n = len(later)
    problem = _price_problem(result["prices"], n)
    if problem:
        return 0.0, problem
    mae = float(np.mean(np.abs(result["prices"][0] - truth)))
    baseline = float(np.mean(np.abs(baseline_predictions(train, later) - truth)))
    ratio = mae / baseline
    earned = ERROR_POINTS * float(np.clip((ZERO_RATIO - ratio) / (ZERO_RATIO - FULL_RATIO), 0, 1))
    sentence = (
        f"On {n:,} hidden listings from the six months after your data, your MAE is "
        f"${mae:.2f} against the baseline's ${baseline:.2f} (ratio {ratio:.2f}; full points "
        f"at {FULL_RATIO:.2f} or below)"
    )
    leak = _leak(result["prices"], truth, mae)
    if leak:  # its error here is luck: what it learned is not what production gives it
        earned = 0.0
        sentence += f", but {leak} (0 of {ERROR_POINTS:.0f} for the error until it does not)"
    interval_points, interval = _interval(result["low"], result["high"], truth)
    return earned + interval_points, f"{sentence}; {interval}."


def _interval(low: np.ndarray, high: np.ndarray, truth: np.ndarray) -> tuple[float, str]:
    """Points and words for the 80% interval."""
    n = len(truth)
    for what, values in (("low", low), ("high", high)):
        if values.shape != (n,):
            return 0.0, (
                f"`predict_interval` gave {values.size} {what} bounds for {n:,} listings (one "
                "per row, in order)"
            )
        if not np.isfinite(values).all():
            return 0.0, f"`predict_interval` gave {what} bounds that are not finite numbers"
    if (low > high).any():
        return 0.0, "`predict_interval` gave a low bound above the high bound for some listings"
    covered = float(np.mean((truth >= low) & (truth <= high)))
    words = f"your 80% interval holds {covered:.0%} of the true prices"
    if COVERAGE_BAND[0] <= covered <= COVERAGE_BAND[1]:
        return INTERVAL_POINTS, words
    how = "too narrow" if covered < COVERAGE_BAND[0] else "too wide"
    return 0.0, (
        f"{words}, {how} (the band is {COVERAGE_BAND[0]:.0%}-{COVERAGE_BAND[1]:.0%}: take the "
        "interval from errors on later data, walk-forward residuals in log space)"
    )


def _price_problem(prices: list[np.ndarray], n: int) -> str | None:
    for values in prices:
        if values.shape != (n,):
            return f"`predict` gave {values.size} prices for {n:,} listings: one per row, in order."
        if not np.isfinite(values).all():
            return (
                "`predict` gave prices that are not finite numbers (NaN or inf) for some listings."
            )
    return None


def _leak(prices: list[np.ndarray], truth: np.ndarray, mae: float) -> str | None:
    for column, predicted in zip(LEAK_COLUMNS, prices[1:]):
        with_column = float(np.mean(np.abs(predicted - truth)))
        if with_column < LEAK_SIGNAL * mae:
            return (
                f"your model leans on `{column}`: with it filled in its error would be "
                f"${with_column:.2f}, yet it is known only after the sale, so in production "
                "(and here) it is empty"
            )
    return None
