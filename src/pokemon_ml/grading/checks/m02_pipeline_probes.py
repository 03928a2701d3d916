"""Exercise 2.2's helpers that run *inside* the grading sandbox, on the learner's pipeline.

``candidate_run(candidate, helper, *args)`` imports these by name in the worker and
calls ``helper(fixed_pipeline, *args)``; they return plain data only (class names,
predictions as strings, an error message), so nothing the learner wrote crosses
back, and the held-out labels are never among their arguments.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from pokemon_ml.grading.checks.m02_feature_frames import ONE_BLAS_THREAD

__all__ = ["fit_and_predict", "inspect_pipeline"]

ERROR_CHARS = 300  # of a fit's error message, quoted in feedback
MAX_DEPTH = 20  # how deep the search for fitted parts looks into a pipeline
DATA_LIBRARIES = {"builtins", "numpy", "pandas", "polars", "pyarrow", "scipy"}  # not searched


def inspect_pipeline(fixed_pipeline: Any) -> dict:
    """What ``fixed_pipeline()`` returns: its type, and the parts of it already fitted."""
    pipeline = fixed_pipeline()
    return {
        "type": type(pipeline).__name__,
        "estimator": callable(getattr(pipeline, "fit", None))
        and callable(getattr(pipeline, "predict", None)),
        "fitted": _fitted_parts(pipeline),
    }


def fit_and_predict(fixed_pipeline: Any, X_train: Any, y_train: Any, test_frames: list) -> dict:
    """Fit a new pipeline on the training rows; predict each frame of ``test_frames``."""
    pipeline = fixed_pipeline()
    with threadpool_limits(**ONE_BLAS_THREAD):  # small fits: one BLAS thread is faster
        try:
            pipeline.fit(X_train, y_train)
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001 - the message is the feedback
            return {"fit_error": _short(error)}
        try:
            predictions = [[str(p) for p in np.asarray(pipeline.predict(X))] for X in test_frames]
        except NotImplementedError:
            raise
        except Exception as error:  # noqa: BLE001 - the message is the feedback
            return {"predict_error": _short(error)}
    return {"predictions": predictions}


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS] + " …"


def _fitted_parts(pipeline: Any) -> list[str]:
    """Class names of every estimator in ``pipeline`` that is already fitted, looking
    through steps, attributes, bound methods, partials and closures."""
    found: list[str] = []
    seen: set[int] = set()

    def visit(value: Any, depth: int) -> None:
        if id(value) in seen or depth > MAX_DEPTH:
            return
        seen.add(id(value))
        name = type(value).__name__
        if isinstance(value, BaseEstimator) and name not in found and _is_fitted(value):
            found.append(name)
        for child in _parts(value):
            visit(child, depth + 1)

    visit(pipeline, 0)
    inner = [name for name in found if name not in ("Pipeline", "ColumnTransformer")]
    return inner or found


def _parts(value: Any) -> list:
    """What ``value`` holds that could hold an estimator (never the data libraries' objects)."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (list, tuple, set, frozenset)):
        return list(value)
    if isinstance(value, functools.partial):
        return [value.func, value.args, value.keywords]
    if inspect.ismethod(value):
        return [value.__self__]
    if inspect.isfunction(value):
        cells = []
        for cell in value.__closure__ or ():
            try:
                cells.append(cell.cell_contents)
            except ValueError:  # an empty cell
                continue
        return cells
    library = type(value).__module__.split(".")[0]
    if inspect.ismodule(value) or isinstance(value, type) or library in DATA_LIBRARIES:
        return []
    return list(getattr(value, "__dict__", {}).values())  # an estimator's (or object's) attributes


def _is_fitted(estimator: BaseEstimator) -> bool:
    try:
        if not get_tags(estimator).requires_fit:
            return False  # stateless (a FunctionTransformer): nothing to fit
        check_is_fitted(estimator)
    except NotFittedError:
        return False
    except Exception:  # noqa: BLE001 - not a scikit-learn estimator after all
        return False
    return True
