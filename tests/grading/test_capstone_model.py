"""The capstone's model criteria (1-4), proven three ways: the reference earns every point,
the untouched stub earns none (not attempted), and the answers a hurried or a clever
learner writes lose points with a sentence that names the mistake — while correct
answers in other styles (no pandera, polars, a loop, other model families, another
valid way to cut the splits) earn them.

Each variant is the reference module with a few definitions appended (a later ``def``
replaces an earlier one, and the reference's other functions then call the new one),
written to ``tmp_path`` and graded as a learner's file is: one worker per criterion.
"""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from pokemon_ml.grading.calling import CandidateRaised, NotAttempted, WrongAnswer
from pokemon_ml.grading.checks.capstone import CRITERIA, MODEL_FUNCTIONS, MODEL_VALUES
from pokemon_ml.grading.checks.capstone_comparison import walk_forward_mae
from pokemon_ml.grading.checks.capstone_splits import split_problem, tricky_dates
from pokemon_ml.grading.checks.capstone_populations import course_listings
from pokemon_ml.grading.sandbox import LearnerFunction, Sandbox, SandboxStopped
from tests.conftest import ROOT, pristine_copy

SOLUTION = ROOT / "capstone" / "solution" / "card_price.py"
FIXTURES = ROOT / "tests" / "grading" / "fixtures"
ALSO = (*(f for f in MODEL_FUNCTIONS if f != "train_price_model"), *MODEL_VALUES)
NUMPY_REPRS = ("np.str_(", "np.int64(", "np.float64(", "np.bool_(")


def score(order: int, path: Path) -> tuple[int | None, str]:
    """One criterion as ``grade_capstone`` runs it: points (None if not attempted), sentence."""
    item = next(c for c in CRITERIA if c.order == order)
    candidate = LearnerFunction(path, "train_price_model", ALSO)
    with Sandbox(candidate, "train_price_model", item.time_limit_s) as box:
        try:
            earned, sentence = item.grade(box, path.parent)
        except NotAttempted as untouched:
            return None, str(untouched)
        except (WrongAnswer, CandidateRaised, SandboxStopped) as wrong:
            earned, sentence = 0.0, str(wrong)
    assert not any(r in sentence for r in NUMPY_REPRS), sentence
    return round(min(max(earned, 0.0), item.points)), sentence


def variant(tmp_path: Path, name: str, *overrides: str) -> Path:
    """The reference with ``overrides`` (source text) appended, as a learner's file."""
    text = SOLUTION.read_text() + "".join(
        f"\n\n# ---- {name}\n{textwrap.dedent(o).strip()}\n" for o in overrides
    )
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "card_price.py"
    path.write_text(text)
    return path


