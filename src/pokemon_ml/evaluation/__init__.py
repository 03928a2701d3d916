"""The evaluation stage (Module 4): honest numbers about a trained model.

``metrics``      per-class reports, everything at a threshold, cost per threshold, Wilson intervals
``calibration``  reliability tables and calibrating a fitted model
``slices``       metrics per slice with sample sizes and intervals; the worst slice
``errors``       error analysis: the fixed taxonomy, error tables, exercise 4.2's error sets
``legendary``    the imbalanced binary task (is a sighting legendary?)
``card``         model cards: built from model and data, the review board's policy, Markdown
``review``       the model under review: the newest artifact and its held-out rows
"""

from pokemon_ml.evaluation.calibration import calibrate, reliability_table
from pokemon_ml.evaluation.card import (
    MAX_SLICE_GAP,
    MIN_ACCURACY,
    RECOMMENDATIONS,
    build_model_card,
    data_sha256,
    recommend,
    render_markdown,
    write_model_card,
)
from pokemon_ml.evaluation.errors import TAXONOMY, VALID_RANGES, categorize, error_table
from pokemon_ml.evaluation.legendary import (
    FIELD_FEATURES,
    LEGENDARY,
    field_season,
    make_legendary_model,
)
from pokemon_ml.evaluation.metrics import (
    cost_by_threshold,
    per_class_report,
    threshold_report,
    wilson_interval,
)
from pokemon_ml.evaluation.review import latest_artifact, model_under_review
from pokemon_ml.evaluation.slices import MIN_SLICE_ROWS, slice_name, slice_table, worst_slice

__all__ = [
    "FIELD_FEATURES",
    "LEGENDARY",
    "MAX_SLICE_GAP",
    "MIN_ACCURACY",
    "MIN_SLICE_ROWS",
    "RECOMMENDATIONS",
    "TAXONOMY",
    "VALID_RANGES",
    "build_model_card",
    "calibrate",
    "categorize",
    "cost_by_threshold",
    "data_sha256",
    "error_table",
    "field_season",
    "latest_artifact",
    "make_legendary_model",
    "model_under_review",
    "per_class_report",
    "recommend",
    "reliability_table",
    "render_markdown",
    "slice_name",
    "slice_table",
    "threshold_report",
    "wilson_interval",
    "worst_slice",
    "write_model_card",
]
