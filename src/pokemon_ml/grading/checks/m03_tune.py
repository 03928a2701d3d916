"""Check for exercise 3.3: the best model whose single-row latency fits a budget (``tune``).

The learner's ``tune(X, y, budget_ms)`` receives training rows only and returns a
fitted model. The model comes back as data (the sandbox's restricted unpickler takes
scikit-learn and XGBoost objects and the course's feature functions, never a function
of the learner's) and is judged here, in the grader's process:

* it is a model (``predict``), fitted, and predicts the type names it was given;
* its accuracy on creatures drawn *now* from an operating-system seed — never sent to
  the worker, unguessable — is at most ``ACCURACY_MARGIN`` below the course's
  ``make_model()`` trained on the same rows and scored on the same creatures;
* its single-row latency, timed here row by row alternately with that reference model,
  is at most ``BUDGET_MULTIPLE × TIMING_SLACK`` times the reference's. A ratio measured
  in one run, so a slow or busy machine slows both and fails no one.

The budget the learner receives is ``BUDGET_MULTIPLE`` × the reference's latency, measured
here just before the call, in milliseconds of this machine.
"""

from __future__ import annotations

import functools
import pickle
import secrets
import statistics
import time
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.features.pipeline import make_model
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m03_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.registry import register
from pokemon_ml.grading.sandbox import restricted_loads

__all__ = ["BUDGET_MULTIPLE", "single_row_latency_ms", "training_rows", "tune_in_sandbox"]

TRAIN_ROWS, TRAIN_SEED = 1_200, 6_061  # what tune receives (never the notebook's seed 42)
HELD_OUT_ROWS = 1_500  # scored on, drawn from a fresh seed at every check
BUDGET_MULTIPLE = 2.0  # the budget, in units of the reference model's single-row latency
TIMING_SLACK = 1.3  # timing noise allowed between the learner's clock and the grader's
ACCURACY_MARGIN = 0.03  # how far below the reference's held-out accuracy still passes
LATENCY_ROWS = 20  # rows predicted one at a time per measurement; the median counts
TOO_SLOW_S = 1.0  # a single-row prediction this slow ends the timing at once
EARLY_VERDICT_ROWS, CLEARLY_OVER = 5, 1.5  # after 5 rows, 1.5× the limit is a verdict


def single_row_latency_ms(model: Any, X: pd.DataFrame, n_rows: int = LATENCY_ROWS) -> float:
    """The median time ``model.predict`` takes on one row of ``X``, in milliseconds.

    The way the grader measures it: each of ``n_rows`` different rows predicted on its
    own (a one-row DataFrame), after one warm-up call, on one thread.

    Args:
        model: a fitted model.
        X: rows in the layout the model was trained on.
        n_rows: how many rows to time.
    """
    rows = [X.iloc[[i]] for i in range(min(n_rows, len(X)))]
    seconds = []
    with threadpool_limits(limits=1):
        model.predict(rows[0])
        for row in rows:
            start = time.perf_counter()
            model.predict(row)
            seconds.append(time.perf_counter() - start)
    return 1_000 * statistics.median(seconds)


@functools.cache
def training_rows() -> tuple[pd.DataFrame, pd.Series]:
    """The rows ``tune`` receives: every column but the type, and the type."""
    table = generate_pokemon(TRAIN_ROWS, TRAIN_SEED).to_pandas()
    return table.drop(columns=TARGET), table[TARGET]


@functools.cache
def reference_model() -> Pipeline:
    """The course's model on the same rows: the yardstick for accuracy and latency."""
    X, y = training_rows()
    with threadpool_limits(limits=1):
        return make_model().fit(X, y)


# ------------------------------------------------------------ in the worker
def tune_in_sandbox(tune: Any, X: pd.DataFrame, y: pd.Series, budget_ms: float) -> dict:
    """Call the learner's ``tune``; return its model, or why it cannot be handed over.

    A fitted search (``GridSearchCV`` and the like) is handed over as its
    ``best_estimator_``: the model its ``predict`` uses (its table of results holds
    masked arrays, which are not needed to grade it).
    """
    model = tune(X, y, budget_ms)
    after = (X, y)  # the grader compares them with its originals, in its own process
    model = getattr(model, "best_estimator_", model)
    try:
        restricted_loads(pickle.dumps(model))
    except Exception as error:  # noqa: BLE001 - refused or unpicklable: the message says what
        return {"refused": f"{type(error).__name__}: {error}", "after": after}
    return {"model": model, "after": after}


# ------------------------------------------------------------ in the grader
def _model_from(reply: dict, X: pd.DataFrame, y: pd.Series) -> Any:
    if not same_data((X, y), reply["after"]):
        raise WrongAnswer(
            "`tune` changed the X or y it was given. A search that edits its input surprises "
            "every caller that still needs the data: work on copies."
        )
    if "refused" in reply:
        raise WrongAnswer(
            f"The grader cannot take your model ({reply['refused']}). Build it from "
            "scikit-learn or XGBoost pieces and the course's `pokemon_ml.features` (`make_model`, "
            "`make_feature_pipeline`, `add_scale_free_features`): a function of your own inside "
            "it, a lambda too, cannot travel (unpickling one would run your code in the grader, "
            "and a lambda cannot be pickled at all)."
        )
    model = reply["model"]
    if isinstance(model, type) or not callable(getattr(model, "predict", None)):
        what = (
            f"the class {model.__name__}"
            if isinstance(model, type)
            else f"a {type(model).__name__}"
        )
        raise WrongAnswer(
            f"`tune` returned {what}. Return the fitted model itself (an object with `predict`), "
            "not its class, its score, its parameters or the table of search results."
        )
    if isinstance(model, BaseEstimator):
        try:
            check_is_fitted(model)
        except NotFittedError:
            raise WrongAnswer(_UNFITTED) from None
    return model


