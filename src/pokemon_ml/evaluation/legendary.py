"""Module 4's imbalanced task: is a creature sighted in the field legendary?

About 6% of creatures are legendary. A scout in the field measures a creature's
stats, height and weight and knows its generation; its capture rate and evolution
stage are only known once it is catalogued (both give legendaries away, so a model
using them would be evaluated on information it will not have: a leak). On field
measurements alone the task is genuinely hard, which is what makes its evaluation
interesting: accuracy says ~94% for a model that never says "legendary".
"""

from __future__ import annotations

import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon
from pokemon_ml.features.pipeline import MAX_ITER

__all__ = ["FIELD_FEATURES", "LEGENDARY", "field_season", "make_legendary_model"]

LEGENDARY = "is_legendary"
FIELD_FEATURES = (*STAT_COLUMNS, "height_m", "weight_kg", "generation")
SEASON_ROWS, SEASON_SEED = 6_000, 4_004  # a large season: rare positives need many rows


def make_legendary_model(classifier: ClassifierMixin | None = None) -> Pipeline:
    """Scaled field measurements → a classifier (logistic regression by default).

    The pipeline picks ``FIELD_FEATURES`` itself (every other column is dropped), so it
    takes whole creature rows.
    """
    field = ColumnTransformer([("field", StandardScaler(), list(FIELD_FEATURES))])
    return Pipeline(
        [
            ("field", field),
            ("classifier", classifier or LogisticRegression(max_iter=MAX_ITER)),
        ]
    )


def field_season(
    rows: int = SEASON_ROWS, seed: int = SEASON_SEED, test_share: float = 0.5
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A season of sightings, split into training and held-out rows (stratified, seeded).

    Returns:
        ``(train, test)``: whole creature rows, ``is_legendary`` included.
    """
    frame = generate_pokemon(rows, seed).to_pandas()
    train, test = train_test_split(
        frame, test_size=test_share, stratify=frame[LEGENDARY], random_state=seed
    )
    return train.reset_index(drop=True), test.reset_index(drop=True)
