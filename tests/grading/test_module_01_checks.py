"""Module 1's checks, proven three ways: the reference solution passes, the
untouched stub is not attempted, and plausible wrong answers fail with feedback
that names the mistake. Correct answers written differently pass too.

The wrong answers are the ones a hurried learner writes (forgets a rule, leaves a
dtype, trusts the first rows) and the ones a clever one writes (a cache around the
slow path, a table built from scratch, a report typed in by hand)."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import polars as pl
import pytest
from pandera.errors import SchemaErrorReason, SchemaErrors

from pokemon_ml import ISSUE_KINDS, POKEMON_SCHEMA, STAT_COLUMNS, TYPES, check, generate_pokemon
from pokemon_ml.data.drops import make_drop_v2
from pokemon_ml.grading.checks.m01_checkpoint import GRADED_DROPS
from pokemon_ml.grading.checks.m01_exercises import slow_type_summary
from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

EXERCISE_FUNCTIONS = {"1.1": "break_data", "1.2": "load_clean", "1.3": "type_summary"}
SOLUTIONS = notebook_functions(
    "exercises/solutions/01_data_engineering.py", *EXERCISE_FUNCTIONS.values()
)
C1_SOLUTION = notebook_functions(
    "checkpoints/solutions/01_new_pokemon_data_drop.py", "validate_drop"
)


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


def break_by_dropping_a_column_a_table_rule_reads(df):
    """Four kinds, plus a table-wide rule that crashes without primary_type: still four."""
    broken = break_four_kinds(df).drop(columns="primary_type")
    broken.loc[4, "name"] = None
    return broken.drop(columns="extra")


def break_by_returning_the_messy_file(df):
    from pokemon_ml import load_dataset

    return load_dataset("pokemon_messy")  # broken, sure — but not the table it was given


def break_a_big_generated_table(df):
    return SOLUTIONS.break_data(generate_pokemon(20_000, seed=1).to_pandas())


def break_a_generated_table_without_names(df):
    built = generate_pokemon(len(df), seed=1).to_pandas().drop(columns="name")
    broken = break_four_kinds(built)
    broken["attack"] = broken["attack"].astype(float)
    return broken


def break_a_generated_table_with_the_given_names(df):
    built = generate_pokemon(len(df), seed=1).to_pandas()
    built["name"] = df["name"].to_numpy()  # every name shared; nothing else
    return SOLUTIONS.break_data(built)


def break_forgets_return(df):
    broken = df.copy()
    broken.loc[0, "hp"] = 0


def break_and_name_the_index(df):
    df.index.name = "row"  # metadata of the caller's table: a change all the same
    return SOLUTIONS.break_data(df)


def break_and_name_the_columns(df):
    df.columns.name = "field"
    return SOLUTIONS.break_data(df)


def break_and_tag_the_attrs(df):
    df.attrs["broken"] = True
    return SOLUTIONS.break_data(df)


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
        (
            break_by_dropping_a_column_a_table_rule_reads,
            ["caught 4 distinct kind(s)", "missing_column", "cannot even run"],
        ),
        (break_forgets_return, ["returned None", "return"]),
        (break_by_returning_the_messy_file, ["you were given", "copy of `df`"]),
        (break_a_big_generated_table, ["20,000 rows", "copy of `df`"]),
        (break_a_generated_table_without_names, ["0% of the creatures you were given"]),
        (break_a_generated_table_with_the_given_names, ["0% of the creatures you were given"]),
        (break_and_name_the_index, ["changed the data it was given"]),
        (break_and_name_the_columns, ["changed the data it was given"]),
        (break_and_tag_the_attrs, ["changed the data it was given"]),
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


def break_every_name_to_none(df):
    """Breaking a whole column is breaking it: this table is still the one given."""
    broken = break_four_kinds(df)
    broken["name"] = None
    return broken


def break_every_name_to_a_number(df):
    broken = break_four_kinds(df)
    broken["name"] = 0
    return broken


def break_sorted_and_renumbered(df):
    """Rows in another order with a fresh index: the creatures are still recognisable."""
    broken = df.sort_values("hp").reset_index(drop=True)
    broken.loc[0, "hp"] = 0
    broken.loc[1, "secondary_type"] = broken.loc[1, "primary_type"]
    broken["capture_rate"] = broken["capture_rate"].astype(str)
    broken = pd.concat([broken, broken.head(2)], ignore_index=True)
    broken.loc[2, "primary_type"] = "Fire"
    return broken


def break_rule_by_rule(df):
    """A loop over a table of (row, column, value) edits."""
    broken = df.copy()
    broken["is_legendary"] = broken["is_legendary"].astype(object)
    edits = [
        (0, "height_m", 30.0),
        (1, "is_legendary", "yes"),
        (2, "primary_type", None),
        (3, "secondary_type", "ice"),
        (4, "id", broken.loc[5, "id"]),
    ]
    for row, column, value in edits:
        broken.loc[row, column] = value
    return broken


@pytest.mark.parametrize(
    "candidate",
    [
        break_with_polars,
        break_every_name_to_none,
        break_every_name_to_a_number,
        break_sorted_and_renumbered,
        break_rule_by_rule,
    ],
)
def test_break_data_accepts_other_correct_answers(candidate) -> None:
    assert_passes("1.1", candidate)


# ---------------------------------------------------------------- 1.2 load_clean
def read_sorted(path):
    return pd.read_csv(path).drop_duplicates().sort_values("id").reset_index(drop=True)


def load_without_strip(path):
    df = SOLUTIONS.load_clean(path)
    df["primary_type"] = read_sorted(path)["primary_type"].str.lower()
    return df


def load_dropping_bad_hp(path):
    df = SOLUTIONS.load_clean(path)
    return df.dropna(subset=["hp"]).reset_index(drop=True)


def load_keeping_centimetres(path):
    df = SOLUTIONS.load_clean(path)
    df["height_m"] = read_sorted(path)["height_m"]
    return df


def load_with_centimetres_from_20(path):
    df = SOLUTIONS.load_clean(path)
    raw = read_sorted(path)["height_m"]
    df["height_m"] = raw.mask(raw >= 20, raw / 100)  # "20 and above": 20.0 m becomes 0.2
    return df


def load_with_centimetres_from_what_the_file_shows(path):
    df = SOLUTIONS.load_clean(path)
    raw = read_sorted(path)["height_m"]
    df["height_m"] = raw.mask(raw >= 25, raw / 100)  # the smallest centimetre value seen
    return df


def load_blanking_only_low_hp(path):
    df = SOLUTIONS.load_clean(path)
    raw = read_sorted(path)
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
    df["speed"] = read_sorted(path)["speed"]
    return df


def load_and_overwrite_file(path):
    df = SOLUTIONS.load_clean(path)
    df.to_csv(path, index=False)  # "saves the cleaned copy" over the learner's input
    return df


def load_numbers_as_text(path):
    """Read everything as text and convert only the columns the contract names."""
    df = SOLUTIONS.load_clean(path)
    for column in ("generation", "evolution_stage", "defense", "sp_attack", "sp_defense"):
        df[column] = df[column].astype(str)
    return df


def load_legendary_as_int(path):
    df = SOLUTIONS.load_clean(path)
    df["is_legendary"] = df["is_legendary"].astype(int)  # "models want numbers"
    return df


def load_ids_as_text(path):
    df = SOLUTIONS.load_clean(path)
    df["id"] = df["id"].astype(str)
    return df


def load_everything_as_float(path):
    df = SOLUTIONS.load_clean(path)
    numbers = df.select_dtypes("number").columns
    return df.astype({column: "float64" for column in numbers})


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (load_without_strip, ["Column 'primary_type' differs", "got '"]),
        (load_dropping_bad_hp, ["were rows dropped that should stay"]),
        (load_keeping_centimetres, ["Column 'height_m' differs"]),
        (load_with_centimetres_from_20, ["Column 'height_m' differs in 1 of", "expected 20,"]),
        (
            load_with_centimetres_from_what_the_file_shows,
            ["Column 'height_m' differs in 1 of", "got 20.1"],
        ),
        (load_blanking_only_low_hp, ["Column 'hp' differs", "got 999"]),
        (load_unsorted, ["different order", "'id'"]),
        (load_without_reset_index, ["index is not 0..n-1", "reset_index"]),
        (load_keeping_duplicates, ["appear more than once", "duplicates"]),
        (load_leaving_text, ["'speed' should hold numbers", "text such as"]),
        (load_and_overwrite_file, ["changed the file"]),
        (load_numbers_as_text, ["'generation' should hold numbers", "text such as '"]),
        (load_legendary_as_int, ["'is_legendary' holds int64", "True/False, not 1/0"]),
        (load_ids_as_text, ["'id' should hold numbers but still holds text"]),
        (load_everything_as_float, ["'id' holds float64", "whole numbers are expected"]),
    ],
)
def test_load_clean_wrong_answers(candidate, fragments) -> None:
    feedback = assert_fails("1.2", candidate, *fragments)
    assert "Exactly the expected frame" not in feedback


def test_load_clean_feedback_counts_the_rows_of_the_file() -> None:
    feedback = assert_fails("1.2", load_unsorted)
    assert "On a messy file of 1,530 rows (1,500 creatures" in feedback


def load_messy_legacy(path):
    """The legacy loader of exercise 1.2's brief, as the notebook shows it (a learner
    may delete it from their copy, so the course's proof keeps its own)."""
    df = pd.read_csv(path)
    types = []
    for i in range(len(df)):
        t = df.iloc[i]["primary_type"]
        t = t.lower()
        types.append(t)
    df["primary_type"] = types
    for col in ["attack", "speed"]:
        vals = []
        for i in range(len(df)):
            v = df.iloc[i][col]
            if v == "?" or v == "unknown":
                vals.append(None)
            else:
                vals.append(float(v))
        df[col] = vals
    return df


