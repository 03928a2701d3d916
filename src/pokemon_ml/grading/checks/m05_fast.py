"""Check for exercise 5.2: ``fast_predict(payload)``, the tracker's "500 ms → under 100 ms".

``slow_predict`` (``pokemon_ml.serving.slow``) finds, verifies and loads the newest
artifact, builds a one-row DataFrame and runs the whole pipeline — on every call.
The learner's ``fast_predict`` must give the same probabilities (≤ ``TOLERANCE``) and
be at least ``MIN_SPEEDUP`` times faster, measured as a ratio in one run.

How the grader keeps it honest:

* the model is one the grader trains and saves as an artifact in a folder of its own
  (with settings the course never uses), and the worker's ``POKEMON_ML_ARTIFACTS_DIR``
  points there — a learner's own artifact, or any other model, gives other numbers;
* every payload is drawn fresh, and none is ever sent twice, so an answer cached by
  payload never helps; outputs are compared on every timed call as well;
* both paths are timed from outside the worker, around the whole request (sending
  the payload, the call, the answer), alternately in rounds, so a busy machine slows
  both alike; medians are compared;
* the package's own fast path (``FastModel``) is disarmed while the learner's code runs.
"""

from __future__ import annotations

import functools
import os
import statistics
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.features import TARGET, make_model
from pokemon_ml.grading.calling import WrongAnswer, call_candidate, candidate_run, time_calls
from pokemon_ml.grading.checks.m04_exercises import disarm
from pokemon_ml.grading.checks.m05_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.registry import register
from pokemon_ml.serving.schemas import INPUT_FIELDS
from pokemon_ml.serving.slow import slow_predict

__all__ = ["MIN_SPEEDUP", "fresh_payloads", "graded_artifacts"]

TOLERANCE = 1e-9
MIN_SPEEDUP = 5.0
ROUNDS, PER_ROUND = 3, 8  # timed calls: 3 rounds of 8 fast and 8 slow
WARM_UP = 3  # untimed calls first: loading the model once is allowed, and expected
CHECKED = 20  # payloads whose outputs are compared before any timing
ENVIRONMENT = "POKEMON_ML_ARTIFACTS_DIR"


@functools.cache
def graded_artifacts() -> Path:
    """A folder holding one artifact: a model the course never trains (C=0.37)."""
    from pokemon_ml.training.artifact import save_artifact
    from pokemon_ml.training.config import load_config
    from pokemon_ml.training.stages import TrainingResult

    train = generate_pokemon(1_000, 5_201).to_pandas()
    model = make_model(LogisticRegression(C=0.37, max_iter=2_000))
    model.fit(train.drop(columns=TARGET), train[TARGET])
    config = load_config().model_copy(update={"name": "graded"})
    folder = Path(tempfile.mkdtemp(prefix="pokemon-ml-5.2-"))
    save_artifact(TrainingResult(model, {}, "graded-data", config, 0.0), folder)
    return folder


def fresh_payloads(count: int, seed: int) -> list[dict]:
    """``count`` creatures as request payloads, none equal to another."""
    rows = generate_pokemon(count, seed).to_pandas()
    payloads = []
    for row in rows.to_dict("records"):
        payload = {f: (row[f].item() if isinstance(row[f], np.generic) else row[f]) for f in INPUT_FIELDS}
        if pd.isna(payload["secondary_type"]):
            payload["secondary_type"] = None
        payloads.append(payload)
    return payloads


def point_worker_at(fast_predict: Any, folder: str) -> bool:
    """Worker side: use the grader's artifacts folder, and disarm the package's fast path."""
    from pokemon_ml.serving import fast

    os.environ[ENVIRONMENT] = folder
    disarm(fast.FastModel.from_pipeline.__func__, fast.FastModel.predict_proba, fast.FastModel.features)
    return True


def _slow(payload: dict, folder: str) -> dict:
    return slow_predict(payload, folder)


