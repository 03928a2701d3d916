"""The training pipeline, one small function per stage.

    load → validate → split → build → fit → evaluate

``run_training`` chains them; a notebook can call any stage on its own to look at
what it produces. Every stage is deterministic given the configuration's seed, so
the same configuration on the same data gives the same metrics, on any machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import Pipeline

from pokemon_ml.data.datasets import data_dir, file_sha256, load_dataset
from pokemon_ml.data.schemas import POKEMON_SCHEMA
from pokemon_ml.features.pipeline import MAX_ITER, make_model
from pokemon_ml.training.config import TrainingConfig

__all__ = [
    "STAGES",
    "DataValidationError",
    "TrainingResult",
    "build_model",
    "evaluate_model",
    "fit_model",
    "load_data",
    "run_training",
    "split_data",
    "validate_data",
]

STAGES = ("load", "validate", "split", "build", "fit", "evaluate")
StepCallback = Callable[[int, str], None]  # (stage number from 1, stage name)


class DataValidationError(ValueError):
    """The training data breaks the schema; the message counts the failures."""


@dataclass(frozen=True)
class TrainingResult:
    """What a run produced: the fitted model, its metrics and the data's version."""

    model: Pipeline
    metrics: dict[str, float]  # the same for the same config, data and seed
    data_sha256: str
    config: TrainingConfig
    fit_seconds: float  # how long fitting took (varies from run to run)


def load_data(config: TrainingConfig) -> tuple[pd.DataFrame, str]:
    """The configured data set and the SHA-256 of its file (the data's version)."""
    frame = load_dataset(config.data.dataset)
    return frame, file_sha256(data_dir() / f"{config.data.dataset}.parquet")


def validate_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Check ``frame`` against ``POKEMON_SCHEMA`` (lazily: every failure at once)."""
    try:
        return POKEMON_SCHEMA.validate(frame, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
        columns = sorted({str(c) for c in cases["column"].dropna()})
        raise DataValidationError(
            f"the training data breaks the schema in {len(cases)} place(s), "
            f"columns {columns}: fix the data before training on it"
        ) from None


def split_data(frame: pd.DataFrame, config: TrainingConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out ``test_share`` of the rows, stratified by the target, seeded."""
    return train_test_split(
        frame,
        test_size=config.data.test_share,
        stratify=frame[config.data.target],
        random_state=config.seed,
    )


def build_model(config: TrainingConfig) -> Pipeline:
    """The course's feature pipeline followed by the configured classifier (unfitted)."""
    params = dict(config.model.params)
    kinds = {
        "logistic_regression": lambda: LogisticRegression(max_iter=MAX_ITER, **params),
        "random_forest": lambda: RandomForestClassifier(random_state=config.seed, **params),
        "hist_gradient_boosting": lambda: HistGradientBoostingClassifier(
            random_state=config.seed, **params
        ),
    }
    try:
        classifier = kinds[config.model.kind]()
    except TypeError as error:  # an unknown parameter name for this classifier
        raise ValueError(f"model.params: {error}") from None
    return make_model(classifier)


def fit_model(model: Pipeline, train: pd.DataFrame, config: TrainingConfig) -> Pipeline:
    """Fit on the training rows only (the target column is not a feature)."""
    target = config.data.target
    return model.fit(train.drop(columns=[target]), train[target])


def evaluate_model(
    model: Pipeline,
    train: pd.DataFrame,
    test: pd.DataFrame,
    config: TrainingConfig,
    unfitted: Pipeline,
) -> dict[str, float]:
    """Cross-validated accuracy on the training rows, and held-out test metrics."""
    target = config.data.target
    folds = StratifiedKFold(n_splits=config.cv_folds, shuffle=True, random_state=config.seed)
    cv = cross_val_score(unfitted, train.drop(columns=[target]), train[target], cv=folds)
    predicted = model.predict(test.drop(columns=[target]))
    return {
        "cv_accuracy_mean": float(np.mean(cv)),
        "cv_accuracy_std": float(np.std(cv)),
        "test_accuracy": float(accuracy_score(test[target], predicted)),
        "test_macro_f1": float(f1_score(test[target], predicted, average="macro")),
        "n_train": len(train),
        "n_test": len(test),
    }


def run_training(config: TrainingConfig, on_step: StepCallback | None = None) -> TrainingResult:
    """Run every stage in order.

    Args:
        config: the run's configuration.
        on_step: called as ``on_step(number, name)`` before each stage (a progress bar).

    Returns:
        The fitted model, its metrics, the data's SHA-256 and the fitting time.
    """

    def step(name: str) -> None:
        if on_step is not None:
            on_step(STAGES.index(name) + 1, name)

    step("load")
    frame, data_sha256 = load_data(config)
    step("validate")
    frame = validate_data(frame)
    step("split")
    train, test = split_data(frame, config)
    step("build")
    model = build_model(config)
    step("fit")
    start = time.perf_counter()
    fitted = fit_model(build_model(config), train, config)
    fit_seconds = time.perf_counter() - start
    step("evaluate")
    metrics = evaluate_model(fitted, train, test, config, unfitted=model)
    return TrainingResult(fitted, metrics, data_sha256, config, fit_seconds)
