"""Module 2's checks, proven three ways: the reference solution passes, the untouched
stub is not attempted, and plausible wrong answers fail with feedback that names the
mistake. Correct answers written differently pass too.

The wrong answers are the ones a hurried learner writes (an unguarded ratio, a
z-score, a pipeline handed over fitted, a stat ratio as "the" feature) and the ones a
clever one writes (a target encoding, a scaler fitted outside and smuggled in through
a FunctionTransformer, predictions cached by id to fool an invariance test, the
visible labels looked up by id). The measured figures the issue asks for are printed
(`pytest -s`) by the tests named ``test_figures_*``."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import polars as pl
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.compose import ColumnTransformer, make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler, TargetEncoder

from pokemon_ml import STAT_COLUMNS, TYPES, check, load_dataset
from pokemon_ml.features import (
    ENGINEERED_COLUMNS,
    RAW_FEATURES,
    TARGET,
    add_scale_free_features,
    make_baseline_model,
    make_model,
)
from pokemon_ml.features.leaky import LEAKY_STEPS, cv_accuracy_by_creature, leaky_experiment
from pokemon_ml.grading.checks.m02_checkpoint import (
    HIDDEN_TEST,
    HIDDEN_TRAIN,
    PASS_ACCURACY,
    baseline_accuracy,
    held_out_accuracy,
)
from pokemon_ml.grading.checks.m02_edge_cases import EDGE_ROWS, edge_table
from pokemon_ml.grading.checks.m02_feature_frames import shuffled_table
from pokemon_ml.grading.checks.m02_leakage import GRADED_EXPORTS, LEAK_IDS, reference_accuracy
from pokemon_ml.grading.checks.m02_lift import LIFT_TABLES, MIN_LIFT, feature_lift
from tests.conftest import notebook_functions
from tests.grading import verdicts

EXERCISES = "exercises/02_eda_and_features.py"
EXERCISE_FUNCTIONS = {"2.1": "engineer_features", "2.2": "fixed_pipeline", "2.3": "my_feature"}
SOLUTIONS = notebook_functions(
    "exercises/solutions/02_eda_and_features.py",
    *EXERCISE_FUNCTIONS.values(),
    "FEATURE_NOTES",
    "LEAKS_FOUND",
)
C2_SOLUTION = notebook_functions(
    "checkpoints/solutions/02_feature_engineering_competition.py", "build_features"
)
# Bound one by one, so a wrong answer built on a solution carries only that function to
# the grading worker (a whole namespace would bring every solution's imports with it).
SOLUTION_FEATURES = SOLUTIONS.engineer_features
SOLUTION_MY_FEATURE = SOLUTIONS.my_feature
C2_BUILD_FEATURES = C2_SOLUTION.build_features
ANSWERS = {  # the second answer each exercise asks for, from the reference solution
    "2.1": {"FEATURE_NOTES": SOLUTIONS.FEATURE_NOTES},
    "2.2": {"LEAKS_FOUND": SOLUTIONS.LEAKS_FOUND},
    "2.3": {},
}


def assert_fails(exercise_id: str, candidate, *fragments: str, **answers) -> str:
    """``verdicts.assert_fails`` with the reference's other answers filled in."""
    return verdicts.assert_fails(
        exercise_id, candidate, *fragments, **{**ANSWERS.get(exercise_id, {}), **answers}
    )


def assert_passes(exercise_id: str, candidate, **answers) -> str:
    """``verdicts.assert_passes`` with the reference's other answers filled in."""
    return verdicts.assert_passes(
        exercise_id, candidate, **{**ANSWERS.get(exercise_id, {}), **answers}
    )


# ---------------------------------------------------------------- 2.1 engineer_features
def solution_features(df):
    return SOLUTION_FEATURES(df)


def features_four_only(df):
    return solution_features(df).drop(columns=["rel_speed", "rel_sp_attack", "special_share"])


def features_unguarded_power_ratio(df):
    return solution_features(df).assign(power_ratio=df["attack"] / df["defense"])


def features_from_the_course_function(df):
    """The course's scale-free features as they are: log(0) where defense is 0."""
    return add_scale_free_features(df)


