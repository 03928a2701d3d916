"""Reference solution: the capstone's model code (``capstone/card_price.py``, solved).

Graded by ``uv run pokemon-ml grade capstone`` (criteria 1-4 of the rubric): the
validator on clean listings and hidden drops, the features on shuffled and blanked
leak columns and one row at a time, the model comparison recomputed with these
splits, features and candidates, and the trained model on later listings it never saw.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors
from sklearn.base import clone
from sklearn.compose import TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pokemon_ml import load_pokemon

SETS = {
    "Origins": 1999,
    "Wild Jungle": 1999,
    "Fossil Echoes": 2000,
    "Shadow Rocket": 2000,
    "Neo Dawn": 2001,
    "Crystal Tides": 2004,
    "Diamond Peaks": 2008,
    "Storm Front": 2012,
    "Sun Spire": 2017,
    "Violet Crown": 2023,
    "Stellar Rift": 2025,
}
RARITIES = ["common", "uncommon", "rare", "holo_rare", "ultra_rare", "secret_rare"]
EDITIONS = ["first_edition", "unlimited", "reprint"]
LANGUAGES = ["en", "ja", "de", "fr", "es", "it"]
STATS = ["hp", "attack", "defense", "sp_attack", "sp_defense", "speed"]
MARKET_START = pd.Timestamp("2024-01-01")
TARGET = "price_usd"


# ----------------------------------------------------------------- 1. validation
def _grade_in_steps(grade: pd.Series) -> pd.Series:
    return grade.isna() | ((grade * 2) == (grade * 2).round())


LISTING_SCHEMA = pa.DataFrameSchema(
    {
        "listing_id": pa.Column(int, pa.Check.ge(1), unique=True),
        "listed_at": pa.Column(
            pandas_engine.Date,
            [
                pa.Check.ge(dt.date(2024, 1, 1)),
                pa.Check(lambda s: s <= dt.date.today(), name="not_in_future"),
            ],
        ),
        "pokemon_id": pa.Column(int, pa.Check.in_range(1, 1500)),
        "pokemon_name": pa.Column(str),
        "set_name": pa.Column(str, pa.Check.isin(list(SETS))),
        "set_year": pa.Column(
            int, [pa.Check.ge(1996), pa.Check(lambda s: s <= dt.date.today().year)]
        ),
        "rarity": pa.Column(str, pa.Check.isin(RARITIES)),
        "edition": pa.Column(str, pa.Check.isin(EDITIONS)),
        "condition_grade": pa.Column(
            float,
            [pa.Check.in_range(1.0, 10.0), pa.Check(_grade_in_steps, name="steps_of_half")],
            nullable=True,
        ),
        "language": pa.Column(str, pa.Check.isin(LANGUAGES)),
        "price_usd": pa.Column(float, pa.Check.in_range(0, 100_000, include_min=False)),
        "sold_price_usd": pa.Column(float, pa.Check.gt(0), nullable=True),
        "days_to_sell": pa.Column(float, pa.Check.ge(0), nullable=True),
    },
    strict=True,
    name="card_listings",
)
ISSUE_OF_CHECK = {
    "column_in_dataframe": "missing_column",
    "column_in_schema": "unexpected_column",
    "dtype": "wrong_dtype",
    "not_nullable": "missing_values",
    "field_uniqueness": "duplicate_ids",
    "isin": "unknown_category",
}


def validate_listings(df: pd.DataFrame) -> list[dict]:
    """Every way ``df`` breaks the listing contract: one ``{"column", "issue"}`` each."""
    try:
        LISTING_SCHEMA.validate(df, lazy=True)
    except SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return []
    found: dict[tuple[str, str], None] = {}
    for column, check in zip(cases["column"], cases["check"]):
        name = str(check).split("(")[0]
        if name in ("column_in_dataframe", "column_in_schema"):
            continue  # listed below, by the column they name
        issue = ISSUE_OF_CHECK.get(name, "out_of_range")
        found[(str(column), issue)] = None
    whole = cases[cases["check"].isin(["column_in_dataframe", "column_in_schema"])]
    for case, check in zip(whole["failure_case"], whole["check"]):
        found[(str(case), ISSUE_OF_CHECK[check])] = None
    retyped = {column for column, issue in found if issue == "wrong_dtype"}
    return [
        {"column": column, "issue": issue}
        for column, issue in found
        if issue == "wrong_dtype" or column not in retyped
    ]


# ----------------------------------------------------------------- 2. features
@functools.cache
def _creatures() -> pd.DataFrame:
    """Per-creature facts from the course's pokemon table (reference data, not the batch)."""
    pokemon = load_pokemon()
    total = pokemon[STATS].sum(axis=1)
    return pd.DataFrame(
        {
            "legendary": pokemon["is_legendary"].astype(float).to_numpy(),
            "total_stats_z": ((total - total.mean()) / total.std()).to_numpy(),
            "generation": pokemon["generation"].astype(float).to_numpy(),
        },
        index=pokemon["id"].to_numpy(),
    )


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    """Numeric features, row by row, from the decision-time columns only."""
    listed = pd.to_datetime(df["listed_at"])
    grade = pd.to_numeric(df["condition_grade"], errors="coerce").to_numpy(dtype=float)
    graded = ~np.isnan(grade)
    g = np.where(graded, grade, 0.0)
    features = {
        "months": ((listed - MARKET_START).dt.days / 30.44).to_numpy(dtype=float),
        "graded": graded.astype(float),
        "grade": g,
        "grade_above_9": np.where(graded, np.clip(g - 9.0, 0, None), 0.0),
        "grade_above_9_5": np.where(graded, np.clip(g - 9.5, 0, None), 0.0),
        "set_age": 2025.0 - df["set_name"].map(SETS).astype(float).to_numpy(),
        "rarity_rank": df["rarity"].map({r: i for i, r in enumerate(RARITIES)}).to_numpy(float),
    }
    for name, values in (
        ("rarity", RARITIES),
        ("edition", EDITIONS),
        ("language", LANGUAGES),
        ("set", list(SETS)),
    ):
        column = df["set_name" if name == "set" else name].to_numpy()
        for value in values:
            features[f"{name}_{value}"] = (column == value).astype(float)
    creatures = _creatures().reindex(df["pokemon_id"].to_numpy())
    for column in creatures.columns:
        features[column] = creatures[column].fillna(0.0).to_numpy(dtype=float)
    features["pokemon_id"] = df["pokemon_id"].to_numpy(dtype=float)
    out = pd.DataFrame(features, index=df.index)
    return out.fillna(0.0)


