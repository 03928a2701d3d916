"""The features stage (Module 2): scale-free features and the shared sklearn pipeline."""

from pokemon_ml.features.engineering import (
    ENGINEERED_COLUMNS,
    RAW_FEATURES,
    TARGET,
    add_scale_free_features,
)
from pokemon_ml.features.pipeline import (
    CV_FOLDS,
    CV_SEED,
    cv_accuracy,
    make_baseline_model,
    make_feature_pipeline,
    make_model,
)

__all__ = [
    "CV_FOLDS",
    "CV_SEED",
    "ENGINEERED_COLUMNS",
    "RAW_FEATURES",
    "TARGET",
    "add_scale_free_features",
    "cv_accuracy",
    "make_baseline_model",
    "make_feature_pipeline",
    "make_model",
]