def features_zscore_with_table_statistics(df):
    """A standardised column, computed with the table's own mean and standard deviation."""
    features = solution_features(df)
    density = features["log_density"]
    return features.assign(log_density=(density - density.mean()) / density.std())


def features_type_mean_hp(df):
    return solution_features(df).assign(
        type_mean_hp=df.groupby("primary_type")["hp"].transform("mean")
    )


def features_label_code(df):
    """ "Encode the categories as numbers" — the label among them."""
    codes = {name: code for code, name in enumerate(TYPES)}
    return solution_features(df).assign(type_code=df["primary_type"].map(codes))


def features_doubled_hp(df):
    return solution_features(df).assign(hp_doubled=df["hp"] * 2)


def features_constant(df):
    return solution_features(df).assign(bias=1.0)


def features_two_rescalings(df):
    features = solution_features(df)
    return features.assign(density_score=100 * features["log_density"] + 7)


def features_sorted_by_id(df):
    return solution_features(df).sort_values("id")


def features_new_columns_of_sorted_rows(df):
    """Only the new columns, computed on the table sorted by id, given back by position."""
    ordered = df.sort_values("id")
    features = solution_features(ordered).drop(columns=df.columns)
    return features.set_axis(df.index)


def features_positional_series(df):
    """A Series built from a bare array: joined back by label, it lands on other rows."""
    density = np.log(df["weight_kg"].to_numpy()) - 3 * np.log(df["height_m"].to_numpy())
    return solution_features(df).assign(log_density=pd.Series(density))


def features_dropping_rows_with_gaps(df):
    return solution_features(df).dropna()


def features_in_place(df):
    df["power_ratio"] = (df["attack"] + 1) / (df["defense"] + 1)
    return solution_features(df)


def features_size_class_as_category(df):
    size = pd.cut(df["height_m"], [0, 1, 2, 100], labels=["small", "medium", "large"])
    return solution_features(df).assign(size_class=size)


def features_get_dummies(df):
    dummies = pd.get_dummies(df["secondary_type"], prefix="secondary", dtype="float64")
    return pd.concat([solution_features(df), dummies], axis=1)


def features_forget_return(df):
    solution_features(df)


def features_with_random_noise(df):
    """ "A little noise helps a model generalise" — a column drawn at random."""
    return solution_features(df).assign(noise=np.random.default_rng().normal(size=len(df)))


def features_that_replay_their_first_answer(df):
    """Clever: a label-using column, remembered per creature from the first call, so a
    second call with other labels gives the same values (the grader's second call is in a
    new worker, where nothing was remembered)."""
    import builtins

    memory = builtins.__dict__.setdefault("_remembered_type_mean_hp", {})
    fresh = df.groupby("primary_type")["hp"].transform("mean")
    keys = df["id"].tolist()
    values = [memory.setdefault(key, value) for key, value in zip(keys, fresh)]
    return solution_features(df).assign(type_mean_hp=pd.Series(values, index=df.index))


NOTES = dict(SOLUTIONS.FEATURE_NOTES)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (features_four_only, ["adds 4 new column(s)", "at least 5"]),
        (features_unguarded_power_ratio, ["`power_ratio` is inf where defense is 0"]),
        (features_from_the_course_function, ["`rel_hp` is inf where defense is 0"]),
        (features_zscore_with_table_statistics, ["On a single row", "`log_density` holds NaN"]),
        (features_type_mean_hp, ["Column `type_mean_hp` of your", "shuffles `primary_type`"]),
        (features_that_replay_their_first_answer, ["Column `type_mean_hp` of your"]),
        (features_label_code, ["Column `type_code` of your", "computed from the label"]),
        (features_with_random_noise, ["Called twice on the same table", "`noise`"]),
        (features_doubled_hp, ["`hp_doubled` is a copy or a rescaling of `hp`"]),
        (features_constant, ["`bias` has the same value for every creature"]),
        (features_two_rescalings, ["`log_density` and `density_score` are rescalings"]),
        (features_sorted_by_id, ["not in the order", "`id` column differs"]),
        (features_new_columns_of_sorted_rows, ["in another order", "a different `"]),
        (features_positional_series, ["in another order", "different `log_density`"]),
        (features_dropping_rows_with_gaps, ["rows and returned", "rows were dropped"]),
        (features_in_place, ["changed the data it was given"]),
        (features_size_class_as_category, ["`size_class` holds category", "needs numbers"]),
        (features_get_dummies, ["adds the columns", "on the first table"]),
        (features_forget_return, ["returned None"]),
    ],
)
def test_engineer_features_wrong_answers(candidate, fragments) -> None:
    notes = {**NOTES, **{name: "a column the test adds for this case" for name in EXTRA}}
    assert_fails("2.1", candidate, *fragments, FEATURE_NOTES=notes)


