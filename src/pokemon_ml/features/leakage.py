"""Leakage, measured: how much each classic leak inflates a cross-validated score.

A leak is information in the training data that the model will not have when it
is used for real — most often, information about the *test* rows' labels. It
does not make a model worse at training time; it makes the *score* lie. Module 2
measures four leaks on the analytics team's export (``pokemon_export``), each
against the honest pipeline, on the same rows and the same folds:

* **scaler fitted on all rows** — the scaler's means and spreads see the test rows.
  Usually a *small* effect: 1,500 rows' means barely move when 300 are added.
* **target encoding fitted on all rows** — each trainer's share of each type,
  computed with the test rows' own labels. With two creatures per trainer, half
  of that share *is* the row's label: a *large* effect.
* **label-derived column** — ``sprite_color`` was made from the type: the answer
  in another column. The effect is *total*.
* **duplicated rows** — the same creature on both sides of a random split. It
  rewards memorising rows, so it inflates a random forest far more than a
  logistic regression.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sklearn.base import ClassifierMixin
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, TargetEncoder
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from pokemon_ml.features.correlation import ONE_BLAS_THREAD
from pokemon_ml.features.engineering import TARGET
from pokemon_ml.features.pipeline import (
    CV_FOLDS,
    CV_SEED,
    MAX_ITER,
    cv_accuracy,
    make_feature_pipeline,
)

__all__ = [
    "LEAKY_COLUMN",
    "LABEL_DERIVED_COLUMN",
    "leakage_table",
    "single_column_scores",
    "target_encode_all_rows",
    "with_extra_columns",
]

LABEL_DERIVED_COLUMN = "sprite_color"  # made from the type by the export job
LEAKY_COLUMN = "trainer_id"  # harmless as it is; leaks when target-encoded on all rows
FOREST_TREES = 100  # trees of the random forest that shows the duplicates' effect
SINGLE_COLUMN_DEPTH = 4  # depth of the small tree that scores one column on its own


def make_forest() -> RandomForestClassifier:
    """The random forest of the duplicates row (a model that can memorise rows)."""
    return RandomForestClassifier(n_estimators=FOREST_TREES, random_state=CV_SEED, n_jobs=-1)


def with_extra_columns(
    numeric: tuple[str, ...] = (),
    categorical: tuple[str, ...] = (),
    target_encoded: tuple[str, ...] = (),
    classifier: ClassifierMixin | None = None,
) -> Pipeline:
    """The course's feature pipeline with more columns, then a classifier.

    Every extra column is handled *inside* the pipeline, so whatever it learns
    (categories, target shares) is learned on the training folds only.

    Args:
        numeric: extra columns passed through as numbers (already computed).
        categorical: extra columns one-hot encoded.
        target_encoded: extra columns replaced by each category's share of each
            type, learned on the training rows (``sklearn``'s ``TargetEncoder``,
            which also cross-fits within the training rows, on seeded folds).
        classifier: logistic regression by default.

    Returns:
        An unfitted pipeline: the course's features and the extra columns, side by side.
    """
    parts = [("course", make_feature_pipeline(), slice(None))]
    if numeric:
        parts.append(("numeric", "passthrough", list(numeric)))
    if categorical:
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        parts.append(("categorical", encoder, list(categorical)))
    if target_encoded:
        folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=CV_SEED)
        parts.append(("target_encoded", TargetEncoder(cv=folds), list(target_encoded)))
    columns = ColumnTransformer(parts, verbose_feature_names_out=False)
    if classifier is None:
        classifier = LogisticRegression(max_iter=MAX_ITER)
    return Pipeline([("columns", columns), ("classifier", classifier)]).set_output(
        transform="pandas"
    )


def target_encode_all_rows(df: pd.DataFrame, column: str, target: str = TARGET) -> pd.DataFrame:
    """The leaky way to target-encode: each category's share of each class, from every row.

    Args:
        df: the rows, with ``column`` and the ``target``.
        column: the categorical column (``"trainer_id"``).
        target: the label column.

    Returns:
        One column per class (``<column>_share_<class>``), aligned with ``df``. Each
        row's shares include its own label — the leak.
    """
    shares = pd.crosstab(df[column], df[target], normalize="index")
    encoded = shares.reindex(df[column].to_numpy()).set_axis(df.index)
    return encoded.add_prefix(f"{column}_share_").rename_axis(columns=None)


def leakage_table(
    export: pd.DataFrame, on_step: Callable[[str], object] | None = None
) -> pd.DataFrame:
    """Each leak beside the honest score it inflates: same rows, same folds, same model.

    Args:
        export: the analytics team's export (``load_dataset("pokemon_export")``).
        on_step: called with a description before each score (a progress bar).

    Returns:
        One row per leak, in this order: scaler, target encoding, label-derived
        column, duplicates (logistic regression), duplicates (random forest); columns
        ``leak``, ``model``, ``honest`` and ``leaky`` accuracy (mean over the folds)
        and ``inflation`` (leaky − honest, in percentage points).
    """
    rows = export.drop_duplicates("id").reset_index(drop=True)  # one row per creature
    y = rows[TARGET]

    def score(what: str, model: Pipeline, X: pd.DataFrame, labels: pd.Series = y) -> float:
        if on_step is not None:
            on_step(what)
        with threadpool_limits(**ONE_BLAS_THREAD):
            return float(cv_accuracy(model, X, labels).mean())

    honest = score("honest pipeline", with_extra_columns(), rows)
    # 1. The features are standardised on every row; only the classifier is cross-validated.
    scaled_on_all = make_feature_pipeline().fit_transform(rows)
    scaler = score("scaler on all rows", LogisticRegression(max_iter=MAX_ITER), scaled_on_all)
    # 2. trainer_id encoded on every row (leaky), or inside the pipeline (honest).
    encoded_on_all = rows.join(target_encode_all_rows(rows, LEAKY_COLUMN))
    shares = tuple(c for c in encoded_on_all.columns if c.startswith(f"{LEAKY_COLUMN}_share_"))
    inside = with_extra_columns(target_encoded=(LEAKY_COLUMN,))
    encoding_honest = score("target encoding, honest", inside, rows)
    encoding = score(
        "target encoding on all rows", with_extra_columns(numeric=shares), encoded_on_all
    )
    # 3. The label in another column.
    label = score("sprite_color", with_extra_columns(categorical=(LABEL_DERIVED_COLUMN,)), rows)
    # 4. The export as it came, duplicates and all: a model that cannot memorise, one that can.
    duplicated = score(
        "duplicates, logistic regression", with_extra_columns(), export, export[TARGET]
    )
    forest = Pipeline([("features", make_feature_pipeline()), ("classifier", make_forest())])
    forest_honest = score("forest, honest", forest, rows)
    forest_duplicated = score("duplicates, random forest", forest, export, export[TARGET])
    linear = "logistic regression"
    table = [
        ("scaler fitted on all rows", linear, honest, scaler),
        ("target encoding of trainer_id fitted on all rows", linear, encoding_honest, encoding),
        ("label-derived column (sprite_color)", linear, honest, label),
        ("duplicated rows across folds", linear, honest, duplicated),
        ("duplicated rows across folds", "random forest", forest_honest, forest_duplicated),
    ]
    frame = pd.DataFrame(table, columns=["leak", "model", "honest", "leaky"])
    frame["inflation"] = 100 * (frame["leaky"] - frame["honest"])
    return frame


def single_column_scores(df: pd.DataFrame, columns: list[str], target: str = TARGET) -> pd.Series:
    """How well each column *alone* predicts the target (a small tree, the course's folds).

    A column that predicts the label almost perfectly on its own is the first
    thing to question: real signals are rarely that clean.

    Args:
        df: the rows.
        columns: the columns to score one by one (text columns are ordinal-encoded).
        target: the label column.

    Returns:
        Mean cross-validated accuracy per column, best first.
    """
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=CV_SEED)
    scores = {}
    for column in columns:
        model = DecisionTreeClassifier(max_depth=SINGLE_COLUMN_DEPTH, random_state=CV_SEED)
        values = df[[column]]
        if not pd.api.types.is_numeric_dtype(values[column]):  # text: a number per category
            values = values.astype(str)
            encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1)
            model = Pipeline([("encode", encoder), ("tree", model)])
        scores[column] = cross_val_score(model, values, df[target], cv=folds).mean()
    return pd.Series(scores, name="accuracy alone").sort_values(ascending=False)
