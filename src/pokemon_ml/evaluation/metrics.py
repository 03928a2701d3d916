"""Metrics beyond accuracy: per class, at a threshold, in money, with error bars.

Every number here is one scikit-learn also computes (``precision_recall_fscore_support``,
``confusion_matrix``); what this module adds is the shape a review needs: one table per
question, and the uncertainty of each number beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

__all__ = [
    "cost_by_threshold",
    "per_class_report",
    "threshold_report",
    "wilson_interval",
]

Z_95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval


def per_class_report(y_true: Sequence, y_pred: Sequence) -> pd.DataFrame:
    """Precision, recall, F1 and support per class, then the macro and weighted averages.

    *Macro* averages the classes as equals: a rare class counts as much as a common
    one. *Weighted* averages them by support, so it follows the common classes (and
    sits close to accuracy). When they disagree, the model is worse on rare classes.

    Returns:
        One row per class (sorted), then ``macro avg`` and ``weighted avg``; columns
        ``precision``, ``recall``, ``f1``, ``support``. A class never predicted has
        precision 0 (scikit-learn's ``zero_division=0``).
    """
    labels = np.unique(np.concatenate([np.asarray(y_true), np.asarray(y_pred)]))
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    table = pd.DataFrame(
        {"precision": p, "recall": r, "f1": f, "support": s}, index=labels.astype(str)
    )
    for average in ("macro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=labels, average=average, zero_division=0
        )
        table.loc[f"{average} avg"] = [p, r, f, s.sum()]
    table["support"] = table["support"].astype(int)
    table.index.name = "class"
    return table


def threshold_report(
    y_true: Sequence, proba: Sequence, threshold: float, cost_fp: float = 1.0, cost_fn: float = 1.0
) -> dict[str, float]:
    """Everything that changes when a binary model calls ``proba >= threshold`` positive.

    Args:
        y_true: 0/1 (or False/True) labels.
        proba: the model's probability of the positive class, per row.
        threshold: rows at or above it are predicted positive.
        cost_fp: what one false alarm costs.
        cost_fn: what one missed positive costs.

    Returns:
        ``tp``, ``fp``, ``fn``, ``tn``, ``accuracy``, ``precision``, ``recall``, ``f1``
        (0 where a ratio has nothing to divide by) and ``cost`` (``fp * cost_fp +
        fn * cost_fn``).
    """
    y = np.asarray(y_true).astype(bool)
    predicted = np.asarray(proba, dtype=float) >= threshold
    tp = int(np.sum(predicted & y))
    fp = int(np.sum(predicted & ~y))
    fn = int(np.sum(~predicted & y))
    tn = int(np.sum(~predicted & ~y))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "accuracy": (tp + tn) / len(y),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "cost": fp * cost_fp + fn * cost_fn,
    }


def cost_by_threshold(
    y_true: Sequence, proba: Sequence, cost_fp: float, cost_fn: float
) -> pd.DataFrame:
    """The cost of every threshold that gives different predictions.

    Only the distinct probabilities matter: between two of them, every threshold
    predicts the same. So the candidates are each distinct probability (rows at or
    above it are positive) and, when the highest is below 1, the threshold 1.0
    (nothing positive, if no row has probability 1).

    Returns:
        Columns ``threshold``, ``fp``, ``fn`` and ``cost``, one row per candidate, in
        increasing threshold order.
    """
    y = np.asarray(y_true).astype(bool)
    p = np.asarray(proba, dtype=float)
    candidates = np.unique(p)
    if candidates[-1] < 1.0:
        candidates = np.append(candidates, 1.0)
    # Sort once; for each candidate, the rows below it are predicted negative.
    order = np.argsort(p, kind="stable")
    sorted_p, sorted_y = p[order], y[order]
    below = np.searchsorted(sorted_p, candidates, side="left")
    positives_below = np.concatenate([[0], np.cumsum(sorted_y)])[below]
    negatives_below = below - positives_below
    fn = positives_below
    fp = (len(y) - y.sum()) - negatives_below
    return pd.DataFrame(
        {"threshold": candidates, "fp": fp, "fn": fn, "cost": fp * cost_fp + fn * cost_fn}
    )


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default).

    Better than ``p ± z·sqrt(p(1-p)/n)`` when ``n`` is small or ``p`` near 0 or 1:
    it never leaves [0, 1] and is not zero-width at 0/n or n/n. A slice of 12 rows
    with 9 right has accuracy 0.75 and an interval of about (0.47, 0.91): not evidence.

    Returns:
        ``(low, high)``; ``(0.0, 1.0)`` when ``n`` is 0.
    """
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))
