"""Module 2's inline try-its (T2.1–T2.3), proven three ways: the reference solution
passes, the stub in the core notebook is not attempted, and plausible wrong answers
fail with feedback that names the mistake. Correct answers written differently pass.

The wrong answers are the ones a learner writes on the way to the right one: the
sum and the mean of hp and defense (information lost), the pair merely rescaled
(still correlated), a plain division that leaves ``inf``, a ``+ 1`` everywhere, an
epsilon, statistics computed on the test rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest

from pokemon_ml import check
from tests.conftest import notebook_functions
from tests.grading.verdicts import assert_fails, assert_passes

FUNCTIONS = {"T2.1": "size_and_balance", "T2.2": "safe_power_ratio", "T2.3": "per_group_normalise"}
SOLUTIONS = notebook_functions("exercises/solutions/02_try_it.py", *FUNCTIONS.values())


# ---------------------------------------------------------------- T2.1 size_and_balance
def sum_and_mean(df):
    total = df["hp"] + df["defense"]
    return pd.DataFrame({"size": total, "balance": total / 2}, index=df.index)


def sum_and_product(df):
    return pd.DataFrame(
        {"size": df["hp"] + df["defense"], "balance": df["hp"] * df["defense"]}, index=df.index
    )


def the_pair_renamed(df):
    return df[["hp", "defense"]].rename(columns={"hp": "size", "defense": "balance"})


def the_pair_standardised(df):
    pair = df[["hp", "defense"]]
    scaled = (pair - pair.mean()) / pair.std()
    return scaled.set_axis(["size", "balance"], axis=1)


def sum_and_hp(df):
    return pd.DataFrame({"size": df["hp"] + df["defense"], "balance": df["hp"]}, index=df.index)


def sum_and_noise(df):
    noise = np.random.default_rng().normal(size=len(df))
    return pd.DataFrame({"size": df["hp"] + df["defense"], "balance": noise}, index=df.index)


def balance_from_other_stats(df):
    return pd.DataFrame(
        {"size": df["hp"] + df["defense"], "balance": df["sp_defense"] - df["attack"]},
        index=df.index,
    )


def running_total(df):
    """Looks fine on one table, but a row's value depends on the rows before it."""
    total = df["hp"] + df["defense"]
    return pd.DataFrame(
        {"size": total.cumsum(), "balance": df["defense"] - df["hp"]}, index=df.index
    )


def balance_flipped(df):
    return pd.DataFrame(
        {"size": df["hp"] + df["defense"], "balance": df["hp"] - df["defense"]}, index=df.index
    )


def columns_swapped(df):
    return pd.DataFrame(
        {"size": df["defense"] - df["hp"], "balance": df["hp"] + df["defense"]}, index=df.index
    )


def only_the_size(df):
    return pd.DataFrame({"size": df["hp"] + df["defense"]}, index=df.index)


def added_to_the_input(df):
    df["size"] = df["hp"] + df["defense"]
    df["balance"] = df["defense"] - df["hp"]
    return df[["size", "balance"]]


def log_of_a_difference(df):
    return pd.DataFrame(
        {"size": df["hp"] + df["defense"], "balance": np.log(df["defense"] - df["hp"])},
        index=df.index,
    )


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (sum_and_mean, ["got the same size and balance", "information was lost"]),
        (sum_and_product, ["(hp 50, defense 100) and (hp 100, defense 50)", "information"]),
        (the_pair_renamed, ["correlate at r = +0.70", "share credit"]),
        (the_pair_standardised, ["correlate at r = +0.70"]),
        (sum_and_hp, ["correlate at r = +0.92"]),
        (sum_and_noise, ["from hp and defense alone", "no random numbers"]),
        (balance_from_other_stats, ["only the other columns changed"]),
        (running_total, ["in another order", "not from its position"]),
        (balance_flipped, ["`balance` should be larger when defense outweighs hp", "flip it"]),
        (columns_swapped, ["`size` should grow with hp and defense together"]),
        (only_the_size, ["exactly two columns", "`size`"]),
        (added_to_the_input, ["changed the data it was given"]),
        (log_of_a_difference, ["NaN or infinite"]),
    ],
)
def test_size_and_balance_wrong_answers(candidate, fragments) -> None:
    assert_fails("T2.1", candidate, *fragments)