def test_legacy_loader_errors_on_the_dash_placeholder_and_names_its_line() -> None:
    assert_fails("1.2", load_messy_legacy, "ValueError", "at line", "float(v)", status="error")


def load_clean_polars(path):
    """A different valid answer, written in polars: everything read as text, then cast."""
    return (
        pl.read_csv(path, infer_schema_length=0)
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


def load_clean_polars_inferred(path):
    """Polars reading the whole file before it decides a type (the brief's tip)."""
    df = pl.read_csv(path, infer_schema_length=None).unique(maintain_order=True)
    return df.with_columns(
        pl.col("primary_type").str.strip_chars().str.to_lowercase(),
        pl.col("attack", "speed").cast(pl.Float64, strict=False),
        pl.when(pl.col("height_m") > 20)
        .then(pl.col("height_m") / 100)
        .otherwise(pl.col("height_m"))
        .alias("height_m"),
        pl.when(pl.col("hp").is_between(1, 255)).then(pl.col("hp")).alias("hp"),
    ).sort("id")


def load_clean_nullable(path):
    """pandas' nullable dtypes: whole numbers with gaps stay Int64, not float64."""
    df = pd.read_csv(path, dtype_backend="numpy_nullable")
    df["primary_type"] = df["primary_type"].str.strip().str.lower()
    for column in ("attack", "speed"):
        df[column] = pd.to_numeric(df[column], errors="coerce", dtype_backend="numpy_nullable")
    df["height_m"] = df["height_m"].mask(df["height_m"] > 20, df["height_m"] / 100)
    df["hp"] = df["hp"].where(df["hp"].between(1, 255))
    return df.drop_duplicates().sort_values("id").reset_index(drop=True)


def load_clean_pyarrow(path):
    """pyarrow-backed columns, cleaned one column at a time in a loop of rules."""
    df = pd.read_csv(path, dtype_backend="pyarrow")
    rules = {
        "primary_type": lambda s: s.str.strip().str.lower(),
        "attack": lambda s: pd.to_numeric(s, errors="coerce"),
        "speed": lambda s: pd.to_numeric(s, errors="coerce"),
        "height_m": lambda s: s.mask(s > 20, s / 100),
        "hp": lambda s: s.where(s.between(1, 255)),
    }
    for column, rule in rules.items():
        df[column] = rule(df[column])
    return df.drop_duplicates().sort_values("id").reset_index(drop=True)


@pytest.mark.parametrize(
    "candidate",
    [load_clean_polars, load_clean_polars_inferred, load_clean_nullable, load_clean_pyarrow],
)
def test_load_clean_accepts_other_correct_answers(candidate) -> None:
    assert_passes("1.2", candidate)


# ---------------------------------------------------------------- 1.3 type_summary
def summary_unsorted(df):
    return SOLUTIONS.type_summary(df).sort("primary_type")


def summary_legendary_count(df):
    return SOLUTIONS.type_summary(df).with_columns(pl.col("legendary_share") * pl.col("n_pokemon"))


def polars_summary(df, n_pokemon=None, stats=STAT_COLUMNS, sort=("n_pokemon", "primary_type")):
    """The reference answer with one part swapped, for the wrong answers below."""
    frame = pl.from_pandas(df)
    summary = frame.group_by("primary_type", maintain_order=True).agg(
        (pl.len() if n_pokemon is None else n_pokemon).alias("n_pokemon"),
        pl.sum_horizontal(list(stats)).mean().alias("mean_base_total"),
        pl.col("speed").max().alias("max_speed"),
        pl.col("is_legendary").mean().alias("legendary_share"),
    )
    descending = [column == "n_pokemon" for column in sort]
    return summary.sort(list(sort), descending=descending, maintain_order=True)


def summary_without_hp(df):
    return polars_summary(df, stats=[s for s in STAT_COLUMNS if s != "hp"])


def summary_without_tie_break(df):
    return polars_summary(df, sort=("n_pokemon",))  # ties stay in order of first appearance


def summary_counting_non_missing(df):
    return polars_summary(df, n_pokemon=pl.col("secondary_type").count())  # count skips nulls


def summary_stats_as_float(df):
    floats = df.astype({stat: "float64" for stat in STAT_COLUMNS})  # "to be safe when adding"
    return SOLUTIONS.type_summary(floats)


def summary_with_type_as_index(df):
    return SOLUTIONS.type_summary(df).to_pandas().set_index("primary_type")


def summary_lazy(df):
    return SOLUTIONS.type_summary(df).lazy()


def summary_slow_but_right(df):
    return slow_type_summary(df)


CACHE_BY_CONTENT: dict[str, pd.DataFrame] = {}
CACHE_BY_SHAPE: dict[tuple, pd.DataFrame] = {}


def summary_cached_on_content(df):
    """The slow path behind a cache keyed on the table's content."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(df).to_numpy().tobytes()).hexdigest()
    if digest not in CACHE_BY_CONTENT:
        CACHE_BY_CONTENT[digest] = slow_type_summary(df)
    return CACHE_BY_CONTENT[digest]


def summary_cached_on_shape(df):
    """The slow path behind a cache keyed on the table's shape: fast, and stale."""
    if df.shape not in CACHE_BY_SHAPE:
        CACHE_BY_SHAPE[df.shape] = slow_type_summary(df)
    return CACHE_BY_SHAPE[df.shape]


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (summary_unsorted, ["different order", "n_pokemon (largest first)"]),
        (summary_legendary_count, ["Column 'legendary_share' differs"]),
        (summary_without_hp, ["Column 'mean_base_total' differs"]),
        (summary_without_tie_break, ["same n_pokemon are in another order", "Break ties"]),
        (summary_counting_non_missing, ["Column 'n_pokemon' differs", "expected"]),
        (summary_stats_as_float, ["'max_speed' holds float64", "whole numbers"]),
        (summary_with_type_as_index, ["index, not a column", "reset_index"]),
        (summary_lazy, ["LazyFrame", ".collect()"]),
        (summary_slow_but_right, ["Same result, but only", "faster than the slow version"]),
        (summary_cached_on_content, ["Same result, but only", "faster than the slow version"]),
        (summary_cached_on_shape, ["On a new 30,000-row table", "differs"]),
    ],
)
def test_type_summary_wrong_answers(candidate, fragments) -> None:
    feedback = assert_fails("1.3", candidate, *fragments)
    if candidate is summary_counting_non_missing:
        assert "different order" not in feedback  # the counts are wrong: say so


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