EXTRA = (
    "type_mean_hp", "type_code", "hp_doubled", "bias", "density_score", "size_class", "noise",
)  # fmt: skip


@pytest.mark.parametrize(
    "notes, fragments",
    [
        ({k: v for k, v in NOTES.items() if k != "rel_speed"}, ["no note for `rel_speed`"]),
        ({**NOTES, "power_ratio": ""}, ["The note for `power_ratio` is ''"]),
        ({**NOTES, "log_density": "density"}, ["The note for `log_density`", "a sentence"]),
        ({**NOTES, "bmi": "Body mass index separates heavy types."}, ["describes `bmi`"]),
        (list(NOTES), ["should be a dict", "got list"]),
    ],
)
def test_engineer_features_notes_must_match_the_columns(notes, fragments) -> None:
    assert_fails("2.1", solution_features, *fragments, FEATURE_NOTES=notes)


def test_engineer_features_without_notes_says_so() -> None:
    result = check("2.1", solution_features)
    assert result.status == "failed" and "needs your `FEATURE_NOTES`" in result.feedback


def features_polars(df):
    """A different valid style: polars expressions, a polars frame returned."""
    frame = pl.from_pandas(df)
    stats = [pl.col(s).cast(pl.Float64) for s in STAT_COLUMNS]
    total = pl.sum_horizontal(stats)
    return frame.with_columns(
        ((pl.col("attack") + 1) / (pl.col("defense") + 1)).alias("attack_per_defense"),
        ((pl.col("speed") + 1) / (total + 1)).alias("speed_share"),
        ((pl.col("sp_attack") + pl.col("sp_defense")) / (total + 1)).alias("special_share"),
        (pl.col("weight_kg") / pl.col("height_m") ** 3).log().alias("log_density"),
        (pl.col("weight_kg") / pl.col("height_m") ** 2).alias("bmi"),
        (total + 1).log().alias("log_total"),
    )


POLARS_NOTES = {
    "attack_per_defense": "Hard hitters and walls differ whatever their size.",
    "speed_share": "Electric creatures put more of their stats into speed.",
    "special_share": "Psychic creatures lean on their special stats.",
    "log_density": "Rock bodies are dense, psychic ones light, at any height.",
    "bmi": "Weight per squared height is a rough density a doctor would know.",
    "log_total": "Overall strength on a log scale.",
}


def features_numpy_new_columns_only(df):
    """Only the new columns, from numpy arrays, given the frame's index."""
    stats = df[list(STAT_COLUMNS)].to_numpy(dtype="float64")
    logs = np.log(np.clip(stats, 1, None))  # a stat of 0 counts as 1
    relative = logs - logs.mean(axis=1, keepdims=True)
    height, weight = df["height_m"].to_numpy(), df["weight_kg"].to_numpy()
    columns = {f"rel_{stat}": relative[:, i] for i, stat in enumerate(STAT_COLUMNS)}
    columns["log_density"] = np.log(weight / height**3)
    return pd.DataFrame(columns, index=df.index)


NUMPY_NOTES = {
    **{
        f"rel_{stat}": f"How much {stat} the creature has against its own average."
        for stat in STAT_COLUMNS
    },
    "log_density": "The body's density, which the type sets.",
}


