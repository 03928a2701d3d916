# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
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

    from pokemon_ml import STAT_COLUMNS, load_dataset
    from pokemon_ml.features import RAW_FEATURES, TARGET
    from pokemon_ml.grading.checks.m02_checkpoint import baseline_features, validation_accuracy
    from pokemon_ml.grading.notebook import exercise_header, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 2 — reference solution

    *Open this after you have tried* `checkpoints/02_feature_engineering_competition.py`.
    The check grades the score on a population you never see, so another set of
    features can pass just as well.

    The idea is the module's: a creature's type sets the **proportions** of its stats
    and the **density** of its body; evolution and legendary status set its **size**.
    The raw columns mix the two, so the features take size out: each stat's log minus
    the mean of the six log stats (how much more of that stat it has than its own
    average), and log(weight / height³). The raw columns stay, so nothing the baseline
    knew is lost. `log1p` keeps a stat of 0 finite (such a row can reach production),
    and every value comes from its own row, so the function works on one creature as
    well as on a table.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C2")
    return


@app.function
def build_features(df: pd.DataFrame) -> pd.DataFrame:
    """The features the fixed model is given: numbers only, one row per creature.

    Args:
        df: a Pokémon table (``primary_type`` included, never to be used). Not changed.

    Returns:
        A DataFrame of finite numbers with one row per row of ``df``, in its order.
    """
    raw = df[list(RAW_FEATURES)].astype("float64")
    log_stats = np.log1p(df[list(STAT_COLUMNS)].astype("float64"))
    relative = log_stats.sub(log_stats.mean(axis=1), axis=0).add_prefix("rel_")
    body = pd.DataFrame(
        {
            # Heights are at least 0.05 m and weights 0.1 kg, so both logs are finite.
            "log_density": np.log(df["weight_kg"]) - 3 * np.log(df["height_m"]),
            "log_size": log_stats.mean(axis=1),  # the overall scale, kept as one column
            "is_legendary": df["is_legendary"].astype("float64"),
        },
        index=df.index,
    )
    return pd.concat([raw, relative, body], axis=1)


@app.cell
def _():
    live_check("C2", build_features)
    return


@app.cell
def _():
    _pokemon = load_dataset("pokemon")
    _labels = _pokemon[TARGET]
    _baseline = validation_accuracy(baseline_features(_pokemon), _labels)
    _mine = validation_accuracy(build_features(_pokemon), _labels)
    mo.md(
        f"Validation on the course's table: baseline **{_baseline:.3f}**, these features "
        f"**{_mine:.3f}**."
    )
    return


if __name__ == "__main__":
    app.run()