def mean_and_ratio(df):
    """A different valid answer: the mean for the size, defense / hp for the balance."""
    return pd.DataFrame(
        {"size": (df["hp"] + df["defense"]) / 2, "balance": df["defense"] / df["hp"]},
        index=df.index,
    )


def logs_in_polars(df):
    """Another: geometric size and log ratio, computed with polars (no index comes back)."""
    frame = pl.from_pandas(df[["hp", "defense"]])
    return frame.select(
        size=(pl.col("hp").log() + pl.col("defense").log()) / 2,
        balance=pl.col("defense").log() - pl.col("hp").log(),
    )


@pytest.mark.parametrize("candidate", [mean_and_ratio, logs_in_polars])
def test_size_and_balance_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T2.1", candidate)


def test_size_and_balance_reports_the_fixed_models_score() -> None:
    feedback = check("T2.1", SOLUTIONS.size_and_balance).feedback
    assert "fixed model" in feedback and "keeping both" in feedback and "%" in feedback


# ---------------------------------------------------------------- T2.2 safe_power_ratio
def plain_division(df):
    return df["attack"] / df["defense"]


def plus_one_everywhere(df):
    return df["attack"] / (df["defense"] + 1)


def tiny_epsilon(df):
    return df["attack"] / (df["defense"] + 1e-9)


def infinity_to_zero(df):
    return (df["attack"] / df["defense"]).replace([np.inf, -np.inf], np.nan).fillna(0)


def infinity_to_the_median(df):
    ratio = (df["attack"] / df["defense"]).replace([np.inf, -np.inf], np.nan)
    return ratio.fillna(ratio.median())


def numpy_nan_to_num(df):
    return pd.Series(np.nan_to_num(df["attack"] / df["defense"]), index=df.index)


def floor_division(df):
    return df["attack"] // df["defense"].clip(lower=1)


def rows_with_zero_dropped(df):
    kept = df[df["defense"] > 0]
    return kept["attack"] / kept["defense"]


def index_reset(df):
    return (df["attack"] / df["defense"].clip(lower=1)).reset_index(drop=True)


def a_table_returned(df):
    return df.assign(power_ratio=df["attack"] / df["defense"].clip(lower=1))


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (plain_division, ["inf or NaN", "where defense is 0", "does not raise"]),
        (plus_one_everywhere, ["adding 1", "changes every other creature's ratio"]),
        (tiny_epsilon, ["divide by a tiny number"]),
        (infinity_to_zero, ["smaller than the same attack against a defense of 1"]),
        (infinity_to_the_median, ["smaller than the same attack", "With attack 255"]),
        (numpy_nan_to_num, ["no real attack / defense exceeds 255"]),
        (floor_division, ["whole numbers", "floor division"]),
        (rows_with_zero_dropped, ["has 1,491 values for 1,500 rows", "keep every row"]),
        (index_reset, ["has an index that is not the frame's"]),
        (a_table_returned, ["is a table with 16 column(s)", "return one column, a Series"]),
    ],
)
def test_safe_power_ratio_wrong_answers(candidate, fragments) -> None:
    assert_fails("T2.2", candidate, *fragments)


def numpy_where(df):
    """A different valid answer: np.where on arrays, a plain array returned."""
    attack = df["attack"].to_numpy(dtype=float)
    defense = df["defense"].to_numpy(dtype=float)
    return np.where(defense == 0, attack, attack / np.where(defense == 0, 1, defense))