def features_loop(df):
    """Row by row, with an explicit branch for a defense of 0."""
    ratios, shares, densities, totals, bulk = [], [], [], [], []
    for row in df.itertuples(index=False):
        total = sum(getattr(row, stat) for stat in STAT_COLUMNS)
        ratios.append(row.attack / row.defense if row.defense > 0 else float(row.attack))
        shares.append(row.speed / total if total > 0 else 0.0)
        densities.append(np.log(row.weight_kg / row.height_m**3))
        totals.append(np.log(total + 1))
        bulk.append((row.hp + row.defense + row.sp_defense) / (total + 1))
    return df.assign(
        power_ratio=ratios, speed_share=shares, log_density=densities, log_total=totals,
        bulk_share=bulk,
    )  # fmt: skip


LOOP_NOTES = {
    "power_ratio": "Attack per defense, with a defense of 0 treated as 1.",
    "speed_share": "Electric creatures are fast for their size.",
    "log_density": "Rock is dense and psychic is light, at any height.",
    "log_total": "Overall strength, so the shares can be read against it.",
    "bulk_share": "Water and rock put their stats into taking hits.",
}


def features_course_function_made_safe(df):
    """The course's function, reused on stats with 0 raised to 1 (the column is changed
    in the returned copy, which is allowed: only new columns are graded)."""
    safe = df.assign(**{stat: df[stat].clip(lower=1) for stat in STAT_COLUMNS})
    return add_scale_free_features(safe)


COURSE_NOTES = {
    **{
        f"rel_{stat}": f"The creature's {stat} against its own average stat."
        for stat in STAT_COLUMNS
    },
    "log_density": "Density, which the type sets, on a log scale.",
    "log_base_total": "Overall strength, so relative stats can be read against it.",
}


@pytest.mark.parametrize(
    "candidate, notes",
    [
        (features_polars, POLARS_NOTES),
        (features_numpy_new_columns_only, NUMPY_NOTES),
        (features_loop, LOOP_NOTES),
        (features_course_function_made_safe, COURSE_NOTES),
    ],
)
def test_engineer_features_accepts_other_correct_answers(candidate, notes) -> None:
    assert_passes("2.1", candidate, FEATURE_NOTES=notes)


def test_the_edge_table_holds_the_cases_the_brief_names() -> None:
    table = edge_table()
    names = [name for name, _ in EDGE_ROWS]
    assert any("defense is 0" in name for name in names)
    assert (table[list(STAT_COLUMNS)].to_numpy() == 255).all(axis=1).any()
    assert (table[list(STAT_COLUMNS)].to_numpy() == 1).all(axis=1).any()
    assert (table["defense"] == 0).sum() == 2
    assert table["height_m"].min() == 0.05 and table["weight_kg"].max() == 10_000.0


# ---------------------------------------------------------------- 2.2 fixed_pipeline
def pipeline_with(*extra_transformers):
    """The course's pipeline with more columns given to the model."""
    model = make_model()
    columns = model.named_steps["features"].named_steps["columns"]
    columns.transformers = [*columns.transformers, *extra_transformers]
    return model


def pipeline_keeps_sprite_color():
    return pipeline_with(
        ("color", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["sprite_color"])
    )


def pipeline_already_fitted():
    export = load_dataset("pokemon_export")
    return make_model().fit(export.drop(columns=TARGET), export[TARGET])


def pipeline_frozen():
    """sklearn's FrozenEstimator: fit() does nothing, so the fitted model stays."""
    return FrozenEstimator(pipeline_already_fitted())


def pipeline_scaler_fitted_outside():
    """The scaler fitted on every row of the export, smuggled in as a plain function."""
    numeric = [*RAW_FEATURES, *ENGINEERED_COLUMNS]
    export = add_scale_free_features(load_dataset("pokemon_export"))
    scaler = StandardScaler().fit(export[numeric].to_numpy())
    return Pipeline(
        [
            ("scale_free", FunctionTransformer(add_scale_free_features)),
            ("select", ColumnTransformer([("numeric", "passthrough", numeric)])),
            ("scale", FunctionTransformer(scaler.transform)),
            ("classifier", LogisticRegression(max_iter=2_000)),
        ]
    )


