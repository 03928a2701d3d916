"""Exam E2's grader, part 2: the learner's code run in the worker (its experiment and
card, its final model's predictions), and the grader's own refit of every candidate on
every fold, with the columns known only after the outcome shuffled to catch a leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from pokemon_ml.data import credit
from pokemon_ml.data.credit import COLUMNS, CREDIT_TARGET, LEAK_COLUMNS, cost_per_1000
from pokemon_ml.grading.calling import WrongAnswer
from pokemon_ml.grading.checks.m04_exercises import disarm, is_disarmed_call

__all__ = [
    "Recomputed",
    "card_in_sandbox",
    "experiment_in_sandbox",
    "features_of",
    "fit",
    "leak_feedback",
    "leaked_column",
    "positive_proba",
    "recompute",
]

LEAK_SHUFFLE_SEED = 11


_KEPT: dict[str, Any] = {}  # worker side: the learner's experiment, for their card


def experiment_in_sandbox(
    credit_experiment: Any, applications: pd.DataFrame, later: pd.DataFrame
) -> dict:
    # ``later`` holds the later applications' features only.
    """Worker side: the learner's experiment, and the final model's P(default) on the
    applications and on the later ones (features only: their outcomes never leave the
    grader). The fitted model itself stays here: fitted estimators may hold objects the
    restricted unpickler refuses (a fitted HistGradientBoosting keeps a numpy Generator).

    The fits run on one thread each: two cores are shared with the grader, and OpenMP
    and BLAS threads fighting over them are many times slower.
    """
    disarm(credit.make_credit)  # the grader's populations are generated, never shown
    try:
        with threadpool_limits(limits=1):
            experiment = credit_experiment(applications)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"generated": True}
        raise
    reply: dict[str, Any] = {"experiment": experiment, "after": applications}
    if isinstance(experiment, dict) and "final_model" in experiment:
        _KEPT["experiment"] = experiment
        reply["experiment"] = {
            **experiment,
            "final_model": type(experiment["final_model"]).__name__,
        }
        with threadpool_limits(limits=1):
            reply["final"] = _final_predictions(experiment["final_model"], applications, later)
    return reply


def _final_predictions(final: Any, applications: pd.DataFrame, later: pd.DataFrame) -> dict:
    if not callable(getattr(final, "predict_proba", None)):
        return {
            "error": f"`final_model` is a {type(final).__name__}; it should be the chosen model, fitted."
        }
    try:
        return {
            "given": positive_proba(final, features_of(applications)),
            "later": positive_proba(final, later),
        }
    except Exception as error:  # noqa: BLE001 - not fitted, or fitted on other columns
        return {
            "error": f"`final_model.predict_proba` raised {type(error).__name__}: {error}. Return "
            "the chosen model fitted on every application you were given (without "
            f"`{CREDIT_TARGET}`)."
        }


def card_in_sandbox(write_model_card: Any, applications: pd.DataFrame) -> dict:
    """Worker side: the learner's card of their own experiment (as it was returned, the
    fitted final model included), and the applications as they are after the call."""
    with threadpool_limits(limits=1):
        card = write_model_card(_KEPT["experiment"], applications)
    return {"card": card, "after": applications}


def features_of(applications: pd.DataFrame) -> pd.DataFrame:
    """What every model is fitted on: the applications without the target column."""
    return applications.drop(columns=CREDIT_TARGET)


def positive_proba(model: Any, X: pd.DataFrame) -> np.ndarray:
    """P(default) from a fitted classifier, whichever way its classes are labelled."""
    proba = np.asarray(model.predict_proba(X), dtype=float)
    classes = [
        bool(c) if isinstance(c, (bool, np.bool_, int, np.integer)) else c for c in model.classes_
    ]
    if True not in classes:
        raise WrongAnswer(
            f"A model's classes are {list(model.classes_)}: fit it on `{CREDIT_TARGET}` "
            "(True/False or 1/0) so that predict_proba has a column for default."
        )
    return proba[:, classes.index(True)]


@dataclass
class Recomputed:
    """The grader's refit of every (model, fold): the table, and the validation predictions."""

    table: pd.DataFrame  # model, fold, auc, cost_per_1000
    oof: dict[str, tuple[np.ndarray, np.ndarray]]  # model -> (validation truth, proba)
    fitted_last: dict[str, Any]  # model -> fitted on the last fold's training rows


def recompute(
    models: dict, folds: list, applications: pd.DataFrame, table: pd.DataFrame
) -> Recomputed:
    """Fit every model on every fold's training rows, score its validation rows."""
    X, y = features_of(applications), applications[CREDIT_TARGET].to_numpy().astype(bool)
    thresholds = table.groupby("model")["threshold"].first()
    rows, oof, fitted = [], {}, {}
    for name, model in models.items():
        truths, probas = [], []
        for number, (train, valid) in enumerate(folds):
            fitted_model = fit(model, X.iloc[train], y[train], name)
            proba = positive_proba(fitted_model, X.iloc[valid])
            rows.append({
                "model": name, "fold": number,
                "auc": float(roc_auc_score(y[valid], proba)),
                "cost_per_1000": cost_per_1000(y[valid], proba, float(thresholds[name])),
            })  # fmt: skip
            truths.append(y[valid])
            probas.append(proba)
        oof[name] = (np.concatenate(truths), np.concatenate(probas))
        fitted[name] = fitted_model
    return Recomputed(pd.DataFrame(rows), oof, fitted)


def fit(model: Any, X: pd.DataFrame, y: np.ndarray, name: str) -> Any:
    """A fresh copy of ``model`` fitted here; the learner's error named if it cannot be."""
    try:
        with threadpool_limits(limits=1):
            return clone(model).fit(X, y)
    except Exception as error:  # noqa: BLE001 - the learner's model: its error is the feedback
        raise WrongAnswer(
            f"Fitting a fresh copy of model {name!r} on a fold's training rows raised "
            f"{type(error).__name__}: {error}. The grader fits `clone(model)` on the "
            f"applications without `{CREDIT_TARGET}` (every other column, as you were "
            "given them): your models must take that frame as it is."
        ) from None


def leaked_column(model: Any, X_valid: pd.DataFrame) -> str | None:
    """The first column known only after the outcome that ``model``'s predictions use."""
    base = positive_proba(model, X_valid)
    rng = np.random.default_rng(LEAK_SHUFFLE_SEED)
    for column in LEAK_COLUMNS:
        shuffled = X_valid.copy()
        shuffled[column] = rng.permutation(shuffled[column].to_numpy())
        if np.max(np.abs(positive_proba(model, shuffled) - base)) > 1e-9:
            return column
    return None


def leak_feedback(name: str, column: str) -> str:
    return (
        f"Model {name!r} uses `{column}`: shuffling that column changes its predictions. "
        f"`{column}` is {COLUMNS[column][0]}, known {COLUMNS[column][1]} — the servicing team "
        "records it after the loan has (or has not) defaulted. At decision time it is blank, "
        "so the validation scores it earns are not real. Keep to the columns known at "
        "application."
    )
