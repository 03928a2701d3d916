"""Checkpoint 3's patient: a training script that runs, reports, and is wrong.

``train_broken`` is the team's script for the type classifier. It raises no error
and returns a model and a report; several things in it are wrong all the same.
Checkpoint 3 shows its source, runs it, and asks the learner to find what is wrong
and write ``train_fixed``. This is the one module of the package that is wrong on
purpose; nothing else in the package imports it.

``team_table`` builds the table the script trains on: the creatures, the type they
are weak against (``weakness``, from the type chart) and which rows are held out
(``split``).
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

from pokemon_ml.features.engineering import (
    ENGINEERED_COLUMNS,
    RAW_FEATURES,
    TARGET,
    add_scale_free_features,
)

__all__ = ["NUMBER_COLUMNS", "TEST_SHARE", "TEXT_COLUMNS", "WEAKNESS", "team_table", "train_broken"]

TEST_SHARE = 0.25  # share of each type's creatures held out (the ``split`` column)
# The type each primary type is weak against, from the type chart (psychic's is not a
# type of ours). The curators fill it in once a creature's type is confirmed.
WEAKNESS = {
    "fire": "water",
    "water": "electric",
    "grass": "fire",
    "electric": "rock",
    "rock": "water",
    "psychic": "dark",
}
NUMBER_COLUMNS = [*RAW_FEATURES, *ENGINEERED_COLUMNS]
TEXT_COLUMNS = ["secondary_type", "weakness"]


def team_table(df: pd.DataFrame, seed: int = 42) -> pd.DataFrame:
    """The team's training table: ``df`` with ``weakness`` and ``split`` added.

    Args:
        df: creatures in the course's column layout (``primary_type`` included).
        seed: which creatures are held out.

    Returns:
        A copy of ``df`` with ``weakness`` (the type chart's entry for the creature's
        type) and ``split`` (``"train"`` or ``"test"``: ``TEST_SHARE`` of each type).
    """
    table = df.copy()
    table["weakness"] = table[TARGET].map(WEAKNESS)
    _, test = train_test_split(
        table.index, test_size=TEST_SHARE, stratify=table[TARGET], random_state=seed
    )
    table["split"] = np.where(table.index.isin(test), "test", "train")
    return table


def train_broken(df: pd.DataFrame, seed: int = 42) -> tuple[Pipeline, dict[str, float]]:
    """Train the type classifier on the team's table and report how good it is.

    Args:
        df: the team's table (``team_table``): creatures, ``weakness`` and ``split``.
        seed: makes the run reproducible.

    Returns:
        The fitted model (raw rows in, types out) and its held-out ``accuracy`` and
        ``macro_f1``.
    """
    random.seed(seed)  # reproducible runs

    # Shuffle the training rows: SGD learns best from well-mixed rows.
    train = df[df["split"] == "train"].sample(frac=1.0)
    test = df[df["split"] == "test"]
    X_train = train.drop(columns=[TARGET, "split"])
    y_train = df.loc[df["split"] == "train", TARGET].to_numpy()
    X_test = test.drop(columns=[TARGET, "split"])
    y_test = test[TARGET].to_numpy()

    encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
    columns = ColumnTransformer(
        [("numbers", StandardScaler(), NUMBER_COLUMNS), ("text", encoder, TEXT_COLUMNS)]
    )
    features = Pipeline(
        [("scale_free", FunctionTransformer(add_scale_free_features)), ("columns", columns)]
    )
    features.fit(X_test)
    classifier = SGDClassifier(loss="log_loss", alpha=1e-3)
    classifier.fit(features.transform(X_train), y_train)
    model = Pipeline([("features", features), ("classifier", classifier)])

    predicted = model.predict(X_test)
    metrics = {
        "accuracy": float(accuracy_score(y_test, predicted)),
        "macro_f1": float(f1_score(y_test, predicted, average="micro")),
    }
    return model, metrics