def pipeline_for_preprocessed_input():
    """Scaling and the model, for a frame someone already turned into numbers."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2_000))


def pipeline_expecting_engineered_columns():
    """The scale-free features were added to the data before the pipeline saw it."""
    columns = make_column_transformer((StandardScaler(), [*RAW_FEATURES, *ENGINEERED_COLUMNS]))
    return make_pipeline(columns, LogisticRegression(max_iter=2_000))


def pipeline_dropping_duplicates_inside():
    dedupe = FunctionTransformer(lambda X: X.drop_duplicates("id"))
    return Pipeline([("dedupe", dedupe), ("model", make_model())])


def pipeline_raw_columns_only():
    return make_baseline_model()


class CachedByIdColorModel(ClassifierMixin, BaseEstimator):
    """Uses the colour, and answers every creature it has seen before as it did then,
    so shuffling the colour of held-out rows cannot move a prediction."""

    def fit(self, X, y):
        self.model_ = pipeline_keeps_sprite_color().fit(X, y)
        self.seen_ = {}
        return self

    def predict(self, X):
        fresh = self.model_.predict(X)
        return np.array([self.seen_.setdefault(i, p) for i, p in zip(X["id"], fresh)])


def pipeline_caching_predictions_by_id():
    return CachedByIdColorModel()


def pipeline_returns_a_score():
    return 0.82


class CodesModel(ClassifierMixin, BaseEstimator):
    """Labels turned into numbers "because models want numbers": it predicts codes."""

    def fit(self, X, y):
        self.types_, codes = np.unique(np.asarray(y), return_inverse=True)
        self.model_ = make_model().fit(X, codes)
        return self

    def predict(self, X):
        return self.model_.predict(X)


def pipeline_predicting_codes():
    return CodesModel()


class PrefittedWrapper:
    """Not a scikit-learn class at all: fit does nothing, the model inside came fitted."""

    def __init__(self):
        export = load_dataset("pokemon_export")
        self.model = make_model().fit(export.drop(columns=TARGET), export[TARGET])

    def fit(self, X, y):
        return self

    def predict(self, X):
        return self.model.predict(X)


def pipeline_duck_typed_and_prefitted():
    return PrefittedWrapper()


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (pipeline_keeps_sprite_color, ["shuffled one column", "derived from the label"]),
        (pipeline_already_fitted, ["already fitted", "LogisticRegression"]),
        (pipeline_frozen, ["already fitted", "FrozenEstimator"]),
        (pipeline_scaler_fitted_outside, ["already fitted (StandardScaler)"]),
        (pipeline_for_preprocessed_input, ["Fitting your pipeline on the export failed"]),
        (pipeline_expecting_engineered_columns, ["failed", "pick the columns, build"]),
        (pipeline_dropping_duplicates_inside, ["failed", "A pipeline cannot drop rows"]),
        (pipeline_raw_columns_only, ["Your pipeline scores 0.6", "is one missing"]),
        (pipeline_caching_predictions_by_id, ["scores 0.9", "too good to be true"]),
        (pipeline_returns_a_score, ["returned a float", "unfitted"]),
        (pipeline_predicting_codes, ["predicts '0', '1', '2'", "not a type"]),
        (pipeline_duck_typed_and_prefitted, ["already fitted", "LogisticRegression"]),
    ],
)
def test_fixed_pipeline_wrong_answers(candidate, fragments) -> None:
    feedback = assert_fails("2.2", candidate, *fragments)
    assert "sprite_color" not in feedback  # which column leaks is the learner's to find


@pytest.mark.parametrize(
    "leaks, fragments",
    [
        (set(LEAKY_STEPS), ["names 4 of the experiment's 4 leaks", "accuses 2 step(s)"]),
        (LEAK_IDS - {"scaler_on_all_rows"}, ["names 3 of the experiment's 4 leaks"]),
        ((LEAK_IDS - {"random_row_split"}) | {"stratified_split"}, ["3 of", "accuses 1"]),
        ({"sprite_color", "trainer_id"}, ["'sprite_color', 'trainer_id'", "not a step id"]),
        ("color_one_hot", ["should be a set of step ids", "got str"]),
        (set(), ["names 0 of the experiment's 4 leaks"]),
    ],
)
def test_leaks_found_wrong_answers(leaks, fragments) -> None:
    feedback = assert_fails("2.2", SOLUTIONS.fixed_pipeline, *fragments, LEAKS_FOUND=leaks)
    named = set(re.findall(r"[a-z_]+", feedback.split("The ids are")[0]))
    assert not (LEAK_IDS - set(leaks if not isinstance(leaks, str) else ())) & named


def pipeline_course_model():
    """The course's shared pipeline is an honest answer as it stands."""
    return make_model()