def measured(path: Path, in_sample: bool = False) -> str:
    """``REPORTED_MAE = {...}`` as the learner would have measured it with this module."""
    spec = importlib.util.spec_from_file_location(f"_variant_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cards = course_listings()
    features, target = module.add_features(cards), cards["price_usd"].to_numpy(float)
    splits = module.walk_forward_splits(cards["listed_at"], 4)
    if in_sample:  # the mistake: fit on everything, score on the same rows
        everything = np.arange(len(cards))
        splits = [(everything, everything)]
    pairs = [(np.asarray(a, dtype=int), np.asarray(b, dtype=int)) for a, b in splits]
    with threadpool_limits(1):
        maes = walk_forward_mae(module.make_candidates, features, target, pairs)
    values = {name: round(float(np.mean(v)), 2) for name, v in maes.items()}
    return f"REPORTED_MAE = {values!r}"


def with_measured(path: Path, in_sample: bool = False) -> Path:
    path.write_text(path.read_text() + "\n" + measured(path, in_sample) + "\n")
    return path


# ------------------------------------------------------------- the reference, the stub
@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_the_reference_earns_every_point(order: int) -> None:
    points, sentence = score(order, SOLUTION)
    item = next(c for c in CRITERIA if c.order == order)
    assert points == item.points, sentence


def test_the_pristine_stub_is_not_attempted(tmp_path: Path) -> None:
    stub = pristine_copy("capstone/card_price.py", tmp_path)
    for order in (1, 2, 3, 4):
        points, sentence = score(order, stub)
        assert points is None, sentence
        assert "capstone/card_price.py" in sentence


# ------------------------------------------------------------- 1. validation
NO_PANDERA = """
import datetime as _dt
import pandas as _pd

_TYPES = {
    "listing_id": "int", "listed_at": "date", "pokemon_id": "int", "pokemon_name": "text",
    "set_name": "text", "set_year": "int", "rarity": "text", "edition": "text",
    "condition_grade": "float", "language": "text", "price_usd": "float",
    "sold_price_usd": "float", "days_to_sell": "float",
}
_OPTIONAL = {"condition_grade", "sold_price_usd", "days_to_sell"}
_ALLOWED = {"set_name": set(SETS), "rarity": set(RARITIES), "edition": set(EDITIONS),
            "language": set(LANGUAGES)}
GRADE_FLOOR_ALLOWED = True
STRICT = True

def _is_type(values, kind):
    if kind == "int":
        return _pd.api.types.is_integer_dtype(values)
    if kind == "float":
        return _pd.api.types.is_float_dtype(values)
    if kind == "text":
        return _pd.api.types.is_string_dtype(values)
    if _pd.api.types.is_datetime64_dtype(values):
        return True
    return values.dtype == object and all(
        isinstance(v, _dt.date) for v in values.dropna()
    )

def _in_range(column, v):
    today = _dt.date.today()
    if column == "listing_id":
        return v >= 1
    if column == "listed_at":
        return _dt.date(2024, 1, 1) <= v <= today
    if column == "pokemon_id":
        return 1 <= v <= 1500
    if column == "set_year":
        return 1996 <= v <= today.year
    if column == "condition_grade":
        low_ok = v >= 1.0 if GRADE_FLOOR_ALLOWED else v > 1.0
        return low_ok and v <= 10.0 and (v * 2) == round(v * 2)
    if column == "price_usd":
        return 0 < v <= 100_000
    if column == "sold_price_usd":
        return v > 0
    if column == "days_to_sell":
        return v >= 0
    return True

def validate_listings(df):
    report = []
    for column in _TYPES:
        if column not in df.columns:
            report.append({"column": column, "issue": "missing_column"})
    if STRICT:
        for column in df.columns:
            if column not in _TYPES:
                report.append({"column": column, "issue": "unexpected_column"})
    for column, kind in _TYPES.items():
        if column not in df.columns:
            continue
        values = df[column]
        if not _is_type(values, kind):
            report.append({"column": column, "issue": "wrong_dtype"})
            continue
        if column not in _OPTIONAL and values.isna().any():
            report.append({"column": column, "issue": "missing_values"})
        present = values.dropna()
        if column in _ALLOWED:
            if not present.isin(_ALLOWED[column]).all():
                report.append({"column": column, "issue": "unknown_category"})
        elif not all(_in_range(column, v) for v in present):
            report.append({"column": column, "issue": "out_of_range"})
    if "listing_id" in df.columns and df["listing_id"].duplicated().any():
        report.append({"column": "listing_id", "issue": "duplicate_ids"})
    return report
"""

POLARS_VALIDATOR = """
import datetime as _dt
import polars as _pl

_RULES = {
    "listing_id": (_pl.Int64, _pl.col("listing_id") >= 1),
    "listed_at": (_pl.Date, _pl.col("listed_at").is_between(_dt.date(2024, 1, 1), _dt.date.today())),
    "pokemon_id": (_pl.Int64, _pl.col("pokemon_id").is_between(1, 1500)),
    "pokemon_name": (_pl.String, None),
    "set_name": (_pl.String, _pl.col("set_name").is_in(list(SETS))),
    "set_year": (_pl.Int64, _pl.col("set_year").is_between(1996, _dt.date.today().year)),
    "rarity": (_pl.String, _pl.col("rarity").is_in(RARITIES)),
    "edition": (_pl.String, _pl.col("edition").is_in(EDITIONS)),
    "condition_grade": (_pl.Float64, _pl.col("condition_grade").is_between(1.0, 10.0)
                        & ((_pl.col("condition_grade") * 2).round() == _pl.col("condition_grade") * 2)),
    "language": (_pl.String, _pl.col("language").is_in(LANGUAGES)),
    "price_usd": (_pl.Float64, (_pl.col("price_usd") > 0) & (_pl.col("price_usd") <= 100_000)),
    "sold_price_usd": (_pl.Float64, _pl.col("sold_price_usd") > 0),
    "days_to_sell": (_pl.Float64, _pl.col("days_to_sell") >= 0),
}
_CATEGORIES = {"set_name", "rarity", "edition", "language"}

def validate_listings(df):
    frame = _pl.from_pandas(df)
    issues = [{"column": c, "issue": "missing_column"} for c in _RULES if c not in frame.columns]
    issues += [{"column": c, "issue": "unexpected_column"} for c in frame.columns if c not in _RULES]
    for column, (dtype, rule) in _RULES.items():
        if column not in frame.columns:
            continue
        if frame.schema[column] != dtype:
            issues.append({"column": column, "issue": "wrong_dtype"})
            continue
        nullable = column in ("condition_grade", "sold_price_usd", "days_to_sell")
        if not nullable and frame[column].null_count():
            issues.append({"column": column, "issue": "missing_values"})
        if rule is not None and not frame.select(rule.fill_null(True).all()).item():
            kind = "unknown_category" if column in _CATEGORIES else "out_of_range"
            issues.append({"column": column, "issue": kind})
    if "listing_id" in frame.columns and frame["listing_id"].is_duplicated().any():
        issues.append({"column": "listing_id", "issue": "duplicate_ids"})
    return issues
"""


@pytest.mark.parametrize(
    "overrides", [(NO_PANDERA,), (POLARS_VALIDATOR,)], ids=["plain pandas", "polars"]
)
def test_validators_in_other_styles_earn_every_point(tmp_path: Path, overrides) -> None:
    points, sentence = score(1, variant(tmp_path, "validator", *overrides))
    assert points == 15, sentence


@pytest.mark.parametrize(
    ("overrides", "most", "fragments"),
    [
        (
            ("def validate_listings(df):\n    return []",),
            0,
            ["found none of the problems"],
        ),
        (  # a report typed in from what the notebook's data showed
            (
                "def validate_listings(df):\n    return [{'column': 'price_usd', 'issue': "
                "'out_of_range'}, {'column': 'rarity', 'issue': 'unknown_category'}]",
            ),
            2,
            ["On clean listings", "price_usd (out_of_range)"],
        ),
        (  # > where the contract says >=: the edges raise false alarms everywhere
            (NO_PANDERA, "GRADE_FLOOR_ALLOWED = False"),
            11,
            ["On clean listings", "condition_grade (out_of_range)", "edges"],
        ),
        (  # no strict schema: unknown and renamed columns pass unseen
            (NO_PANDERA, "STRICT = False"),
            13,
            ["missed 2 of kind unexpected_column"],
        ),
        (  # only "no empty cells": the allowed-empty columns raise false alarms
            (
                "def validate_listings(df):\n    return [{'column': c, 'issue': 'missing_values'}"
                " for c in df.columns if df[c].isna().any()]",
            ),
            0,
            ["On clean listings", "condition_grade (missing_values)"],
        ),
        (
            ("def validate_listings(df):\n    return 'all good'",),
            0,
            ["return a list of {'column'"],
        ),
        (
            ("def validate_listings(df):\n    return [{'column': 'price_usd', 'issue': 'bad'}]",),
            0,
            ["'bad'", "use one of"],
        ),
    ],
    ids=["nothing", "hard-coded", "boundary", "not strict", "non-null only", "text", "kind"],
)
def test_wrong_validators_lose_points_and_say_why(tmp_path, overrides, most, fragments) -> None:
    points, sentence = score(1, variant(tmp_path, "validator", *overrides))
    assert points is not None and points <= most, sentence
    for fragment in fragments:
        assert fragment in sentence, sentence


# ------------------------------------------------------------- 2. features
BASE = "_reference_features = add_features\n"
POLARS_FEATURES = """
import polars as _pl

def add_features(df):
    frame = _pl.from_pandas(df[["listed_at", "pokemon_id", "set_name", "rarity", "edition",
                                "condition_grade", "language"]])
    creatures = load_pokemon()
    legendary = dict(zip(creatures["id"].tolist(), creatures["is_legendary"].astype(float)))
    grade = _pl.col("condition_grade")
    out = frame.select(
        months=(_pl.col("listed_at").cast(_pl.Date) - _pl.date(2024, 1, 1)).dt.total_days() / 30.44,
        graded=grade.is_not_null().cast(_pl.Float64),
        grade=grade.fill_null(0.0),
        above_9=(grade - 9.0).clip(lower_bound=0.0).fill_null(0.0),
        above_9_5=(grade - 9.5).clip(lower_bound=0.0).fill_null(0.0),
        set_age=2025.0 - _pl.col("set_name").replace_strict(SETS, return_dtype=_pl.Float64),
        legendary=_pl.col("pokemon_id").replace_strict(legendary, default=0.0, return_dtype=_pl.Float64),
        *[(_pl.col("rarity") == r).cast(_pl.Float64).alias(f"rarity_{r}") for r in RARITIES],
        *[(_pl.col("edition") == e).cast(_pl.Float64).alias(f"edition_{e}") for e in EDITIONS],
        *[(_pl.col("language") == x).cast(_pl.Float64).alias(f"language_{x}") for x in LANGUAGES],
    )
    return out.to_pandas()
"""
LOOP_FEATURES = """
def add_features(df):
    rows = []
    for listing in df[["listed_at", "rarity", "edition", "condition_grade", "language"]].itertuples(index=False):
        grade = listing.condition_grade
        graded = grade == grade and grade is not None
        row = {
            "months": (pd.Timestamp(listing.listed_at) - MARKET_START).days / 30.44,
            "graded": 1.0 if graded else 0.0,
            "grade": float(grade) if graded else 0.0,
            "ten": 1.0 if graded and grade == 10.0 else 0.0,
        }
        for name, values in (("rarity", RARITIES), ("edition", EDITIONS), ("language", LANGUAGES)):
            for value in values:
                row[f"{name}_{value}"] = 1.0 if getattr(listing, name) == value else 0.0
        rows.append(row)
    return pd.DataFrame(rows, index=df.index)
"""


@pytest.mark.parametrize(
    "overrides", [(POLARS_FEATURES,), (LOOP_FEATURES,)], ids=["polars", "row loop"]
)
def test_features_in_other_styles_earn_every_point(tmp_path: Path, overrides) -> None:
    points, sentence = score(2, variant(tmp_path, "features", *overrides))
    assert points == 15, sentence


@pytest.mark.parametrize(
    ("overrides", "expected", "fragments"),
    [
        (  # sorted by id "to be safe": the features no longer line up with the rows
            "def add_features(df):\n    out = _reference_features(df.sort_values('listing_id'))\n"
            "    return out.set_axis(df.index)",
            0,
            ["reverse order", "in the order given"],
        ),
        (
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['sold'] = df['sold_price_usd'].fillna(-1.0).to_numpy()\n    return out",
            0,
            ["use `sold_price_usd`", "known after a sale"],
        ),
        (  # a "target encoding" computed on the batch itself
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['rarity_price'] = df.groupby('rarity')['price_usd'].transform('median')"
            ".to_numpy()\n    return out",
            0,
            ["use `price_usd`", "the price you are predicting"],
        ),
        (
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['days'] = df['days_to_sell'].fillna(0.0).to_numpy()\n    return out",
            0,
            ["use `days_to_sell`"],
        ),
        (  # normalised by the batch: a listing alone gets another number
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['grade'] = out['grade'] - out['grade'].mean()\n    return out",
            9,
            ["Leak-free, but", "other values", "`grade`"],
        ),
        (
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    return pd.concat([out, pd.get_dummies(df['set_name'], dtype=float)], axis=1)",
            9,
            ["other columns", "fixed category lists"],
        ),
        (
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['raw_grade'] = df['condition_grade'].to_numpy()\n    return out",
            0,
            ["`raw_grade` is NaN", "ungraded"],
        ),
        (
            "def add_features(df):\n    df['condition_grade'] = df['condition_grade'].fillna(0.0)\n"
            "    return _reference_features(df)",
            0,
            ["changed the data it was given"],
        ),
        (
            "def add_features(df):\n    return _reference_features(df.dropna(subset=['condition_grade']))",
            0,
            ["rows were dropped"],
        ),
        (
            "def add_features(df):\n    out = _reference_features(df)\n"
            "    out['noise'] = np.random.default_rng().normal(size=len(out))\n    return out",
            0,
            ["second call"],
        ),
    ],
    ids=[
        "sorted",
        "sold price",
        "batch price",
        "days to sell",
        "batch mean",
        "get_dummies",
        "NaN",
        "mutates",
        "drops rows",
        "random",
    ],
)
def test_wrong_features_lose_points_and_say_why(tmp_path, overrides, expected, fragments) -> None:
    points, sentence = score(2, variant(tmp_path, "features", BASE, overrides))
    assert points == expected, sentence
    for fragment in fragments:
        assert fragment in sentence, sentence


# ------------------------------------------------------------- 3. comparison
FAST = """
from sklearn.dummy import DummyRegressor
from sklearn.tree import DecisionTreeRegressor

def make_candidates():
    return {
        "ridge": _log_target(make_pipeline(StandardScaler(), Ridge(alpha=3.0))),
        "tree": _log_target(DecisionTreeRegressor(max_depth=8, min_samples_leaf=10, random_state=0)),
        "median": DummyRegressor(strategy="median"),
    }
"""
GREEDY_SPLITS = """
def walk_forward_splits(listed_at, n_splits=4):
    dates = [pd.Timestamp(d) for d in listed_at]
    counts = {}
    for d in dates:
        counts[d] = counts.get(d, 0) + 1
    size = len(dates) / (n_splits + 1)
    block_of, block, filled = {}, 0, 0
    for d in sorted(counts):
        block_of[d] = block
        filled += counts[d]
        if filled >= size * (block + 1) and block < n_splits:
            block += 1
    blocks = np.array([block_of[d] for d in dates])
    rows = np.arange(len(dates))
    return [(rows[blocks < k], rows[blocks == k]) for k in range(1, n_splits + 1)]
"""
POLARS_SPLITS = """
import polars as _pl

def walk_forward_splits(listed_at, n_splits=4):
    days = _pl.Series("d", pd.to_datetime(pd.Series(listed_at)).astype("datetime64[ms]").to_numpy())
    days = days.cast(_pl.Date)
    frame = _pl.DataFrame({"d": days, "row": range(len(days))})
    starts = (
        frame.group_by("d").agg(_pl.len().alias("n")).sort("d")
        .with_columns(start=_pl.col("n").cum_sum() - _pl.col("n"))
        .with_columns(block=(_pl.col("start") * (n_splits + 1) // len(days)).clip(upper_bound=n_splits))
    )
    blocks = frame.join(starts, on="d", how="left").sort("row")["block"].to_numpy()
    rows = np.arange(len(days))
    return [(rows[blocks < k], rows[blocks == k]) for k in range(1, n_splits + 1)]
"""
JUSTIFIED = (
    'JUSTIFICATION = "' + "The ridge regression had the lowest walk-forward error of the three "
    "candidates on every block, it follows the upward drift of prices past the training "
    "period because months enter it as a straight line, it trains in well under a second "
    'and its coefficients can be explained to the pricing team without any extra tooling."'
)


@pytest.mark.parametrize(
    "overrides",
    [(FAST,), (FAST, GREEDY_SPLITS), (FAST, POLARS_SPLITS)],
    ids=["other families", "greedy loop splits", "polars splits"],
)
def test_comparisons_in_other_styles_earn_every_point(tmp_path: Path, overrides) -> None:
    path = with_measured(variant(tmp_path, "comparison", *overrides, JUSTIFIED))
    points, sentence = score(3, path)
    assert points == 15, sentence


KFOLD = """
from sklearn.model_selection import KFold

def walk_forward_splits(listed_at, n_splits=4):
    return list(KFold(n_splits, shuffle=True, random_state=0).split(np.arange(len(listed_at))))
"""
TIME_SERIES_SPLIT = """
from sklearn.model_selection import TimeSeriesSplit

def walk_forward_splits(listed_at, n_splits=4):
    return list(TimeSeriesSplit(n_splits).split(np.arange(len(listed_at))))
"""
SORTED_POSITIONS = """
def walk_forward_splits(listed_at, n_splits=4):
    ordered = pd.Series(pd.to_datetime(pd.Series(listed_at)).sort_values().to_numpy())
    return _reference_splits(ordered, n_splits)  # positions in the sorted order, not the input's
"""
INDEX_LABELS = """
def walk_forward_splits(listed_at, n_splits=4):
    labels = np.asarray(listed_at.index)
    return [(labels[train], labels[val]) for train, val in _reference_splits(listed_at, n_splits)]
"""
SLIDING = """
def walk_forward_splits(listed_at, n_splits=4):
    splits = _reference_splits(listed_at, n_splits)
    return [(splits[k - 1][1] if k else train, val) for k, (train, val) in enumerate(splits)]
"""
TWO_KINDS = """
from sklearn.linear_model import Lasso

def make_candidates():
    return {
        "ridge": _log_target(make_pipeline(StandardScaler(), Ridge(alpha=3.0))),
        "ridge_strong": _log_target(make_pipeline(StandardScaler(), Ridge(alpha=300.0))),
        "lasso": _log_target(make_pipeline(StandardScaler(), Lasso(alpha=0.01))),
    }
"""


@pytest.mark.parametrize(
    ("overrides", "in_sample", "expected", "fragments"),
    [
        ((FAST, KFOLD), False, 10, ["a date has rows on both sides"]),
        ((FAST, TIME_SERIES_SPLIT), False, 10, ["rows of one date must stay together"]),
        ((FAST, SORTED_POSITIONS), False, 10, ["out of date order"]),
        ((FAST, INDEX_LABELS), False, 10, ["positions outside", "not index labels"]),
        ((FAST, SLIDING), False, 10, ["not every row listed before"]),
        ((FAST,), True, 10, ["lower than the walk-forward error"]),
        ((TWO_KINDS,), False, 5, ["2 kind(s)"]),
        (
            (FAST, "CHOSEN_MODEL = 'tree'", "JUSTIFICATION = 'It is the best.'"),
            False,
            13,
            ["worse than 'ridge'"],
        ),
        ((FAST, "CHOSEN_MODEL = 'forest'"), False, 13, ["not a key of make_candidates"]),
    ],
    ids=[
        "k-fold",
        "TimeSeriesSplit",
        "sorted positions",
        "index labels",
        "sliding window",
        "in-sample MAE",
        "two kinds",
        "worse, unjustified",
        "unknown choice",
    ],
)
def test_unfair_comparisons_lose_points_and_say_why(
    tmp_path, overrides, in_sample, expected, fragments
) -> None:
    base = "_reference_splits = walk_forward_splits\n"
    path = variant(tmp_path, "comparison", base, *overrides[:1], JUSTIFIED, *overrides[1:])
    points, sentence = score(3, with_measured(path, in_sample))
    assert points == expected, sentence
    for fragment in fragments:
        assert fragment in sentence, sentence


def test_the_split_definition_on_hand_made_dates() -> None:
    days = np.array(["2025-01-01"] * 3 + ["2025-01-02"] * 3 + ["2025-01-03"] * 3, "datetime64[D]")
    right = [(np.arange(3), np.arange(3, 6)), (np.arange(6), np.arange(6, 9))]
    assert split_problem(days, right, 2) is None
    assert "both sides" in split_problem(days, [(np.arange(4), np.arange(4, 6)), right[1]], 2)
    assert "masks" in split_problem(days, [(days < days[3], days == days[3]), right[1]], 2)
    assert "list of 2" in split_problem(days, right[:1], 2)
    assert "leaves out" in split_problem(days, [(np.arange(3), np.arange(3, 5)), right[1]], 2)
    # The grader's tricky columns each hold ties, and two are out of date order.
    for listed_at, n_splits, _ in tricky_dates():
        assert listed_at.duplicated().any() and 2 <= n_splits <= 5


# ------------------------------------------------------------- 4. held-out error
SMALL_BOOSTING = """
def make_candidates():
    return {"boosting": _log_target(HistGradientBoostingRegressor(max_iter=60, learning_rate=0.15, random_state=0))}
"""


@pytest.mark.parametrize(
    ("overrides", "least"),
    [
        ((SMALL_BOOSTING, 'CHOSEN_MODEL = "boosting"'), 17),
        ((POLARS_FEATURES,), 18),
    ],
    ids=["boosting", "polars features"],
)
def test_models_in_other_styles_earn_the_points(tmp_path: Path, overrides, least) -> None:
    points, sentence = score(4, variant(tmp_path, "model", *overrides))
    assert points >= least, sentence


CONSTANT = """
class _Median:
    def __init__(self, prices):
        self.prices = prices
    def predict(self, df):
        return np.full(len(df), float(np.median(self.prices)))
    def predict_interval(self, df, coverage=0.8):
        low, high = np.quantile(self.prices, [(1 - coverage) / 2, (1 + coverage) / 2])
        return np.full(len(df), low), np.full(len(df), high)

def train_price_model(listings):
    return _Median(listings["price_usd"].to_numpy(dtype=float))
"""
ZERO_WIDTH = """
def _point(self, df, coverage=0.8):
    price = self.predict(df)
    return price, price

PriceModel.predict_interval = _point
"""
LOG_PRICES = """
def _log_prices(self, df):
    return np.log(np.asarray(self.estimator.predict(add_features(df)), dtype=float))

PriceModel.predict = _log_prices
"""


@pytest.mark.parametrize(
    ("overrides", "most", "fragments"),
    [
        ((CONSTANT,), 5, ["ratio 1."]),
        ((ZERO_WIDTH,), 15, ["holds 0% of the true prices", "too narrow"]),
        ((LOG_PRICES,), 5, ["ratio 1."]),
        (("def train_price_model(listings):\n    return 42",), 0, ["no `predict` method"]),
    ],
    ids=["constant", "zero width", "log prices", "not a model"],
)
def test_weak_models_lose_points_and_say_why(tmp_path, overrides, most, fragments) -> None:
    points, sentence = score(4, variant(tmp_path, "model", *overrides))
    assert points <= most, sentence
    for fragment in fragments:
        assert fragment in sentence, sentence


LEAKY_RIDGE = """
def add_features(df):
    out = _reference_features(df)
    sold = df["sold_price_usd"]
    out["sold"] = sold.notna().to_numpy(dtype=float)
    out["log_sold"] = np.log(sold.fillna(1.0)).to_numpy()
    return out
"""


PEEK_VALIDATOR = """
def validate_listings(df):
    from pokemon_ml.data.card_drops import make_card_drop
    from pokemon_ml.grading.checks.capstone_model import GRADED_CARD_DROPS
    for seed, plan in GRADED_CARD_DROPS:  # the grader's drops, regenerated from their seeds
        drop, key = make_card_drop(seed, plan)
        if list(drop.columns) == list(df.columns) and len(drop) == len(df):
            return key
    return []
"""
PEEK_MODEL = """
from pokemon_ml.grading.checks.capstone_populations import later_listings

def _peek(self, df):
    truth = later_listings().set_index("listing_id")["price_usd"]
    return truth.reindex(df["listing_id"]).to_numpy()

PriceModel.predict = _peek
"""


@pytest.mark.parametrize(("order", "override"), [(1, PEEK_VALIDATOR), (4, PEEK_MODEL)])
def test_regenerating_the_hidden_listings_is_refused(tmp_path: Path, order, override) -> None:
    points, sentence = score(order, variant(tmp_path, "peek", override))
    assert points == 0 and "generated the grader's own listings" in sentence, sentence


def test_a_leaky_capstone_is_caught_twice(tmp_path: Path) -> None:
    points, sentence = score(2, FIXTURES / "capstone_leaky" / "card_price.py")
    assert points == 0 and "`sold_price_usd`" in sentence, sentence
    points, sentence = score(4, variant(tmp_path, "leaky", BASE, LEAKY_RIDGE))
    assert points <= 5 and "leans on `sold_price_usd`" in sentence, sentence


def test_the_naive_capstone_scores_low_on_the_model_half() -> None:
    naive = FIXTURES / "capstone_naive" / "card_price.py"
    scores = {order: score(order, naive) for order in (1, 2, 3, 4)}
    assert sum(points for points, _ in scores.values()) <= 20, scores
    assert "a date has rows on both sides" in scores[3][1]


if __name__ == "__main__":  # pragma: no cover - print every criterion of a file
    for order in (1, 2, 3, 4):
        print(order, score(order, Path(sys.argv[1])))
