"""Time pandas against polars on the course's workloads and print the ratios.

    uv run python tests/benchmarks/bench_pandas_polars.py                 # 1,000,000 rows
    uv run python tests/benchmarks/bench_pandas_polars.py --rows 100000 1000000 --repeats 5

A script, not a test (pytest collects only ``test_*.py``): timings depend on the
machine, so they are printed for a person to read, never asserted. The workloads
live in ``pokemon_ml.data.benchmark``; Module 1's notebook runs the same ones live.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable

import pandas as pd
import polars as pl

from pokemon_ml.data.benchmark import compare_pandas_polars, speedup_table

DEFAULT_ROWS = 1_000_000
DEFAULT_REPEATS = 3  # timed runs per measurement; the fastest is reported
MAX_ROWS = 50_000_000  # beyond this the data no longer fits comfortably in a laptop's memory


def row_count(text: str) -> int:
    """Parse a row count such as 1000000, 1_000_000 or 1,000,000."""
    try:
        value = int(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, got {text!r}") from None
    if not 1 <= value <= MAX_ROWS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_ROWS:,}, got {value:,}")
    return value


def whole_number_from(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def format_table(table: pd.DataFrame) -> str:
    """The ratio table as aligned text; speed-up above 1 means polars was faster."""
    width = max(len(workload) for workload in table["workload"])
    header = f"{'workload':<{width}}  {'pandas (s)':>10}  {'polars (s)':>10}  {'speed-up':>8}"
    lines = [f"{header}  faster"]
    for row in table.itertuples():
        winner = "polars" if row.speedup > 1 else "pandas"
        lines.append(
            f"{row.workload:<{width}}  {row.pandas_s:>10.4f}  {row.polars_s:>10.4f}  "
            f"{row.speedup:>7.2f}×  {winner}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows",
        type=row_count,
        nargs="+",
        default=[DEFAULT_ROWS],
        help=f"one or more data sizes in rows (default: {DEFAULT_ROWS:,})",
    )
    parser.add_argument(
        "--repeats",
        type=whole_number_from(1),
        default=DEFAULT_REPEATS,
        help="timed runs per measurement, fastest kept (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number_from(0),
        default=0,
        help="seed of the benchmark data (default: %(default)s)",
    )
    args = parser.parse_args(argv)

    print(
        f"python {platform.python_version()} · pandas {pd.__version__} · "
        f"polars {pl.__version__} · {os.cpu_count()} CPU cores · best of {args.repeats} runs"
    )
    for n_rows in args.rows:
        start = time.perf_counter()
        timings = compare_pandas_polars(n_rows, repeats=args.repeats, seed=args.seed)
        print(f"\n{n_rows:,} rows (the whole benchmark took {time.perf_counter() - start:.1f} s)")
        print(format_table(speedup_table(timings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