def scale_free_in_my_own_words(X):
    stats = X[list(STAT_COLUMNS)].astype("float64")
    logs = np.log(stats)
    return X.assign(
        **{f"rel_{s}": logs[s] - logs.mean(axis=1) for s in STAT_COLUMNS},
        log_density=np.log(X["weight_kg"] / X["height_m"] ** 3),
    )


def pipeline_target_encoding_inside_and_a_forest():
    """trainer_id target-encoded *inside* the pipeline (fitted per training split, so
    honest), my own feature function, and a random forest."""
    numeric = [*RAW_FEATURES, *(f"rel_{s}" for s in STAT_COLUMNS), "log_density"]
    columns = make_column_transformer(
        ("passthrough", numeric), (TargetEncoder(random_state=0), ["trainer_id"])
    )
    return make_pipeline(
        FunctionTransformer(scale_free_in_my_own_words),
        columns,
        RandomForestClassifier(n_estimators=150, random_state=0, n_jobs=1),
    )


@pytest.mark.parametrize(
    "candidate, leaks",
    [
        (pipeline_course_model, sorted(LEAK_IDS)),
        (pipeline_target_encoding_inside_and_a_forest, tuple(LEAK_IDS)),
    ],
)
def test_fixed_pipeline_accepts_other_correct_answers(candidate, leaks) -> None:
    assert_passes("2.2", candidate, LEAKS_FOUND=leaks)


def test_leaky_experiment_has_leaks_and_innocent_steps() -> None:
    """The experiment scores far above honest, names every step it takes, and some of
    its steps are innocent (so accusing everything fails)."""
    import inspect

    source = inspect.getsource(leaky_experiment)
    assert all(f'"{step}"' in source for step in LEAKY_STEPS)
    assert LEAK_IDS < set(LEAKY_STEPS) and len(set(LEAKY_STEPS) - LEAK_IDS) >= 2
    assert leaky_experiment(load_dataset("pokemon_export")) > 0.95


def test_figures_leaky_versus_fixed(capsys) -> None:
    export = load_dataset("pokemon_export")
    leaky = leaky_experiment(export)
    fixed = cv_accuracy_by_creature(SOLUTIONS.fixed_pipeline(), export).mean()
    references = [reference_accuracy(*graded) for graded in GRADED_EXPORTS]
    with capsys.disabled():
        print(
            f"\n2.2: leaky experiment {leaky:.3f}; the fixed pipeline, 5 folds by id, "
            f"{fixed:.3f}; honest pipeline on the grader's id-split exports "
            f"{', '.join(f'{r:.3f}' for r in references)}"
        )
    assert leaky > 0.95 and 0.78 < fixed < 0.88 and all(0.78 < r < 0.88 for r in references)


# ---------------------------------------------------------------- 2.3 my_feature
def feature_log_density(df):
    return SOLUTION_MY_FEATURE(df)


def feature_bmi(df):
    """Body mass index: a different good feature (weight over height squared)."""
    return df["weight_kg"] / df["height_m"] ** 2


def feature_density_polars(df):
    return pl.from_pandas(df[["weight_kg", "height_m"]]).select(
        pl.col("weight_kg") / pl.col("height_m") ** 3
    )["weight_kg"]


def feature_density_loop(df):
    values = [row.weight_kg / row.height_m**3 for row in df.itertuples()]
    return pd.Series(values, index=df.index)


def feature_density_array(df):
    return np.log(df["weight_kg"].to_numpy()) - 3 * np.log(df["height_m"].to_numpy())


@pytest.mark.parametrize(
    "candidate",
    [feature_log_density, feature_bmi, feature_density_polars, feature_density_loop,
     feature_density_array],
)  # fmt: skip
def test_my_feature_accepts_other_correct_answers(candidate) -> None:
    assert_passes("2.3", candidate)


def feature_attack_per_defense(df):
    return df["attack"] / df["defense"]


def feature_label_code(df):
    return df["primary_type"].map({name: code for code, name in enumerate(TYPES)})


