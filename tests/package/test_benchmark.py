"""The pandas-vs-polars benchmark measures every workload in both libraries and
only counts a speed-up when both return the same answer."""

from __future__ import annotations

from pokemon_ml.data.benchmark import WORKLOADS, compare_pandas_polars, speedup_table


def test_benchmark_times_every_workload_in_both_libraries() -> None:
    timings = compare_pandas_polars(2_000, repeats=1)
    assert set(zip(timings["workload"], timings["library"])) == {
        (workload, library) for workload in WORKLOADS for library in ("pandas", "polars")
    }
    assert (timings["seconds"] > 0).all()
    table = speedup_table(timings)
    assert list(table["workload"]) == list(WORKLOADS)
    assert (table["speedup"] - table["pandas_s"] / table["polars_s"]).abs().max() < 1e-12
