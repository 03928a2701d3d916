"""Check for exercise 2.2: repair the leaky experiment (``fixed_pipeline`` + ``LEAKS_FOUND``).

The learner hands over an *unfitted* pipeline. The grader fits it inside the sandbox
(``candidate_run``) on exports the notebook never shows, split by creature ``id`` so
no duplicate straddles the split, and gets back only predictions; the held-out
labels never leave this process, so the score is computed here and cannot be read
or bent by the learner's code. What it catches, each with its own message:

* a pipeline handed over already fitted (any step, also one hidden behind a
  ``FunctionTransformer`` or ``FrozenEstimator``);
* preprocessing done outside the pipeline: fitting on the raw export fails, or the
  score falls below the honest band (the course's ``make_model`` on the same split);
* the label-derived column still used: shuffling it among the held-out rows changes
  the predictions, or the score is far above the honest band;
* leaks missed or steps wrongly accused in ``LEAKS_FOUND`` (counted, never named;
  checked before the fits, which take the time).
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from pokemon_ml.data.export import make_export
from pokemon_ml.data.generate import TYPES, generate_pokemon
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.features.leaky import LEAKY_STEPS
from pokemon_ml.features.pipeline import make_model
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, candidate_value
from pokemon_ml.grading.checks.m02_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.checks.m02_feature_frames import ONE_BLAS_THREAD
from pokemon_ml.grading.checks.m02_pipeline_probes import fit_and_predict, inspect_pipeline
from pokemon_ml.grading.registry import register

__all__ = ["GRADED_EXPORTS", "LEAK_IDS", "graded_split", "reference_accuracy"]

# The steps of ``leaky_experiment`` that leak; the others only look suspicious.
LEAK_IDS = frozenset(
    {"color_one_hot", "trainer_encoding", "scaler_on_all_rows", "random_row_split"}
)
GRADED_EXPORTS = ((1_000, 1_301), (1_000, 2_027))  # (creatures, seed): never the notebook's 42
HELD_OUT_SHARE = 0.3  # share of the creatures (ids) held out
SCORE_BAND = 0.07  # accuracy this far from the honest reference's, either way, is not honest
LABEL_DERIVED = "sprite_color"


class Split(NamedTuple):
    X_train: pd.DataFrame
    y_train: pd.Series
    X_test: pd.DataFrame
    y_test: np.ndarray  # stays in the grader's process
    X_test_recoloured: pd.DataFrame  # the label-derived column shuffled among held-out rows


@functools.cache
def graded_split(n_rows: int, seed: int) -> Split:
    """An export of fresh creatures, split by ``id``: every copy of a creature on one side."""
    export = make_export(generate_pokemon(n_rows, seed), seed)[0].to_pandas()
    rng = np.random.default_rng([seed, 22])
    ids = export["id"].unique()
    held_out = rng.choice(ids, size=round(HELD_OUT_SHARE * len(ids)), replace=False)
    in_test = export["id"].isin(held_out).to_numpy()
    train, test = export[~in_test], export[in_test]
    X_test = test.drop(columns=TARGET)
    recoloured = X_test.assign(**{LABEL_DERIVED: rng.permutation(X_test[LABEL_DERIVED].to_numpy())})
    return Split(
        train.drop(columns=TARGET), train[TARGET], X_test, test[TARGET].to_numpy(), recoloured
    )


@functools.cache
def reference_accuracy(n_rows: int, seed: int) -> float:
    """The honest pipeline's accuracy on the same split (computed here, never sent)."""
    split = graded_split(n_rows, seed)
    with threadpool_limits(**ONE_BLAS_THREAD):
        predicted = make_model().fit(split.X_train, split.y_train).predict(split.X_test)
    return float(np.mean(predicted == split.y_test))


