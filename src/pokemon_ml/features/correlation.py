"""Correlated features, measured: what dropping or combining them does, and what it does not.

Two questions hide in "HP and Defense are correlated, should I drop one?":

* **Does the model predict better or worse?** Measure it: fit each variant
  (keep both, drop one, combine them, ``collinear_variants``) on the same folds.
* **Can a person still read the coefficients?** Correlated columns share credit:
  a model can move weight from one to the other with almost no change in its
  predictions, so each coefficient alone stops meaning "the effect of this
  column" (``fold_fits`` shows the coefficients fold by fold, ``with_near_copy``
  makes the problem extreme).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pokemon_ml.features.engineering import RAW_FEATURES
from pokemon_ml.features.pipeline import CV_FOLDS, CV_SEED, MAX_ITER

# Small fits run faster on one BLAS thread: on the course's 2-core machine a fold of this
# logistic regression took 5-10x longer with BLAS's default threads, which spend more time
# coordinating than computing on a 1,200 × 11 matrix (and fight other processes for cores).
ONE_BLAS_THREAD = {"limits": 1, "user_api": "blas"}

__all__ = [
    "collinear_variants",
    "correlation_pairs",
    "fold_fits",
    "scaled_logistic",
    "with_near_copy",
]


def scaled_logistic() -> Pipeline:
    """The fixed model of this module's comparisons: StandardScaler → logistic regression."""
    return Pipeline(
        [("scale", StandardScaler()), ("classifier", LogisticRegression(max_iter=MAX_ITER))]
    )


def correlation_pairs(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Every pair of ``columns`` with its Pearson and Spearman correlation.

    Pearson measures how well a *straight line* fits; Spearman is Pearson on the
    *ranks*, so it measures how *monotone* the relation is and ignores how far
    apart the values are. A large gap between the two flags a curved relation or
    a few extreme values.

    Returns:
        One row per pair (``a``, ``b``, ``pearson``, ``spearman``, ``gap`` =
        spearman − pearson), largest gap first.
    """
    pearson = df[columns].corr("pearson")
    spearman = df[columns].corr("spearman")
    rows = [
        {"a": a, "b": b, "pearson": pearson.loc[a, b], "spearman": spearman.loc[a, b]}
        for i, a in enumerate(columns)
        for b in columns[i + 1 :]
    ]
    table = pd.DataFrame(rows)
    table["gap"] = table["spearman"] - table["pearson"]
    return table.sort_values("gap", key=abs, ascending=False, ignore_index=True)


def collinear_variants(df: pd.DataFrame, first: str, second: str) -> dict[str, pd.DataFrame]:
    """The raw numeric columns, and three ways to deal with two correlated ones.

    Args:
        df: the Pokémon table.
        first, second: the correlated pair (``"hp"``, ``"defense"``).

    Returns:
        ``{variant name: feature frame}``: keep both, drop ``second``, drop
        ``first``, replace both by their sum.
    """
    raw = df[list(RAW_FEATURES)]
    both_summed = raw.drop(columns=[first, second]).assign(
        **{f"{first}_plus_{second}": raw[first] + raw[second]}
    )
    return {
        "keep both": raw,
        f"drop {second}": raw.drop(columns=second),
        f"drop {first}": raw.drop(columns=first),
        "replace both by their sum": both_summed,
    }


def fold_fits(X: pd.DataFrame, y: pd.Series) -> tuple[pd.DataFrame, np.ndarray]:
    """Fit the fixed model on each training fold; keep its coefficients and predictions.

    Args:
        X: the features.
        y: the labels.

    Returns:
        ``(coefficients, predictions)``: coefficients in long form (``fold``,
        ``class``, ``feature``, ``coefficient``, per standard deviation of the
        feature), and each row's prediction by the model that did not train on it.
    """
    rows, predictions = [], np.empty(len(X), dtype=object)
    for fold, (train, test) in enumerate(_folds(y)):
        with threadpool_limits(**ONE_BLAS_THREAD):
            model = scaled_logistic().fit(X.iloc[train], y.iloc[train])
        classifier = model.named_steps["classifier"]
        coefficients = pd.DataFrame(classifier.coef_, index=classifier.classes_, columns=X.columns)
        long = coefficients.rename_axis(index="class", columns="feature").stack()
        rows.append(long.rename("coefficient").reset_index().assign(fold=fold + 1))
        predictions[test] = model.predict(X.iloc[test])
    return pd.concat(rows, ignore_index=True), predictions


def with_near_copy(X: pd.DataFrame, column: str, noise: float, seed: int = CV_SEED) -> pd.DataFrame:
    """``X`` plus ``<column>_copy``: the column times ``exp(noise × standard normal)``.

    Args:
        X: the features.
        column: the column to copy.
        noise: the copy's noise, as a log standard deviation (0: an exact copy;
            0.1: each value off by about 10%).
        seed: the noise's seed.

    Returns:
        A new frame; ``X`` is not changed.
    """
    rng = np.random.default_rng(seed)
    factor = np.exp(noise * rng.standard_normal(len(X)))
    return X.assign(**{f"{column}_copy": X[column] * factor})


def _folds(y: pd.Series) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=CV_SEED)
    return list(splitter.split(np.zeros(len(y)), y))
