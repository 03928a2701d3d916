"""The churn sources of course checkpoint 1's exam: deterministic bytes, the planted
facts really in the data (tested with scipy, not with the grader's own arithmetic
alone), and answer keys that are exactly what a validator of the contract finds."""

from __future__ import annotations

import io
import time

import numpy as np
import pandas as pd
import polars as pl
import pytest
from scipy.stats import chi2_contingency

from pokemon_ml.data.churn import (
    CHURN_PROBLEMS,
    PLANTED_FACTS,
    SNAPSHOT,
    make_churn,
    make_churn_drop,
    make_churn_sources,
)
from pokemon_ml.data.churn_drops import DROP_PROBLEM_KINDS, TABLES
from pokemon_ml.data.datasets import DATASETS, build_datasets, frame_sha256
from pokemon_ml.grading.checks.e1_accounts import FEATURES, account_table, course_accounts
from tests.conftest import notebook_functions

SOLUTION = notebook_functions("checkpoints/solutions/course_1_churn_exam.py", "validate_churn")


def _loaded(sources: dict[str, pl.DataFrame]) -> list[pd.DataFrame]:
    """The sources as a learner loads them: through Parquet, into pandas."""
    frames = []
    for table in TABLES:
        buffer = io.BytesIO()
        sources[table].write_parquet(buffer)
        buffer.seek(0)
        frames.append(pd.read_parquet(buffer))
    return frames


def _triples(report: list[dict]) -> set[tuple[str, str, str]]:
    return {(r["table"], r["column"], r["issue"]) for r in report}


def test_the_same_seed_gives_the_same_bytes() -> None:
    first, again, other = make_churn(42), make_churn(42), make_churn(7)
    for position in range(3):
        for fmt in ("csv", "parquet"):
            assert frame_sha256(first[position], fmt) == frame_sha256(again[position], fmt)
        assert frame_sha256(first[position]) != frame_sha256(other[position])
    assert first[3] == again[3]


def test_the_generator_is_fast() -> None:
    best = min(_timed(make_churn) for _ in range(3))
    assert best < 1.0, f"make_churn took {best:.2f} s (about 0.1 s on an idle machine)"


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def test_the_target_is_imbalanced() -> None:
    rate = make_churn_sources(42)["accounts"]["churned"].mean()
    assert 0.10 <= rate <= 0.16


def _independence_p(table: pd.DataFrame, column: str) -> float:
    return chi2_contingency(pd.crosstab(table[column], table["churned"]))[1]


def _accounts(seed: int) -> pd.DataFrame:
    if seed == 42:
        return course_accounts()  # the course's data, damaged and cleaned as the brief says
    sources = make_churn_sources(seed)
    return account_table(*(sources[table].to_pandas() for table in TABLES))


@pytest.mark.parametrize("seed", [42, 7])
def test_planted_group_effects_are_visible_and_region_is_flat(seed: int) -> None:
    table = _accounts(seed)
    for column, fact in PLANTED_FACTS["categorical"].items():
        p_value = _independence_p(table, column)
        rates = table.groupby(column)["churned"].mean()
        if fact["effect"]:
            assert p_value < 1e-6, (column, p_value)
            assert rates.idxmax() == fact["highest"] and rates.idxmin() == fact["lowest"]
        else:
            assert p_value > 0.2, (column, p_value, rates.to_dict())


@pytest.mark.parametrize("seed", [42, 7])
def test_planted_feature_effects_point_the_planted_way_and_the_null_is_null(seed: int) -> None:
    table = _accounts(seed)
    for feature, fact in PLANTED_FACTS["features"].items():
        defined = table.dropna(subset=[feature])
        above = defined[feature] > defined[feature].median()
        p_value = chi2_contingency(pd.crosstab(above, defined["churned"]))[1]
        rate_high = defined.loc[above, "churned"].mean()
        rate_low = defined.loc[~above, "churned"].mean()
        if fact["effect"]:
            assert p_value < 0.01, (feature, p_value)
            assert (rate_high > rate_low) == (fact["direction"] == "raises"), feature
        else:
            assert p_value > 0.2, (feature, p_value, rate_high, rate_low)
    assert set(PLANTED_FACTS["features"]) == set(FEATURES)


