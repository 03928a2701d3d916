"""Feature patterns, each measured the same way: one fixed model, the same folds.

A *pattern* is a recipe that turns columns you have into a column a model can use
better: a ratio, a total, a value relative to its group, a log, bins, an
interaction, a one-hot encoding. Whether a pattern helps is an empirical question
about *this* data and *this* model, so ``pattern_lifts`` measures every pattern
against the same baseline (the raw numeric columns, scaled, and a classifier)
on the same cross-validation folds: the only thing that changes between two rows
of its table is the pattern.

Every pattern's step keeps the raw columns and appends its own, so its lift is
what the new columns add. Steps that learn from data (the group means, the bin
edges, the categories) are fitted inside the pipeline, on the training folds only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    KBinsDiscretizer,
    OneHotEncoder,
    StandardScaler,
)
from threadpoolctl import threadpool_limits

from pokemon_ml.data.generate import STAT_COLUMNS
from pokemon_ml.features.correlation import ONE_BLAS_THREAD
from pokemon_ml.features.engineering import RAW_FEATURES, TARGET, add_scale_free_features
from pokemon_ml.features.pipeline import MAX_ITER, cv_accuracy

__all__ = [
    "PATTERNS",
    "GroupRatio",
    "Pattern",
    "pattern_lifts",
    "pattern_model",
    "safe_ratio",
]

MIN_DEFENSE = 1  # the smallest defense the course schema allows: a 0 is read as this
N_BINS = 10  # quantile bins of the binning pattern (≈150 creatures per bin)
BODY = ("height_m", "weight_kg")
POSITIVE_COLUMNS = (*STAT_COLUMNS, *BODY)  # > 0 for every valid row, so their log is finite


def safe_ratio(
    numerator: pd.Series, denominator: pd.Series, floor: float = MIN_DEFENSE
) -> pd.Series:
    """``numerator / denominator``, finite even where the denominator is 0.

    A denominator below ``floor`` is counted as ``floor``: a defense of 0 is treated
    like the weakest real defense (1), so the ratio stays finite, keeps its order
    (less defense never gives a smaller ratio) and is unchanged on every other row.

    Args:
        numerator: e.g. ``df["attack"]``.
        denominator: e.g. ``df["defense"]``, ≥ 0.
        floor: the smallest denominator used.

    Returns:
        A float Series with the numerator's index.
    """
    return numerator.astype("float64") / denominator.astype("float64").clip(lower=floor)


def power_ratio(X: pd.DataFrame) -> pd.DataFrame:
    """attack ÷ defense, a defense of 0 counted as 1."""
    return pd.DataFrame({"power_ratio": safe_ratio(X["attack"], X["defense"])})


def stat_shares(X: pd.DataFrame) -> pd.DataFrame:
    """Each stat ÷ the six stats' total: the creature's stat *proportions*."""
    stats = X[list(STAT_COLUMNS)].astype("float64")
    return stats.div(stats.sum(axis=1), axis=0).add_suffix("_share")


def base_total(X: pd.DataFrame) -> pd.DataFrame:
    """The six stats' sum: overall strength."""
    return pd.DataFrame({"base_total": X[list(STAT_COLUMNS)].sum(axis=1)})


def log_columns(X: pd.DataFrame) -> pd.DataFrame:
    """The log of every stat, the height and the weight (all > 0 in valid data)."""
    return np.log(X[list(POSITIVE_COLUMNS)].astype("float64")).add_prefix("log_")


def height_times_weight(X: pd.DataFrame) -> pd.DataFrame:
    """A plain product of two columns: the textbook interaction."""
    return pd.DataFrame({"height_x_weight": X["height_m"] * X["weight_kg"]})


def body_density(X: pd.DataFrame) -> pd.DataFrame:
    """weight ÷ height³: an interaction a physicist would suggest (kg per cubic metre, roughly)."""
    return pd.DataFrame({"density": X["weight_kg"] / X["height_m"] ** 3})


def scale_free(X: pd.DataFrame) -> pd.DataFrame:
    """The course's set (``add_scale_free_features``): relative log stats, log density and total."""
    return add_scale_free_features(X).drop(columns=list(X.columns))


class GroupRatio(TransformerMixin, BaseEstimator):
    """Each column ÷ its mean in the row's group, the means learned from training rows.

    ``fit`` remembers, for each group, the mean of each column on the rows it is
    given — the training fold — and the overall mean for groups it never saw.
    ``transform`` divides by those remembered means: test rows never contribute to
    the statistics they are divided by.

    Args:
        columns: the columns to normalise.
        group: the column that defines the groups (``"evolution_stage"``).
    """

    def __init__(self, columns: tuple[str, ...] = POSITIVE_COLUMNS, group: str = "evolution_stage"):
        self.columns = columns
        self.group = group

    def fit(self, X: pd.DataFrame, y: object = None) -> GroupRatio:
        values = X[list(self.columns)].astype("float64")
        self.group_means_ = values.groupby(X[self.group]).mean()
        self.overall_means_ = values.mean()
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        means = self.group_means_.reindex(X[self.group].to_numpy()).fillna(self.overall_means_)
        ratios = X[list(self.columns)].astype("float64") / means.to_numpy()
        return ratios.add_suffix(f"_vs_{self.group}")

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"{column}_vs_{self.group}" for column in self.columns], dtype=object)


