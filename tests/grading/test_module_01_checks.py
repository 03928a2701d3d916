"""Module 1's checks, proven three ways: the reference solution passes, the
untouched stub is not attempted, and plausible wrong answers fail with feedback
that names the mistake. Correct answers written differently pass too."""

from __future__ import annotations

import pandas as pd
import polars as pl
import pytest

from pokemon_ml import STAT_COLUMNS, check
from pokemon_ml.grading.checks.m01_exercises import slow_type_summary
from tests.conftest import notebook_functions

EXERCISE_FUNCTIONS = {"1.1": "break_data", "1.2": "load_clean", "1.3": "type_summary"}
SOLUTIONS = notebook_functions(
    "exercises/solutions/01_data_engineering.py", *EXERCISE_FUNCTIONS.values()
)
STUBS = notebook_functions(
    "exercises/01_data_engineering.py", *EXERCISE_FUNCTIONS.values(), "load_messy_legacy"
)
C1_SOLUTION = notebook_functions(
    "checkpoints/solutions/01_new_pokemon_data_drop.py", "validate_drop"
)
C1_STUB = notebook_functions("checkpoints/01_new_pokemon_data_drop.py", "validate_drop")


@pytest.mark.parametrize("exercise_id, function", EXERCISE_FUNCTIONS.items())
def test_reference_solution_passes(exercise_id: str, function: str) -> None:
    result = check(exercise_id, getattr(SOLUTIONS, function))
    assert result.status == "passed", result.feedback


@pytest.mark.parametrize("exercise_id, function", EXERCISE_FUNCTIONS.items())
def test_untouched_stub_is_not_attempted(exercise_id: str, function: str) -> None:
    result = check(exercise_id, getattr(STUBS, function))
    assert result.status == "not_attempted", result.feedback
    assert function in result.feedback


def test_checkpoint_solution_passes_and_stub_is_not_attempted() -> None:
    assert check("C1", C1_SOLUTION.validate_drop).status == "passed"
    assert check("C1", C1_STUB.validate_drop).status == "not_attempted"


def assert_fails(exercise_id: str, candidate, *fragments: str, status: str = "failed") -> None:
    result = check(exercise_id, candidate)
    assert result.status == status, f"{result.status}: {result.feedback}"
    for fragment in fragments:
        assert fragment in result.feedback, result.feedback


# ---------------------------------------------------------------- 1.1 break_data
def break_nothing(df):
    return df.copy()


def break_one_kind_five_times(df):
    broken = df.copy()
    broken.loc[0:4, ["hp", "attack", "defense", "sp_attack", "speed"]] = 0
    return broken


def break_in_place(df):
    df.loc[0, "hp"] = 0
    df.loc[1, "primary_type"] = "dragon"
    df.loc[2, "id"] = 1
    df["extra"] = 1
    df.loc[3, "name"] = None
    return df


def break_four_kinds(df):
    broken = df.copy()
    broken.loc[0, "hp"] = 0
    broken.loc[1, "primary_type"] = "dragon"
    broken.loc[2, "id"] = broken.loc[3, "id"]
    broken["extra"] = 1
    return broken


def break_by_returning_the_messy_file(df):
    from pokemon_ml import load_dataset

    return load_dataset("pokemon_messy")  # broken, sure — but not the table it was given


def break_forgets_return(df):
    broken = df.copy()
    broken.loc[0, "hp"] = 0


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (break_nothing, ["caught 0 distinct kind(s)"]),
        (
            break_one_kind_five_times,
            ["caught 1 distinct kind(s)", "out_of_range", "still one kind"],
        ),
        (break_in_place, ["changed the data it was given"]),
        (break_four_kinds, ["caught 4 distinct kind(s)"]),
        (break_forgets_return, ["returned None", "return"]),
        (break_by_returning_the_messy_file, ["of the creatures you were given", "copy of `df`"]),
    ],
)
def test_break_data_wrong_answers(candidate, fragments) -> None:
    assert_fails("1.1", candidate, *fragments)


def break_with_polars(df):
    """A different valid answer: polars expressions, a polars frame returned."""
    return (
        pl.from_pandas(df)
        .with_columns(
            pl.when(pl.col("id") == 1).then(0).otherwise(pl.col("hp")).alias("hp"),
            pl.when(pl.col("id") == 2)
            .then(pl.lit("dragon"))
            .otherwise(pl.col("primary_type"))
            .alias("primary_type"),
            pl.when(pl.col("id") == 3).then(None).otherwise(pl.col("name")).alias("name"),
            pl.when(pl.col("id") == 4).then(1).otherwise(pl.col("id")).alias("id"),
            pl.col("weight_kg").cast(pl.String),
        )
        .drop("speed")
    )


def test_break_data_accepts_a_polars_answer() -> None:
    result = check("1.1", break_with_polars)
    assert result.status == "passed", result.feedback


