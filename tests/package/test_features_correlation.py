"""Correlated features, measured: the helpers agree with pandas and scikit-learn on
what they compute (correlations, out-of-fold predictions), and a near-copy of a
column splits its coefficient without changing the predictions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from threadpoolctl import threadpool_limits

from pokemon_ml import generate_pokemon
from pokemon_ml.features import CV_FOLDS, CV_SEED, RAW_FEATURES, TARGET
from pokemon_ml.features.correlation import (
    ONE_BLAS_THREAD,
    collinear_variants,
    correlation_pairs,
    fold_fits,
    scaled_logistic,
    with_near_copy,
)


@pytest.fixture(autouse=True)
def one_blas_thread():
    """Small fits run 5-10x faster on one BLAS thread on a busy 2-core machine."""
    with threadpool_limits(**ONE_BLAS_THREAD):
        yield


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return generate_pokemon(600, seed=3).to_pandas()


def test_spearman_is_pearson_on_ranks(table) -> None:
    columns = ["hp", "defense", "weight_kg"]
    pairs = correlation_pairs(table, columns).set_index(["a", "b"])
    ranks = table[columns].rank()
    assert pairs.loc[("hp", "weight_kg"), "spearman"] == pytest.approx(
        ranks["hp"].corr(ranks["weight_kg"])
    )
    assert pairs.loc[("hp", "defense"), "pearson"] == pytest.approx(
        table["hp"].corr(table["defense"])
    )
    assert len(pairs) == 3 and pairs["gap"].abs().is_monotonic_decreasing


def test_variants_drop_or_combine_the_pair(table) -> None:
    variants = collinear_variants(table, "hp", "defense")
    assert list(variants) == ["keep both", "drop defense", "drop hp", "replace both by their sum"]
    assert "defense" not in variants["drop defense"] and "hp" in variants["drop defense"]
    summed = variants["replace both by their sum"]["hp_plus_defense"]
    assert (summed == table["hp"] + table["defense"]).all()


def test_fold_fits_predicts_like_cross_val_predict(table) -> None:
    X, y = table[list(RAW_FEATURES)], table[TARGET]
    coefficients, predictions = fold_fits(X, y)
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=CV_SEED)
    assert (predictions == cross_val_predict(scaled_logistic(), X, y, cv=folds)).all()
    assert len(coefficients) == CV_FOLDS * y.nunique() * X.shape[1]


def test_an_exact_copy_halves_the_coefficient_and_keeps_the_predictions(table) -> None:
    X, y = table[list(RAW_FEATURES)], table[TARGET]
    before = X.copy()
    copied = with_near_copy(X, "defense", noise=0.0)
    pd.testing.assert_frame_equal(X, before)  # the input is not changed
    assert (copied["defense_copy"] == X["defense"]).all()
    alone, predictions_alone = fold_fits(X, y)
    twice, predictions_twice = fold_fits(copied, y)
    rock = lambda c, f: c[(c["class"] == "rock") & (c["feature"] == f)]["coefficient"].to_numpy()  # noqa: E731
    assert np.allclose(rock(twice, "defense"), rock(twice, "defense_copy"))
    assert np.all(rock(twice, "defense") < 0.7 * rock(alone, "defense"))
    assert np.mean(predictions_alone == predictions_twice) > 0.98