def summary_loop_over_types(df):
    """A loop, but over the six types, with vectorised work inside: fast enough."""
    base_total = df[list(STAT_COLUMNS)].to_numpy().sum(axis=1)
    rows = []
    for primary_type, positions in df.groupby("primary_type").indices.items():
        rows.append(
            {
                "primary_type": primary_type,
                "n_pokemon": len(positions),
                "mean_base_total": base_total[positions].mean(),
                "max_speed": df["speed"].to_numpy()[positions].max(),
                "legendary_share": df["is_legendary"].to_numpy()[positions].mean(),
            }
        )
    rows.sort(key=lambda row: (-row["n_pokemon"], row["primary_type"]))
    return pd.DataFrame(rows)


def summary_pyarrow_backed(df):
    """pandas on pyarrow dtypes: int64[pyarrow] counts, double[pyarrow] means."""
    arrow = df.convert_dtypes(dtype_backend="pyarrow")
    arrow["base_total"] = arrow[list(STAT_COLUMNS)].sum(axis=1)
    summary = arrow.groupby("primary_type", as_index=False).agg(
        n_pokemon=("id", "count"),
        mean_base_total=("base_total", "mean"),
        max_speed=("speed", "max"),
        legendary_share=("is_legendary", "mean"),
    )
    return summary.sort_values(["n_pokemon", "primary_type"], ascending=[False, True])


