"""The course's feature pipeline: one scikit-learn object that modules 3–5 reuse.

``make_feature_pipeline()`` turns a raw Pokémon frame into model-ready columns,
and ``make_model()`` puts a classifier after it. Everything that learns from data
(the scaler's means, the encoder's categories) lives *inside* the pipeline, so it
is fitted on training rows only, in every fold of a cross-validation — the
difference between an honest score and a leaky one (Module 2).

``set_output(transform="pandas")`` keeps column names all the way through, so a
learner can read what the model sees: ``make_feature_pipeline().fit_transform(df)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from pokemon_ml.data.generate import TYPES
from pokemon_ml.features.engineering import (
    ENGINEERED_COLUMNS,
    RAW_FEATURES,
    add_scale_free_features,
)

__all__ = [
    "CV_FOLDS",
    "CV_SEED",
    "cv_accuracy",
    "make_baseline_model",
    "make_feature_pipeline",
    "make_model",
]

CV_FOLDS = 5  # folds of every cross-validated score in the course
CV_SEED = 0  # the folds' shuffle: fixed, so every model is scored on the same splits
MAX_ITER = 2_000  # logistic regression's iterations: enough to converge on scaled data


def make_feature_pipeline() -> Pipeline:
    """Raw columns → scale-free features → scaled numbers and one-hot secondary type.

    Returns:
        An unfitted ``Pipeline`` whose output is a pandas DataFrame.
    """
    columns = ColumnTransformer(
        [
            ("numeric", StandardScaler(), [*RAW_FEATURES, *ENGINEERED_COLUMNS]),
            (
                "secondary_type",
                OneHotEncoder(
                    categories=[list(TYPES)], handle_unknown="ignore", sparse_output=False
                ),
                ["secondary_type"],
            ),
        ],
        verbose_feature_names_out=False,
    )
    pipeline = Pipeline(
        [("scale_free", FunctionTransformer(add_scale_free_features)), ("columns", columns)]
    )
    return pipeline.set_output(transform="pandas")


def make_model(classifier: ClassifierMixin | None = None) -> Pipeline:
    """The feature pipeline followed by a classifier (logistic regression by default)."""
    return Pipeline(
        [
            ("features", make_feature_pipeline()),
            (
                "classifier",
                classifier if classifier is not None else LogisticRegression(max_iter=MAX_ITER),
            ),
        ]
    )


def make_baseline_model() -> Pipeline:
    """The first model a team builds: raw numeric columns, scaled, logistic regression."""
    columns = ColumnTransformer(
        [("numeric", StandardScaler(), list(RAW_FEATURES))], verbose_feature_names_out=False
    )
    return Pipeline(
        [("columns", columns), ("classifier", LogisticRegression(max_iter=MAX_ITER))]
    ).set_output(transform="pandas")


def cv_accuracy(model: Pipeline, X: pd.DataFrame, y: pd.Series, seed: int = CV_SEED) -> np.ndarray:
    """Accuracy in each of ``CV_FOLDS`` stratified folds (the same folds for every model).

    Args:
        model: an unfitted estimator; it is cloned and fitted on each training fold.
        X: the features (a raw Pokémon frame for ``make_model``).
        y: the labels.
        seed: the folds' shuffle.

    Returns:
        One accuracy per fold.
    """
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)
    return cross_val_score(model, X, y, cv=folds, scoring="accuracy")