_UNFITTED = (
    "`tune` returned a model that is not fitted. After choosing, fit the winner on all of "
    "X and y, and return it fitted: the caller predicts with it straight away."
)


def _predict(model: Any, X: pd.DataFrame) -> np.ndarray:
    try:
        with threadpool_limits(limits=1):
            return np.asarray(model.predict(X))
    except NotFittedError:
        raise WrongAnswer(_UNFITTED) from None
    except Exception as error:  # noqa: BLE001 - the message is the feedback
        raise WrongAnswer(
            f"Your model could not predict new creatures given in X's layout "
            f"({type(error).__name__}: {str(error)[:300]})."
        ) from None


_LIMIT = BUDGET_MULTIPLE * TIMING_SLACK  # the latency ratio that passes


def _timed_ms(model: Any, reference: Any, X: pd.DataFrame) -> tuple[float, float]:
    """Single-row latencies of ``model`` and ``reference``, timed alternately, in ms."""
    rows = [X.iloc[[i]] for i in range(LATENCY_ROWS)]
    mine, theirs = [], []
    with threadpool_limits(limits=1):
        model.predict(rows[0]), reference.predict(rows[0])
        for number, row in enumerate(rows):
            pair = (model, reference) if number % 2 else (reference, model)
            for timed in pair:
                start = time.perf_counter()
                timed.predict(row)
                (mine if timed is model else theirs).append(time.perf_counter() - start)
            ratio = statistics.median(mine) / statistics.median(theirs)
            clearly_over = number >= EARLY_VERDICT_ROWS and ratio > CLEARLY_OVER * _LIMIT
            if mine[-1] > TOO_SLOW_S or clearly_over:
                break
    return 1_000 * statistics.median(mine), 1_000 * statistics.median(theirs)


@register(
    "3.3",
    module=MODULE,
    title="Tune the best model that fits a latency budget",
    function="tune",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=50,
    difficulty="hard",
    hints=(
        (
            "Two questions per candidate model: how accurate is it (cross-validation on X and "
            "y only) and how fast is it on one row (`single_row_latency_ms(fitted_model, X)`)? "
            "A candidate over `budget_ms` is out, however accurate."
        ),
        (
            "Candidates: `make_model(classifier)` with a few classifiers and settings — "
            "logistic regression with C from 0.1 to 10, a random forest with few or many "
            "trees. Time each fitted candidate first; cross-validate only those that fit."
        ),
        (
            "Return the winner *fitted on all of X and y*. Keep to scikit-learn (or XGBoost) "
            "pieces and `pokemon_ml.features`: a function of your own inside the model cannot "
            "travel to the grader."
        ),
    ),
    timeout_s=120.0,
)
def check_tune(candidate: Any) -> str:
    X, y = training_rows()
    reference = reference_model()
    budget_ms = round(BUDGET_MULTIPLE * single_row_latency_ms(reference, X), 2)
    model = _model_from(candidate_run(candidate, tune_in_sandbox, X, y, budget_ms), X, y)

    held_out = generate_pokemon(HELD_OUT_ROWS, secrets.randbelow(2**32)).to_pandas()
    X_new, y_new = held_out.drop(columns=TARGET), held_out[TARGET].to_numpy()
    predicted = _predict(model, X_new)
    if len(predicted) != len(y_new):
        raise WrongAnswer(
            f"Your model returned {len(predicted)} predictions for {len(y_new)} rows."
        )
    unknown = sorted({str(p) for p in predicted} - set(y.unique()))
    if unknown:
        raise WrongAnswer(
            f"Your model predicts values such as {', '.join(unknown[:3])}, which are not types in y. "
            "If you encoded the labels to train (XGBoost needs numbers), decode its predictions "
            "back to the type names, or let the model see the names."
        )
    mine_ms, reference_ms = _timed_ms(model, reference, X_new)
    ratio = mine_ms / reference_ms
    timing = (
        f"{mine_ms:.2f} ms per single-row prediction, {ratio:.1f}× the course model's "
        f"{reference_ms:.2f} ms, timed in the same run; the budget was {BUDGET_MULTIPLE:g}× "
        f"({budget_ms:.2f} ms when the check measured it)"
    )
    if ratio > _LIMIT:
        raise WrongAnswer(
            f"Your model is over budget: {timing}. The check allows {TIMING_SLACK:g}× the budget "
            "for timing noise. Measure each candidate's latency, and leave out those over the "
            "budget (a busy machine slows your measurements too: keep a margin)."
        )
    accuracy = float(np.mean(predicted.astype(str) == y_new))
    reference_accuracy = float(np.mean(_predict(reference, X_new) == y_new))
    scored = (
        f"{accuracy:.3f} on {HELD_OUT_ROWS:,} creatures it never saw (the course's `make_model()` "
        f"trained on the same rows: {reference_accuracy:.3f})"
    )
    if accuracy < reference_accuracy - ACCURACY_MARGIN:
        raise WrongAnswer(
            f"Your model fits the budget but scores {scored}. Within {ACCURACY_MARGIN} of it "
            "passes: compare more candidates by cross-validation, with the course's features."
        )
    return f"Accuracy {scored}; {timing}."
