"""What is inside the data: the schema holds on clean data and catches every
injected problem, the answer keys are right, and the latent structure gives the
learning target its designed difficulty."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from pokemon_ml import STAT_COLUMNS, TYPES, generate_pokemon, validate
from pokemon_ml.data.datasets import build_datasets
from pokemon_ml.data.messy import expected_clean, make_drop_v2, make_messy
from pokemon_ml.grading.checks.m01_exercises import schema_issues

RAW_FEATURES = [
    "generation",
    "evolution_stage",
    *STAT_COLUMNS,
    "height_m",
    "weight_kg",
    "capture_rate",
    "is_legendary",
]


@pytest.fixture(scope="module")
def pokemon() -> pd.DataFrame:
    return generate_pokemon().to_pandas()


@pytest.mark.parametrize("seed", [42, 0, 123])
def test_clean_data_meets_the_schema(seed: int) -> None:
    assert validate(generate_pokemon(2_000, seed).to_pandas()).empty


def test_every_injected_problem_in_the_messy_data_is_caught_by_the_schema() -> None:
    frames, answer_keys = build_datasets()
    failing_columns = set(schema_issues(frames["pokemon_messy"].to_pandas())["column"])
    injected = {issue["column"] for issue in answer_keys["pokemon_messy"]}
    assert len(answer_keys["pokemon_messy"]) == 8
    assert injected <= failing_columns, injected - failing_columns


def test_messy_data_has_each_documented_kind_of_problem() -> None:
    _, answer_keys = build_datasets()
    kinds = {issue["issue"] for issue in answer_keys["pokemon_messy"]}
    assert kinds == {
        "missing_values",
        "duplicate_rows",
        "wrong_units",
        "text_in_numeric",
        "impossible_values",
        "inconsistent_spelling",
    }


@pytest.mark.parametrize("seed", [42, 5, 77])
def test_drop_v2_answer_key_is_exactly_what_the_schema_reports(seed: int) -> None:
    drop, answer_key = make_drop_v2(300, seed, first_id=1_501)
    reported = set(map(tuple, schema_issues(drop.to_pandas())[["column", "issue"]].to_numpy()))
    assert reported == {(k["column"], k["issue"]) for k in answer_key}


def test_drop_v2_plants_different_problems_for_different_seeds() -> None:
    keys = [{(k["column"], k["issue"]) for k in make_drop_v2(300, seed, 1)[1]} for seed in range(6)]
    assert len({frozenset(key) for key in keys}) > 1


def test_expected_clean_undoes_only_what_can_be_undone(pokemon: pd.DataFrame) -> None:
    clean = generate_pokemon()
    messy = make_messy(clean, 42)
    expected = expected_clean(clean, messy)
    assert len(expected) == len(pokemon) and expected["id"].is_monotonic_increasing
    assert expected["height_m"].max() <= 20
    assert expected["hp"].isna().sum() == len(messy.lost_cells["hp"])
    untouched = ["name", "defense", "weight_kg"]
    pd.testing.assert_frame_equal(expected[untouched], pokemon[untouched])


def test_legendaries_are_rare(pokemon: pd.DataFrame) -> None:
    assert 0.04 <= pokemon["is_legendary"].mean() <= 0.09


def test_types_shape_the_stat_profile(pokemon: pd.DataFrame) -> None:
    means = pokemon.groupby("primary_type")[list(STAT_COLUMNS)].mean()
    assert means["defense"].idxmax() == "rock"
    assert means["speed"].idxmax() == "electric"
    assert means["sp_attack"].idxmax() == "psychic"
    density = (
        (pokemon["weight_kg"] / pokemon["height_m"] ** 3).groupby(pokemon["primary_type"]).median()
    )
    assert density.idxmax() == "rock" and set(density.index) == set(TYPES)


def test_stats_are_correlated_through_overall_strength(pokemon: pd.DataFrame) -> None:
    correlations = pokemon[list(STAT_COLUMNS)].corr().to_numpy()[np.triu_indices(6, 1)]
    assert correlations.min() > 0.1


def scale_free_features(df: pd.DataFrame) -> pd.DataFrame:
    log_stats = np.log(df[list(STAT_COLUMNS)])
    features = log_stats.sub(log_stats.mean(axis=1), axis=0).add_prefix("relative_")
    features["log_density"] = np.log(df["weight_kg"] / df["height_m"] ** 3)
    return features


def test_primary_type_is_hard_on_raw_columns_and_learnable_with_features(
    pokemon: pd.DataFrame,
) -> None:
    """The designed difficulty: ≈65% for a default model on raw columns, >75% engineered."""
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2_000))
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    y = pokemon["primary_type"]
    raw = cross_val_score(model, pokemon[RAW_FEATURES].astype(float), y, cv=folds).mean()
    assert 0.58 <= raw <= 0.72, raw
    X_train, X_test, y_train, y_test = train_test_split(
        scale_free_features(pokemon), y, test_size=0.25, stratify=y, random_state=0
    )
    held_out = model.fit(X_train, y_train).score(X_test, y_test)
    assert held_out > 0.75, held_out