# ---------------------------------------------------------------- 1.2 load_clean
def load_without_strip(path):
    df = SOLUTIONS.load_clean(path)
    raw = pd.read_csv(path).drop_duplicates().sort_values("id").reset_index(drop=True)
    df["primary_type"] = raw["primary_type"].str.lower()
    return df


def load_dropping_bad_hp(path):
    df = SOLUTIONS.load_clean(path)
    return df.dropna(subset=["hp"]).reset_index(drop=True)


def load_keeping_centimetres(path):
    df = SOLUTIONS.load_clean(path)
    raw = pd.read_csv(path).drop_duplicates().sort_values("id").reset_index(drop=True)
    df["height_m"] = raw["height_m"]
    return df


def load_blanking_only_low_hp(path):
    df = SOLUTIONS.load_clean(path)
    raw = pd.read_csv(path).drop_duplicates().sort_values("id").reset_index(drop=True)
    df["hp"] = raw["hp"].where(raw["hp"] > 0)  # forgets the upper bound: 999 stays
    return df


def load_unsorted(path):
    df = pd.read_csv(path).drop_duplicates()
    df["primary_type"] = df["primary_type"].str.strip().str.lower()
    for column in ("attack", "speed"):
        df[column] = pd.to_numeric(df[column], errors="coerce")
    df["height_m"] = df["height_m"].mask(df["height_m"] > 20, df["height_m"] / 100)
    df["hp"] = df["hp"].where(df["hp"].between(1, 255))
    return df.reset_index(drop=True)


def load_without_reset_index(path):
    df = load_unsorted(path)
    return df.set_index(df.index + 7).sort_values("id")  # sorted, but the index is left as read


def load_keeping_duplicates(path):
    df = SOLUTIONS.load_clean(path)
    return pd.concat([df, df.head(3)]).sort_values("id").reset_index(drop=True)


def load_leaving_text(path):
    df = SOLUTIONS.load_clean(path)
    df["speed"] = pd.read_csv(path).drop_duplicates().sort_values("id")["speed"].to_numpy()
    return df


def load_and_overwrite_file(path):
    df = SOLUTIONS.load_clean(path)
    df.to_csv(path, index=False)  # "saves the cleaned copy" over the learner's input
    return df


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (load_without_strip, ["Column 'primary_type' differs", "got '"]),
        (load_dropping_bad_hp, ["were rows dropped that should stay"]),
        (load_keeping_centimetres, ["Column 'height_m' differs"]),
        (load_blanking_only_low_hp, ["Column 'hp' differs", "got 999"]),
        (load_unsorted, ["different order", "'id'"]),
        (load_without_reset_index, ["index is not 0..n-1", "reset_index"]),
        (load_keeping_duplicates, ["appear more than once", "duplicates"]),
        (load_leaving_text, ["'speed' should hold numbers", "text"]),
        (load_and_overwrite_file, ["changed the file"]),
    ],
)
def test_load_clean_wrong_answers(candidate, fragments) -> None:
    assert_fails("1.2", candidate, *fragments)


def test_legacy_loader_errors_on_the_dash_placeholder_and_names_its_line() -> None:
    assert_fails(
        "1.2", STUBS.load_messy_legacy, "ValueError", "at line", "float(v)", status="error"
    )


def load_clean_polars(path):
    """A different valid answer, written in polars."""
    return (
        pl.read_csv(path, infer_schema_length=0)  # everything as text, then cast on purpose
        .unique(maintain_order=True)
        .with_columns(
            pl.col(
                "id", "generation", "evolution_stage", "defense", "sp_attack", "sp_defense"
            ).cast(pl.Int64),
            pl.col("primary_type").str.strip_chars().str.to_lowercase(),
            pl.col("attack", "speed", "capture_rate").cast(pl.Float64, strict=False),
            pl.col("height_m", "weight_kg").cast(pl.Float64),
            pl.col("is_legendary") == "true",
            pl.col("hp").cast(pl.Float64),
        )
        .with_columns(
            pl.when(pl.col("height_m") > 20)
            .then(pl.col("height_m") / 100)
            .otherwise(pl.col("height_m"))
            .alias("height_m"),
            pl.when(pl.col("hp").is_between(1, 255)).then(pl.col("hp")).alias("hp"),
        )
        .sort("id")
    )


def test_load_clean_accepts_a_polars_answer() -> None:
    result = check("1.2", load_clean_polars)
    assert result.status == "passed", result.feedback


# ---------------------------------------------------------------- 1.3 type_summary
def summary_unsorted(df):
    return SOLUTIONS.type_summary(df).sort("primary_type")


def summary_legendary_count(df):
    return SOLUTIONS.type_summary(df).with_columns(pl.col("legendary_share") * pl.col("n_pokemon"))


def summary_without_hp(df):
    stats = [s for s in STAT_COLUMNS if s != "hp"]
    return (
        pl.from_pandas(df)
        .group_by("primary_type")
        .agg(
            pl.len().alias("n_pokemon"),
            pl.sum_horizontal(stats).mean().alias("mean_base_total"),
            pl.col("speed").max().alias("max_speed"),
            pl.col("is_legendary").mean().alias("legendary_share"),
        )
        .sort(["n_pokemon", "primary_type"], descending=[True, False])
    )


