"""The fast path: the fitted pipeline's arithmetic, redone in numpy on arrays.

Calling a fitted sklearn ``Pipeline`` on *one* row costs milliseconds, and almost
none of it is arithmetic: building a one-row DataFrame, checking column names and
dtypes at every step, and wrapping results back into frames. The arithmetic itself
is a few logs, a subtraction, a division and a dot product — microseconds.

``FastModel.from_pipeline`` reads the *fitted parameters* out of the course's
pipeline (the scaler's ``mean_`` and ``scale_``, the encoder's categories, the
classifier's coefficients) and ``predict_proba`` applies them to arrays in the same
order of operations. Equal to the pipeline? Never assume it — an exported model
that "should" match can be far off. ``tests/service`` proves it on 1,000 held-out
rows (≤ 1e-9); run that proof again for every new model.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from pokemon_ml.data.generate import STAT_COLUMNS
from pokemon_ml.features.engineering import ENGINEERED_COLUMNS, RAW_FEATURES

__all__ = ["NUMERIC_INPUTS", "FastModel", "rows_to_arrays"]

NUMERIC_INPUTS = RAW_FEATURES  # the numeric request fields, in the array's column order
_STATS = slice(0, len(STAT_COLUMNS))  # the six stats are RAW_FEATURES' first columns
_HEIGHT, _WEIGHT = RAW_FEATURES.index("height_m"), RAW_FEATURES.index("weight_kg")


def rows_to_arrays(rows: Sequence[dict]) -> tuple[np.ndarray, list[str | None]]:
    """Split request rows into the fast path's two inputs.

    Args:
        rows: dicts with every name in ``NUMERIC_INPUTS`` and ``secondary_type``.

    Returns:
        ``(numeric, secondary_types)``: a float64 array of shape (n_rows, 11) in
        ``NUMERIC_INPUTS`` order, and the secondary types (None where there is none).
    """
    numeric = np.array([[row[name] for name in NUMERIC_INPUTS] for row in rows], dtype=np.float64)
    return numeric, [row["secondary_type"] for row in rows]


@dataclass(frozen=True)
class FastModel:
    """The course pipeline's fitted parameters, applied with numpy.

    Build it with ``FastModel.from_pipeline(fitted_pipeline)``.
    """

    mean: np.ndarray  # (19,) the scaler's mean_ of raw + engineered columns
    scale: np.ndarray  # (19,) the scaler's scale_ (standard deviations)
    categories: tuple[str, ...]  # the one-hot encoder's secondary types, in column order
    classes: tuple[str, ...]  # the classifier's classes, in probability order
    coef: np.ndarray | None  # (n_classes, 25) for logistic regression, else None
    intercept: np.ndarray | None  # (n_classes,)
    classifier: ClassifierMixin | None  # any other classifier, fed arrays

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> FastModel:
        """Read the fitted parameters out of a ``make_model()`` pipeline.

        Raises:
            ValueError: ``pipeline`` is not shaped like the course's model (its
                steps, columns or encoder differ), so its arithmetic is unknown here.
        """
        try:
            columns = pipeline.named_steps["features"].named_steps["columns"]
            scaler = columns.named_transformers_["numeric"]
            encoder = columns.named_transformers_["secondary_type"]
            classifier = pipeline.named_steps["classifier"]
        except (AttributeError, KeyError) as error:
            raise ValueError(f"not the course's fitted pipeline: no step {error}") from None
        expected = [*RAW_FEATURES, *ENGINEERED_COLUMNS]
        if list(scaler.feature_names_in_) != expected or encoder.handle_unknown != "ignore":
            raise ValueError("the pipeline's columns differ from the course's feature pipeline")
        if isinstance(classifier, LogisticRegression):
            coef, intercept, other = classifier.coef_, classifier.intercept_, None
        else:  # trees and the rest: their own predict_proba, on arrays
            coef, intercept, other = None, None, copy.deepcopy(classifier)
            # Fitted on a DataFrame, sklearn would warn on every array: the names are
            # checked once here, by the column test above, not per request.
            del other.feature_names_in_
        return cls(
            mean=scaler.mean_,
            scale=scaler.scale_,
            categories=tuple(encoder.categories_[0]),
            classes=tuple(str(c) for c in classifier.classes_),
            coef=coef,
            intercept=intercept,
            classifier=other,
        )

    def features(self, numeric: np.ndarray, secondary_types: Sequence[str | None]) -> np.ndarray:
        """What the classifier sees: scaled raw + scale-free columns, then one-hot types.

        Args:
            numeric: (n_rows, 11) float64 in ``NUMERIC_INPUTS`` order.
            secondary_types: n_rows types, None (or an unknown type) for none.

        Returns:
            A (n_rows, 25) float64 array, column for column the pipeline's output.
        """
        log_stats = np.log(numeric[:, _STATS])
        relative = log_stats - log_stats.mean(axis=1, keepdims=True)
        log_density = np.log(numeric[:, _WEIGHT]) - 3 * np.log(numeric[:, _HEIGHT])
        log_base_total = np.log(numeric[:, _STATS].sum(axis=1))
        engineered = np.column_stack([relative, log_density, log_base_total])
        scaled = (np.hstack([numeric, engineered]) - self.mean) / self.scale
        one_hot = np.zeros((len(numeric), len(self.categories)))
        for row, value in enumerate(secondary_types):
            if value in self.categories:  # unknown or None: all zeros, as the encoder does
                one_hot[row, self.categories.index(value)] = 1.0
        return np.hstack([scaled, one_hot])

    def predict_proba(
        self, numeric: np.ndarray, secondary_types: Sequence[str | None]
    ) -> np.ndarray:
        """Class probabilities, shape (n_rows, n_classes), columns in ``classes`` order."""
        features = self.features(numeric, secondary_types)
        if self.classifier is not None:
            return self.classifier.predict_proba(features)
        logits = features @ self.coef.T + self.intercept
        if logits.shape[1] == 1:  # two classes: sklearn keeps one column of log-odds
            positive = 1.0 / (1.0 + np.exp(-logits[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        logits -= logits.max(axis=1, keepdims=True)  # softmax, safe from overflow
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)
