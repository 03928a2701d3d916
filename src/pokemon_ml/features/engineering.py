"""Features that separate the types: take the *scale* out of the raw columns.

A creature's type sets the *proportions* of its six stats and its body *density*;
its evolution stage, legendary status and generation set the overall *scale*
(``pokemon_ml.data.generate``). Raw columns mix the two, so a model on them
confuses a small rock creature with a big grass one. Every feature here is
scale-free:

* ``rel_<stat>`` — the log of a stat minus the mean log of the creature's six
  stats: how much more (or less) of that stat it has than its own average.
* ``log_density`` — log(weight / height³): what the body is made of, whatever its size.
* ``log_base_total`` — the log of the six stats' sum: the scale itself, kept as one
  column so a model can still use it (for ``is_legendary``, say).

Every value is finite for every row the schema accepts (stats ≥ 1, height ≥ 0.05 m,
weight ≥ 0.1 kg), and each row's features depend on that row alone — nothing is
learned from other rows, so this step cannot leak.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pokemon_ml.data.generate import STAT_COLUMNS

__all__ = ["ENGINEERED_COLUMNS", "RAW_FEATURES", "TARGET", "add_scale_free_features"]

TARGET = "primary_type"  # Module 2's learning target: six classes
RAW_FEATURES = (
    *STAT_COLUMNS,
    "height_m",
    "weight_kg",
    "capture_rate",
    "generation",
    "evolution_stage",
)  # the numeric columns a first model uses as they are
ENGINEERED_COLUMNS = (*(f"rel_{stat}" for stat in STAT_COLUMNS), "log_density", "log_base_total")


def add_scale_free_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with the scale-free feature columns added.

    Args:
        df: rows in the course's column layout (at least the six stats, height_m
            and weight_kg). Not changed.

    Returns:
        ``df``'s columns followed by ``ENGINEERED_COLUMNS``, same index and order.
    """
    log_stats = np.log(df[list(STAT_COLUMNS)].astype("float64"))
    relative = log_stats.sub(log_stats.mean(axis=1), axis=0).add_prefix("rel_")
    height_m = df["height_m"].astype("float64")
    weight_kg = df["weight_kg"].astype("float64")
    return df.assign(
        **relative,
        log_density=np.log(weight_kg) - 3 * np.log(height_m),
        log_base_total=np.log(df[list(STAT_COLUMNS)].astype("float64").sum(axis=1)),
    )
