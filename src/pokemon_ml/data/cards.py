"""The capstone's data: marketplace listings of Pokémon trading cards, with prices.

One row per listing, 2024-01-01 to 2025-12-31 (``make_card_listings``). The asking
price ``price_usd`` is the target; it comes from a *latent price model* that a good
model can learn most of, and a careless one gets wrong:

``log(price_usd) =``
  ``log(2)``                                   a common, unlimited, grade-8 English card
  ``+ RARITY_EFFECT[rarity]``                  0 (common) … +3.0 (secret_rare)
  ``+ EDITION_EFFECT[edition]``                first_edition +0.8, reprint −0.4
  ``+ grade_effect(condition_grade)``          a steep curve: 0.12 per grade point around
                                               8, +0.5 per point above 9 and +1.2 more per
                                               point above 9.5, so a 10 is worth ≈3.4× a 9;
                                               ungraded cards −0.35 (bought as a gamble)
  ``+ 0.7 × is_legendary + 0.25 × z(total stats)``  the creature, from the pokemon table
  ``+ u[pokemon_id]``                          an unobserved popularity per creature, N(0, 0.35)
  ``+ 0.05 × (2025 − set_year) + v[set_name]`` vintage premium, a set effect N(0, 0.15)
  ``+ LANGUAGE_EFFECT[language]``              ja +0.2; de, fr, es, it below English
  ``+ market(listed_at)``                      +0.012 per month since 2024-01 (prices rise),
                                               a shock of +0.30 on 2024-10-15 that halves
                                               every 120 days, and the new set's hype
  ``+ 0.25 × t(4)``                            heavy-tailed noise

plus outliers that are real listings, not errors (they meet the contract): placeholder
listings at $0.99 (``PLACEHOLDER_SHARE``), typo prices ×100 on cheap cards
(``TYPO_SHARE``), bulk lots of commons at $25–$200 (``BULK_SHARE``). The data drifts:
ungraded listings grow from 25% to 45% of the market, listings grow in number, and a
new set (``NEW_SET``, released 2025-07-01) appears only in the last six months.

Two columns are known only **after** the sale, and leak the target: ``sold_price_usd``
(close to the asking price) and ``days_to_sell``; both are null for unsold listings
(typo-priced listings never sell; listings near the end of the window often have not
sold yet).

The *world* (which creatures are popular, each creature's and set's hidden effect)
comes from ``world_seed``; the listings from ``seed``. So a population of later
listings (``start``/``end`` after 2025) is the same market, months on: what the
capstone's grader scores a model on.

``make_card_drop`` (in ``card_drops``) damages a clean sample with planted problems
and an answer key, for grading a listing validator.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from pokemon_ml.data.generate import DEFAULT_ROWS, DEFAULT_SEED, STAT_COLUMNS, generate_pokemon

__all__ = [
    "CARD_COLUMNS",
    "DECISION_COLUMNS",
    "DEFAULT_LISTINGS",
    "EDITIONS",
    "LANGUAGES",
    "LEAK_COLUMNS",
    "NEW_SET",
    "RARITIES",
    "SETS",
    "TARGET",
    "grade_effect",
    "make_card_listings",
]

DEFAULT_LISTINGS = 6_000
START, END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)
TARGET = "price_usd"
LEAK_COLUMNS = ("sold_price_usd", "days_to_sell")
DECISION_COLUMNS = (
    "listed_at",
    "pokemon_id",
    "set_name",
    "rarity",
    "edition",
    "condition_grade",
    "language",
)
CARD_COLUMNS = (
    "listing_id",
    "listed_at",
    "pokemon_id",
    "pokemon_name",
    "set_name",
    "set_year",
    "rarity",
    "edition",
    "condition_grade",
    "language",
    TARGET,
    *LEAK_COLUMNS,
)

# (set name, release year, share of listings); the last set is released mid-2025.
SETS = (
    ("Origins", 1999, 0.05),
    ("Wild Jungle", 1999, 0.05),
    ("Fossil Echoes", 2000, 0.06),
    ("Shadow Rocket", 2000, 0.06),
    ("Neo Dawn", 2001, 0.07),
    ("Crystal Tides", 2004, 0.09),
    ("Diamond Peaks", 2008, 0.11),
    ("Storm Front", 2012, 0.13),
    ("Sun Spire", 2017, 0.16),
    ("Violet Crown", 2023, 0.22),
    ("Stellar Rift", 2025, 0.30),  # NEW_SET: share among listings after its release
)
NEW_SET = "Stellar Rift"
NEW_SET_RELEASE = dt.date(2025, 7, 1)
RARITIES = ("common", "uncommon", "rare", "holo_rare", "ultra_rare", "secret_rare")
RARITY_SHARES = (0.30, 0.25, 0.18, 0.13, 0.09, 0.05)
RARITY_EFFECT = (0.0, 0.35, 0.9, 1.6, 2.4, 3.0)
EDITIONS = ("first_edition", "unlimited", "reprint")
EDITION_SHARES = (0.12, 0.63, 0.25)
EDITION_EFFECT = (0.8, 0.0, -0.4)
LANGUAGES = ("en", "ja", "de", "fr", "es", "it")
LANGUAGE_SHARES = (0.55, 0.20, 0.07, 0.07, 0.06, 0.05)
LANGUAGE_EFFECT = (0.0, 0.2, -0.3, -0.25, -0.35, -0.4)

BASE_LOG_PRICE = float(np.log(2.0))
UNGRADED_EFFECT = -0.35
LEGENDARY_EFFECT = 0.7
TOTAL_STATS_EFFECT = 0.25  # per standard deviation of total stats
CREATURE_SD, SET_SD = 0.35, 0.15
VINTAGE_PER_YEAR = 0.05
DRIFT_PER_MONTH = 0.012
SHOCK_DAY, SHOCK_SIZE, SHOCK_HALF_LIFE = dt.date(2024, 10, 15), 0.30, 120.0
HYPE_SIZE, HYPE_HALF_LIFE = 0.4, 60.0  # the new set's launch premium, halving every 60 days
NOISE_SCALE, NOISE_DF = 0.25, 4
UNGRADED_FROM, UNGRADED_TO = 0.25, 0.45  # share of ungraded listings, first day → 2025-12-31
PLACEHOLDER_SHARE, TYPO_SHARE, BULK_SHARE = 0.008, 0.002, 0.004
TYPO_BELOW = 15.0  # typos (×100) happen on cards worth less than this
SOLD_SHARE = 0.78
MAX_PRICE = 100_000.0  # the contract's upper bound; no generated price comes near it


def grade_effect(grade: np.ndarray) -> np.ndarray:
    """The latent log-price effect of a condition grade (NaN = ungraded)."""
    grade = np.asarray(grade, dtype="float64")
    curve = (
        0.12 * (grade - 8.0)
        + 0.5 * np.clip(grade - 9.0, 0.0, None)
        + 1.2 * np.clip(grade - 9.5, 0.0, None)
    )
    return np.where(np.isnan(grade), UNGRADED_EFFECT, curve)


def make_card_listings(
    seed: int = DEFAULT_SEED,
    n_listings: int = DEFAULT_LISTINGS,
    start: dt.date = START,
    end: dt.date = END,
    world_seed: int = DEFAULT_SEED,
    pokemon: pl.DataFrame | None = None,
    first_id: int = 1,
) -> pl.DataFrame:
    """Marketplace listings of Pokémon cards (the ``cards`` data set).

    Args:
        seed: the listings' seed (one ``numpy.random.default_rng`` stream).
        n_listings: how many listings.
        start, end: the listing dates, inclusive (later dates continue the market's drift).
        world_seed: the market's seed: creature popularity, hidden creature and set effects.
        pokemon: the creatures (the course's ``pokemon`` table if None).
        first_id: the first ``listing_id``.

    Returns:
        A polars frame with ``CARD_COLUMNS``, sorted by ``listed_at`` then ``listing_id``.
    """
    if pokemon is None:
        pokemon = generate_pokemon(DEFAULT_ROWS, DEFAULT_SEED)
    world = _world(pokemon, world_seed)
    rng = np.random.default_rng(seed)
    n = n_listings
    n_days = (end - start).days + 1
    # Listing volume grows over time (×1.6 over two years).
    day_weight = 1.0 + 0.6 * _months(start, np.arange(n_days)) / 24.0
    days = np.sort(rng.choice(n_days, size=n, p=day_weight / day_weight.sum()))
    dates = np.array([start.toordinal()], dtype="int64") + days  # ordinals
    months = _months(start, days)

    creature = rng.choice(len(world["ids"]), size=n, p=world["popularity"])
    released = dates >= NEW_SET_RELEASE.toordinal()
    set_shares = np.array([share for *_, share in SETS])
    old_p = set_shares[:-1] / set_shares[:-1].sum()
    new_p = np.r_[old_p * (1.0 - set_shares[-1]), set_shares[-1]]
    set_index = np.where(
        released,
        rng.choice(len(SETS), size=n, p=new_p),
        rng.choice(len(SETS) - 1, size=n, p=old_p),
    )
    rarity = rng.choice(len(RARITIES), size=n, p=RARITY_SHARES)
    edition = rng.choice(len(EDITIONS), size=n, p=EDITION_SHARES)
    language = rng.choice(len(LANGUAGES), size=n, p=LANGUAGE_SHARES)
    ungraded_share = UNGRADED_FROM + (UNGRADED_TO - UNGRADED_FROM) * np.clip(months / 24.0, 0, None)
    ungraded = rng.random(n) < ungraded_share
    grade = np.clip(np.round(2.0 * rng.normal(8.0, 1.4, n)) / 2.0, 1.0, 10.0)
    grade = np.where(ungraded, np.nan, grade)

    set_year = np.array([year for _, year, _ in SETS])[set_index]
    log_price = (
        BASE_LOG_PRICE
        + np.asarray(RARITY_EFFECT)[rarity]
        + np.asarray(EDITION_EFFECT)[edition]
        + grade_effect(grade)
        + world["creature_effect"][creature]
        + VINTAGE_PER_YEAR * (2025 - set_year)
        + world["set_effect"][set_index]
        + np.asarray(LANGUAGE_EFFECT)[language]
        + market_effect(dates, set_index == len(SETS) - 1)
        + NOISE_SCALE * rng.standard_t(NOISE_DF, n)
    )
    fair = np.round(np.exp(log_price), 2).clip(0.10, None)
    price = fair.copy()
    kind = rng.random(n)
    placeholder = kind < PLACEHOLDER_SHARE
    typo = (
        (kind >= PLACEHOLDER_SHARE) & (kind < PLACEHOLDER_SHARE + TYPO_SHARE) & (fair < TYPO_BELOW)
    )
    bulk = (kind >= PLACEHOLDER_SHARE + TYPO_SHARE) & (
        kind < PLACEHOLDER_SHARE + TYPO_SHARE + BULK_SHARE
    )
    bulk_price = np.round(rng.uniform(25.0, 200.0, n), 0) - 0.01
    price = np.where(placeholder, 0.99, price)
    price = np.where(typo, np.round(fair * 100.0, 2), price)
    price = np.where(bulk, bulk_price, price)
    rarity = np.where(bulk, 0, rarity)  # a bulk lot is listed as one common card

    # What happens after the listing: a sale (or not), at a price close to the asking one.
    days_to_sell = np.round(rng.exponential(14.0, n) * np.exp(0.3 * rng.normal(size=n)), 0)
    sold = (rng.random(n) < SOLD_SHARE) & ~typo & (dates + days_to_sell <= end.toordinal())
    sold_price = np.round(
        np.where(placeholder, fair, price) * np.exp(rng.normal(-0.05, 0.04, n)), 2
    )

    order_days = dates - dt.date(1970, 1, 1).toordinal()
    return pl.DataFrame(
        {
            "listing_id": np.arange(first_id, first_id + n, dtype="int64"),
            "listed_at": pl.Series(order_days.astype("int32")).cast(pl.Date),
            "pokemon_id": world["ids"][creature].astype("int64"),
            "pokemon_name": world["names"][creature],
            "set_name": np.array([name for name, *_ in SETS])[set_index],
            "set_year": set_year.astype("int64"),
            "rarity": np.asarray(RARITIES)[rarity],
            "edition": np.asarray(EDITIONS)[edition],
            "condition_grade": pl.Series(grade, nan_to_null=True),
            "language": np.asarray(LANGUAGES)[language],
            TARGET: np.round(price, 2),
            "sold_price_usd": pl.Series(np.where(sold, sold_price, np.nan), nan_to_null=True),
            "days_to_sell": pl.Series(np.where(sold, days_to_sell, np.nan), nan_to_null=True),
        }
    )


def market_effect(ordinals: np.ndarray, new_set: np.ndarray) -> np.ndarray:
    """The market's latent log-price level on each date (``date.toordinal()`` values):
    the upward drift, the 2024-10-15 shock fading, and the new set's launch hype."""
    ordinals = np.asarray(ordinals, dtype="float64")
    months = (ordinals - START.toordinal()) / (365.25 / 12)
    since_shock = ordinals - SHOCK_DAY.toordinal()
    shock = np.where(
        since_shock >= 0, SHOCK_SIZE * 0.5 ** (np.clip(since_shock, 0, None) / SHOCK_HALF_LIFE), 0.0
    )
    since_launch = np.clip(ordinals - NEW_SET_RELEASE.toordinal(), 0, None)
    hype = np.where(new_set, HYPE_SIZE * 0.5 ** (since_launch / HYPE_HALF_LIFE), 0.0)
    return DRIFT_PER_MONTH * months + shock + hype


def _months(start: dt.date, days: np.ndarray) -> np.ndarray:
    """Months from 2024-01-01 for ``days`` days after ``start``."""
    return (start.toordinal() + np.asarray(days) - START.toordinal()) / (365.25 / 12)


def _world(pokemon: pl.DataFrame, world_seed: int) -> dict:
    """The market's fixed structure: which creatures sell, and their hidden effects."""
    rng = np.random.default_rng([world_seed, 2024])
    ids = pokemon["id"].to_numpy()
    total = pokemon.select(pl.sum_horizontal(STAT_COLUMNS)).to_series().to_numpy().astype(float)
    z_total = (total - total.mean()) / total.std()
    legendary = pokemon["is_legendary"].to_numpy().astype(float)
    hidden = rng.normal(0.0, CREATURE_SD, len(ids))
    # Popular creatures are listed more often: legendaries, strong ones, and fan favourites.
    appeal = 1.0 * legendary + 0.3 * z_total + 0.5 * hidden / CREATURE_SD
    weight = np.exp(appeal + rng.normal(0.0, 0.5, len(ids)))
    return {
        "ids": ids,
        "names": pokemon["name"].to_numpy(),
        "popularity": weight / weight.sum(),
        "creature_effect": LEGENDARY_EFFECT * legendary + TOTAL_STATS_EFFECT * z_total + hidden,
        "set_effect": rng.normal(0.0, SET_SD, len(SETS)),
    }