def summary_with_type_as_index(df):
    return SOLUTIONS.type_summary(df).to_pandas().set_index("primary_type")


def summary_lazy(df):
    return SOLUTIONS.type_summary(df).lazy()


def summary_slow_but_right(df):
    return slow_type_summary(df)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (summary_unsorted, ["different order"]),
        (summary_legendary_count, ["Column 'legendary_share' differs"]),
        (summary_without_hp, ["Column 'mean_base_total' differs"]),
        (summary_with_type_as_index, ["index, not a column", "reset_index"]),
        (summary_lazy, ["LazyFrame", ".collect()"]),
        (summary_slow_but_right, ["Same result, but only", "faster than the slow version"]),
    ],
)
def test_type_summary_wrong_answers(candidate, fragments) -> None:
    assert_fails("1.3", candidate, *fragments)


def summary_vectorised_pandas(df):
    """A different valid answer: vectorised pandas, no polars."""
    base_total = df[list(STAT_COLUMNS)].sum(axis=1)
    return (
        df.assign(base_total=base_total)
        .groupby("primary_type", as_index=False)
        .agg(
            n_pokemon=("id", "size"),
            mean_base_total=("base_total", "mean"),
            max_speed=("speed", "max"),
            legendary_share=("is_legendary", "mean"),
        )
        .sort_values(["n_pokemon", "primary_type"], ascending=[False, True])
    )


def test_type_summary_accepts_vectorised_pandas() -> None:
    result = check("1.3", summary_vectorised_pandas)
    assert result.status == "passed", result.feedback


# ---------------------------------------------------------------- C1 validate_drop
def report_nothing(df):
    return []


def report_first_error_only(df):
    return C1_SOLUTION.validate_drop(df)[:1]  # what eager validation would tell you


SEED_42_ANSWERS = [
    ("attack", "out_of_range"),
    ("hp", "out_of_range"),
    ("id", "duplicate_ids"),
    ("is_legendary", "wrong_dtype"),
    ("generation", "wrong_dtype"),
    ("primary_type", "unknown_category"),
    ("region", "unexpected_column"),
    ("sp_attack", "missing_column"),
    ("special_attack", "unexpected_column"),
    ("weight_kg", "missing_values"),
]


def report_hard_coded(df):
    return [{"column": c, "issue": i} for c, i in SEED_42_ANSWERS]


def report_hard_coded_unless_valid(df):
    if "region" not in df.columns:  # "looks like clean data"
        return []
    return report_hard_coded(df)


def report_without_dtype_suppression(df):
    report = C1_SOLUTION.validate_drop(df)
    wrong_type = [r["column"] for r in report if r["issue"] == "wrong_dtype"]
    return report + [{"column": column, "issue": "out_of_range"} for column in wrong_type]


def report_without_schema_level(df):
    return [
        r
        for r in C1_SOLUTION.validate_drop(df)
        if r["issue"] not in ("missing_column", "unexpected_column")
    ]


def report_own_vocabulary(df):
    return [
        {
            "column": r["column"],
            "issue": "duplicates" if r["issue"] == "duplicate_ids" else r["issue"],
        }
        for r in C1_SOLUTION.validate_drop(df)
    ]


def report_mislabelled(df):
    return [
        {
            "column": r["column"],
            "issue": "missing_values" if r["issue"] == "unknown_category" else r["issue"],
        }
        for r in C1_SOLUTION.validate_drop(df)
    ]


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (report_nothing, ["You found 0 of the 10 planted problems"]),
        (report_first_error_only, ["planted problems", "Missed"]),
        (report_hard_coded, ["On clean data", "false alarms"]),
        (report_hard_coded_unless_valid, ["seed 5", "Missed"]),
        (
            report_without_dtype_suppression,
            ["not problems in this drop", "report only wrong_dtype"],
        ),
        (report_without_schema_level, ["Missed", "'region'", "'sp_attack'"]),
        (report_own_vocabulary, ["Unknown issue kind(s) ['duplicates']"]),
        (report_mislabelled, ["wrong kind", "'primary_type'"]),
    ],
)
def test_validate_drop_wrong_answers(candidate, fragments) -> None:
    assert_fails("C1", candidate, *fragments)


def report_as_frame_of_pairs(df):
    """A different valid answer shape: a DataFrame of (column, issue)."""
    return pd.DataFrame(C1_SOLUTION.validate_drop(df))


def report_as_tuples(df):
    return [(r["column"], r["issue"]) for r in C1_SOLUTION.validate_drop(df)]


@pytest.mark.parametrize("candidate", [report_as_frame_of_pairs, report_as_tuples])
def test_validate_drop_accepts_other_report_shapes(candidate) -> None:
    result = check("C1", candidate)
    assert result.status == "passed", result.feedback