# ----------------------------------------------------------------- 3. comparison
def walk_forward_splits(
    listed_at: pd.Series, n_splits: int = 4
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Cut the rows, in date order, into ``n_splits + 1`` blocks of about the same size:
    a date goes to the block where its first row would fall, so its rows stay together.
    Split k validates on block k + 1 and trains on every earlier row."""
    days = pd.to_datetime(pd.Series(listed_at)).to_numpy()
    distinct, first_row = np.unique(np.sort(days), return_index=True)
    block_of_date = np.minimum(first_row * (n_splits + 1) // len(days), n_splits)
    block = block_of_date[np.searchsorted(distinct, days)]
    positions = np.arange(len(days))
    return [(positions[block < k], positions[block == k]) for k in range(1, n_splits + 1)]


def _log_target(regressor) -> TransformedTargetRegressor:
    return TransformedTargetRegressor(regressor=regressor, func=np.log, inverse_func=np.exp)


def make_candidates() -> dict:
    """Three model families, each predicting log-price and returning USD."""
    return {
        "ridge": _log_target(make_pipeline(StandardScaler(), Ridge(alpha=3.0))),
        "random_forest": _log_target(
            RandomForestRegressor(
                n_estimators=25, min_samples_leaf=3, max_features=0.5, n_jobs=1, random_state=0
            )
        ),
        "gradient_boosting": _log_target(
            HistGradientBoostingRegressor(
                max_iter=100, learning_rate=0.12, min_samples_leaf=20, random_state=0
            )
        ),
    }


# Mean walk-forward MAE in USD (4 splits of the course's cards data), measured with the
# walk-forward loop of the guided notebooks.
REPORTED_MAE = {"ridge": 19.10, "random_forest": 25.55, "gradient_boosting": 21.83}
CHOSEN_MODEL = "ridge"
JUSTIFICATION = (
    "The ridge regression on the log price has the lowest walk-forward error in every one of "
    "the four later blocks, not just on average, and it is the only candidate that can follow "
    "the market's upward drift past the last date it was trained on, because the months since "
    "2024 enter it as a straight line. It also trains in a fraction of a second, and its "
    "coefficients can be read and explained."
)


# ----------------------------------------------------------------- 4. the model
class PriceModel:
    """The chosen candidate fitted on every listing, with an interval from walk-forward
    residuals in log space (a price is off by a factor, not by dollars)."""

    def __init__(self, estimator, log_residuals: np.ndarray) -> None:
        self.estimator = estimator
        self.log_residuals = np.asarray(log_residuals, dtype=float)

    def predict(self, df: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.estimator.predict(add_features(df)), dtype=float)

    def predict_interval(
        self, df: pd.DataFrame, coverage: float = 0.8
    ) -> tuple[np.ndarray, np.ndarray]:
        price = self.predict(df)
        low, high = np.quantile(self.log_residuals, [(1 - coverage) / 2, (1 + coverage) / 2])
        return price * np.exp(low), price * np.exp(high)


def train_price_model(listings: pd.DataFrame) -> PriceModel:
    """Fit CHOSEN_MODEL on every row; keep the walk-forward log residuals for intervals."""
    listings = listings.reset_index(drop=True)
    features, target = add_features(listings), listings[TARGET].to_numpy(dtype=float)
    residuals = []
    for train, val in walk_forward_splits(listings["listed_at"], 4):
        model = clone(make_candidates()[CHOSEN_MODEL]).fit(features.iloc[train], target[train])
        predicted = model.predict(features.iloc[val])
        residuals.append(np.log(target[val]) - np.log(predicted))
    final = clone(make_candidates()[CHOSEN_MODEL]).fit(features, target)
    return PriceModel(final, np.concatenate(residuals))