def zero_replaced_by_one(df):
    return df["attack"] / df["defense"].replace(0, 1)


def half_a_defense(df):
    """Defensible too: a defense of 0 counted as 0.5, finite and in range."""
    return df["attack"] / df["defense"].mask(df["defense"] == 0, 0.5)


@pytest.mark.parametrize("candidate", [numpy_where, zero_replaced_by_one, half_a_defense])
def test_safe_power_ratio_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T2.2", candidate)


# ---------------------------------------------------------------- T2.3 per_group_normalise
def pooled_means(train, test, column, group):
    means = pd.concat([train, test]).groupby(group)[column].mean()
    return train[column] / train[group].map(means), test[column] / test[group].map(means)


def own_means_for_test_rows(train, test, column, group):
    own = test.groupby(group)[column].transform("mean")
    return train[column] / train.groupby(group)[column].transform("mean"), test[column] / own


def one_overall_mean(train, test, column, group):
    overall = train[column].mean()
    return train[column] / overall, test[column] / overall


def unseen_group_left_missing(train, test, column, group):
    means = train.groupby(group)[column].mean()
    return train[column] / train[group].map(means), test[column] / test[group].map(means)


def unseen_group_left_as_is(train, test, column, group):
    means = train.groupby(group)[column].mean()
    return train[column] / train[group].map(means), test[column] / test[group].map(means).fillna(1)


def subtracted(train, test, column, group):
    means = train.groupby(group)[column].mean()
    fallback = train[column].mean()
    return (
        train[column] - train[group].map(means),
        test[column] - test[group].map(means).fillna(fallback),
    )


def only_the_test_values(train, test, column, group):
    return SOLUTIONS.per_group_normalise(train, test, column, group)[1]


def indexes_reset(train, test, column, group):
    train_values, test_values = SOLUTIONS.per_group_normalise(train, test, column, group)
    return train_values.reset_index(drop=True), test_values.reset_index(drop=True)


@pytest.mark.parametrize(
    "candidate, fragments",
    [
        (pooled_means, ["train *and* test together", "leaked"]),
        (own_means_for_test_rows, ["test set's own* group means"]),
        (one_overall_mean, ["one overall mean, not by its group's mean"]),
        (unseen_group_left_missing, ["never appears in `train` got NaN", "(3)"]),
        (unseen_group_left_as_is, ["overall mean of `attack` in `train`"]),
        (subtracted, ["You subtracted the group mean"]),
        (only_the_test_values, ["Return two things"]),
        (indexes_reset, ["has an index that is not the frame's"]),
    ],
)
def test_per_group_normalise_wrong_answers(candidate, fragments) -> None:
    assert_fails("T2.3", candidate, *fragments)


def with_transform_and_a_loop(train, test, column, group):
    """A different valid answer: a dict of means and a loop over the test rows."""
    means = {key: rows[column].mean() for key, rows in train.groupby(group)}
    overall = train[column].mean()
    train_values = train[column] / train.groupby(group)[column].transform("mean")
    divisors = [means.get(key, overall) for key in test[group]]
    return train_values, pd.Series(test[column].to_numpy() / divisors, index=test.index)


def with_polars_arrays(train, test, column, group):
    """Another: polars for the means, numpy arrays returned (aligned by position)."""
    means = pl.from_pandas(train[[group, column]]).group_by(group).agg(pl.col(column).mean())
    lookup = dict(zip(means[group].to_list(), means[column].to_list(), strict=True))
    overall = float(train[column].mean())
    train_means = np.array([lookup[key] for key in train[group]])
    test_means = np.array([lookup.get(key, overall) for key in test[group]])
    return train[column].to_numpy() / train_means, test[column].to_numpy() / test_means


@pytest.mark.parametrize("candidate", [with_transform_and_a_loop, with_polars_arrays])
def test_per_group_normalise_accepts_other_correct_answers(candidate) -> None:
    assert_passes("T2.3", candidate)
