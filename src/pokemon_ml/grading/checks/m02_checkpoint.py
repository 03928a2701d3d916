"""Check for checkpoint C2: the feature engineering competition.

The model is fixed (``competition_model``: every column the learner returns,
standardised, then a logistic regression); the learner supplies only
``build_features(df)``. The grader builds two populations with the course's
generator and seeds no notebook shows, trains on one and scores on the other. Both
tables reach the learner's code with ``primary_type`` shuffled, so the labels of
either never leave this process: the model is fitted and scored here, on the
features that come back. Before scoring, the features must not move when the label
is shuffled (named, column by column), must keep the rows and their order, must be
finite numbers, and must be a table: an estimator, or anything else, is refused.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pokemon_ml.features.engineering import RAW_FEATURES, TARGET
from pokemon_ml.features.pipeline import CV_FOLDS, CV_SEED, MAX_ITER
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m02_exercises import MODULE
from pokemon_ml.grading.checks.m02_feature_frames import (
    ONE_BLAS_THREAD,
    describe_value,
    feature_frame,
    first_non_finite,
    reordered,
    require_deterministic,
    require_label_free,
    require_same_rows_in_any_order,
    shuffled_table,
    with_target_shuffled,
)
from pokemon_ml.grading.registry import register

__all__ = [
    "PASS_ACCURACY",
    "baseline_features",
    "competition_model",
    "held_out_accuracy",
    "validation_accuracy",
]

PASS_ACCURACY = 0.75  # accuracy on the held-out population that passes
MAX_FEATURES = 200  # columns the fixed model accepts
# Never shown in a notebook: the score cannot be tuned to these rows.
HIDDEN_TRAIN = (1_500, 90_210)  # (creatures, seed) the model is trained on
HIDDEN_TEST = (1_500, 31_337)  # (creatures, seed) it is scored on
SHUFFLE_SEED = 17


def competition_model() -> Pipeline:
    """The fixed model: every feature column standardised, then logistic regression."""
    return Pipeline(
        [("scale", StandardScaler()), ("classifier", LogisticRegression(max_iter=MAX_ITER))]
    )


def baseline_features(df: pd.DataFrame) -> pd.DataFrame:
    """What a first attempt gives the model: the raw numeric columns as they are."""
    return df[list(RAW_FEATURES)].astype("float64")


def validation_accuracy(features: pd.DataFrame, labels: pd.Series, seed: int = CV_SEED) -> float:
    """The fixed model's cross-validated accuracy on ``features`` (the notebook's score).

    Args:
        features: one row per creature, numeric columns only.
        labels: the creatures' ``primary_type``.
        seed: the folds' shuffle.
    """
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)
    with threadpool_limits(**ONE_BLAS_THREAD):
        scores = cross_val_score(competition_model(), features, labels, cv=folds)
    return float(scores.mean())


def held_out_accuracy(
    train_features: pd.DataFrame,
    train_labels: Any,
    test_features: pd.DataFrame,
    test_labels: Any,
) -> float:
    """Fit the fixed model on one population's features, score it on another's."""
    with threadpool_limits(**ONE_BLAS_THREAD):
        model = competition_model().fit(train_features, train_labels)
        predicted = model.predict(test_features)
    return float(np.mean(predicted == np.asarray(test_labels)))


@functools.cache
def baseline_accuracy() -> float:
    """The raw columns' held-out accuracy on the hidden populations (computed once)."""
    train, test = shuffled_table(*HIDDEN_TRAIN), shuffled_table(*HIDDEN_TEST)
    return held_out_accuracy(
        baseline_features(train), train[TARGET], baseline_features(test), test[TARGET]
    )


