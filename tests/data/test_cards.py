"""The capstone's ``cards`` data: deterministic, on contract, with the latent story its
docstring tells (a steep grade curve, a rising market, drift), and drops whose answer
keys are exactly the damage planted — checked against a pandera validator and column by
column."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import polars as pl
import pytest
from sklearn.linear_model import LinearRegression

from pokemon_ml.data.card_drops import (
    EXTRA_COLUMNS,
    LISTING_CONTRACT,
    OUT_OF_RANGE,
    RENAMES,
    UNKNOWN_CATEGORIES,
    WHERE,
    listings_as_loaded,
    make_card_drop,
)
from pokemon_ml.data.cards import (
    CARD_COLUMNS,
    EDITIONS,
    LANGUAGES,
    NEW_SET,
    NEW_SET_RELEASE,
    RARITIES,
    SETS,
    make_card_listings,
)
from pokemon_ml.data.datasets import DATASETS, build_datasets, frame_sha256
from pokemon_ml.data.generate import generate_pokemon
from tests.conftest import notebook_functions

REFERENCE = notebook_functions("capstone/solution/card_price.py", "validate_listings")


@pytest.fixture(scope="module")
def big() -> pl.DataFrame:
    """Many listings, so the latent effects show through the noise."""
    return make_card_listings(seed=99, n_listings=30_000)


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    for fmt in ("csv", "parquet"):
        first = frame_sha256(make_card_listings(7), fmt)
        assert first == frame_sha256(make_card_listings(7), fmt)
        assert first != frame_sha256(make_card_listings(8), fmt)
    drop, key = make_card_drop(5, ("out_of_range", "wrong_dtype", "renamed_column"))
    again, key_again = make_card_drop(5, ("out_of_range", "wrong_dtype", "renamed_column"))
    assert drop.equals(again) and key == key_again


def test_cards_is_a_data_set_of_the_course() -> None:
    assert "cards" in DATASETS
    frames, _ = build_datasets()
    assert frames["cards"].equals(make_card_listings())


def test_columns_types_and_contract() -> None:
    cards = make_card_listings()
    assert tuple(cards.columns) == CARD_COLUMNS == tuple(LISTING_CONTRACT)
    assert cards.height == 6_000
    expected = {
        "listing_id": pl.Int64,
        "listed_at": pl.Date,
        "pokemon_id": pl.Int64,
        "pokemon_name": pl.String,
        "set_name": pl.String,
        "set_year": pl.Int64,
        "rarity": pl.String,
        "edition": pl.String,
        "condition_grade": pl.Float64,
        "language": pl.String,
        "price_usd": pl.Float64,
        "sold_price_usd": pl.Float64,
        "days_to_sell": pl.Float64,
    }
    assert dict(cards.schema) == expected
    assert cards["listed_at"].min() == dt.date(2024, 1, 1)
    assert cards["listed_at"].max() == dt.date(2025, 12, 31)
    assert cards["listing_id"].is_unique().all()
    assert set(cards["rarity"]) == set(RARITIES)
    assert set(cards["edition"]) == set(EDITIONS)
    assert set(cards["language"]) == set(LANGUAGES)
    assert set(cards["set_name"]) == {name for name, *_ in SETS}
    grades = cards["condition_grade"].drop_nulls()
    assert grades.min() >= 1.0 and grades.max() == 10.0
    assert ((grades * 2).round() == grades * 2).all()
    assert cards["price_usd"].min() > 0 and cards["price_usd"].max() <= 100_000
    assert REFERENCE.validate_listings(listings_as_loaded(cards)) == []


def test_creatures_match_the_pokemon_table() -> None:
    pokemon = generate_pokemon()
    cards = make_card_listings()
    joined = cards.join(pokemon.select("id", "name"), left_on="pokemon_id", right_on="id")
    assert joined.height == cards.height
    assert (joined["name"] == joined["pokemon_name"]).all()
    set_years = dict((name, year) for name, year, _ in SETS)
    assert (cards["set_year"] == cards["set_name"].replace_strict(set_years)).all()


def test_a_grade_10_is_worth_a_multiple_of_a_9(big: pl.DataFrame) -> None:
    medians = (
        big.filter(pl.col("rarity") == "rare")
        .group_by("condition_grade")
        .agg(pl.col("price_usd").median())
    )
    by_grade = dict(zip(medians["condition_grade"], medians["price_usd"]))
    assert by_grade[10.0] > 2.5 * by_grade[9.0]
    assert by_grade[9.0] > by_grade[7.0]
    assert by_grade[None] < by_grade[8.0]  # ungraded cards sell at a discount


def test_prices_drift_up_and_the_market_changes(big: pl.DataFrame) -> None:
    clean = big.filter((pl.col("price_usd") != 0.99) & (pl.col("price_usd") < 5_000))
    months = (clean["listed_at"] - dt.date(2024, 1, 1)).dt.total_days().to_numpy() / 30.44
    dummies = clean.select(
        "rarity", "edition", "language", "set_name", grade=pl.col("condition_grade").fill_null(0)
    ).to_dummies(["rarity", "edition", "language", "set_name", "grade"])
    x = np.column_stack([dummies.to_numpy(), months])
    fit = LinearRegression().fit(x, np.log(clean["price_usd"].to_numpy()))
    assert 0.006 < fit.coef_[-1] < 0.02  # the documented +0.012 per month, shock aside
    early = big.filter(pl.col("listed_at") < dt.date(2024, 7, 1))
    late = big.filter(pl.col("listed_at") >= dt.date(2025, 7, 1))
    ungraded = [frame["condition_grade"].is_null().mean() for frame in (early, late)]
    assert ungraded[1] > ungraded[0] + 0.1
    assert late.height > 1.2 * early.height  # more listings later
    new = big.filter(pl.col("set_name") == NEW_SET)
    assert new.height > 0 and new["listed_at"].min() >= NEW_SET_RELEASE


def test_outliers_and_leak_columns(big: pl.DataFrame) -> None:
    assert (big["price_usd"] == 0.99).sum() > 100
    sold = big.filter(pl.col("sold_price_usd").is_not_null())
    assert (big["sold_price_usd"].is_null() == big["days_to_sell"].is_null()).all()
    assert 0.6 < sold.height / big.height < 0.85
    ratio = (sold["sold_price_usd"] / sold["price_usd"]).filter(sold["price_usd"] != 0.99)
    assert 0.9 < ratio.median() < 1.0  # the leak: the sold price is nearly the asking price
    assert (sold["days_to_sell"] >= 0).all()


def test_later_listings_continue_the_same_market() -> None:
    later = make_card_listings(3, 2_000, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert later["listed_at"].min() >= dt.date(2026, 1, 1)
    assert later["condition_grade"].is_null().mean() > 0.4
    assert later.filter(pl.col("set_name") == NEW_SET).height > 300


def test_generation_is_fast() -> None:
    make_card_listings(1)
    start = time.perf_counter()
    make_card_listings(2)
    assert time.perf_counter() - start < 0.3


# ------------------------------------------------------------------ drops
CASES = [(kind, column) for kind, columns in WHERE.items() for column in columns]


@pytest.mark.parametrize(("kind", "column"), CASES, ids=[f"{k}:{c}" for k, c in CASES])
def test_each_planted_problem_is_its_answer_key(kind: str, column: str) -> None:
    clean, _ = make_card_drop(21, ())  # the same listings, edges and all, nothing planted
    drop, key = make_card_drop(21, (f"{kind}:{column}",))
    if kind == "renamed_column":
        assert key == [
            {"column": column, "issue": "missing_column"},
            {"column": RENAMES[column], "issue": "unexpected_column"},
        ]
        assert column not in drop.columns and RENAMES[column] in drop.columns
    else:
        assert key == [{"column": column, "issue": kind}]
    if kind == "missing_column":
        assert column not in drop.columns
    elif kind == "unexpected_column":
        assert column in EXTRA_COLUMNS and drop.columns[-1] == column
    elif kind == "wrong_dtype":
        assert drop.schema[column] == pl.String and clean.schema[column] != pl.String
    elif kind == "duplicate_ids":
        assert drop["listing_id"].n_unique() < drop.height
    elif kind == "missing_values":
        assert drop[column].null_count() == 3 and clean[column].null_count() == 0
    elif kind == "out_of_range":
        planted = set(drop[column].to_list()) - set(clean[column].to_list())
        assert planted and planted <= set(OUT_OF_RANGE[column])
    elif kind == "unknown_category":
        assert set(drop[column]) - set(clean[column]) <= set(UNKNOWN_CATEGORIES[column])
        assert len(set(drop[column]) - set(clean[column])) == min(
            3, len(UNKNOWN_CATEGORIES[column])
        )
    found = REFERENCE.validate_listings(listings_as_loaded(drop))
    assert sorted(found, key=str) == sorted(key, key=str)  # a pandera validator agrees


def test_a_drop_with_several_problems_and_the_edges() -> None:
    plan = ("out_of_range", "out_of_range", "unknown_category", "wrong_dtype", "missing_column")
    drop, key = make_card_drop(33, plan)
    assert len({k["column"] for k in key}) == len(key) == len(plan)  # a column each
    assert sorted(REFERENCE.validate_listings(listings_as_loaded(drop)), key=str) == sorted(
        key, key=str
    )
    clean, none = make_card_drop(33, ())
    assert none == [] and REFERENCE.validate_listings(listings_as_loaded(clean)) == []
    grades = set(clean["condition_grade"].drop_nulls())
    assert {1.0, 10.0} <= grades  # valid values on the contract's edges
    assert {1, 1_500} <= set(clean["pokemon_id"]) and 0.0 in set(clean["days_to_sell"])
    assert dt.date(2024, 1, 1) in set(clean["listed_at"])


def test_bad_plans_are_refused_with_a_reason() -> None:
    with pytest.raises(ValueError, match="unknown problem kind"):
        make_card_drop(1, ("typo",))
    with pytest.raises(ValueError, match="no column left"):
        make_card_drop(1, ("duplicate_ids", "duplicate_ids"))
    with pytest.raises(ValueError, match="at least 60"):
        make_card_drop(1, (), n_rows=10)
