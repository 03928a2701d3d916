"""Check for exercise 2.3: one feature that lifts a fixed baseline by five points.

The model, the folds and the seed are fixed: the baseline (``make_baseline_model``:
the raw numeric columns, scaled, logistic regression) and the same model with the
learner's column added are cross-validated on the same folds, in the same run, on
two populations the notebook never shows. The lift is the difference, averaged
over both, and must reach ``MIN_LIFT`` within ``LIFT_TOLERANCE`` (the noise of a
5-fold score). Before any of that, the feature must be one finite number per row,
in the table's order and index, and must not move when ``primary_type`` is shuffled:
a copy of the label or a target encoding fitted on every row lifts the score a
lot, and fails here.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pokemon_ml.features.engineering import RAW_FEATURES, TARGET
from pokemon_ml.features.pipeline import CV_SEED, MAX_ITER, cv_accuracy, make_baseline_model
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m02_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.checks.m02_feature_frames import (
    ONE_BLAS_THREAD,
    SAME_VALUE,
    describe_value,
    feature_frame,
    first_non_finite,
    reordered,
    require_same_rows_in_any_order,
    shuffled_table,
    with_target_shuffled,
)
from pokemon_ml.grading.registry import register

__all__ = ["FEATURE_COLUMN", "MIN_LIFT", "feature_lift", "feature_model"]

MIN_LIFT = 0.05  # exercise 2.3: five points of cross-validated accuracy
LIFT_TOLERANCE = 0.01  # a 5-fold score moves about this much between populations
LIFT_TABLES = ((1_200, 3_101), (900, 3_202))  # (rows, seed): never the notebook's 42
FEATURE_COLUMN = "my_feature"  # what the learner's Series is called inside the model
SHUFFLE_SEED = 11


def feature_model() -> Pipeline:
    """The baseline model with one more input column, ``FEATURE_COLUMN``."""
    columns = ColumnTransformer(
        [("numeric", StandardScaler(), [*RAW_FEATURES, FEATURE_COLUMN])],
        verbose_feature_names_out=False,
    )
    return Pipeline([("columns", columns), ("classifier", LogisticRegression(max_iter=MAX_ITER))])


def feature_lift(df: pd.DataFrame, feature: Any, seed: int = CV_SEED) -> tuple[float, float]:
    """Cross-validated accuracy of the baseline, without and with one feature.

    Args:
        df: a Pokémon table with its ``primary_type`` labels.
        feature: one value per row of ``df``, in its order.
        seed: the folds' shuffle (the same folds for both models).

    Returns:
        ``(baseline accuracy, accuracy with the feature)``, each the mean over the folds.
    """
    y = df[TARGET]
    with_feature = df.assign(**{FEATURE_COLUMN: np.asarray(feature, dtype="float64")})
    with threadpool_limits(**ONE_BLAS_THREAD):
        baseline = cv_accuracy(make_baseline_model(), df, y, seed).mean()
        lifted = cv_accuracy(feature_model(), with_feature, y, seed).mean()
    return float(baseline), float(lifted)


@functools.cache
def _baseline_accuracy(n_rows: int, seed: int) -> float:
    table = shuffled_table(n_rows, seed)
    with threadpool_limits(**ONE_BLAS_THREAD):
        return float(cv_accuracy(make_baseline_model(), table, table[TARGET]).mean())


def _lifted_accuracy(table: pd.DataFrame, values: np.ndarray) -> float:
    with_feature = table.assign(**{FEATURE_COLUMN: values})
    with threadpool_limits(**ONE_BLAS_THREAD):
        return float(cv_accuracy(feature_model(), with_feature, table[TARGET]).mean())


@register(
    "2.3",
    module=MODULE,
    title="One feature worth five points",
    function="my_feature",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=30,
    difficulty="medium",
    hints=(
        (
            "The baseline is a linear model on the raw columns: it can already weigh and add "
            "them. A feature helps when it says something no weighted sum of raw columns can: "
            "a ratio, a product, a log of one."
        ),
        (
            "Stats grow with evolution and legendary status, and so does the body. Which "
            "property of a creature's *body* would stay the same if it grew? Physics has a "
            "name for it."
        ),
        (
            "Use the notebook's lift cell to measure a few candidates before you settle, and "
            "return a Series built from `df`'s columns (so it keeps `df`'s index), finite on "
            "every row and never reading `primary_type`."
        ),
    ),
)
def check_my_feature(candidate: Any) -> str:
    measured = []
    for number, (n_rows, seed) in enumerate(LIFT_TABLES):
        table = shuffled_table(n_rows, seed)
        where = f"On a table of {n_rows:,} creatures"
        # The feature that is scored comes from the table with its labels shuffled (the
        # real labels stay here), so a feature that reads the label cannot lift anything.
        given = with_target_shuffled(table, SHUFFLE_SEED)
        values = _feature_values(call_candidate(candidate, given), given, where)
        again = _feature_values(call_candidate(candidate, given), given, where)
        if not _same(values, again):
            raise WrongAnswer(
                "Called twice on the same table, `my_feature` gives different values. A "
                "feature must be a function of the creature's row: drawn at random, it "
                "teaches the model noise."
            )
        real_labels = _feature_values(call_candidate(candidate, table), table, where)
        if not _same(values, real_labels):
            raise WrongAnswer(
                "Your feature changes when the grader shuffles `primary_type` and nothing "
                "else: it is computed from the label (a copy of it, or an encoding fitted on "
                "every row's label). It lifts the score because it reads the answer; at "
                "prediction time there is none. Build it from the other columns."
            )
        if number == 0:
            moved = reordered(given, SHUFFLE_SEED)
            moved_values = _feature_values(call_candidate(candidate, moved), moved, where)
            require_same_rows_in_any_order(
                given,
                pd.DataFrame({FEATURE_COLUMN: values}),
                moved,
                pd.DataFrame({FEATURE_COLUMN: moved_values}),
                "my_feature",
            )
        baseline = _baseline_accuracy(n_rows, seed)
        measured.append((n_rows, baseline, _lifted_accuracy(table, values)))
    lifts = [with_feature - baseline for _, baseline, with_feature in measured]
    lift = float(np.mean(lifts))
    shown = "; ".join(
        f"{n_rows:,} creatures: {baseline:.3f} → {with_feature:.3f}"
        for n_rows, baseline, with_feature in measured
    )
    if lift < MIN_LIFT - LIFT_TOLERANCE:
        raise WrongAnswer(
            f"Your feature lifts the baseline's cross-validated accuracy by {lift:+.3f} on "
            f"average ({shown}); the bar is {MIN_LIFT:+.2f}. The baseline already weighs "
            "and adds the raw columns, so a feature that is close to a weighted sum of them "
            "adds little. What does a creature's type shape that the raw columns only show "
            "mixed with its size?"
        )
    return f"Your feature lifts the baseline by {lift:+.3f} on average ({shown})."


def _same(first: np.ndarray, second: np.ndarray) -> bool:
    return bool(np.isclose(first, second, equal_nan=True, **SAME_VALUE).all())


def _feature_values(result: Any, given: pd.DataFrame, where: str) -> np.ndarray:
    """One finite float per row of ``given``, from a Series (with ``given``'s index),
    a polars Series or a one-dimensional array."""
    if isinstance(result, (pd.DataFrame, pl.DataFrame)):
        raise WrongAnswer(
            f"`my_feature` returned a DataFrame with {result.shape[1]} column(s); return one "
            "Series, one value per row (`df['x']`, not `df[['x']]`)."
        )
    if isinstance(result, pd.Series):
        if len(result) == len(given) and not result.index.equals(given.index):
            raise WrongAnswer(
                f"{where}, your Series has a value per row, but its index is not the table's "
                f"(it starts {list(result.index[:3])}, the table's {list(given.index[:3])}): "
                "joined back to the table, each value would land on another creature. Build "
                "it from `df`'s columns, which keeps `df`'s index."
            )
        values = result.reset_index(drop=True)
    elif isinstance(result, pl.Series):
        values = result.to_pandas()
    elif isinstance(result, np.ndarray) and result.ndim == 1:
        values = pd.Series(result)
    elif result is None:
        raise WrongAnswer("`my_feature` returned None: is a `return` statement missing?")
    else:
        raise WrongAnswer(
            f"`my_feature` should return a Series (one number per row), but returned "
            f"{type(result).__name__}."
        )
    frame = feature_frame(values.to_frame(FEATURE_COLUMN), given, "my_feature", where)
    bad = first_non_finite(frame)
    if bad is not None:
        _, _, n_bad, value = bad
        raise WrongAnswer(
            f"{where}, your feature is {describe_value(value)} in {n_bad:,} row(s). A model "
            "cannot use a value that is not a finite number: find which rows make the formula "
            "undefined and decide what it should give there."
        )
    return frame[FEATURE_COLUMN].to_numpy()