def _compare(call: str, mine: Any, expected: dict) -> None:
    if not isinstance(mine, dict):
        raise WrongAnswer(
            f"{call} returned a {type(mine).__name__}; return what `slow_predict` returns: a "
            "dict from each type to its probability."
        )
    if set(map(str, mine)) != set(expected):
        raise WrongAnswer(
            f"{call} returned the keys {sorted(map(str, mine))}; `slow_predict` returns one "
            f"per type the model knows: {sorted(expected)}."
        )
    worst = max(abs(float(mine[k]) - v) if isinstance(mine[k], (int, float, np.floating)) else np.inf for k, v in expected.items())
    if not worst <= TOLERANCE:
        hint = (
            " A difference this small-but-visible is rounding: return the full floats."
            if worst < 1e-2
            else " Other numbers altogether: is it the same model (the newest artifact in "
            "`artifacts_dir()`, which the check points elsewhere), and the same steps "
            "(the scale-free features, the scaler, the one-hot secondary type, the softmax)?"
        )
        raise WrongAnswer(
            f"{call} differs from `slow_predict` by up to {worst:.3g} in a probability (at "
            f"most {TOLERANCE:g} allowed).{hint}"
        )


@register(
    "5.2",
    module=MODULE,
    title="The same answers, at least 5× faster",
    function="fast_predict",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=60,
    difficulty="hard",
    hints=(
        (
            "Two costs to remove. Loading: load the newest artifact once and keep it (a "
            "dict in the setup cell, or `functools.cache` on a loader). Per-call overhead: "
            "a one-row DataFrame through a Pipeline checks names and dtypes at every step; "
            "loading once alone gains only about 2×."
        ),
        (
            "Read the fitted parameters once: `model.named_steps['features']` holds the "
            "scale-free step and a ColumnTransformer whose `named_transformers_['numeric']` "
            "has `mean_` and `scale_`, and `['secondary_type']` has `categories_`; the "
            "classifier has `coef_`, `intercept_` and `classes_`."
        ),
        (
            "Then per call, in numpy: the 11 numbers in `RAW_FEATURES` order, the 8 "
            "scale-free columns (read `add_scale_free_features`), `(x - mean_) / scale_`, "
            "the one-hot secondary type, `x @ coef_.T + intercept_`, and a softmax "
            "(subtract the max first)."
        ),
    ),
    timeout_s=90.0,
)
def check_fast_predict(candidate: Any) -> str:
    folder = str(graded_artifacts())
    candidate_run(candidate, point_worker_at, folder)
    payloads = iter(fresh_payloads(WARM_UP + CHECKED + 2 * ROUNDS * PER_ROUND, 5_202))
    for _ in range(WARM_UP):
        call_candidate(candidate, next(payloads))
    for _ in range(CHECKED):
        payload = next(payloads)
        _compare(f"fast_predict({payload})", call_candidate(candidate, payload), slow_predict(payload, folder))
    fast_times, slow_times = [], []
    for _ in range(ROUNDS):
        batch = [(next(payloads),) for _ in range(PER_ROUND)]
        for (payload,), (mine, seconds) in zip(batch, time_calls(candidate, batch)):
            _compare("fast_predict (timed)", mine, slow_predict(payload, folder))
            fast_times.append(seconds)
        slow_batch = [(next(payloads), folder) for _ in range(PER_ROUND)]
        slow_times += [seconds for _, seconds in time_calls(_slow, slow_batch)]
    fast_ms, slow_ms = 1_000 * statistics.median(fast_times), 1_000 * statistics.median(slow_times)
    speedup = slow_ms / fast_ms
    measured = (
        f"median per call, timed from outside the worker: yours {fast_ms:.2f} ms, "
        f"`slow_predict` {slow_ms:.2f} ms — {speedup:.1f}× faster"
    )
    if speedup < MIN_SPEEDUP:
        raise WrongAnswer(
            f"Same answers, but not fast enough ({measured}; at least {MIN_SPEEDUP:g}× "
            "needed). Loading once gains about 2×; the rest is the Pipeline's per-call "
            "overhead on a one-row DataFrame: do the arithmetic in numpy from the fitted "
            "parameters."
        )
    budget = " (under 100 ms)" if fast_ms < 100 else ""
    return f"Same probabilities as `slow_predict` on {CHECKED + ROUNDS * PER_ROUND} fresh creatures; {measured}{budget}."
