"""Exam E2's grader, part 1: the learner's folds, candidates and results table, read in
the grader's process.

The learner's ``credit_experiment`` returns its folds (row positions), its candidate
models (unfitted scikit-learn estimators, which travel back through the restricted
unpickler: library classes only), its results table and its choice. Folds must respect
time, the candidates must be real alternatives, and the table must hold every model on
every fold, in numbers (``e2_refit`` then recomputes each of them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.credit import DATE_COLUMN
from pokemon_ml.grading.calling import WrongAnswer

__all__ = [
    "AUC_TOLERANCE",
    "COST_FLOOR",
    "COST_TOLERANCE",
    "EXPERIMENT_KEYS",
    "RESULT_COLUMNS",
    "check_folds",
    "check_models",
    "check_results",
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
