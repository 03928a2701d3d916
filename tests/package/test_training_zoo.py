"""The model zoo and the training-time estimate: fair folds, recomputed with scikit-learn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import LabelEncoder, StandardScaler

from pokemon_ml import load_dataset
from pokemon_ml.features import RAW_FEATURES, TARGET
from pokemon_ml.training.curves import fit_power_law, time_fits
from pokemon_ml.training.zoo import compare_models, selection_optimism, single_row_latency_ms


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.Series]:
    pokemon = load_dataset("pokemon").head(400)
    return pokemon[list(RAW_FEATURES)], pokemon[TARGET]


def test_zoo_scores_every_model_on_the_same_folds_as_sklearn(data) -> None:
    X, y = data
    logistic = make_pipeline(
        StandardScaler(), LogisticRegression(max_iter=500)
    )  # scaled: converges
    models = {"majority": DummyClassifier(), "logistic": logistic}
    table = compare_models(models, X, y, n_folds=4, seed=3)
    assert list(table.index) == ["majority", "logistic"]
    codes = LabelEncoder().fit_transform(y)
    folds = StratifiedKFold(n_splits=4, shuffle=True, random_state=3)
    for name, model in models.items():
        expected = cross_val_score(model, X, codes, cv=folds)
        assert table.loc[name, "accuracy_mean"] == pytest.approx(expected.mean())
        assert table.loc[name, "accuracy_std"] == pytest.approx(expected.std())
    assert (table["fit_s"] > 0).all() and (table["latency_ms"] > 0).all()


def test_latency_is_a_positive_number_of_milliseconds(data) -> None:
    X, y = data
    model = DummyClassifier().fit(X, y)
    assert 0 < single_row_latency_ms(model, X.iloc[:1], repeats=5) < 1_000


def test_selection_optimism_chooses_the_best_test_score(data) -> None:
    X, y = data
    table = selection_optimism(
        lambda rng: make_pipeline(
            StandardScaler(), LogisticRegression(C=float(rng.uniform(0.01, 1)), max_iter=300)
        ),
        X,
        y,
        n_candidates=4,
        test_size=80,
    )
    assert len(table) == 4 and table["chosen"].sum() == 1
    assert table.loc[table["chosen"], "test_accuracy"].item() == table["test_accuracy"].max()


@pytest.mark.parametrize("a, b", [(1e-4, 1.0), (2e-7, 2.0), (3e-3, 0.5)])
def test_power_law_fit_recovers_an_exact_power_law(a: float, b: float) -> None:
    n_rows = [100, 200, 400, 800]
    got_a, got_b = fit_power_law(n_rows, [a * n**b for n in n_rows])
    assert got_a == pytest.approx(a, rel=1e-6) and got_b == pytest.approx(b, rel=1e-6)


def test_time_fits_times_each_size(data) -> None:
    X, y = data
    timings = time_fits(DummyClassifier(), X, y, sizes=[50, 100])
    assert list(timings["n_rows"]) == [50, 100] and np.all(timings["seconds"] > 0)