def feature_target_encoded_density(df):
    """A good feature, binned, then each bin's share of rock types over every row."""
    bins = pd.qcut(np.log(df["weight_kg"] / df["height_m"] ** 3), 20, labels=False)
    return (df["primary_type"] == "rock").groupby(bins).transform("mean")


def feature_positional_series(df):
    return pd.Series(np.log(df["weight_kg"].to_numpy() / df["height_m"].to_numpy() ** 3))


def feature_array_of_sorted_rows(df):
    ordered = df.sort_values("id")
    return np.log(ordered["weight_kg"].to_numpy() / ordered["height_m"].to_numpy() ** 3)


def feature_weight_per_generation_step(df):
    return df["weight_kg"] / (df["generation"] - 1)


def feature_as_frame(df):
    return (df["weight_kg"] / df["height_m"] ** 3).to_frame("density")


def feature_one_row_short(df):
    return feature_bmi(df).iloc[:-1]


def feature_secondary_type(df):
    return df["secondary_type"].fillna("none")


def feature_with_noise(df):
    noise = np.random.default_rng().normal(0, 0.01, len(df))
    return np.log(df["weight_kg"] / df["height_m"] ** 3) + noise


REMEMBERED: dict = {}  # a copy of it lives in each grading worker


def feature_remembering_its_first_answer(df):
    """The label, computed once per creature and then remembered, so that a second call
    with other labels returns the first answer and an invariance test sees no change."""
    codes = df["primary_type"].map({name: code for code, name in enumerate(TYPES)})
    for creature, code in zip(df["id"], codes):
        REMEMBERED.setdefault(creature, code)
    return pd.Series([REMEMBERED[creature] for creature in df["id"]], index=df.index)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (feature_attack_per_defense, ["lifts the baseline's cross-validated accuracy by", "bar is +0.05"]),
        (feature_label_code, ["changes when the grader shuffles `primary_type`"]),
        (feature_target_encoded_density, ["changes when the grader shuffles", "encoding"]),
        (feature_positional_series, ["its index is not the table's"]),
        (feature_array_of_sorted_rows, ["in another order", "different `my_feature`"]),
        (feature_weight_per_generation_step, ["your feature is inf in"]),
        (feature_as_frame, ["returned a DataFrame", "one Series"]),
        (feature_one_row_short, ["returned 1,199", "rows were dropped"]),
        (feature_secondary_type, ["holds str values", "needs numbers"]),
        (feature_with_noise, ["Called twice on the same table"]),
        (feature_remembering_its_first_answer, ["lifts the baseline", "bar is +0.05"]),
    ],
)  # fmt: skip
def test_my_feature_wrong_answers(candidate, fragments) -> None:
    assert_fails("2.3", candidate, *fragments)


def test_figures_two_different_features_lift_the_baseline(capsys) -> None:
    lifts = {}
    for name, feature in (("log density", feature_log_density), ("BMI", feature_bmi)):
        measured = [feature_lift(table, feature(table)) for table in map_tables()]
        lifts[name] = [with_feature - baseline for baseline, with_feature in measured]
    with capsys.disabled():
        print(f"\n2.3 lifts on the graded tables {LIFT_TABLES}: {lifts}")
    assert all(np.mean(values) > MIN_LIFT + 0.05 for values in lifts.values())


def map_tables():
    return [shuffled_table(n_rows, seed) for n_rows, seed in LIFT_TABLES]


# ---------------------------------------------------------------- C2 build_features
def features_c2_solution(df):
    return C2_BUILD_FEATURES(df)


def features_raw_columns(df):
    return df[list(RAW_FEATURES)]


def features_with_the_label(df):
    label = pd.get_dummies(df["primary_type"], prefix="type", dtype="float64")
    return pd.concat([features_c2_solution(df), label], axis=1)


def features_returning_a_model(df):
    return make_pipeline(StandardScaler(), RandomForestClassifier())


def features_and_a_model(df):
    return features_c2_solution(df), RandomForestClassifier()


def features_computed_on_sorted_rows(df):
    return features_c2_solution(df.sort_values("hp")).set_axis(df.index)


