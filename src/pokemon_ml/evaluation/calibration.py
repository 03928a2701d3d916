"""Calibration: when the model says 80%, is it right 80% of the time?

A model is *calibrated* when, among the rows it gives probability ``p``, a share
``p`` are positive. Ranking metrics (ROC AUC) do not see calibration at all; the
Brier score (mean squared error of the probabilities) and a reliability table do.
``calibrate`` fits a monotone map from scores to probabilities on rows the model
was not trained on, which fixes the probabilities and keeps the ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator

__all__ = ["calibrate", "reliability_table"]


def reliability_table(y_true: Sequence, proba: Sequence, bins: int = 10) -> pd.DataFrame:
    """Predicted vs observed rate of positives, per bin of predicted probability.

    Bins hold equal numbers of rows (quantiles), so every point rests on the same
    amount of evidence; rows with equal probabilities stay in one bin.

    Returns:
        One row per bin: ``rows``, ``mean_predicted``, ``observed_rate`` (its
        perfectly calibrated value is ``mean_predicted``) and ``gap``.
    """
    y = np.asarray(y_true).astype(float)
    p = np.asarray(proba, dtype=float)
    edges = np.unique(np.quantile(p, np.linspace(0, 1, bins + 1)))
    which = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, max(len(edges) - 2, 0))
    table = (
        pd.DataFrame({"bin": which, "p": p, "y": y})
        .groupby("bin")
        .agg(rows=("y", "size"), mean_predicted=("p", "mean"), observed_rate=("y", "mean"))
        .reset_index(drop=True)
    )
    table["gap"] = table["observed_rate"] - table["mean_predicted"]
    return table


def calibrate(
    model: ClassifierMixin,
    X_calibration: pd.DataFrame,
    y_calibration: Sequence,
    method: Literal["sigmoid", "isotonic"] = "sigmoid",
) -> CalibratedClassifierCV:
    """Calibrate an already fitted ``model`` on rows it was not trained on.

    ``sigmoid`` (Platt scaling) fits two numbers and suits small calibration sets;
    ``isotonic`` fits any monotone step function and needs more rows. The model
    itself is frozen: only the map from its scores to probabilities is learned.
    """
    calibrated = CalibratedClassifierCV(FrozenEstimator(model), method=method)
    return calibrated.fit(X_calibration, y_calibration)