@pytest.mark.parametrize(
    "candidate", [summary_vectorised_pandas, summary_loop_over_types, summary_pyarrow_backed]
)
def test_type_summary_accepts_other_correct_answers(candidate) -> None:
    assert_passes("1.3", candidate)


# ---------------------------------------------------------------- C1 validate_drop
COURSE_DROP_ANSWERS = [(k["column"], k["issue"]) for k in make_drop_v2(300, 42, 1_501)[1]]
SECOND_DROP_ANSWERS = [
    (k["column"], k["issue"]) for k in make_drop_v2(*GRADED_DROPS[1][:3], GRADED_DROPS[1][3])[1]
]


def report_nothing(df):
    return []


def report_first_error_only(df):
    return C1_SOLUTION.validate_drop(df)[:1]  # what eager validation would tell you


def report_hard_coded(df):
    return [{"column": c, "issue": i} for c, i in COURSE_DROP_ANSWERS]


def report_hard_coded_unless_valid(df):
    if "region" not in df.columns:  # "looks like clean data"
        return []
    return report_hard_coded(df)


def report_hard_coded_and_patched(df):
    """The course drop's answers, patched with what the second drop's feedback gave away."""
    if POKEMON_SCHEMA.columns.keys() == set(df.columns) and not df["id"].duplicated().any():
        return []
    return [{"column": c, "issue": i} for c, i in {*COURSE_DROP_ANSWERS, *SECOND_DROP_ANSWERS}]


