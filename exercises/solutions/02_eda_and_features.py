# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import numpy as np
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import STAT_COLUMNS, TYPES, load_dataset
    from pokemon_ml.features import (
        ENGINEERED_COLUMNS,
        RAW_FEATURES,
        TARGET,
        add_scale_free_features,
    )
    from pokemon_ml.features.leaky import cv_accuracy_by_creature, leaky_experiment
    from pokemon_ml.grading.checks.m02_lift import feature_lift
    from pokemon_ml.grading.notebook import exercise_header, live_check

    MAX_ITER = 2_000  # logistic regression's iterations: enough to converge on scaled data


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 2 exercises — reference solutions

    *Open this after you have tried the exercises* in `exercises/02_eda_and_features.py`,
    where the briefs are. The checks grade behaviour, so your features, your pipeline
    and your one feature may look different from these and still pass. The comments
    say why each choice was made; the live checks below prove these answers pass.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("2.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Every feature takes *size* out of the raw columns, because the type sets the
    proportions and the density of a creature, while its evolution and legendary status
    set its size. A `+ 1` inside each ratio and log (`log1p`) decides what a stat of 0
    means: `log1p(0)` is 0 and `log1p(1)` is 0.69, so a 0 stays finite and stays below
    a 1, where it belongs. (`add_scale_free_features` uses `np.log(stat)`, which is `-inf` at 0: fine
    for data that passed the schema, not for a feature step that must survive a new
    source.) Nothing is computed from other rows, so a single row works, and
    `df.assign` keeps `df`'s index and order and leaves `df` itself alone.
    """)
    return


@app.function
def engineer_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with at least five new, finite feature columns.

    Args:
        df: a Pokémon table (``primary_type`` included). Must not be changed.

    Returns:
        A DataFrame with every row of ``df``, in its order, and the new columns.
    """
    stats = df[list(STAT_COLUMNS)].astype("float64")
    log_stats = np.log1p(stats)  # log(1 + stat): finite at a stat of 0
    relative = log_stats.sub(log_stats.mean(axis=1), axis=0)  # this stat vs. its own average
    return df.assign(
        power_ratio=(stats["attack"] + 1) / (stats["defense"] + 1),  # + 1: defense can be 0
        rel_defense=relative["defense"],
        rel_speed=relative["speed"],
        rel_sp_attack=relative["sp_attack"],
        special_share=(stats["sp_attack"] + stats["sp_defense"]) / (stats.sum(axis=1) + 1),
        log_density=np.log(df["weight_kg"]) - 3 * np.log(df["height_m"]),  # height ≥ 0.05 m
        log_base_total=np.log1p(stats.sum(axis=1)),
    )


@app.cell
def feature_notes():
    FEATURE_NOTES = {
        "power_ratio": "Attack per defense separates the hard hitters from the walls, at any size.",
        "rel_defense": "Rock puts far more of its stats into defense than its own average.",
        "rel_speed": "Electric creatures are fast for their size; rock ones are slow.",
        "rel_sp_attack": "Psychic and fire creatures lean on special attack whatever their level.",
        "special_share": "The share of special stats tells psychic types from physical ones.",
        "log_density": "Weight per cubed height is the body's density, which the type sets.",
        "log_base_total": "Overall strength, on a log scale, so the other features can be relative.",
    }
    return (FEATURE_NOTES,)


@app.cell
def _(FEATURE_NOTES):
    live_check("2.1", engineer_features, FEATURE_NOTES=FEATURE_NOTES)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("2.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **The leaks**, from the largest effect to the smallest — and a leak with a small
    effect is still a leak (figures: this export, logistic regression, the honest
    pipeline at about 82%):

    * `color_one_hot` — `sprite_color` is drawn from the label (fire is red…): the model
      reads the answer. Alone, it lifts the honest pipeline to about 97%.
    * `trainer_encoding` — each trainer's share of each type, counted on every row,
      includes the held-out creature's own label. With about two creatures per trainer
      that is half an answer: alone, about 90%. Encoded on training rows only, the
      column is noise.
    * `random_row_split` — the export wrote some rows twice; a random split puts one
      copy in training and the other in the held-out rows, so part of the "unseen" data
      was seen: one to three points here, far more for a model that memorises rows (a
      random forest). Split by `id`, or drop the duplicates first.
    * `scaler_on_all_rows` — the scaler's means and standard deviations include the
      held-out rows. Here it moves the score by less than a point, but it is the same
      mistake as the trainer encoding, and on a drifting feature it costs more.

    **Not leaks:** `scale_free_features` looks at one row at a time, so computing it
    before the split learns nothing from other rows; `stratified_split` uses the labels
    only to keep each type's share the same on both sides of the split.

    The pipeline below is the course's `make_model()` written out: every step that
    learns (the scaler, the encoder, the classifier) sits inside it, so the grader's
    split fits them on training rows only. `trainer_id` and `sprite_color` are simply
    not selected.
    """)
    return


@app.function
def fixed_pipeline() -> Pipeline:
    """The leaky experiment, repaired: an unfitted pipeline from raw export rows to a type.

    Returns:
        An unfitted scikit-learn ``Pipeline`` whose ``fit(X, y)`` takes export rows
        without ``primary_type`` and whose ``predict`` returns types.
    """
    columns = ColumnTransformer(
        [
            ("numeric", StandardScaler(), [*RAW_FEATURES, *ENGINEERED_COLUMNS]),
            (
                "secondary_type",
                # The categories are fixed in advance: nothing is learned from the rows.
                OneHotEncoder(
                    categories=[list(TYPES)], handle_unknown="ignore", sparse_output=False
                ),
                ["secondary_type"],
            ),
        ],
        verbose_feature_names_out=False,  # trainer_id and sprite_color: dropped (the default)
    )
    return Pipeline(
        [
            ("scale_free", FunctionTransformer(add_scale_free_features)),  # row by row
            ("columns", columns),
            ("classifier", LogisticRegression(max_iter=MAX_ITER)),
        ]
    )


@app.cell
def leaks_found():
    LEAKS_FOUND = {"color_one_hot", "trainer_encoding", "random_row_split", "scaler_on_all_rows"}
    return (LEAKS_FOUND,)


@app.cell
def _():
    export = load_dataset("pokemon_export")
    _honest = cv_accuracy_by_creature(fixed_pipeline(), export)
    mo.md(
        f"The leaky experiment: **{leaky_experiment(export):.1%}**. The fixed pipeline, "
        f"5 folds split by `id`: **{_honest.mean():.1%}**."
    )
    return


@app.cell
def _(LEAKS_FOUND):
    live_check("2.2", fixed_pipeline, LEAKS_FOUND=LEAKS_FOUND)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("2.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Weight grows with the cube of height, so `weight / height³` is the body's density:
    it stays the same when a creature grows, and the type sets it (rock is dense,
    psychic light). The log makes its spread even. A linear model on the raw columns
    cannot build a ratio of two columns, let alone a cube, so this one column lifts it
    by about 16 points. `weight / height²` (a "body mass index") works too, by about
    12; a ratio of two stats barely moves it, because the model already weighs the
    stats against each other.
    """)
    return


@app.function
def my_feature(df: pd.DataFrame) -> pd.Series:
    """One feature that lifts the baseline's accuracy by five points.

    Args:
        df: a Pokémon table (``primary_type`` included). Must not be changed.

    Returns:
        A Series with one finite number per row of ``df``, with ``df``'s index.
    """
    # Heights are at least 0.05 m and weights 0.1 kg, so both logs are finite.
    return np.log(df["weight_kg"]) - 3 * np.log(df["height_m"])


@app.cell
def _():
    _pokemon = load_dataset("pokemon")
    _baseline, _with_feature = feature_lift(_pokemon, my_feature(_pokemon))
    mo.md(f"On the course's table: **{_baseline:.3f} → {_with_feature:.3f}**.")
    return


@app.cell
def _():
    live_check("2.3", my_feature)
    return


if __name__ == "__main__":
    app.run()
