"""Has the input changed? Drift statistics for one feature, and for every feature.

* **PSI** (population stability index) bins the *reference* (training) values and
  compares the share of each bin now: ``Σ (cur − ref) · ln(cur / ref)``. A size of
  change, not a test: < 0.1 stable, 0.1–0.2 moderate, > 0.2 act (the industry's
  rule of thumb). For a category, each category is a bin.
* **KS** (Kolmogorov–Smirnov) is the largest gap between the two empirical CDFs,
  with a p-value: "could both samples come from one distribution?". With thousands
  of rows it calls tiny, harmless shifts significant — read it with PSI, not alone.

``feature_drift`` flags a feature when its PSI reaches ``PSI_ALERT``; a small sample
gives PSI noise of about (bins − 1)·(1/n_ref + 1/n_cur), far below the threshold
for the hundreds of rows a day brings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["PSI_ALERT", "KSResult", "feature_drift", "ks_test", "psi", "psi_categorical"]

PSI_ALERT = 0.2  # a feature whose PSI reaches this has drifted enough to act
N_BINS = 10  # quantile bins of the reference
EPSILON = 1e-4  # the share given to an empty bin, so ln(0) never happens


def _psi_from_shares(reference: np.ndarray, current: np.ndarray) -> float:
    reference = np.clip(reference, EPSILON, None)
    current = np.clip(current, EPSILON, None)
    return float(np.sum((current - reference) * np.log(current / reference)))


def psi(reference: Sequence[float], current: Sequence[float], n_bins: int = N_BINS) -> float:
    """Population stability index of a numeric feature.

    Args:
        reference: the values the model was trained on (NaNs dropped).
        current: the values seen now.
        n_bins: bins at the reference's quantiles (fewer when values repeat).

    Returns:
        PSI ≥ 0; 0 when the binned shares are identical.
    """
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    reference, current = reference[~np.isnan(reference)], current[~np.isnan(current)]
    # Inner edges at the reference's quantiles; values beyond them fall in the end bins.
    edges = np.unique(np.quantile(reference, np.linspace(0, 1, n_bins + 1)[1:-1]))
    ref_counts = np.bincount(
        np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1
    )
    cur_counts = np.bincount(
        np.searchsorted(edges, current, side="right"), minlength=len(edges) + 1
    )
    return _psi_from_shares(ref_counts / len(reference), cur_counts / len(current))


def psi_categorical(reference: Sequence, current: Sequence) -> float:
    """PSI of a categorical feature: each category (missing included) is a bin.

    A category never seen in the reference gets the empty-bin share there, so a new
    category appearing in production raises PSI, as it should.
    """
    ref = pd.Series(reference, dtype=object).fillna("<missing>")
    cur = pd.Series(current, dtype=object).fillna("<missing>")
    categories = sorted(set(ref) | set(cur), key=str)
    ref_share = ref.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
    cur_share = cur.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
    return _psi_from_shares(ref_share, cur_share)


@dataclass(frozen=True)
class KSResult:
    statistic: float  # the largest vertical gap between the two empirical CDFs
    p_value: float  # asymptotic: P(a gap this large | one distribution)


def ks_test(reference: Sequence[float], current: Sequence[float]) -> KSResult:
    """Two-sample Kolmogorov–Smirnov test, the statistic computed with numpy.

    Both empirical CDFs are evaluated at every observed value; the statistic is the
    largest difference. The p-value comes from the Kolmogorov distribution
    (``scipy.stats.kstwo``), as ``scipy.stats.ks_2samp(method="asymp")`` computes it.
    """
    reference = np.sort(np.asarray(reference, dtype=float))
    current = np.sort(np.asarray(current, dtype=float))
    values = np.concatenate([reference, current])
    cdf_ref = np.searchsorted(reference, values, side="right") / len(reference)
    cdf_cur = np.searchsorted(current, values, side="right") / len(current)
    statistic = float(np.max(np.abs(cdf_ref - cdf_cur)))
    n, m = len(reference), len(current)
    effective_n = round(n * m / (n + m))
    p_value = float(np.clip(stats.kstwo.sf(statistic, effective_n), 0.0, 1.0))
    return KSResult(statistic, p_value)


def feature_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    features: Sequence[str] | None = None,
    psi_alert: float = PSI_ALERT,
) -> pd.DataFrame:
    """Drift of every feature between a reference frame and a current one.

    Args:
        reference: the training data (or a healthy week of logs).
        current: the window to check.
        features: the columns to compare; every column both frames share if None.
        psi_alert: the PSI at which a feature is flagged.

    Returns:
        One row per feature, most drifted first: ``feature``, ``kind`` (numeric or
        categorical), ``psi``, ``ks_statistic`` and ``p_value`` (numeric only; NaN for
        categories) and ``drifted`` (PSI ≥ ``psi_alert``).
    """
    if features is None:
        features = [c for c in reference.columns if c in current.columns]
    rows = []
    for name in features:
        numeric = pd.api.types.is_numeric_dtype(reference[name]) and not pd.api.types.is_bool_dtype(
            reference[name]
        )
        if numeric:
            ks = ks_test(reference[name].dropna(), current[name].dropna())
            score, statistic, p_value = (
                psi(reference[name], current[name]),
                ks.statistic,
                ks.p_value,
            )
        else:
            score, statistic, p_value = (
                psi_categorical(reference[name], current[name]),
                np.nan,
                np.nan,
            )
        rows.append(
            {
                "feature": name,
                "kind": "numeric" if numeric else "categorical",
                "psi": score,
                "ks_statistic": statistic,
                "p_value": p_value,
                "drifted": score >= psi_alert,
            }
        )
    return pd.DataFrame(rows).sort_values("psi", ascending=False, ignore_index=True)
