"""Recognising the mistakes of Module 2's try-its, so the feedback can name them.

Each ``require_*`` raises ``WrongAnswer`` saying what is wrong and why it matters;
the ``diagnose``-style helpers compare an answer with the known wrong ways to
compute it (the test rows' own means, means pooled over train and test, a ``+ 1``
in every denominator…) and return the message for the one it matches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from threadpoolctl import threadpool_limits

from pokemon_ml.features.correlation import ONE_BLAS_THREAD, scaled_logistic
from pokemon_ml.features.engineering import RAW_FEATURES
from pokemon_ml.features.pipeline import cv_accuracy
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m02_try_it_inputs import (
    as_series,
    course_labels,
    first_mismatch,
    same,
)
from pokemon_ml.grading.frames import as_pandas

__all__ = [
    "diagnose_normalised",
    "require_directions",
    "require_finite",
    "require_hp_and_defense_only",
    "require_nothing_lost",
    "size_and_balance_frame",
    "size_and_balance_report",
    "where_defense_is_positive",
]

DECIMALS = 9  # T2.1: values equal to this many decimals count as the same value
MIN_DIRECTION = 0.9  # T2.1: Spearman of size with hp+defense, of balance with defense/hp


# ---------------------------------------------------------------- T2.1
def size_and_balance_frame(result: Any, index: pd.Index) -> pd.DataFrame:
    """The answer as a float frame with columns ``size`` and ``balance`` on ``index``."""
    frame = as_pandas(result, "`size_and_balance`")
    if isinstance(result, pl.DataFrame):
        frame.index = index if len(frame) == len(index) else frame.index
    if sorted(map(str, frame.columns)) != ["balance", "size"]:
        raise WrongAnswer(
            "Return a DataFrame with exactly two columns, `size` and `balance`; yours has "
            f"{', '.join(f'`{c}`' for c in frame.columns) or 'no columns'}."
        )
    for column in ("size", "balance"):
        as_series(frame[column], index, f"Your `{column}` column")
    frame = frame.astype("float64")
    bad = ~np.isfinite(frame.to_numpy())
    if bad.any():
        raise WrongAnswer(
            f"{int(bad.sum())} of your values are NaN or infinite. Use operations that are "
            "defined for every stat from 1 to 255."
        )
    return frame


def require_hp_and_defense_only(candidate: Any, given: pd.DataFrame, got: pd.DataFrame) -> None:
    """The same hp and defense must give the same size and balance, whatever else changes."""
    shuffled = given.copy()
    rng = np.random.default_rng(0)
    for column in shuffled.columns.drop(["hp", "defense"]):
        shuffled[column] = shuffled[column].to_numpy()[rng.permutation(len(shuffled))]
    again = size_and_balance_frame(call_candidate(candidate, shuffled), given.index)
    if not (same(again["size"], got["size"]) and same(again["balance"], got["balance"])):
        raise WrongAnswer(
            "When only the other columns changed (hp and defense kept), your size and balance "
            "changed too: they must be computed from hp and defense alone (no other column, "
            "no random numbers)."
        )
    reordered = given.iloc[rng.permutation(len(given))]  # the same rows, in another order
    again = size_and_balance_frame(call_candidate(candidate, reordered), reordered.index)
    again = again.reindex(given.index)
    if not (same(again["size"], got["size"]) and same(again["balance"], got["balance"])):
        raise WrongAnswer(
            "When the same creatures came in another order, their size and balance changed: "
            "each row's values must come from its own hp and defense, not from its position "
            "(no running totals, shifts or row numbers)."
        )


def require_nothing_lost(given: pd.DataFrame, got: pd.DataFrame) -> None:
    """Different (hp, defense) pairs must never collapse into the same (size, balance)."""
    pairs = given[["hp", "defense"]].join(got[["size", "balance"]].round(DECIMALS))
    distinct = pairs.drop_duplicates()  # one row per different creature profile
    collided = distinct.duplicated(["size", "balance"], keep=False)
    if collided.any():
        clashing = distinct[collided]
        answer = clashing.iloc[0][["size", "balance"]]
        first = clashing[clashing[["size", "balance"]].eq(answer).all(axis=1)]
        shown = " and ".join(
            f"(hp {a}, defense {b})" for a, b in first[["hp", "defense"]].values[:2]
        )
        raise WrongAnswer(
            f"Creatures with {shown} got the same size and balance "
            f"({first['size'].iloc[0]:g}, {first['balance'].iloc[0]:g}), so a model can no "
            "longer tell them apart: information was lost. Choose two columns from which hp "
            "and defense could be worked out again."
        )


def require_directions(given: pd.DataFrame, got: pd.DataFrame) -> None:
    """``size`` rises with hp + defense; ``balance`` with defense relative to hp."""
    total = given["hp"] + given["defense"]
    tilt = given["defense"] / given["hp"]
    size_rho = got["size"].corr(total, method="spearman")
    balance_rho = got["balance"].corr(tilt, method="spearman")
    if size_rho < MIN_DIRECTION:
        raise WrongAnswer(
            f"`size` should grow with hp and defense together; its rank correlation with "
            f"hp + defense is {size_rho:+.2f}. Is it the column that says how much of both "
            "a creature has?"
        )
    if balance_rho < MIN_DIRECTION:
        flipped = " It runs the other way: flip it." if balance_rho <= -MIN_DIRECTION else ""
        raise WrongAnswer(
            f"`balance` should be larger when defense outweighs hp; its rank correlation with "
            f"defense / hp is {balance_rho:+.2f}.{flipped}"
        )


def size_and_balance_report(rows: pd.DataFrame, got: pd.DataFrame, r: float) -> str:
    """The success message: the pair's correlation, and the fixed model's score with it
    in place of hp and defense (measured on ``rows``, the course rows as generated)."""
    y = course_labels().reindex(rows.index)
    raw = rows[list(RAW_FEATURES)]
    replaced = raw.drop(columns=["hp", "defense"]).join(got[["size", "balance"]])
    with threadpool_limits(**ONE_BLAS_THREAD):
        both = cv_accuracy(scaled_logistic(), raw, y).mean()
        mine = cv_accuracy(scaled_logistic(), replaced, y).mean()
    return (
        f"Nothing lost and nearly uncorrelated: size and balance correlate at r = {r:+.2f} "
        f"(hp and defense: {rows['hp'].corr(rows['defense']):+.2f}). In place of hp and "
        f"defense they give the fixed model {mine:.1%} (keeping both: {both:.1%}): the same "
        "information, in two coefficients a person can read one at a time."
    )


# ---------------------------------------------------------------- T2.2
def require_finite(got: pd.Series, frame: pd.DataFrame, zero: pd.Series) -> None:
    """Every ratio finite; the message counts the bad ones and says where they are."""
    bad = ~np.isfinite(got)
    if bad.any():
        at_zero = int((bad & zero).sum())
        where = f"{at_zero} where defense is 0"
        if at_zero == bad.sum():
            where = "all of them where defense is 0"
        infinite = bad & (frame["attack"] > 0)  # show an inf (55 / 0) before a NaN (0 / 0)
        row = (infinite if infinite.any() else bad).idxmax()
        raise WrongAnswer(
            f"{int(bad.sum())} of your values are inf or NaN ({where}); e.g. attack "
            f"{frame.loc[row, 'attack']:g}, defense {frame.loc[row, 'defense']:g} gave "
            f"{got[row]}. Dividing by 0 in pandas does not raise: it returns inf (or NaN for "
            "0 / 0), and a scaler or a model fails on it later. Decide what a defense of 0 "
            "should mean."
        )


def where_defense_is_positive(got: pd.Series, frame: pd.DataFrame) -> str:
    """The feedback for ratios that are wrong where defense > 0 (a ``+ 1``, a ``//``…)."""
    attack, defense = frame["attack"].astype("float64"), frame["defense"].astype("float64")
    if same(got, attack / (defense + 1)):
        return (
            "On rows where defense is not 0 your values differ from attack / defense: adding 1 "
            "to the denominator fixes the zero but changes every other creature's ratio too "
            "(50 / 40 becomes 50 / 41). Change the denominator only where it is 0."
        )
    if same(got, np.floor(attack / defense)):
        return (
            "Your ratios are whole numbers: `//` is floor division and throws away the "
            "fraction (50 // 40 is 1, not 1.25). Use `/`."
        )
    return (
        "On rows where defense is not 0 your ratio should be exactly attack / defense, "
        + first_mismatch(attack / defense, got, frame, ["attack", "defense"])
        + "."
    )


# ---------------------------------------------------------------- T2.3
def diagnose_normalised(
    got: pd.Series,
    rows: pd.DataFrame,
    train: pd.DataFrame,
    test: pd.DataFrame,
    column: str,
    group: str,
    side: str,
) -> str:
    """Name the mistake when ``got`` matches a known wrong way to normalise ``rows``.

    Args:
        got: the learner's values for ``rows``.
        rows: the rows they belong to (``train`` or ``test``).
        train, test: the two frames the learner was given.
        column, group: what was normalised, by what.
        side: ``"train"`` or ``"test"``, for the message.

    Returns:
        The feedback: the named mistake, or the first row that differs.
    """
    both = pd.concat([train, test])
    pooled = both.groupby(group)[column].mean()
    own = rows.groupby(group)[column].mean()
    train_means = train.groupby(group)[column].mean()
    looked_up = rows[group].map(train_means).fillna(train[column].mean())
    known = {
        "pooled": rows[column] / rows[group].map(pooled),
        "own": rows[column] / rows[group].map(own),
        "overall": rows[column] / train[column].mean(),
        "subtracted": rows[column] - looked_up,
    }
    if same(got, known["pooled"]):
        return (
            f"Your {side} values were divided by group means computed on train *and* test "
            "together: the test rows leaked into the statistics. Learn the means from `train` "
            "only, then apply them to both."
        )
    if side == "test" and same(got, known["own"]):
        return (
            "Your test rows were divided by the *test set's own* group means. That uses the "
            "test rows to transform themselves (a leak), and a model in production, scoring "
            "one creature at a time, would have no such means. Use the training means."
        )
    if same(got, known["overall"]):
        return (
            f"Every {side} value was divided by one overall mean, not by its group's mean: "
            f"compute a mean of `{column}` per value of `{group}`."
        )
    if same(got, known["subtracted"]):
        return "You subtracted the group mean; this task divides by it (a ratio: 1.0 = typical)."
    return (
        f"Your {side} values differ from value ÷ training mean of its group, "
        + first_mismatch(rows[column] / looked_up, got, rows, [group, column])
        + "."
    )
