"""The feature patterns of Module 2: each step is finite and fitted on training rows
only, and on the course data the patterns lift the fixed model the way the core
notebook says (a directional test: density helps a linear model, a total does not)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from pokemon_ml import generate_pokemon
from pokemon_ml.features import RAW_FEATURES, TARGET, cv_accuracy
from pokemon_ml.features.correlation import ONE_BLAS_THREAD
from pokemon_ml.features.patterns import (
    PATTERNS,
    GroupRatio,
    pattern_lifts,
    pattern_model,
    safe_ratio,
)


@pytest.fixture(autouse=True)
def one_blas_thread():
    """Small fits run 5-10x faster on one BLAS thread on a busy 2-core machine."""
    with threadpool_limits(**ONE_BLAS_THREAD):
        yield


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return generate_pokemon(1_500, seed=42).to_pandas()


def test_safe_ratio_is_finite_keeps_order_and_changes_only_zeros() -> None:
    attack = pd.Series([50, 55, 0, 80, 80])
    defense = pd.Series([40, 0, 0, 1, 0])
    ratio = safe_ratio(attack, defense)
    assert np.isfinite(ratio).all()
    assert ratio[0] == 50 / 40 and ratio[3] == 80  # unchanged where defense > 0
    assert ratio[4] >= ratio[3]  # less defense never gives a smaller ratio


def test_group_ratio_learns_its_means_from_the_rows_it_is_fitted_on(table) -> None:
    train, test = table.iloc[:1_000], table.iloc[1_000:]
    train = train[train["evolution_stage"] != 3]  # stage 3 is never seen in training
    step = GroupRatio(columns=("attack",), group="evolution_stage").fit(train)
    got = step.transform(test)["attack_vs_evolution_stage"]
    means = train.groupby("evolution_stage")["attack"].mean()
    expected = test["attack"] / test["evolution_stage"].map(means).fillna(train["attack"].mean())
    pd.testing.assert_series_equal(got, expected, check_names=False)
    # Changing the test rows' values changes nothing the step learned.
    doubled = test.assign(attack=test["attack"] * 2)
    assert np.allclose(step.transform(doubled)["attack_vs_evolution_stage"], 2 * got)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.family + ": " + p.name)
def test_every_pattern_keeps_the_raw_columns_and_adds_finite_ones(pattern, table) -> None:
    columns = pattern_model(pattern).named_steps["columns"]
    features = columns.fit_transform(table.iloc[:300])
    assert list(features.columns[: len(RAW_FEATURES)]) == list(RAW_FEATURES)
    assert features.shape[1] > len(RAW_FEATURES)
    assert np.isfinite(features.to_numpy(dtype=float)).all()
    assert np.isfinite(columns.transform(table.iloc[300:600]).to_numpy(dtype=float)).all()


def test_body_density_lifts_a_linear_model_and_a_total_does_not(table) -> None:
    by_name = {pattern.name: pattern for pattern in PATTERNS}
    y = table[TARGET]
    baseline = cv_accuracy(pattern_model(None), table, y).mean()
    density = cv_accuracy(pattern_model(by_name["interaction: weight ÷ height³"]), table, y)
    total = cv_accuracy(pattern_model(by_name["total: sum of the six stats"]), table, y)
    assert density.mean() - baseline > 0.10
    assert abs(total.mean() - baseline) < 0.01


def test_pattern_lifts_measures_every_pattern_against_the_same_baseline(table) -> None:
    small = table.iloc[:400]
    lifts = pattern_lifts(small, on_step=lambda name: None)
    assert list(lifts.columns) == ["pattern", "family", "accuracy", "lift", "lift_sd"]
    assert len(lifts) == len(PATTERNS) + 1
    assert lifts.loc[0, "lift"] == 0 and lifts.loc[0, "lift_sd"] == 0
    baseline = cv_accuracy(pattern_model(None), small, small[TARGET]).mean()
    assert lifts.loc[0, "accuracy"] == pytest.approx(baseline)
