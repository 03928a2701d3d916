"""The capstone's model criteria (1-4 of the rubric): validation and features here,
the comparison in ``capstone_comparison``, the held-out error in ``capstone_heldout``.

1. **Data validation** (15): ``validate_listings`` on clean listings (one carries valid
   values on every edge of the contract) and on three hidden drops with different
   problems planted, compared with each drop's answer key. 4 points per drop found
   exactly; an imperfect report earns half its share (problems found minus false
   reports, over those planted); 3 for no false alarm on clean data — earned only by a
   validator that finds something. Feedback says how many problems of which
   kind were missed, never in which column.
2. **Leakage-free features** (15): ``add_features`` on hidden listings: the result is a
   frame of finite numbers with the rows in the order given, the input untouched; it
   does not move when ``price_usd``, ``sold_price_usd`` or ``days_to_sell`` are
   shuffled or blanked (0 points if it does, naming the column); and each listing gets
   the same features alone as in a batch (9 of 15 if not: the service sees one listing).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.card_drops import listings_as_loaded, make_card_drop
from pokemon_ml.data.schemas import ISSUE_KINDS
from pokemon_ml.grading.calling import (
    CandidateRaised,
    NotAttempted,
    WrongAnswer,
    call_candidate,
    candidate_run,
)
from pokemon_ml.grading.checks.capstone import criterion
from pokemon_ml.grading.checks.capstone_populations import (
    AFTER_SALE,
    GENERATED_MESSAGE,
    blanked,
    disarm_generators,
    generated,
    not_attempted,
    sample_listings,
)
from pokemon_ml.grading.checks.m02_feature_frames import (
    changed_columns,
    describe_value,
    feature_frame,
    first_non_finite,
)
from pokemon_ml.grading.frames import as_pandas
from pokemon_ml.grading.sandbox import Sandbox

__all__ = ["CLEAN_TABLES", "GRADED_CARD_DROPS", "grade_features", "grade_validation"]

Pair = tuple[str, str]
# (seed, problems): three drops that differ in kinds and columns; none is in a notebook.
GRADED_CARD_DROPS = (
    (
        8_101,
        (
            "out_of_range:condition_grade",
            "unknown_category:rarity",
            "missing_values:set_name",
            "duplicate_ids",
            "out_of_range:listed_at",
        ),
    ),
    (
        8_202,
        (
            "wrong_dtype:price_usd",
            "renamed_column:condition_grade",
            "unexpected_column:seller_id",
            "unknown_category:language",
            "out_of_range:pokemon_id",
        ),
    ),
    (
        8_303,
        (
            "missing_column:edition",
            "wrong_dtype:listed_at",
            "out_of_range:days_to_sell",
            "out_of_range:price_usd",
            "missing_values:pokemon_name",
            "unknown_category:set_name",
        ),
    ),
)
CLEAN_TABLES = ((8_404, 700), (8_505, 300))  # (seed, rows); the second carries the edges
DROP_POINTS, CLEAN_POINTS = 4.0, 3.0


@criterion(1, "Data validation", 15)
def grade_validation(box: Sandbox, folder: Path | None) -> tuple[float, str]:
    """``validate_listings`` on clean listings and three hidden drops."""
    candidate_run(box, disarm_generators, answer="validate_listings")
    try:
        return _grade_validation(box)
    except NotAttempted:
        raise not_attempted(("validate_listings",), "criterion 1") from None
    except CandidateRaised as raised:
        if generated(raised):
            return 0.0, GENERATED_MESSAGE + "."
        raise


def _grade_validation(box: Sandbox) -> tuple[float, str]:
    clean_reports = [_report(box, table, "clean listings") for table in _clean_tables()]
    points, problems, hits = 0.0, [], 0
    for number, (seed, plan) in enumerate(GRADED_CARD_DROPS, start=1):
        drop, key = make_card_drop(seed, plan)
        label = f"hidden drop {number} of {len(GRADED_CARD_DROPS)}"
        found = set(_report(box, listings_as_loaded(drop), label))
        planted = {(str(k["column"]), str(k["issue"])) for k in key}
        right, extra = found & planted, found - planted
        hits += len(right)
        exact = right == planted and not extra
        share = max(0.0, (len(right) - len(extra)) / len(planted))
        points += DROP_POINTS * (share if exact else share / 2)  # half credit when imperfect
        if not exact:
            problems.append(_drop_sentence(label, planted, found))
    false_alarms = sorted({pair for report in clean_reports for pair in report})
    if false_alarms:
        problems.insert(
            0,
            f"on clean listings, which meet the contract, your report lists "
            f"{_show(false_alarms[:3])}: check each rule against the contract's edges "
            "(is the boundary itself allowed?) and which columns may be empty",
        )
    elif hits:
        points += CLEAN_POINTS
    if not hits and not false_alarms:
        problems.insert(0, "your validator found none of the problems planted in the drops")
    if not problems:
        return points, (
            f"Every planted problem found in {len(GRADED_CARD_DROPS)} hidden drops, and no "
            "false alarm on clean listings."
        )
    more = f" ({len(problems) - 1} more finding(s) like it)" if len(problems) > 1 else ""
    return points, f"{_capital(problems[0])}{more}."


def _clean_tables() -> list[pd.DataFrame]:
    from pokemon_ml.data.cards import make_card_listings

    seed, n_rows = CLEAN_TABLES[0]
    edges_seed, _ = CLEAN_TABLES[1]
    edges, _ = make_card_drop(edges_seed, ())  # valid values on every edge of the contract
    return [listings_as_loaded(make_card_listings(seed, n_rows)), listings_as_loaded(edges)]


def _report(box: Sandbox, table: pd.DataFrame, label: str) -> list[Pair]:
    """The learner's report on ``table`` as (column, issue) pairs, checked for form."""
    report = call_candidate(box, table, answer="validate_listings")
    if isinstance(report, pd.DataFrame) or hasattr(report, "to_pandas"):
        frame = as_pandas(report, "validate_listings")
        items = list(zip(frame.get("column", []), frame.get("issue", [])))
        if len(frame) and not {"column", "issue"} <= set(frame.columns):
            raise WrongAnswer(
                "`validate_listings` returned a table without 'column' and 'issue' columns; "
                "return a list of {'column': ..., 'issue': ...} dicts."
            )
    elif isinstance(report, (list, tuple)):
        items = [_pair(item) for item in report]
    elif report is None:
        raise WrongAnswer("`validate_listings` returned None: is a `return` statement missing?")
    else:
        raise WrongAnswer(
            f"`validate_listings` returned a {type(report).__name__}; return a list of "
            "{'column': ..., 'issue': ...} dicts (empty when nothing is wrong)."
        )
    pairs = [(str(column), str(issue)) for column, issue in items]
    unknown = sorted({issue for _, issue in pairs if issue not in ISSUE_KINDS})
    if unknown:
        raise WrongAnswer(
            f"`validate_listings` reported the issue kind(s) {', '.join(map(repr, unknown))}; "
            f"use one of {', '.join(ISSUE_KINDS)}."
        )
    repeated = sorted(pair for pair, n in Counter(pairs).items() if n > 1)
    if repeated:
        raise WrongAnswer(
            f"On {label}, `validate_listings` lists {_show(repeated[:3])} more than once: "
            "report each (column, issue) once, however many rows show it."
        )
    return pairs