def test_the_answer_key_is_what_a_validator_of_the_contract_finds() -> None:
    accounts, usage, tickets, key = make_churn()
    sources = {"accounts": accounts, "usage": usage, "tickets": tickets}
    assert _triples(SOLUTION.validate_churn(*_loaded(sources))) == _triples(key["problems"])
    assert len(key["problems"]) == len(CHURN_PROBLEMS)


@pytest.mark.parametrize("seed", range(8))
def test_random_plans_plant_exactly_their_answer_key(seed: int) -> None:
    rng = np.random.default_rng([seed, 99])
    kinds = [str(k) for k in rng.choice(DROP_PROBLEM_KINDS, size=6, replace=False)]
    sources, key = make_churn_drop(seed, kinds, n_accounts=150)
    assert _triples(SOLUTION.validate_churn(*_loaded(sources))) == _triples(key), kinds


@pytest.mark.parametrize("seed", [1, 2])
def test_clean_sources_meet_the_contract_with_values_on_every_bound(seed: int) -> None:
    sources, key = make_churn_drop(seed, (), n_accounts=150)
    assert key == [] and SOLUTION.validate_churn(*_loaded(sources)) == []
    accounts, usage, tickets = (sources[t] for t in TABLES)
    assert accounts["seats"].min() == 1 and accounts["seats"].max() == 1_000
    assert accounts["monthly_fee"].min() == 0.0
    assert accounts["signed_up"].max() == SNAPSHOT
    assert usage["features_used"].max() == 25 and usage["logins"].min() == 0
    assert tickets["opened_at"].max() == SNAPSHOT
    assert (tickets["resolved_at"] == tickets["opened_at"]).sum() >= 1


def test_added_rows_are_copies_that_cleaning_removes() -> None:
    """Duplicates and orphans are added rows: the brief's cleaning gives the clean rows back."""
    plan = (
        "duplicate_ids:accounts.account_id",
        "duplicate_ids:tickets.ticket_id",
        "orphan_rows:usage.account_id",
        "orphan_rows:tickets.account_id",
    )
    damaged, key = make_churn_drop(3, plan, n_accounts=200)
    clean = make_churn_sources(3, 200)
    counts = {(k["table"], k["issue"]): k["n_rows"] for k in key}
    accounts = damaged["accounts"]
    assert (
        accounts.height - accounts["account_id"].n_unique() == counts[("accounts", "duplicate_ids")]
    )
    ids = clean["accounts"]["account_id"]
    for table in ("usage", "tickets"):
        orphans = damaged[table].filter(~pl.col("account_id").is_in(ids.implode()))
        assert orphans.height == counts[(table, "orphan_rows")]
    assert accounts.unique("account_id", keep="first", maintain_order=True).equals(
        clean["accounts"]
    )
    tickets = damaged["tickets"].filter(pl.col("account_id").is_in(ids.implode()))
    assert tickets.unique("ticket_id", keep="first", maintain_order=True).equals(clean["tickets"])


@pytest.mark.parametrize(
    "plan",
    [
        ("no_such_kind",),
        ("out_of_range:usage.logins", "wrong_dtype:usage.logins"),
        ("orphan_rows:accounts.account_id",),
    ],  # fmt: skip
)
def test_plans_that_cannot_be_planted_are_refused(plan) -> None:
    with pytest.raises(ValueError):
        make_churn_drop(1, plan, n_accounts=120)


def test_build_datasets_writes_the_three_sources_and_their_key() -> None:
    frames, keys = build_datasets()
    for name in ("churn_accounts", "churn_usage", "churn_tickets"):
        assert name in DATASETS and name in frames
    assert frames["churn_accounts"].equals(make_churn()[0])
    assert keys["churn"]["facts"] == PLANTED_FACTS