def features_with_secondary_type_codes(df):
    codes = {name: code for code, name in enumerate(TYPES)}
    return features_c2_solution(df).assign(secondary=df["secondary_type"].map(codes))


def features_with_names(df):
    return features_c2_solution(df).assign(name=df["name"])


def features_of_non_legendaries(df):
    return features_c2_solution(df[~df["is_legendary"]])


def features_remembering_the_visible_labels(df):
    """The notebook's labels, looked up by id: right on the table you can see."""
    seen = load_dataset("pokemon").set_index("id")["primary_type"]
    remembered = pd.get_dummies(df["id"].map(seen), dtype="float64").reindex(
        columns=list(TYPES), fill_value=0.0
    )
    return pd.concat([features_raw_columns(df), remembered.set_axis(df.index)], axis=1)


def features_with_noise(df):
    return features_c2_solution(df).assign(noise=np.random.default_rng().normal(size=len(df)))


def features_remembering_their_first_answer(df):
    """One-hot labels, computed once per creature id and then remembered."""
    label = pd.get_dummies(df["primary_type"], dtype="float64").reindex(
        columns=list(TYPES), fill_value=0.0
    )
    rows = features_raw_columns(df).astype("float64").join(label)
    for creature, values in zip(df["id"], rows.to_numpy()):
        REMEMBERED.setdefault(creature, values)
    remembered = [REMEMBERED[creature] for creature in df["id"]]
    return pd.DataFrame(remembered, columns=rows.columns, index=df.index)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (features_raw_columns, ["scores 0.6", "The bar is above 0.75"]),
        (features_with_noise, ["Called twice on the same table", "`noise`"]),
        (features_remembering_their_first_answer, ["scores 0.", "The bar is above 0.75"]),
        (features_with_the_label, ["`type_electric`", "when the grader shuffles"]),
        (features_returning_a_model, ["returned a Pipeline, a model", "is fixed"]),
        (features_and_a_model, ["returned a tuple", "one DataFrame"]),
        (features_computed_on_sorted_rows, ["in another order", "creature id"]),
        (features_with_secondary_type_codes, ["column `secondary` is NaN"]),
        (features_with_names, ["`name` holds str", "needs numbers"]),
        (features_of_non_legendaries, ["rows were dropped"]),
        (features_remembering_the_visible_labels, ["scores 0.6", "bar is above"]),
    ],
)
def test_build_features_wrong_answers(candidate, fragments) -> None:
    assert_fails("C2", candidate, *fragments)


def features_polars(df):
    """A different valid style: polars in, polars out."""
    frame = pl.from_pandas(df)
    logs = [pl.col(s).cast(pl.Float64).log1p().alias(s) for s in STAT_COLUMNS]
    mean_log = pl.mean_horizontal(logs)
    return frame.select(
        *[pl.col(c).cast(pl.Float64) for c in RAW_FEATURES],
        *[(pl.col(s).cast(pl.Float64).log1p() - mean_log).alias(f"rel_{s}") for s in STAT_COLUMNS],
        (pl.col("weight_kg") / pl.col("height_m") ** 3).log().alias("log_density"),
    )


def features_scale_free_only(df):
    """Only the course's scale-free columns, stats of 0 raised to 1 first."""
    safe = df.assign(**{stat: df[stat].clip(lower=1) for stat in STAT_COLUMNS})
    return add_scale_free_features(safe)[list(ENGINEERED_COLUMNS)]


@pytest.mark.parametrize("candidate", [features_polars, features_scale_free_only])
def test_build_features_accepts_other_correct_answers(candidate) -> None:
    assert_passes("C2", candidate)


def test_figures_baseline_and_solution_on_the_hidden_population(capsys) -> None:
    train, test = shuffled_table(*HIDDEN_TRAIN), shuffled_table(*HIDDEN_TEST)
    solution = held_out_accuracy(
        features_c2_solution(train), train[TARGET], features_c2_solution(test), test[TARGET]
    )
    baseline = baseline_accuracy()
    with capsys.disabled():
        print(f"\nC2 on the hidden population: baseline {baseline:.3f}, solution {solution:.3f}")
    assert baseline < 0.70 < PASS_ACCURACY + 0.05 < solution