@dataclass(frozen=True)
class Pattern:
    """One feature pattern: what it is, and the transformer that adds its columns."""

    name: str  # shown in the lift table
    family: str  # ratio, total, per-group, log, binning, interaction, one-hot
    make_step: Callable[[], TransformerMixin]  # unfitted: raw frame -> its new columns
    reads: tuple[str, ...]  # the raw columns the step reads


def _row_by_row(function: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[], TransformerMixin]:
    """A step that computes each row's columns from that row alone: nothing to fit."""
    return partial(FunctionTransformer, function)


def _quantile_bins() -> TransformerMixin:
    """Bin edges at the training rows' deciles; one 0/1 column per bin."""
    return KBinsDiscretizer(N_BINS, encode="onehot-dense", strategy="quantile")


def _one_hot() -> TransformerMixin:
    """One 0/1 column per category seen in training (a missing value is a category)."""
    return OneHotEncoder(handle_unknown="ignore", sparse_output=False)


PATTERNS: tuple[Pattern, ...] = (
    Pattern("ratio: attack ÷ defense", "ratio", _row_by_row(power_ratio), ("attack", "defense")),
    Pattern("ratios: each stat ÷ total", "ratio", _row_by_row(stat_shares), STAT_COLUMNS),
    Pattern("total: sum of the six stats", "total", _row_by_row(base_total), STAT_COLUMNS),
    Pattern(
        "per-group: ÷ mean of its evolution stage",
        "per-group",
        GroupRatio,
        (*POSITIVE_COLUMNS, "evolution_stage"),
    ),
    Pattern("log: of stats, height, weight", "log", _row_by_row(log_columns), POSITIVE_COLUMNS),
    Pattern("bins: weight in 10 quantile bins", "binning", _quantile_bins, ("weight_kg",)),
    Pattern("interaction: height × weight", "interaction", _row_by_row(height_times_weight), BODY),
    Pattern("interaction: weight ÷ height³", "interaction", _row_by_row(body_density), BODY),
    Pattern("one-hot: secondary type", "one-hot", _one_hot, ("secondary_type",)),
    Pattern(
        "all of the course's scale-free features",
        "combined",
        _row_by_row(scale_free),
        POSITIVE_COLUMNS,
    ),
)


def pattern_model(pattern: Pattern | None, classifier: ClassifierMixin | None = None) -> Pipeline:
    """The fixed model with one pattern's columns added (``None``: the baseline).

    Args:
        pattern: one of ``PATTERNS``, or ``None`` for the raw columns alone.
        classifier: the fixed classifier (logistic regression by default).

    Returns:
        An unfitted pipeline: raw columns (+ the pattern's) → StandardScaler → classifier.
    """
    parts = [("raw", "passthrough", list(RAW_FEATURES))]
    if pattern is not None:
        parts.append(("pattern", pattern.make_step(), list(pattern.reads)))
    columns = ColumnTransformer(parts, verbose_feature_names_out=False)
    return Pipeline(
        [
            ("columns", columns),
            ("scale", StandardScaler()),
            (
                "classifier",
                LogisticRegression(max_iter=MAX_ITER) if classifier is None else classifier,
            ),
        ]
    ).set_output(transform="pandas")


def pattern_lifts(
    df: pd.DataFrame,
    make_classifier: Callable[[], ClassifierMixin] | None = None,
    on_step: Callable[[str], object] | None = None,
) -> pd.DataFrame:
    """Cross-validated accuracy of the baseline and of each pattern, and the lift of each.

    Every model is scored on the same folds, so a pattern's lift can be measured
    fold by fold (its accuracy minus the baseline's *in the same fold*): the spread
    of those differences says how much of a lift is noise.

    Args:
        df: the Pokémon table (with the target column).
        make_classifier: builds the fixed classifier afresh for every model
            (logistic regression by default).
        on_step: called with each pattern's name before it is measured (a progress bar).

    Returns:
        A first row for the baseline, then one row per pattern: ``pattern``,
        ``family``, ``accuracy`` (mean over the folds), ``lift`` (mean accuracy gain
        over the baseline, in percentage points) and ``lift_sd`` (the gain's standard
        deviation across the folds, in points).
    """
    y = df[TARGET]
    rows, baseline = [], None
    for pattern in (None, *PATTERNS):
        name = "baseline: raw columns" if pattern is None else pattern.name
        if on_step is not None:
            on_step(name)
        classifier = make_classifier() if make_classifier else None
        with threadpool_limits(**ONE_BLAS_THREAD):
            folds = cv_accuracy(pattern_model(pattern, classifier), df, y)
        baseline = folds if baseline is None else baseline
        gains = 100 * (folds - baseline)
        rows.append(
            {
                "pattern": name,
                "family": pattern.family if pattern else "—",
                "accuracy": folds.mean(),
                "lift": gains.mean(),
                "lift_sd": gains.std(ddof=1),
            }
        )
    return pd.DataFrame(rows)
