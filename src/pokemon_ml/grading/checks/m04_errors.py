"""Check for exercise 4.2: ``categorize_errors(errors)``.

The learner puts each misclassification into one category of the course's fixed
taxonomy (``pokemon_ml.evaluation.errors.TAXONOMY``: the first rule that holds, in
taxonomy order). The graded error sets come from ``make_error_set`` with seeds the
notebook never shows: a model's errors on fresh creatures with three causes planted
(heights in centimetres, types swapped, labels recorded wrongly), and an answer key.

Graded: every error gets exactly one category of the taxonomy (rows dropped, added or
left empty are named); near a threshold both neighbouring answers count (the key's
``acceptable`` sets, the tolerance for genuinely ambiguous rows), and every other row
must agree with the key. The sets plant each kind of trap: values out of range above
*and* below, in stats as well as sizes, and values exactly on a bound (valid). Feedback
counts, per category, how many rows agree and what the learner called the others —
never which rows, which differ per set anyway. While
the learner's function runs, the package's own ``categorize`` is disarmed.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.evaluation import errors as taxonomy
from pokemon_ml.evaluation.errors import TAXONOMY, make_error_set
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m04_exercises import (
    EXERCISE_SOLUTIONS,
    EXERCISES,
    MODULE,
    disarm,
    is_disarmed_call,
)
from pokemon_ml.grading.registry import register

__all__ = ["GRADED_SEEDS", "SAMPLE_SEED", "categorize_in_sandbox"]

SAMPLE_SEED = 4_200  # the error set the exercise notebook shows
GRADED_SEEDS = (4_201, 4_202)  # never shown
RULES = {
    "out_of_range": "a value outside `VALID_RANGES` (inclusive bounds)",
    "secondary_type": "`predicted_type` equals the creature's `secondary_type`",
    "suspect_label": f"`confidence` of at least {taxonomy.CONFIDENT}",
    "close_call": f"`confidence - true_type_proba` below {taxonomy.CLOSE_MARGIN}",
    "other": "none of the rules above holds",
}


def categorize_in_sandbox(categorize_errors: Callable[..., Any], errors: pd.DataFrame) -> dict:
    """Worker side: call the learner's function with the package's ``categorize`` disarmed.

    Returns:
        ``{"labels": list, "index": list | None}`` or ``{"problem": what it returned}``,
        with ``"after"``: the table as the learner left it; or ``{"package": True}`` if
        the learner called the package's answer.
    """
    disarm(taxonomy.categorize)
    try:
        result = categorize_errors(errors)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"package": True}
        raise
    reply = _labels(result)
    reply["after"] = errors  # compared with the original in the grader's process
    return reply


def _labels(result: Any) -> dict:
    if isinstance(result, pd.DataFrame) and result.shape[1] == 1:
        result = result.iloc[:, 0]
    if isinstance(result, pd.Series):
        return {"labels": result.tolist(), "index": result.index.tolist()}
    if isinstance(result, (list, tuple, np.ndarray, pd.Index, pd.Categorical)):
        return {"labels": list(np.asarray(result, dtype=object)), "index": None}
    return {"problem": type(result).__name__}


@functools.cache
def _graded(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    return make_error_set(seed)


def _aligned(reply: dict, errors: pd.DataFrame) -> list:
    """The learner's labels in ``errors``'s row order."""
    if "package" in reply:
        raise WrongAnswer(
            "`categorize_errors` called the course's own `categorize`. This exercise asks you "
            "to write the rules yourself (the check disarms the package's version while your "
            "function runs)."
        )
    if not same_data(errors, reply["after"]):
        raise WrongAnswer(
            "`categorize_errors` changed the errors table it was given (a column added, a "
            "value or the index changed). Work on a copy, or build the categories beside it: "
            "the caller still needs the table as it was."
        )
    if "problem" in reply:
        raise WrongAnswer(
            f"`categorize_errors` returned a {reply['problem']}; return a pandas Series with "
            "the errors' index (or a list in row order) of category names."
        )
    labels, index, n = reply["labels"], reply["index"], len(errors)
    if len(labels) != n:
        raise WrongAnswer(
            f"The errors table has {n} rows and you returned {len(labels)} categories. Every "
            "error gets exactly one category: do not drop rows (missing values, unusual "
            "ones) or add any."
        )
    if index is not None and index != errors.index.tolist():
        if sorted(map(str, index)) == sorted(map(str, errors.index)):
            by_label = dict(zip(index, labels))
            return [by_label[i] for i in errors.index]
        if index != list(range(n)):
            raise WrongAnswer(
                "Your Series's index is not the errors table's index (a creature id per row). "
                "Keep the index you were given, e.g. `pd.Series(..., index=errors.index)`."
            )
    return labels


def _verdict(labels: list, key: pd.DataFrame) -> str:
    empty = sum(1 for label in labels if not isinstance(label, str))
    if empty:
        raise WrongAnswer(
            f"{empty} error(s) got no category (None, NaN or a non-string). Every error gets one: "
            "when no rule holds, it is `other`."
        )
    unknown = sorted(set(labels) - set(TAXONOMY))
    if unknown:
        raise WrongAnswer(
            f"{', '.join(map(repr, unknown))} is not in the taxonomy. Use exactly these names: "
            f"{', '.join(TAXONOMY)} (a fixed taxonomy is what makes counts comparable)."
        )
    if len(set(labels)) == 1 and key["category"].nunique() > 1:
        raise WrongAnswer(
            f"Every error got the same category, `{labels[0]}`. The point of a taxonomy is to "
            "tell causes apart: apply each rule, in the taxonomy's order, to each row."
        )
    right = np.array([label in accepted for label, accepted in zip(labels, key["acceptable"])])
    if right.all():
        counts = Counter(labels)
        return ", ".join(f"{counts[c]} {c}" for c in TAXONOMY)
    problems = []
    for category in TAXONOMY:
        members = (key["category"] == category).to_numpy()
        if right[members].all():
            continue
        said = Counter(label for label, m, r in zip(labels, members, right) if m and not r)
        spread = ", ".join(f"{count} `{label}`" for label, count in said.most_common())
        problems.append(
            f"* `{category}` ({RULES[category]}): {int(members.sum())} errors, you agree on "
            f"{int(right[members].sum())}; you called the others {spread}"
        )
    raise WrongAnswer(
        f"You agree with the taxonomy on {int(right.sum())} of {len(labels)} errors. Where you "
        "differ, by the taxonomy's category:\n\n"
        + "\n".join(problems)
        + "\n\nThe rules are tried in the taxonomy's order and the first that holds wins; "
        "the bounds of `VALID_RANGES` are valid values. (Near the 0.90 and 0.10 thresholds "
        "either neighbouring category already counts as right.)"
    )


@register(
    "4.2",
    module=MODULE,
    title="Put every error into the taxonomy",
    function="categorize_errors",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=35,
    difficulty="medium",
    hints=(
        (
            "One boolean Series per rule, then combine them in the taxonomy's order. "
            "`np.select([rule1, rule2, ...], ['out_of_range', 'secondary_type', ...], "
            "default='other')` picks the first rule that holds."
        ),
        (
            "out_of_range: start from all False and OR in `~errors[col].between(low, high)` "
            "for each column of `VALID_RANGES`. `between` is inclusive, like the bounds."
        ),
        (
            "Compare `predicted_type` with `secondary_type` directly: a missing secondary "
            "type (NaN) never equals anything. The margin is `confidence - true_type_proba` "
            "(not the second-best probability). Return `pd.Series(..., index=errors.index)`."
        ),
    ),
)
def check_categorize_errors(candidate: Any) -> str:
    reports = []
    for seed in GRADED_SEEDS:
        errors, key = _graded(seed)
        reply = candidate_run(candidate, categorize_in_sandbox, errors)
        reports.append(f"{len(errors)} errors ({_verdict(_aligned(reply, errors), key)})")
    return (
        "Every error is in the taxonomy and each planted cause is found, on two batches "
        f"you never saw: {'; '.join(reports)}."
    )