def report_course_rules_by_hand(df):
    """A validator that checks exactly the rules the course's drop breaks, and no others."""
    report = [{"column": c, "issue": "missing_column"} for c in ("sp_attack",) if c not in df]
    report += [
        {"column": c, "issue": "unexpected_column"} for c in df if c not in POKEMON_SCHEMA.columns
    ]
    for column in ("generation", "is_legendary"):
        if column in df and df[column].dtype.kind not in "iub":  # text, not numbers or bools
            report.append({"column": column, "issue": "wrong_dtype"})
    for column in STAT_COLUMNS:
        if column in df and not df[column].between(1, 255).all():
            report.append({"column": column, "issue": "out_of_range"})
    if not df["primary_type"].dropna().isin(TYPES).all():
        report.append({"column": "primary_type", "issue": "unknown_category"})
    if df["id"].duplicated().any():
        report.append({"column": "id", "issue": "duplicate_ids"})
    for column in ("height_m", "weight_kg", "name"):
        if column in df and df[column].isna().any():
            report.append({"column": column, "issue": "missing_values"})
    return report


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


def report_ignoring_row_rules(df):
    return [r for r in C1_SOLUTION.validate_drop(df) if r["issue"] != "inconsistent_row"]


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


FAILURE_KINDS = {"column_in_dataframe": "missing_column", "column_in_schema": "unexpected_column"}


def report_every_failing_value(df):
    """One entry per row of failure_cases, as pandera lists them: many repeats."""
    try:
        POKEMON_SCHEMA.validate(df, lazy=True)
    except SchemaErrors as errors:
        return [
            {"column": str(row.column), "issue": FAILURE_KINDS.get(row.check, "out_of_range")}
            for row in errors.failure_cases.itertuples()
        ]
    return []


def report_columns_from_the_column_field(df):
    """Takes every failure's column from `column`: schema-level ones say 'pokemon'."""
    schema_level = {"missing_column", "unexpected_column"}
    pairs = {
        ("pokemon" if r["issue"] in schema_level else r["column"], r["issue"])
        for r in C1_SOLUTION.validate_drop(df)
    }
    return sorted(pairs)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (report_nothing, ["pokemon_drop_v2", "you found 0 of the 10 planted problems"]),
        (report_first_error_only, ["planted problems", "Missed"]),
        (report_hard_coded, ["On clean data", "false alarms"]),
        (report_hard_coded_unless_valid, ["drop 2 of 4"]),
        (report_hard_coded_and_patched, ["drop 1 of 4", "not problems there"]),
        (report_course_rules_by_hand, ["drop 2 of 4", "Missed", "inconsistent_row"]),
        (
            report_without_dtype_suppression,
            ["not problems there", "report only wrong_dtype"],
        ),
        (report_without_schema_level, ["Missed", "of kind missing_column", "unexpected_column"]),
        (report_ignoring_row_rules, ["drop 2 of 4", "Missed: 1 of kind inconsistent_row"]),
        (report_own_vocabulary, ["Unknown issue kind(s): duplicates"]),
        (report_mislabelled, ["primary_type (missing_values)", "not what is wrong"]),
        (report_every_failing_value, ["more than once", "each (column, issue) pair once"]),
        (report_columns_from_the_column_field, ["pokemon (", "in another column"]),
    ],
)
def test_validate_drop_wrong_answers(candidate, fragments) -> None:
    assert_fails("C1", candidate, *fragments)


