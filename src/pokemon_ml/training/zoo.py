"""Compare models fairly: the same folds, the spread, and what each one costs.

A fair comparison changes one thing — the model — and keeps everything else fixed:
the rows, the folds, the seed. ``compare_models`` reports for each model its
accuracy over the folds (mean and standard deviation), how long one fit takes, and
how long it takes to answer for a single row (what a service waits for).
``selection_optimism`` shows, with numbers, why the test set must not choose.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import StratifiedKFold, cross_validate, train_test_split
from sklearn.preprocessing import LabelEncoder

__all__ = ["compare_models", "selection_optimism", "single_row_latency_ms"]

LATENCY_REPEATS = 50  # single-row predictions timed per model; the median is reported


def single_row_latency_ms(
    model: BaseEstimator, row: pd.DataFrame, repeats: int = LATENCY_REPEATS
) -> float:
    """Median time, in milliseconds, for a fitted ``model`` to predict one row."""
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.predict(row)
        timings.append(time.perf_counter() - start)
    return 1_000 * float(np.median(timings))


def compare_models(
    models: dict[str, BaseEstimator],
    X: pd.DataFrame,
    y: pd.Series,
    n_folds: int = 5,
    seed: int = 0,
    on_model: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Cross-validate every model on the same stratified folds.

    Args:
        models: name -> unfitted estimator (cloned, never changed).
        X: the features.
        y: the labels; encoded as integers once (XGBoost needs them; accuracy does not care).
        n_folds: folds of ``StratifiedKFold``.
        seed: the folds' shuffle, the same for every model.
        on_model: called with each model's name before it is measured (a progress bar).

    Returns:
        One row per model: ``accuracy_mean``, ``accuracy_std``, ``fit_s`` (mean
        seconds per fit), ``latency_ms`` (one row, fitted on all rows), ``n_folds``.
    """
    codes = LabelEncoder().fit_transform(y)
    folds = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    rows = []
    for name, model in models.items():
        if on_model is not None:
            on_model(name)
        scores = cross_validate(clone(model), X, codes, cv=folds, scoring="accuracy")
        fitted = clone(model).fit(X, codes)
        rows.append(
            {
                "model": name,
                "accuracy_mean": float(np.mean(scores["test_score"])),
                "accuracy_std": float(np.std(scores["test_score"])),
                "fit_s": float(np.mean(scores["fit_time"])),
                "latency_ms": single_row_latency_ms(fitted, X.iloc[:1]),
                "n_folds": n_folds,
            }
        )
    return pd.DataFrame(rows).set_index("model")


def selection_optimism(
    make_candidate: Callable[[np.random.Generator], BaseEstimator],
    X: pd.DataFrame,
    y: pd.Series,
    n_candidates: int = 30,
    test_size: int = 150,
    seed: int = 0,
    on_candidate: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Pick the best of many candidates *by their test score*, then score them on fresh rows.

    The rows are split three ways: training, a "test" set the candidates are chosen
    on, and fresh rows nobody looked at. The winner's test score is the number a team
    that tuned on the test set would report; its fresh score is what it really does.

    Args:
        make_candidate: builds one random configuration from a random generator.
        X: the features.
        y: the labels.
        n_candidates: how many configurations are tried.
        test_size: rows in the test set that chooses (smaller sets flatter more).
        seed: the split and the configurations.
        on_candidate: called with each candidate's number (a progress bar).

    Returns:
        One row per candidate: ``test_accuracy``, ``fresh_accuracy`` and ``chosen``
        (True for the candidate with the best test accuracy).
    """
    rng = np.random.default_rng(seed)
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed
    )
    X_train, X_fresh, y_train, y_fresh = train_test_split(
        X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=seed
    )
    rows = []
    for number in range(n_candidates):
        if on_candidate is not None:
            on_candidate(number)
        model = make_candidate(rng).fit(X_train, y_train)
        rows.append(
            {
                "test_accuracy": float(model.score(X_test, y_test)),
                "fresh_accuracy": float(model.score(X_fresh, y_fresh)),
            }
        )
    table = pd.DataFrame(rows)
    table["chosen"] = table.index == table["test_accuracy"].idxmax()
    return table
