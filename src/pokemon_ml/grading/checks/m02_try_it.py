"""Checks for Module 2's inline "try it" tasks (T2.1–T2.3), in ``02_eda_and_features.py``.

Each task is small, so each check is about one idea, tested where it breaks:

* T2.1 ``size_and_balance`` — two columns that replace hp and defense, read on
  their own: built from hp and defense only, nearly uncorrelated, and losing
  nothing (different hp/defense pairs never collapse into the same pair).
* T2.2 ``safe_power_ratio`` — attack ÷ defense, finite where defense is 0 and
  unchanged everywhere else, on frames with zeros the course data never has.
* T2.3 ``per_group_normalise`` — statistics learned from the training rows only,
  on test rows whose groups differ from training (and include one it never saw).

Inputs are built from the generator (``m02_try_it_inputs``), so edits to ``data/``
cannot change a grade; the known wrong answers are recognised in
``m02_try_it_mistakes``. The learner's code only runs through ``call_candidate``;
every expected value is computed in the grader.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m02_try_it_inputs import (
    COLLIDING_PAIRS,
    RELATIVE_TOLERANCE,
    as_series,
    course_rows,
    first_mismatch,
    frames_with_zero_defense,
    same,
    train_test_cases,
    with_pairs_that_collide,
)
from pokemon_ml.grading.checks.m02_try_it_mistakes import (
    diagnose_normalised,
    require_directions,
    require_finite,
    require_hp_and_defense_only,
    require_nothing_lost,
    size_and_balance_frame,
    size_and_balance_report,
    where_defense_is_positive,
)
from pokemon_ml.grading.registry import register

__all__ = ["check_per_group_normalise", "check_safe_power_ratio", "check_size_and_balance"]

MODULE = 2
NOTEBOOK = "02_eda_and_features.py"
SOLUTION = "exercises/solutions/02_try_it.py"
MAX_PAIR_CORRELATION = 0.3  # T2.1: |Pearson r| of size and balance, to be read one by one
MAX_SAFE_RATIO = 1_000.0  # T2.2: far above any real attack/defense (at most 255 / 1)


# ---------------------------------------------------------------- T2.1 size_and_balance
@register(
    "T2.1",
    module=MODULE,
    title="Replace hp and defense by size and balance",
    function="size_and_balance",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=10,
    difficulty="easy",
    hints=(
        "hp and defense rise together because both grow with the creature's overall strength. "
        "One new column should carry that shared part (how much of both), the other the part "
        "they disagree on (which of the two is larger).",
        "Two columns that keep all the information can be turned back into hp and defense: "
        "from a sum and a difference you can solve for both. From a sum and a mean you cannot.",
        "`size = hp + defense` and `balance = defense - hp` (or `defense / hp`); return "
        "`pd.DataFrame({'size': ..., 'balance': ...}, index=df.index)`.",
    ),
    timeout_s=20.0,
)
def check_size_and_balance(candidate: Any) -> str:
    given = with_pairs_that_collide(course_rows())
    got = size_and_balance_frame(call_candidate(candidate, given), given.index)
    require_hp_and_defense_only(candidate, given, got)
    require_nothing_lost(given, got)
    course, mine = given.iloc[len(COLLIDING_PAIRS) :], got.iloc[len(COLLIDING_PAIRS) :]
    r = mine["size"].corr(mine["balance"])
    if abs(r) > MAX_PAIR_CORRELATION:
        raise WrongAnswer(
            f"Your size and balance correlate at r = {r:+.2f} (hp and defense: "
            f"{course['hp'].corr(course['defense']):+.2f}), so their coefficients still share "
            f"credit. Aim for |r| ≤ {MAX_PAIR_CORRELATION}: one column for what hp and defense "
            "have in common, one for how they differ."
        )
    require_directions(course, mine)
    return size_and_balance_report(course, mine, r)


# ---------------------------------------------------------------- T2.2 safe_power_ratio
@register(
    "T2.2",
    module=MODULE,
    title="A power ratio that survives a defense of 0",
    function="safe_power_ratio",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=5,
    difficulty="easy",
    hints=(
        "Run `df['attack'] / df['defense']` on a row with defense 0 and look: pandas does not "
        "raise, it returns `inf` (or `NaN` for 0 / 0), and a scaler or a model fails later.",
        "Decide what a defense of 0 *means*: the weakest defense there is, like a defense of 1 "
        "(the smallest real value). A ratio with that denominator is finite and keeps the order.",
        "Change only the denominator, and only where it is 0: `df['defense'].clip(lower=1)` "
        "or `df['defense'].replace(0, 1)`. Adding 1 everywhere changes every other row.",
    ),
    timeout_s=20.0,
)
def check_safe_power_ratio(candidate: Any) -> str:
    n_zero = 0
    for frame in frames_with_zero_defense():
        got = as_series(
            call_candidate(candidate, frame), frame.index, "What `safe_power_ratio` returned"
        )
        attack, defense = frame["attack"].astype("float64"), frame["defense"].astype("float64")
        zero = defense == 0
        n_zero += int(zero.sum())
        require_finite(got, frame, zero)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = attack / defense
        if not same(got[~zero], ratio[~zero]):
            raise WrongAnswer(where_defense_is_positive(got[~zero], frame[~zero]))
        too_small = got[zero] < attack[zero] * (1 - RELATIVE_TOLERANCE)
        if too_small.any():
            row = (attack - got)[zero][too_small].idxmax()  # the most telling row
            raise WrongAnswer(
                f"With attack {attack[row]:g} and defense 0 your ratio is {got[row]:g}: smaller "
                f"than the same attack against a defense of 1 ({attack[row]:g}). A creature with "
                "no defense at all is not *harder* to beat; a 0 or a typical value here says "
                "the opposite of what the row means. Treat a defense of 0 like the weakest real "
                "defense."
            )
        too_big = got[zero] > MAX_SAFE_RATIO
        if too_big.any():
            row = got[zero][too_big].idxmax()
            raise WrongAnswer(
                f"With attack {attack[row]:g} and defense 0 your ratio is {got[row]:.3g}, while "
                "no real attack / defense exceeds 255. That happens when you divide by a tiny "
                "number (1e-9) or turn inf into the largest float: after scaling, that one "
                "creature squashes every other ratio to the same value. Keep it in range."
            )
    return (
        f"Finite on all {n_zero} rows with defense 0, and exactly attack / defense on every "
        "other row, on three frames (the course table with zeros planted, a single row, "
        "and float columns)."
    )


# ---------------------------------------------------------------- T2.3 per_group_normalise
@register(
    "T2.3",
    module=MODULE,
    title="Normalise per group, fitted on training rows",
    function="per_group_normalise",
    notebook=NOTEBOOK,
    solution=SOLUTION,
    minutes=10,
    difficulty="easy",
    hints=(
        "Compute the group means once, from `train` only: "
        "`means = train.groupby(group)[column].mean()`. Both outputs divide by these.",
        "`test[group].map(means)` looks up each test row's training mean; a group that never "
        "appears in `train` gives NaN there: fill it with `train[column].mean()`.",
        "Return a tuple `(train_values, test_values)`, each a Series with its own frame's "
        "index. Nothing is ever computed *from* `test`: its rows are only transformed.",
    ),
    timeout_s=20.0,
)
def check_per_group_normalise(candidate: Any) -> str:
    for train, test, column, group in train_test_cases():
        result = call_candidate(candidate, train, test, column, group)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise WrongAnswer(
                "Return two things, `(train_values, test_values)`: one Series for the training "
                f"rows and one for the test rows (got {type(result).__name__})."
            )
        got_train = as_series(result[0], train.index, "The train values you returned")
        got_test = as_series(result[1], test.index, "The test values you returned")
        means = train.groupby(group)[column].mean()
        overall = train[column].mean()
        expected_train = train[column] / train[group].map(means)
        expected_test = test[column] / test[group].map(means).fillna(overall)
        unseen = ~test[group].isin(means.index)
        case = f"(`{column}` by `{group}`)"
        if not same(got_train, expected_train):
            raise WrongAnswer(
                diagnose_normalised(got_train, train, train, test, column, group, "train")
                + f" {case}"
            )
        if not same(got_test, expected_test):
            if got_test[unseen].isna().any() and same(got_test[~unseen], expected_test[~unseen]):
                value = test.loc[unseen, group].iloc[0]
                raise WrongAnswer(
                    f"Test rows whose {group} ({value}) never appears in `train` got NaN. A "
                    f"group the model has not seen still needs a value: divide by the overall "
                    f"training mean of `{column}`."
                )
            if same(got_test[~unseen], expected_test[~unseen]):
                raise WrongAnswer(
                    f"Test rows whose {group} never appears in `train` should be divided by the "
                    f"overall mean of `{column}` in `train`; "
                    + first_mismatch(
                        expected_test[unseen], got_test[unseen], test[unseen], [group, column]
                    )
                    + "."
                )
            raise WrongAnswer(
                diagnose_normalised(got_test, test, train, test, column, group, "test") + f" {case}"
            )
    return (
        "Right on both cases: every value divided by its group's mean from the training rows, "
        "unseen groups by the overall training mean — nothing learned from the test rows."
    )