def _pair(item: Any) -> tuple[Any, Any]:
    if isinstance(item, dict) and {"column", "issue"} <= item.keys():
        return item["column"], item["issue"]
    raise WrongAnswer(
        "Each entry of the report is a dict such as {'column': 'price_usd', 'issue': "
        f"'out_of_range'}}; `validate_listings` returned an entry {str(item)[:80]!r}."
    )


def _drop_sentence(label: str, planted: set[Pair], found: set[Pair]) -> str:
    missed, extra = planted - found, found - planted
    parts = [f"in {label} you found {len(planted) - len(missed)} of {len(planted)} problems"]
    if missed:
        kinds = Counter(issue for _, issue in missed)
        parts.append("missed " + ", ".join(f"{n} of kind {k}" for k, n in sorted(kinds.items())))
    if extra:
        retyped = {column for column, issue in planted if issue == "wrong_dtype"}
        note = ""
        if any(column in retyped for column, _ in extra):
            note = " (a column of the wrong type is reported as wrong_dtype only)"
        parts.append(f"and reported {_show(sorted(extra)[:3])}, not a problem there{note}")
    return "; ".join(parts)


def _show(pairs: list[Pair]) -> str:
    return ", ".join(f"{column} ({issue})" for column, issue in pairs)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ------------------------------------------------------------------ 2. features
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


# The other criteria register when their modules are imported.
from pokemon_ml.grading.checks import capstone_comparison, capstone_heldout  # noqa: E402, F401