# ---------------------------------------------------------------- 2.2 fixed_pipeline
@register(
    "2.2",
    module=MODULE,
    title="Find the leaks and repair the pipeline",
    function="fixed_pipeline",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=45,
    difficulty="hard",
    hints=(
        (
            "For each step, ask: could anything the model is scored on (a held-out row, a copy "
            "of one, their labels) change what it learns? A step that learns from every row "
            "(a mean, an encoding, a scaler) before the split leaks, however small its effect "
            "on the score."
        ),
        (
            "A column that is a function of the label is the worst leak there is. A step that "
            "looks at one row at a time learns nothing from the other rows. And a row is only "
            "held out if no copy of it is in the training rows."
        ),
        (
            "Build a `Pipeline` whose first step takes the raw export (a `FunctionTransformer` "
            "for row-wise features, a `ColumnTransformer` that picks and scales the columns "
            "you keep) and whose last step is the classifier. Return it unfitted: the grader "
            "fits it on its own training rows, split by id."
        ),
    ),
    timeout_s=60.0,
    also=("LEAKS_FOUND",),
)
def check_fixed_pipeline(candidate: Any) -> str:
    shape = candidate_run(candidate, inspect_pipeline)
    if not shape["estimator"]:
        raise WrongAnswer(
            f"`fixed_pipeline()` returned a {shape['type']}; the exercise asks for an unfitted "
            "scikit-learn pipeline (an object with `fit` and `predict`) that the grader fits "
            "itself."
        )
    if shape["fitted"]:
        raise WrongAnswer(
            f"`fixed_pipeline()` hands over a pipeline with parts already fitted "
            f"({', '.join(shape['fitted'])}). Return it unfitted: whatever was fitted before "
            "the split has seen the rows it will be scored on. The grader fits it on its own "
            "training rows."
        )
    _require_leaks(candidate_value(candidate, "LEAKS_FOUND"))
    scores, references = [], []
    for n_rows, seed in GRADED_EXPORTS:
        split = graded_split(n_rows, seed)
        reply = candidate_run(
            candidate,
            fit_and_predict,
            split.X_train,
            split.y_train,
            [split.X_test, split.X_test_recoloured],
        )
        predicted, recoloured = _predictions(reply, len(split.y_test))
        # A pipeline that never reads the column predicts exactly the same: any change counts.
        changed = int(np.sum(predicted != recoloured))
        if changed:
            raise WrongAnswer(
                "The grader shuffled one column of the export among its held-out creatures, a "
                f"column no honest model needs, and {changed:,} of your {len(predicted):,} "
                "predictions changed. Your pipeline still reads a column derived from the "
                "label: find it, and leave it out of the pipeline."
            )
        scores.append(float(np.mean(predicted == split.y_test)))
        references.append(reference_accuracy(n_rows, seed))
    score, reference = float(np.mean(scores)), float(np.mean(references))
    measured = (
        f"Your pipeline scores {score:.3f} on creatures it never saw (split by id, "
        f"{len(GRADED_EXPORTS)} exports the notebook does not show); an honest pipeline with "
        f"the experiment's features scores {reference:.3f} on the same rows."
    )
    if score > reference + SCORE_BAND:
        raise WrongAnswer(
            f"{measured} That is too good to be true: something the model should not know "
            "still reaches it."
        )
    if score < reference - SCORE_BAND:
        raise WrongAnswer(
            f"{measured} Keep every step of the experiment that does not leak, each done "
            "inside the pipeline: is one missing, or done outside it?"
        )
    return f"{measured} No leak reaches it, and LEAKS_FOUND names every leak and nothing else."


def _predictions(reply: dict, n_expected: int) -> tuple[np.ndarray, np.ndarray]:
    if "fit_error" in reply:
        error = reply["fit_error"]
        rows = (
            " A pipeline cannot drop rows: duplicates are handled by how you split, before "
            "anything is fitted."
            if "inconsistent numbers of samples" in error
            else ""
        )
        raise WrongAnswer(
            f"Fitting your pipeline on the export failed: {error}. The grader fits it on the "
            "export as it comes, every column but `primary_type` (text columns included), "
            "so the pipeline must do every step itself: pick the columns, build the features, "
            f"scale them.{rows}"
        )
    if "predict_error" in reply:
        raise WrongAnswer(
            f"Your pipeline fitted, then failed to predict held-out rows: {reply['predict_error']}."
        )
    predicted, recoloured = (np.asarray(p, dtype=object) for p in reply["predictions"])
    if len(predicted) != n_expected:
        raise WrongAnswer(
            f"Your pipeline returned {len(predicted):,} predictions for {n_expected:,} rows: "
            "one prediction per row is expected."
        )
    strangers = sorted(set(predicted) - set(TYPES))
    if strangers:
        raise WrongAnswer(
            f"Your pipeline predicts {', '.join(map(repr, strangers[:3]))}, which is not a "
            "type. `predict` should return types, as the labels it was fitted on are: "
            "predict probabilities or codes elsewhere, not in the pipeline you hand over."
        )
    return predicted, recoloured


def _require_leaks(found: Any) -> None:
    if not isinstance(found, (set, frozenset, list, tuple)) or not all(
        isinstance(step, str) for step in found
    ):
        raise WrongAnswer(
            "`LEAKS_FOUND` should be a set of step ids (strings such as "
            f"{next(iter(LEAKY_STEPS))!r}), got {type(found).__name__}."
        )
    unknown = sorted(set(found) - set(LEAKY_STEPS))
    if unknown:
        raise WrongAnswer(
            f"`LEAKS_FOUND` holds {', '.join(map(repr, unknown))}, which is not a step id of "
            f"the experiment. The ids are: {', '.join(LEAKY_STEPS)}."
        )
    found_leaks = len(set(found) & LEAK_IDS)
    accused = len(set(found) - LEAK_IDS)
    if found_leaks < len(LEAK_IDS) or accused:
        parts = [f"names {found_leaks} of the experiment's {len(LEAK_IDS)} leaks"]
        if accused:
            parts.append(f"accuses {accused} step(s) that do not leak")
        raise WrongAnswer(
            f"`LEAKS_FOUND` {' and '.join(parts)}. A step leaks "
            "when something the model is scored on (a held-out row, a copy of one, their "
            "labels) shapes what it learns, however small the effect on the score. Looking "
            "suspicious is not leaking: ask what each step learns, and from which rows."
        )
