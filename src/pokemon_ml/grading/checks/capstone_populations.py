"""The listings the capstone's model criteria grade on, and helpers they share.

Every population is generated here, from seeds no notebook shows, as the pandas frame
``load_dataset("cards")`` would give (dates as ``datetime.date`` values). The course's
own listings (``course_listings``) are regenerated too, not read from the learner's
``data/`` folder, so an edited file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.card_drops import listings_as_loaded
from pokemon_ml.data.cards import LEAK_COLUMNS, TARGET, make_card_listings
from pokemon_ml.data.generate import DEFAULT_SEED
from pokemon_ml.grading.calling import NotAttempted

__all__ = [
    "AFTER_SALE",
    "GENERATED_MESSAGE",
    "blanked",
    "disarm_generators",
    "generated",
    "course_listings",
    "later_listings",
    "not_attempted",
    "sample_listings",
]

AFTER_SALE = (TARGET, *LEAK_COLUMNS)  # never known when a card is listed
LATER = (60_221, 6_000, dt.date(2026, 1, 1), dt.date(2026, 6, 30), 900_001)
SAMPLE = (2_718, 900, dt.date(2025, 1, 1), dt.date(2026, 3, 31), 700_001)


@functools.cache
def _course() -> pd.DataFrame:
    return listings_as_loaded(make_card_listings(DEFAULT_SEED))


def course_listings() -> pd.DataFrame:
    """The course's ``cards`` data set (a fresh copy each call)."""
    return _course().copy()


@functools.cache
def _later() -> pd.DataFrame:
    seed, n, start, end, first_id = LATER
    return listings_as_loaded(make_card_listings(seed, n, start, end, first_id=first_id))


def later_listings() -> pd.DataFrame:
    """Hidden listings from the six months after the course's data ends (with prices)."""
    return _later().copy()


@functools.cache
def _sample() -> pd.DataFrame:
    seed, n, start, end, first_id = SAMPLE
    return listings_as_loaded(make_card_listings(seed, n, start, end, first_id=first_id))


def sample_listings() -> pd.DataFrame:
    """Hidden listings spanning the course's last year and the next quarter."""
    return _sample().copy()


def blanked(listings: pd.DataFrame, columns: tuple[str, ...] = AFTER_SALE) -> pd.DataFrame:
    """``listings`` with ``columns`` emptied (NaN), as a listing looks before its sale."""
    out = listings.copy()
    for column in columns:
        out[column] = np.nan
    return out


GENERATED_MESSAGE = (
    "Your code generated the grader's own listings (pokemon_ml.data.cards or card_drops) "
    "while it was graded: work from the table you are given and the contract, never from "
    "the grader's generators; 0 points for this criterion"
)


def disarm_generators(answer: Any = None) -> bool:
    """(Worker side) make the listing generators raise while the learner's code runs here,
    so the grader's hidden listings cannot be regenerated from their seeds and peeked at.
    The course's files are made first (a fresh clone has none), so loading them still works."""
    from pokemon_ml.data import cards
    from pokemon_ml.data.datasets import load_dataset
    from pokemon_ml.grading.checks.m04_exercises import disarm

    try:
        load_dataset("pokemon")
        load_dataset("cards")
    except Exception:  # noqa: BLE001 - a missing file then fails visibly in the learner's code
        pass
    disarm(cards.make_card_listings)
    return True


def generated(error: BaseException) -> bool:
    """True if ``error`` (from the learner's code) is a disarmed generator refusing."""
    from pokemon_ml.grading.checks.m04_exercises import DISARMED

    return DISARMED in str(error)


def not_attempted(names: tuple[str, ...], where: str) -> NotAttempted:
    """The message of a criterion whose every function is still a stub."""
    listed = ", ".join(f"`{name}`" for name in names)
    return NotAttempted(f"not attempted yet: write {listed} in capstone/card_price.py ({where}).")


def is_number(value: Any) -> bool:
    """A real number (not a bool, not text), finite."""
    return (
        isinstance(value, (int, float, np.integer, np.floating))
        and not isinstance(value, (bool, np.bool_))
        and bool(np.isfinite(value))
    )
