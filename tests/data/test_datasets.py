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

from pokemon_ml import ISSUE_KINDS, STAT_COLUMNS, TYPES, generate_pokemon, validate
from pokemon_ml.data.datasets import build_datasets
from pokemon_ml.data.drops import DROP_PROBLEM_KINDS, make_drop_v2
from pokemon_ml.data.messy import expected_clean, make_messy, plant_height_boundary
from pokemon_ml.grading.checks.m01_checkpoint import GRADED_DROPS
from pokemon_ml.grading.checks.m01_schema_issues import schema_issues

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


def reported_pairs(frame) -> set[tuple[str, str]]:
    return set(map(tuple, schema_issues(frame.to_pandas())[["column", "issue"]].to_numpy()))


@pytest.mark.parametrize("seed", [42, 5, 77])
def test_drop_v2_answer_key_is_exactly_what_the_schema_reports(seed: int) -> None:
    drop, answer_key = make_drop_v2(300, seed, first_id=1_501)
    assert reported_pairs(drop) == {(k["column"], k["issue"]) for k in answer_key}


@pytest.mark.parametrize("plan", [drop[3] for drop in GRADED_DROPS], ids=lambda p: str(len(p)))
@pytest.mark.parametrize("seed", range(8))
def test_every_graded_plan_plants_exactly_its_answer_key(plan: tuple[str, ...], seed: int) -> None:
    drop, answer_key = make_drop_v2(120, seed, first_id=1, problems=plan)
    assert reported_pairs(drop) == {(k["column"], k["issue"]) for k in answer_key}
    assert all(type(k["column"]) is str for k in answer_key)  # plain names in feedback


def test_each_kind_of_problem_can_be_planted_alone() -> None:
    for kind in DROP_PROBLEM_KINDS:
        drop, answer_key = make_drop_v2(60, 3, first_id=1, problems=[kind])
        expected = {"missing_column", "unexpected_column"} if kind == "renamed_column" else {kind}
        assert {k["issue"] for k in answer_key} == expected <= set(ISSUE_KINDS)
        assert reported_pairs(drop) == {(k["column"], k["issue"]) for k in answer_key}
    with pytest.raises(ValueError, match="unknown problem kind"):
        make_drop_v2(60, 3, first_id=1, problems=["typo"])


def test_a_check_that_cannot_run_is_not_an_issue_of_its_own() -> None:
    """Without primary_type the table-wide type rule crashes: that is no inconsistent row."""
    clean = generate_pokemon(200, 1).to_pandas()
    for column in ("primary_type", "secondary_type"):
        assert reported_pairs_of(clean.drop(columns=column)) == {(column, "missing_column")}
    text_stats = clean.astype({"hp": str})  # its range check cannot compare text with numbers
    assert reported_pairs_of(text_stats) == {("hp", "wrong_dtype")}


def reported_pairs_of(frame: pd.DataFrame) -> set[tuple[str, str]]:
    return set(map(tuple, schema_issues(frame)[["column", "issue"]].to_numpy()))


@pytest.mark.parametrize("n_rows, seed", [(1_500, 42), (400, 7)])
def test_the_height_boundary_is_in_the_graded_messy_file(n_rows: int, seed: int) -> None:
    """Exactly 20 stays metres, 20.1 is centimetres: a loader using >= 20 or > 25 differs."""
    clean = generate_pokemon(n_rows, seed)
    truth, messy = plant_height_boundary(clean, make_messy(clean, seed))
    recorded = messy.frame["height_m"].to_numpy()
    assert 20.0 in recorded and 20.1 in recorded
    expected = expected_clean(truth, messy)
    assert (expected["height_m"] == 20.0).sum() == 1
    assert np.isclose(expected["height_m"], 0.201).sum() == 1
    assert validate(truth.to_pandas()).empty  # the truth is still clean data


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


def test_describe_schema_lists_exactly_the_dtypes_that_pass() -> None:
    """A learner comparing dtypes by hand with the table must reach pandera's verdict."""
    from pokemon_ml import describe_schema
    from pokemon_ml.data.schemas import COMMON_DTYPES

    clean = generate_pokemon(30, 2).to_pandas()
    for rule in describe_schema().to_dict("records"):
        column = rule["column"]
        if column not in clean.columns:
            continue  # the whole-table row
        passing = set(rule["dtypes that pass"].replace(" (text only)", "").split(", "))
        for dtype in COMMON_DTYPES:
            try:
                retyped = clean.astype({column: dtype})
            except (TypeError, ValueError):  # names as int64: not a dtype those values take
                continue
            failures = validate(retyped)
            assert failures.empty == (dtype in passing), (column, dtype)
            if not failures.empty:  # and the table names the dtype as pandera's report does
                assert f"dtype('{rule['dtype']}')" in set(failures["check"]), (column, dtype)
