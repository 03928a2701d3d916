"""The monitoring stage (Module 5): is the model still seeing what it was trained on?

``drift``  PSI and KS for one feature; ``feature_drift`` for every feature
``logs``   prediction logs into a frame; time windows and their summaries
"""

from pokemon_ml.monitoring.drift import (
    PSI_ALERT,
    KSResult,
    feature_drift,
    ks_test,
    psi,
    psi_categorical,
)
from pokemon_ml.monitoring.logs import read_prediction_logs, window, window_summary

__all__ = [
    "PSI_ALERT",
    "KSResult",
    "feature_drift",
    "ks_test",
    "psi",
    "psi_categorical",
    "read_prediction_logs",
    "window",
    "window_summary",
]
