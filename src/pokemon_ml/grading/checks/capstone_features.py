"""Capstone criterion 2 (15 points): leakage-free features.

``add_features`` runs on hidden listings (the course's last year and the quarter after).
Its result must be a frame of finite numbers, one row per listing in the order given,
the same on a second call, with its input untouched; otherwise 0 points, the sentence
saying which. Then:

* it must not move when ``price_usd``, ``sold_price_usd`` or ``days_to_sell`` are
  shuffled or blanked (0 points if it does, naming the column it leans on);
* the same listings in reverse order must get the same rows reversed (0 points if not:
  a sort, or a shift across rows, puts predictions on other listings);
* each listing must get the same features alone, and in another batch, as in the whole
  table (9 of 15 if not: the service prices one listing at a time).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from pokemon_ml.grading.calling import CandidateRaised, NotAttempted, WrongAnswer, call_candidate
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_populations import (
    AFTER_SALE,
    blanked,
    not_attempted,
    sample_listings,
)
from pokemon_ml.grading.checks.m02_feature_frames import (
    changed_columns,
    describe_value,
    feature_frame,
    first_non_finite,
)
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["grade_features"]

SINGLE_ROWS = 6  # listings the grader sends alone, one call each
LEAK_FREE_POINTS, ROW_POINTS = 9.0, 6.0


@criterion(2, "Leakage-free features", 15)
def grade_features(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """``add_features``: leak-free, row by row, finite numbers, same rows, input untouched."""
    given = sample_listings()
    where = f"On {len(given):,} hidden listings"
    try:
        first = _features(box, given, where)
    except NotAttempted:
        raise not_attempted(("add_features",), "criterion 2") from None
    if changed_columns(first, _features(box, given, where, first)):
        return 0.0, (
            "`add_features` gives other numbers for the same listings on a second call: keep "
            "random numbers out of features (a listing must always get the same input)."
        )
    rng = np.random.default_rng(31)
    shuffled = given.copy()
    for column in AFTER_SALE:
        shuffled[column] = given[column].to_numpy()[rng.permutation(len(given))]
    leaks = []
    for variant, how in ((shuffled, "shuffled"), (blanked(given), "blanked")):
        try:  # breaking without them (NaN features, an error) is leaning on them too
            if changed_columns(first, _features(box, variant, where, first)):
                leaks.append(how)
        except (WrongAnswer, CandidateRaised):
            leaks.append(how)
    if leaks:
        column = _leaning_on(box, given, first, where)
        what = "the price you are predicting" if column == "price_usd" else "known after a sale"
        return 0.0, (
            f"Your features change when price_usd, sold_price_usd and days_to_sell are "
            f"{' or '.join(leaks)}: they use `{column}` ({what}), which the service never has "
            "when a card is listed. Build them "
            "from the decision-time columns only (listed_at, pokemon_id, set_name, rarity, "
            "edition, condition_grade, language) and what follows from those."
        )
    backwards = given.iloc[::-1]
    moved = changed_columns(
        first.iloc[::-1], _features(box, backwards, where, first).set_axis(first.index[::-1])
    )
    if moved:  # the same rows, so the same batch statistics: only their order differs
        return 0.0, (
            f"On the same listings in reverse order, your features differ (in {_names(moved)}): "
            "return the rows in the order given, each computed from its own row (no sorting, "
            "no shift, diff or cumulative sum across rows), or predictions land on other listings."
        )
    different = _row_dependence(box, given, first, where)
    if different:
        return LEAK_FREE_POINTS, (
            f"Leak-free, but {different}: a feature computed from the batch (its mean, the "
            "categories present in it, `pd.get_dummies`) gives a listing other numbers when it "
            "arrives alone at the service. Use fixed category lists and constants."
        )
    return LEAK_FREE_POINTS + ROW_POINTS, (
        f"{len(first.columns)} finite numeric features, unchanged when the price and "
        "after-sale columns are shuffled or blanked, the same for a listing alone as in a "
        "batch, and the input left as it was."
    )


class _OtherColumns(WrongAnswer):
    """The features of other rows came with other columns."""


def _features(
    box: Sandbox, given: pd.DataFrame, where: str, first: pd.DataFrame | None = None
) -> pd.DataFrame:
    result = call_candidate(box, given, answer="add_features")
    if callable(getattr(result, "fit", None)):
        raise WrongAnswer(
            f"`add_features` returned a {type(result).__name__}; return the feature table "
            "itself (a DataFrame of numbers, one row per listing)."
        )
    frame = feature_frame(result, given, "add_features", where)
    if not len(frame.columns):
        raise WrongAnswer("`add_features` returned no columns: a model needs features.")
    if first is not None and list(map(str, frame.columns)) != list(map(str, first.columns)):
        raise _OtherColumns(
            f"{where}, `add_features` returned other columns for other rows "
            f"({len(frame.columns)} instead of {len(first.columns)}, or in another order): a "
            "model trained on one table and used on another needs the same columns, in the "
            "same order, for any rows. Build one-hot columns from fixed lists of categories."
        )
    bad = first_non_finite(frame)
    if bad is not None:
        column, _, n_bad, value = bad
        raise WrongAnswer(
            f"{where}, feature `{column}` is {describe_value(value)} in {n_bad:,} row(s): a "
            "model needs a finite number in every cell (an ungraded card has no grade: what "
            "number should it get, and which column tells the model it is ungraded?)."
        )
    return frame


def _leaning_on(box: Sandbox, given: pd.DataFrame, first: pd.DataFrame, where: str) -> str:
    """The after-sale column whose blanking moves the features most."""
    moved = {}
    for column in AFTER_SALE:
        try:
            features = _features(box, blanked(given, (column,)), where, first)
        except (WrongAnswer, CandidateRaised):
            moved[column] = len(first.columns) + 1  # it broke without that column
            continue
        moved[column] = len(changed_columns(first, features))
    return max(AFTER_SALE, key=lambda column: moved[column])


def _row_dependence(
    box: Sandbox, given: pd.DataFrame, first: pd.DataFrame, where: str
) -> str | None:
    """How a listing's features depend on the other rows of its batch, or None."""
    order = np.random.default_rng(5).permutation(len(given))[:120]
    part = given.iloc[order]
    try:
        part_features = _features(box, part, where, first)
    except _OtherColumns:
        return "a batch of 120 of the same listings in another order gets other columns"
    expected = first.iloc[order].set_axis(part.index)
    moved = changed_columns(expected, part_features)
    if moved:
        return (
            f"a batch of 120 of the same listings in another order gets other values "
            f"(in {_names(moved)})"
        )
    picks = _single_rows(given)
    for position in picks:
        row = given.iloc[[position]]
        try:
            alone = _features(box, row, "On one listing alone", first)
        except _OtherColumns:
            return "one listing alone gets other columns than the batch (other categories present)"
        moved = changed_columns(first.iloc[[position]].set_axis(row.index), alone)
        if moved:
            return f"a listing alone gets other values than in the batch (in {_names(moved)})"
    return None


def _single_rows(given: pd.DataFrame) -> list[int]:
    """Positions of listings unlike the rest: ungraded, the newest set, a 10, a rare kind."""
    wanted = [
        given["condition_grade"].isna(),
        given["set_name"] == "Stellar Rift",
        given["condition_grade"] == 10.0,
        given["edition"] == "first_edition",
        given["rarity"] == "secret_rare",
        given["language"] == "it",
    ]
    picks = [int(np.flatnonzero(mask.to_numpy())[0]) for mask in wanted if mask.any()]
    return picks[:SINGLE_ROWS]


def _names(columns: list[str]) -> str:
    shown = ", ".join(f"`{c}`" for c in columns[:4])
    return shown + (f" and {len(columns) - 4} more" if len(columns) > 4 else "")
