"""Exam E2's grader, part 1: the learner's folds, candidates and results table, read and
recomputed in the grader's process.

The learner's ``credit_experiment`` returns its folds (row positions), its candidate
models (unfitted scikit-learn estimators, which travel back through the restricted
unpickler: library classes only), its results table and its choice. Everything here
runs on what came back, with the grader's own copy of the applications: folds must
respect time, the table must hold every model on every fold, and each of its numbers
must be what fitting that model on that fold's training rows gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from pokemon_ml.data.credit import (
    COLUMNS,
    CREDIT_TARGET,
    DATE_COLUMN,
    LEAK_COLUMNS,
    cost_per_1000,
)
from pokemon_ml.grading.calling import WrongAnswer

__all__ = [
    "EXPERIMENT_KEYS",
    "card_in_sandbox",
    "experiment_in_sandbox",
    "RESULT_COLUMNS",
    "Recomputed",
    "check_folds",
    "check_models",
    "check_results",
    "features_of",
    "positive_proba",
    "recompute",
]

EXPERIMENT_KEYS = {
    "folds": "a list of (training positions, validation positions) pairs, one per fold",
    "models": "a dict: name -> unfitted scikit-learn estimator with predict_proba",
    "results": "a DataFrame, one row per (model, fold): model, fold, auc, cost_per_1000, threshold",
    "chosen": "the name of the model you pick",
    "threshold": "reject when the chosen model's P(default) is at least this",
    "final_model": "the chosen model fitted on every application you were given",
}
RESULT_COLUMNS = ("model", "fold", "auc", "cost_per_1000", "threshold")
MIN_FOLDS = 3
MIN_MODELS = 3
MIN_FAMILIES = 2
MIN_VALID_ROWS = 100  # fewer and a fold's AUC and cost are noise
AUC_TOLERANCE = 0.002  # the table's AUC against the grader's refit
COST_TOLERANCE = 0.01  # relative, with COST_FLOOR: refits agree to far less than this
COST_FLOOR = 2.0  # per 1,000 applications
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
    with threadpool_limits(limits=1):
        experiment = credit_experiment(applications)
        reply: dict[str, Any] = {"experiment": experiment, "after": applications}
        if isinstance(experiment, dict) and "final_model" in experiment:
            _KEPT["experiment"] = experiment
            reply["experiment"] = {
                **experiment,
                "final_model": type(experiment["final_model"]).__name__,
            }
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


def _positions(value: Any, n_rows: int, where: str) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype == bool:
        raise WrongAnswer(
            f"{where} is a boolean mask; give row positions (integers, as `iloc` takes), "
            "like the index arrays `TimeSeriesSplit.split` yields."
        )
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        raise WrongAnswer(f"{where} should be a 1-D array (or list) of integer row positions.")
    if array.size and (array.min() < 0 or array.max() >= n_rows):
        raise WrongAnswer(
            f"{where} has positions outside 0..{n_rows - 1}: the data has {n_rows} rows."
        )
    if len(np.unique(array)) != len(array):
        raise WrongAnswer(f"{where} repeats row positions: each application is used once per fold.")
    return array


def check_folds(folds: Any, applications: pd.DataFrame) -> list[tuple[np.ndarray, np.ndarray]]:
    """The learner's folds as position arrays; each validates only on later applications."""
    if not isinstance(folds, (list, tuple)) or len(folds) < MIN_FOLDS:
        got = len(folds) if isinstance(folds, (list, tuple)) else type(folds).__name__
        raise WrongAnswer(
            f"`folds` should be a list of at least {MIN_FOLDS} (training, validation) pairs; "
            f"got {got}. One split is one noisy number: compare models on several folds "
            "(`list(splitter.split(...))` gives the list)."
        )
    dates = pd.to_datetime(applications[DATE_COLUMN]).to_numpy()
    checked = []
    for number, pair in enumerate(folds):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise WrongAnswer(
                f"Fold {number} should be a pair (training positions, validation positions)."
            )
        train = _positions(pair[0], len(applications), f"Fold {number}'s training part")
        valid = _positions(pair[1], len(applications), f"Fold {number}'s validation part")
        if len(train) == 0 or len(valid) < MIN_VALID_ROWS:
            raise WrongAnswer(
                f"Fold {number} has {len(train)} training and {len(valid)} validation rows; "
                f"each fold needs training rows and at least {MIN_VALID_ROWS} to validate on."
            )
        if np.intersect1d(train, valid).size:
            raise WrongAnswer(
                f"Fold {number} validates on {np.intersect1d(train, valid).size} application(s) "
                "it also trains on: a model scored on rows it has seen looks better than it is."
            )
        latest, earliest = dates[train].max(), dates[valid].min()
        if earliest < latest:
            raise WrongAnswer(_future_feedback(number, train, valid, dates))
        checked.append((train, valid))
    return checked


