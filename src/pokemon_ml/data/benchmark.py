"""Measure pandas against polars on the same work, honestly: each workload is written
once per library, the way a practitioner would, and both must give the same result.
"""

from __future__ import annotations

import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.generate import STAT_COLUMNS, generate_pokemon

__all__ = ["WORKLOADS", "benchmark_frame", "compare_pandas_polars", "speedup_table"]

WORKLOADS = (
    "csv read (with timestamp parsing)",
    "parquet read",
    "filter",
    "group-by",
    "whole pipeline",
)
CATCH_START = np.datetime64("2024-01-01T00:00:00", "s")  # earliest catch time
CATCH_WINDOW_S = 365 * 24 * 3600  # catch times spread over one year, in seconds
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"  # how the CSV writes caught_at, e.g. 2024-03-05T17:02:11
FAST_MIN_SPEED = 80  # the filter keeps fire types faster than this (≈6% of rows)
MIN_GENERATION = 3  # the pipeline keeps non-legendaries from this generation on


def benchmark_frame(n_rows: int, seed: int = 0) -> pl.DataFrame:
    """The Pokémon table plus a synthetic ``caught_at`` timestamp (benchmark only).

    Args:
        n_rows: number of rows.
        seed: seed for the creatures and their catch times.

    Returns:
        ``generate_pokemon(n_rows, seed)`` with ``caught_at`` (datetime, µs) added.
    """
    offsets_s = np.random.default_rng([seed, 3]).integers(0, CATCH_WINDOW_S, size=n_rows)
    caught_at = (CATCH_START + offsets_s.astype("timedelta64[s]")).astype("datetime64[us]")
    return generate_pokemon(n_rows, seed).with_columns(pl.Series("caught_at", caught_at))


def _pandas_workloads(csv: Path, parquet: Path, df: pd.DataFrame) -> dict[str, Callable[[], Any]]:
    def pipeline() -> pd.DataFrame:
        data = pd.read_parquet(parquet)  # eager: every step runs on every column
        data = data[~data["is_legendary"] & (data["generation"] >= MIN_GENERATION)]
        data = data.assign(
            base_total=data[list(STAT_COLUMNS)].sum(axis=1), month=data["caught_at"].dt.month
        )
        return data.groupby(["primary_type", "month"], as_index=False).agg(
            n=("id", "size"), mean_base_total=("base_total", "mean")
        )

    return dict(
        zip(
            WORKLOADS,
            (
                lambda: pd.read_csv(csv, parse_dates=["caught_at"]),
                lambda: pd.read_parquet(parquet),
                lambda: df[(df["primary_type"] == "fire") & (df["speed"] > FAST_MIN_SPEED)],
                lambda: df.groupby("primary_type", as_index=False).agg(
                    n=("id", "size"), mean_attack=("attack", "mean"), max_speed=("speed", "max")
                ),
                pipeline,
            ),
        )
    )


def _polars_workloads(csv: Path, parquet: Path, df: pl.DataFrame) -> dict[str, Callable[[], Any]]:
    def pipeline() -> pl.DataFrame:
        # Lazy: polars plans the whole query first, reads only the columns it
        # needs, filters while reading, and spreads the work over every core.
        return (
            pl.scan_parquet(parquet)
            .filter(~pl.col("is_legendary") & (pl.col("generation") >= MIN_GENERATION))
            .with_columns(
                base_total=pl.sum_horizontal(STAT_COLUMNS), month=pl.col("caught_at").dt.month()
            )
            .group_by("primary_type", "month")
            .agg(n=pl.len(), mean_base_total=pl.col("base_total").mean())
            .sort("primary_type", "month")  # pandas sorts groups by default; polars does not
            .collect()
        )

    return dict(
        zip(
            WORKLOADS,
            (
                lambda: pl.read_csv(csv, schema_overrides={"caught_at": pl.Datetime("us")}),
                lambda: pl.read_parquet(parquet),
                lambda: df.filter(
                    (pl.col("primary_type") == "fire") & (pl.col("speed") > FAST_MIN_SPEED)
                ),
                lambda: (
                    df.group_by("primary_type")
                    .agg(
                        n=pl.len(),
                        mean_attack=pl.col("attack").mean(),
                        max_speed=pl.col("speed").max(),
                    )
                    .sort("primary_type")
                ),
                pipeline,
            ),
        )
    )


def compare_pandas_polars(
    n_rows: int,
    repeats: int = 3,
    seed: int = 0,
    workdir: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Time every workload in pandas and in polars on the same CSV and Parquet files.

    Args:
        n_rows: rows of benchmark data (1,000,000 take about 10 s in all on 2 cores).
        repeats: timed runs per measurement (after one untimed warm-up); the fastest is kept.
        seed: seed of the benchmark data.
        workdir: folder for the two files; a temporary folder, deleted afterwards, if None.
        on_step: called with "workload · library" before each measurement (a progress bar).

    Returns:
        One row per (workload, library): ``workload``, ``library`` ("pandas" or
        "polars") and ``seconds``, the best of ``repeats`` runs.

    Raises:
        AssertionError: the two libraries disagree on a workload's result.
    """
    if n_rows < 1 or repeats < 1:
        raise ValueError(f"n_rows and repeats must be at least 1, got {n_rows} and {repeats}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(workdir if workdir is not None else scratch)
        folder.mkdir(parents=True, exist_ok=True)
        csv, parquet = folder / "bench.csv", folder / "bench.parquet"
        frame = benchmark_frame(n_rows, seed)
        frame.write_csv(csv, datetime_format=ISO_FORMAT)  # timestamps become ISO text
        frame.write_parquet(parquet)  # timestamps stay typed
        by_library = {
            "pandas": _pandas_workloads(csv, parquet, pd.read_parquet(parquet)),
            "polars": _polars_workloads(csv, parquet, pl.read_parquet(parquet)),
        }
        rows, results = [], {}
        for workload in WORKLOADS:
            for library, workloads in by_library.items():
                if on_step is not None:
                    on_step(f"{workload} · {library}")
                results[library] = workloads[workload]()  # untimed warm-up: fills file caches
                # Keep the fastest run: the least disturbed by the rest of the machine.
                seconds = min(timeit.repeat(workloads[workload], number=1, repeat=repeats))
                rows.append({"workload": workload, "library": library, "seconds": seconds})
            pd.testing.assert_frame_equal(  # a speed-up only counts if the answers are equal
                results["pandas"].reset_index(drop=True),
                results["polars"].to_pandas(),
                check_dtype=False,
                obj=f"{workload!r}, pandas vs polars",
            )
    return pd.DataFrame(rows)


def speedup_table(timings: pd.DataFrame) -> pd.DataFrame:
    """Put the two libraries side by side, one row per workload.

    Args:
        timings: the frame ``compare_pandas_polars`` returns.

    Returns:
        ``workload``, ``pandas_s``, ``polars_s`` and ``speedup`` = pandas_s / polars_s
        (above 1: polars was faster), in the order of ``WORKLOADS``.
    """
    table = timings.pivot(index="workload", columns="library", values="seconds").add_suffix("_s")
    table = table.reindex([workload for workload in WORKLOADS if workload in table.index])
    table["speedup"] = table["pandas_s"] / table["polars_s"]
    return table[["pandas_s", "polars_s", "speedup"]].rename_axis(columns=None).reset_index()
