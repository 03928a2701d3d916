"""A leaky experiment, kept as a specimen for exercise 2.2: read it, do not copy it.

``leaky_experiment`` is the kind of notebook cell that reports 99% accuracy on a
problem where an honest model reaches about 82%. Every step it takes is labelled
with an id (``LEAKY_STEPS``): some of those steps leak information about the held-out
rows or their labels into the model, and some only look suspicious. Exercise 2.2 asks
which are which, and for a pipeline that does the honest version of the experiment.

It runs on the analytics team's export (``pokemon_export``, see
``pokemon_ml.data.export``): the clean columns plus ``trainer_id`` and
``sprite_color``, with some rows written twice. ``cv_accuracy_by_creature`` scores a
pipeline on that export the honest way: every copy of a creature in the same fold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import GroupKFold, cross_val_score, train_test_split
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pokemon_ml.features.engineering import (
    ENGINEERED_COLUMNS,
    RAW_FEATURES,
    TARGET,
    add_scale_free_features,
)

__all__ = ["LEAKY_STEPS", "TEST_SHARE", "cv_accuracy_by_creature", "leaky_experiment"]

TEST_SHARE = 0.25  # share of the rows held out for the score
N_FOLDS = 5  # folds of the honest score
# What each step of the experiment does, by id; the comments in the code carry the same ids.
LEAKY_STEPS = {
    "scale_free_features": "add the scale-free features (log stats, log density) to every row",
    "color_one_hot": "one-hot encode sprite_color and give it to the model",
    "trainer_encoding": "encode trainer_id as each trainer's share of each type, counted on every row",
    "scaler_on_all_rows": "standardise the features with the mean and sd of every row",
    "random_row_split": "hold out a quarter of the rows, picked at random",
    "stratified_split": "stratify that split on primary_type, so each type keeps its share",
}


def leaky_experiment(export: pd.DataFrame, seed: int = 0) -> float:
    """Score a logistic regression on ``export`` the way a hurried notebook does.

    Args:
        export: the ``pokemon_export`` table (with its ``primary_type`` labels).
        seed: the split's shuffle.

    Returns:
        Accuracy on the held-out rows: far higher than the model deserves.
    """
    df = export.copy()
    # step "scale_free_features"
    df = add_scale_free_features(df)
    features = [*RAW_FEATURES, *ENGINEERED_COLUMNS]
    # step "color_one_hot"
    colors = pd.get_dummies(df["sprite_color"], prefix="color", dtype="float64")
    df = pd.concat([df, colors], axis=1)
    features += list(colors.columns)
    # step "trainer_encoding"
    shares = pd.crosstab(df["trainer_id"], df[TARGET], normalize="index").add_prefix("trainer_")
    df = df.join(shares, on="trainer_id")
    features += list(shares.columns)
    # step "scaler_on_all_rows"
    X = StandardScaler().fit_transform(df[features].to_numpy(dtype=np.float64))
    y = df[TARGET]
    # steps "random_row_split" and "stratified_split"
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=TEST_SHARE, stratify=y, random_state=seed
    )
    model = LogisticRegression(max_iter=2_000).fit(X_train, y_train)
    return float(accuracy_score(y_test, model.predict(X_test)))


def cv_accuracy_by_creature(model: BaseEstimator, export: pd.DataFrame) -> np.ndarray:
    """Accuracy of an unfitted ``model`` in each of ``N_FOLDS`` folds of ``export``, with
    every copy of a creature in the same fold (``GroupKFold`` on ``id``).

    Args:
        model: an unfitted pipeline that takes export rows without ``primary_type``.
        export: the ``pokemon_export`` table (with its labels).

    Returns:
        One accuracy per fold.
    """
    X, y = export.drop(columns=TARGET), export[TARGET]
    folds = GroupKFold(n_splits=N_FOLDS)
    # Small fits run several times faster on one BLAS thread than on a busy machine's many.
    with threadpool_limits(limits=1, user_api="blas"):
        return cross_val_score(model, X, y, groups=export["id"], cv=folds)