def _future_feedback(number: int, train: np.ndarray, valid: np.ndarray, dates: np.ndarray) -> str:
    early = int(np.sum(dates[valid] < dates[train].max()))
    day = lambda value: str(value)[:10]  # noqa: E731 - a date as YYYY-MM-DD
    contiguous = np.all(np.diff(np.sort(valid)) == 1)
    why = (
        "Its validation rows are one block of positions, but the rows are not in time order "
        f"(the file is ordered by `application_id`): sort by `{DATE_COLUMN}` before you cut "
        "blocks, and map the positions back."
        if contiguous
        else "That is what K-fold on shuffled rows does: every fold trains on the future."
    )
    return (
        f"Fold {number} trains on applications up to {day(dates[train].max())} and validates "
        f"on {early} dated earlier (from {day(dates[valid].min())}). {why} A lender only ever "
        "scores applications that come after its training data, and the world drifts: "
        "validation must walk forward in time — every validation application dated on or "
        "after every training application of its fold."
    )


def _final_estimator(model: Any) -> Any:
    while True:
        if hasattr(model, "steps"):
            model = model.steps[-1][1]
        elif (
            hasattr(model, "best_estimator_")
            or hasattr(model, "estimator")
            and hasattr(model, "param_grid")
        ):
            model = getattr(model, "estimator")
        else:
            return model


def check_models(models: Any) -> dict[str, Any]:
    """At least three distinct candidates, of at least two families, that can predict_proba."""
    if not isinstance(models, dict) or len(models) < MIN_MODELS:
        got = (
            f"{len(models)} model(s)" if isinstance(models, dict) else f"a {type(models).__name__}"
        )
        raise WrongAnswer(
            f"`models` should be a dict of at least {MIN_MODELS} candidates (name -> "
            f"unfitted estimator); got {got}. A choice needs alternatives: compare three or "
            "more on the same folds."
        )
    for name, model in models.items():
        if not isinstance(name, str):
            raise WrongAnswer(f"Name the models with strings; one is named {name!r}.")
        if not all(
            callable(getattr(model, m, None)) for m in ("fit", "predict_proba", "get_params")
        ):
            raise WrongAnswer(
                f"Model {name!r} is a {type(model).__name__}: each candidate should be a "
                "scikit-learn estimator (or Pipeline) with fit and predict_proba."
            )
    described = {
        name: f"{type(m).__name__}{sorted(map(repr, m.get_params().items()))}"
        for name, m in models.items()
    }
    if len(set(described.values())) < len(described):
        raise WrongAnswer(
            "Two of your candidates are the same estimator with the same settings: each "
            "candidate in `models` should be a different model."
        )
    families = {type(_final_estimator(m)).__name__ for m in models.values()}
    if len(families) < MIN_FAMILIES:
        raise WrongAnswer(
            f"Every candidate is a {families.pop()}. Compare different kinds of model (a "
            "linear model, a tree ensemble, gradient boosting…): settings of one model are "
            "tuning, not a comparison."
        )
    return models


def check_results(results: Any, models: dict, n_folds: int) -> pd.DataFrame:
    """The results table as pandas, one numeric row per (model, fold)."""
    if hasattr(results, "to_pandas"):
        results = results.to_pandas()
    if not isinstance(results, pd.DataFrame):
        raise WrongAnswer(
            f"`results` should be a DataFrame with columns {', '.join(RESULT_COLUMNS)}."
        )
    missing = [c for c in RESULT_COLUMNS if c not in results.columns]
    if missing:
        raise WrongAnswer(
            f"`results` has no column {', '.join(missing)}; it needs {', '.join(RESULT_COLUMNS)}."
        )
    for column in ("fold", "auc", "cost_per_1000", "threshold"):
        dtype = results[column].dtype
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            raise WrongAnswer(
                f"`results['{column}']` holds {dtype} values; it should hold numbers (a "
                "number written as text cannot be compared, sorted or averaged)."
            )
    table = results.loc[:, list(RESULT_COLUMNS)].copy()
    table["model"] = table["model"].astype(str)
    pairs = set(zip(table["model"], table["fold"].astype(int)))
    expected = {(name, fold) for name in models for fold in range(n_folds)}
    if len(table) != len(expected) or pairs != expected:
        lacking = sorted(expected - pairs)
        extra = sorted(pairs - expected)
        detail = (
            f"missing e.g. {lacking[0]}"
            if lacking
            else f"unexpected e.g. {extra[0]}"
            if extra
            else "repeated rows"
        )
        raise WrongAnswer(
            f"`results` should hold exactly one row per model and fold ({len(models)} models "
            f"x {n_folds} folds = {len(expected)} rows, `fold` numbered 0..{n_folds - 1} as in "
            f"`folds`); it has {len(table)} ({detail}). Every model on every fold: the same folds."
        )
    per_model = table.groupby("model")["threshold"].nunique()
    if (per_model > 1).any():
        raise WrongAnswer(
            f"Model {per_model[per_model > 1].index[0]!r} has a different threshold on each "
            "fold. A model is used with one threshold: choose it once, from all its "
            "validation predictions, then report every fold's cost at it."
        )
    if not table["threshold"].between(0, 1, inclusive="neither").all():
        raise WrongAnswer("Every threshold should be a probability strictly between 0 and 1.")
    return table.sort_values(["model", "fold"]).reset_index(drop=True)


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