def test_missed_problems_are_named_by_kind_never_by_column() -> None:
    feedback = assert_fails("C1", report_hard_coded_unless_valid, "drop 2 of 4")
    second_drop_columns = {column for column, _ in SECOND_DROP_ANSWERS}
    reported = {column for column, _ in COURSE_DROP_ANSWERS}
    words = set(re.findall(r"[a-z_]+", feedback))
    assert not (second_drop_columns - reported) & words, feedback


def report_as_frame_of_pairs(df):
    """A different valid answer shape: a DataFrame of (column, issue)."""
    return pd.DataFrame(C1_SOLUTION.validate_drop(df))


def report_as_tuples(df):
    return [(r["column"], r["issue"]) for r in C1_SOLUTION.validate_drop(df)]


REASONS = {
    SchemaErrorReason.COLUMN_NOT_IN_DATAFRAME: "missing_column",
    SchemaErrorReason.COLUMN_NOT_IN_SCHEMA: "unexpected_column",
    SchemaErrorReason.WRONG_DATATYPE: "wrong_dtype",
    SchemaErrorReason.SERIES_CONTAINS_NULLS: "missing_values",
    SchemaErrorReason.SERIES_CONTAINS_DUPLICATES: "duplicate_ids",
}
CHECKS = {"isin": "unknown_category", "in_range": "out_of_range"}


def report_from_schema_errors(df):
    """A different valid style: pandera's reasons, not its failure table."""
    try:
        POKEMON_SCHEMA.validate(df, lazy=True)
    except SchemaErrors as errors:
        found = set()
        for error in errors.schema_errors:
            if error.reason_code in REASONS:
                column = error.column_name or str(error.failure_cases)
                found.add((column, REASONS[error.reason_code]))
            elif error.reason_code == SchemaErrorReason.DATAFRAME_CHECK:
                name = error.check.name
                column = error.column_name or "secondary_type"
                found.add((column, CHECKS.get(name, "inconsistent_row")))
        retyped = {c for c, issue in found if issue == "wrong_dtype"}
        return pd.DataFrame(
            [(c, i) for c, i in found if i == "wrong_dtype" or c not in retyped],
            columns=["column", "issue"],
        )
    return pd.DataFrame(columns=["column", "issue"])


@pytest.mark.parametrize(
    "candidate", [report_as_frame_of_pairs, report_as_tuples, report_from_schema_errors]
)
def test_validate_drop_accepts_other_correct_answers(candidate) -> None:
    assert_passes("C1", candidate)


def test_graded_drops_differ_and_hold_every_kind_of_issue() -> None:
    keys = [
        {(k["column"], k["issue"]) for k in make_drop_v2(*drop[:3], drop[3])[1]}
        for drop in GRADED_DROPS
    ]
    assert {issue for key in keys for _, issue in key} == set(ISSUE_KINDS)
    for first in range(len(keys)):
        for second in range(first + 1, len(keys)):
            assert len(keys[first] & keys[second]) <= len(keys[first]) // 2, (first, second)
    assert np.all([len(key) >= 4 for key in keys])


def report_row_rule_in_every_column(df):
    """A hurried validator: takes `column` from every failure, row rule included."""
    report = C1_SOLUTION.validate_drop(df)
    if not any(r["issue"] == "inconsistent_row" for r in report):
        return report
    others = [r for r in report if r["issue"] != "inconsistent_row"]
    return others + [
        {"column": column, "issue": "inconsistent_row"} for column in ("secondary_type", "attack")
    ]


def test_the_row_rule_in_every_column_gets_a_nudge_not_a_riddle() -> None:
    result = check("C1", report_row_rule_in_every_column)
    assert result.status == "failed"
    assert "report it once, under `secondary_type`" in result.feedback
    assert "which is not a problem there" in result.feedback  # one extra entry: singular
