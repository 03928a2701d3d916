"""Leakage, measured on the analytics team's export: target encoding fitted on all
rows inflates the score and fitted inside the pipeline it does not; the label-derived
column predicts the type on its own; the leak table ranks the leaks as the core
notebook says."""

from __future__ import annotations

import pandas as pd
import pytest
from threadpoolctl import threadpool_limits

from pokemon_ml import generate_pokemon
from pokemon_ml.data.export import make_export
from pokemon_ml.features import TARGET, cv_accuracy
from pokemon_ml.features.correlation import ONE_BLAS_THREAD
from pokemon_ml.features.leakage import (
    LABEL_DERIVED_COLUMN,
    LEAKY_COLUMN,
    leakage_table,
    single_column_scores,
    target_encode_all_rows,
    with_extra_columns,
)


@pytest.fixture(autouse=True)
def one_blas_thread():
    """Small fits run 5-10x faster on one BLAS thread on a busy 2-core machine."""
    with threadpool_limits(**ONE_BLAS_THREAD):
        yield


@pytest.fixture(scope="module")
def export() -> pd.DataFrame:
    frame, _ = make_export(generate_pokemon(600, seed=5), seed=5)
    return frame.to_pandas()


def test_target_encoding_on_all_rows_counts_each_rows_own_label(export) -> None:
    encoded = target_encode_all_rows(export, LEAKY_COLUMN)
    assert encoded.index.equals(export.index)
    assert encoded.sum(axis=1).round(9).eq(1).all()
    counts = export[LEAKY_COLUMN].value_counts()
    alone = export[export[LEAKY_COLUMN].map(counts) == 1].index  # trainers with one creature
    own = [encoded.loc[row, f"{LEAKY_COLUMN}_share_{export.loc[row, TARGET]}"] for row in alone]
    assert len(own) > 0 and all(share == 1 for share in own)  # the encoding *is* the label


def test_target_encoding_leaks_only_when_fitted_on_all_rows(export) -> None:
    rows = export.drop_duplicates("id").reset_index(drop=True)
    y = rows[TARGET]
    honest = cv_accuracy(with_extra_columns(), rows, y).mean()
    inside = cv_accuracy(with_extra_columns(target_encoded=(LEAKY_COLUMN,)), rows, y).mean()
    leaky_rows = rows.join(target_encode_all_rows(rows, LEAKY_COLUMN))
    shares = tuple(c for c in leaky_rows.columns if c.startswith(f"{LEAKY_COLUMN}_share_"))
    leaky = cv_accuracy(with_extra_columns(numeric=shares), leaky_rows, y).mean()
    assert abs(inside - honest) < 0.04
    assert leaky - honest > 0.05


def test_the_label_derived_column_predicts_the_type_on_its_own(export) -> None:
    scores = single_column_scores(export, ["hp", "weight_kg", LEAKY_COLUMN, LABEL_DERIVED_COLUMN])
    assert scores.index[0] == LABEL_DERIVED_COLUMN and scores.iloc[0] > 0.9
    assert scores.drop(LABEL_DERIVED_COLUMN).max() < 0.4


def test_the_leak_table_ranks_the_leaks(export) -> None:
    steps = []
    table = leakage_table(export, on_step=steps.append)
    assert len(steps) == 8
    inflation = dict(zip(table["leak"] + " / " + table["model"], table["inflation"], strict=True))
    scaler, encoding, label, duplicates, duplicates_forest = table["inflation"]
    assert label > encoding > 3 > abs(scaler)
    assert duplicates_forest > duplicates
    assert abs(scaler) < 1.5, inflation
