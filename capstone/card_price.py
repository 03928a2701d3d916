"""Your capstone's model code: validate, featurise, compare, train — a plain Python module.

This file is production code, not a notebook: the guided notebooks in ``capstone/``
import it, your service (``price_service.py``) serves what ``train_price_model``
returns, and the grader imports it too. Write each function where it raises
``NotImplementedError``, and give each value (``None`` now) its real content.

How it is graded (``uv run pokemon-ml grade capstone``, criteria 1-4 of 100 points):

1. Data validation (15): ``validate_listings`` on clean listings (no false alarms) and
   on hidden drops of listings, each with different problems planted.
2. Leakage-free features (15): ``add_features`` on the grader's listings with the
   price and the after-sale columns shuffled and blanked (nothing may move), one row
   at a time against a whole batch (nothing may differ), with its input untouched.
3. Fair model comparison (15): ``walk_forward_splits`` on date columns with ties and
   out of order; ``make_candidates`` (3 kinds or more); ``REPORTED_MAE`` recomputed by
   the grader with your splits, features and candidates; ``CHOSEN_MODEL`` and
   ``JUSTIFICATION``.
4. Held-out error (20): ``train_price_model`` trained on the course's listings, then
   scored on hidden listings from *later* months (after-sale columns empty): its MAE
   against a baseline's, and how often the true price falls in your 80% interval.

Every function runs in a separate process on copies of the grader's data; each
criterion says in one sentence what it found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pokemon_ml import load_pokemon  # noqa: F401 - the creatures, for your features


def validate_listings(df: pd.DataFrame) -> list[dict]:
    """Every way ``df`` breaks the listing contract, one ``{"column", "issue"}`` per problem.

    ``df`` is a listings table as ``load_dataset("cards")`` returns it (``listed_at``
    holds ``datetime.date`` values). The contract:

    ==================  ========  ===============================================
    column              type      rule
    ==================  ========  ===============================================
    listing_id          integer   at least 1; unique; required
    listed_at           date      from 2024-01-01 up to today (never in the future)
    pokemon_id          integer   1 to 1,500 (an id of the pokemon table)
    pokemon_name        text      required
    set_name            text      one of the 11 sets: Origins, Wild Jungle, Fossil
                                  Echoes, Shadow Rocket, Neo Dawn, Crystal Tides,
                                  Diamond Peaks, Storm Front, Sun Spire, Violet
                                  Crown, Stellar Rift
    set_year            integer   1996 up to this year
    rarity              text      common, uncommon, rare, holo_rare, ultra_rare,
                                  secret_rare
    edition             text      first_edition, unlimited, reprint
    condition_grade     float     1.0 to 10.0 in steps of 0.5; empty = ungraded (allowed)
    language            text      en, ja, de, fr, es, it
    price_usd           float     above 0 and at most 100,000
    sold_price_usd      float     above 0; empty = not sold (allowed)
    days_to_sell        float     0 or more; empty = not sold (allowed)
    ==================  ========  ===============================================

    Every column is required and must have a value unless the table says empty is
    allowed; no other column may be present.

    Write the contract as a pandera ``DataFrameSchema`` (``import pandera.pandas as pa``;
    ``pandera.engines.pandas_engine.Date`` is the type of a column of dates), validate
    with ``lazy=True``, and turn ``SchemaErrors.failure_cases`` into the report. Each
    ``issue`` is one of ``pokemon_ml.ISSUE_KINDS``: ``missing_column``,
    ``unexpected_column``, ``wrong_dtype``, ``missing_values``, ``duplicate_ids``,
    ``out_of_range``, ``unknown_category``. A renamed column is one ``missing_column``
    (the old name) and one ``unexpected_column`` (the new one). A column of the wrong
    type is reported as ``wrong_dtype`` only. Report each ``(column, issue)`` once.

    Returns:
        A list of dicts such as ``{"column": "price_usd", "issue": "out_of_range"}``;
        an empty list when the table meets the contract.
    """
    raise NotImplementedError


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    """The model's input: one row of numbers per listing, same rows, same order.

    Use only what is known when a card is listed: ``listed_at``, ``pokemon_id``,
    ``set_name``, ``rarity``, ``edition``, ``condition_grade`` (empty = ungraded),
    ``language`` — and what follows from them (the set's year, the creature's facts from
    ``load_pokemon()``: legendary, stats, generation). Never read ``price_usd`` (the
    target), ``sold_price_usd`` or ``days_to_sell`` (known only after a sale): the
    service never has them.

    Compute each row from that row alone: a feature scaled by the batch's mean, or
    one-hot columns from ``pd.get_dummies`` (whose columns depend on the values in the
    batch) gives a listing a different input when it arrives alone at the service. Use
    fixed lists of categories and constants. Every value must be a finite number; do not
    change ``df``.
    """
    raise NotImplementedError


def walk_forward_splits(
    listed_at: pd.Series, n_splits: int = 4
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Walk-forward validation splits over listing dates: ``(train_idx, val_idx)`` pairs.

    The definition the grader checks: take the rows in date order and cut them into
    ``n_splits + 1`` consecutive blocks of about the same number of rows, never cutting
    between two rows of the same date. Split ``k`` (k = 1 … ``n_splits``) validates on
    block ``k + 1`` and trains on every row listed before that block (blocks 1 … k).

    So every training date is before every validation date, each validation block is
    one contiguous range of dates holding every row of those dates, and together the
    validation blocks run to the last date. Indices are *positions* (0 … len - 1) in
    ``listed_at`` as given, which need not be sorted. ``listed_at`` holds dates
    (``datetime.date`` values, or datetime64).
    """
    raise NotImplementedError


def make_candidates() -> dict:
    """At least three *unfitted* scikit-learn regressors of different kinds, by name.

    Each takes ``add_features`` output and predicts ``price_usd`` in dollars. Prices are
    skewed: a model of the log price (``TransformedTargetRegressor(regressor,
    func=np.log, inverse_func=np.exp)``) usually does better. Keep them quick to fit
    (``n_jobs=1``, a few seconds each at most): the grader refits each one four times.
    """
    raise NotImplementedError


# The mean walk-forward MAE (in USD) of each candidate, by the names make_candidates uses,
# measured on the course's cards data (load_dataset("cards")) with
# walk_forward_splits(cards["listed_at"], 4), fitting on each split's training rows.
REPORTED_MAE = None

# The name of the candidate you train (a key of make_candidates()).
CHOSEN_MODEL = None

# Why you chose it, in 40 words or more: the numbers, and anything beyond them.
JUSTIFICATION = None


def train_price_model(listings: pd.DataFrame):
    """Train CHOSEN_MODEL on every row of ``listings`` and return the fitted model.

    ``listings`` has every column of the cards data (including ``price_usd``, and the
    after-sale columns: leave them out). The object returned needs two methods, used by
    the grader and by your service:

    * ``predict(df) -> np.ndarray``: a price in USD for each row of ``df``, a listings
      table whose ``price_usd``, ``sold_price_usd`` and ``days_to_sell`` are empty or
      absent;
    * ``predict_interval(df, coverage=0.8) -> (low, high)``: arrays, so the true price
      falls between them for about ``coverage`` of listings — on *later* listings too.
      Residuals from walk-forward validation, in log space, are a good start.
    """
    raise NotImplementedError