@register(
    "C2",
    module=MODULE,
    title="Feature engineering competition",
    function="build_features",
    notebook="checkpoints/02_feature_engineering_competition.py",
    solution="checkpoints/solutions/02_feature_engineering_competition.py",
    minutes=60,
    difficulty="hard",
    hints=(
        (
            "Start from what the module measured: the raw columns mix a creature's *kind* with "
            "its *size*. Every feature that takes the size out (a stat relative to the "
            "creature's own stats, weight relative to the body's volume) helps this model."
        ),
        (
            "Logs turn ratios into differences, which a linear model handles well: "
            "`np.log(stat) - mean of the six log stats` is one number per stat that does not "
            "grow with evolution."
        ),
        (
            "Keep the raw columns too, and return numbers only: encode text, keep every row "
            "in its order, keep every value finite (a stat of 0 can reach production), and "
            "never read `primary_type`. The live score in the notebook is your compass."
        ),
    ),
)
def check_build_features(candidate: Any) -> str:
    train = shuffled_table(*HIDDEN_TRAIN)
    where = "On the grader's training population"
    # Both populations reach the learner's code with their labels shuffled; the model is
    # fitted and scored here, with the real labels, on the features that come back.
    given = with_target_shuffled(train, SHUFFLE_SEED)
    train_features = _features(call_candidate(candidate, given), given, where)
    again = _features(call_candidate(candidate, given), given, where, train_features)
    require_deterministic(train_features, again, "build_features")
    real_labels = _features(call_candidate(candidate, train), train, where, train_features)
    require_label_free(train_features, real_labels, "build_features")
    moved = reordered(given, SHUFFLE_SEED)
    moved_features = _features(call_candidate(candidate, moved), moved, where, train_features)
    require_same_rows_in_any_order(given, train_features, moved, moved_features, "build_features")

    test = shuffled_table(*HIDDEN_TEST)
    # The held-out labels stay here: the learner's code sees them shuffled.
    test_given = with_target_shuffled(test, SHUFFLE_SEED)
    test_features = _features(
        call_candidate(candidate, test_given),
        test_given,
        "On the grader's held-out population",
        train_features,
    )
    accuracy = held_out_accuracy(train_features, train[TARGET], test_features, test[TARGET])
    baseline = baseline_accuracy()
    measured = (
        f"The fixed model on your {len(train_features.columns)} feature column(s) scores "
        f"{accuracy:.3f} on {len(test):,} creatures it never saw (the raw columns score "
        f"{baseline:.3f})."
    )
    if accuracy <= PASS_ACCURACY:
        raise WrongAnswer(
            f"{measured} The bar is above {PASS_ACCURACY:.2f}. Which of the module's "
            "findings have your features not used yet?"
        )
    return measured


def _features(
    result: Any, given: pd.DataFrame, where: str, first: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The learner's features as floats, checked; later calls must give ``first``'s columns."""
    if callable(getattr(result, "fit", None)):
        raise WrongAnswer(
            f"`build_features` returned a {type(result).__name__}, a model. The model of this "
            "competition is fixed (standardised columns, logistic regression): return only "
            "the features, a DataFrame of numbers with one row per creature."
        )
    if isinstance(result, (tuple, list, dict)):
        raise WrongAnswer(
            f"`build_features` returned a {type(result).__name__}; return one DataFrame of "
            "numbers (one row per creature, one column per feature), nothing beside it."
        )
    frame = feature_frame(result, given, "build_features", where)
    if first is None:
        if not 1 <= len(frame.columns) <= MAX_FEATURES:
            raise WrongAnswer(
                f"`build_features` returned {len(frame.columns)} columns; the fixed model takes "
                f"between 1 and {MAX_FEATURES}."
            )
    elif list(map(str, frame.columns)) != list(map(str, first.columns)):
        raise WrongAnswer(
            f"{where}, `build_features` returned the columns {_names(frame.columns[:8])}, "
            f"but on the first table {_names(first.columns[:8])}. The model is trained on one "
            "population and scored on another, so the columns must be the same, in the same "
            "order, for any rows (build one-hot columns from the list of possible values)."
        )
    bad = first_non_finite(frame)
    if bad is not None:
        column, _, n_bad, value = bad
        raise WrongAnswer(
            f"{where}, column `{column}` is {describe_value(value)} in {n_bad:,} row(s). The "
            "model needs a finite number in every cell: find the rows that make the formula "
            "undefined and decide what it should give there."
        )
    return frame


def _names(columns: Any) -> str:
    return ", ".join(f"`{column}`" for column in columns)
