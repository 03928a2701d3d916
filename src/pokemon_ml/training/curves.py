"""How long will training take? Time fits on growing subsets before the big run.

Fit time usually grows like a power of the number of rows, ``seconds ≈ a · n^b``
(b ≈ 1 for a random forest's trees, more for models that compare every pair of
rows). On log–log axes that is a straight line, so a few cheap fits on small
subsets give ``a`` and ``b``, and the line says what the full run will cost.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone

__all__ = ["fit_power_law", "time_fits"]


def time_fits(
    model: BaseEstimator,
    X: pd.DataFrame,
    y: pd.Series,
    sizes: list[int],
    seed: int = 0,
    repeats: int = 1,
) -> pd.DataFrame:
    """Seconds to fit ``model`` on the first ``n`` rows of a shuffled copy, for each ``n``.

    Args:
        model: an unfitted estimator (cloned for every fit).
        X: the features.
        y: the labels.
        sizes: the numbers of rows to time.
        seed: the shuffle.
        repeats: fits per size; the fastest is kept (a busy machine only ever slows a fit).

    Returns:
        One row per size: ``n_rows``, ``seconds``.
    """
    order = np.random.default_rng(seed).permutation(len(X))
    rows = []
    for n_rows in sizes:
        chosen = order[:n_rows]
        timings = []
        for _ in range(repeats):
            start = time.perf_counter()
            clone(model).fit(X.iloc[chosen], y.iloc[chosen])
            timings.append(time.perf_counter() - start)
        rows.append({"n_rows": n_rows, "seconds": min(timings)})
    return pd.DataFrame(rows)


def fit_power_law(n_rows: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares fit of ``seconds = a · n_rows^b`` in log–log space.

    Returns:
        ``(a, b)``; ``b`` is how fast time grows: doubling the rows multiplies it by 2^b.
    """
    b, log_a = np.polyfit(np.log(n_rows), np.log(seconds), 1)
    return float(np.exp(log_a)), float(b)
