"""Benchmark the data generator: how long do N rows take, end to end?

    uv run python tests/benchmarks/bench_generator.py            # 1,000,000 rows
    uv run python tests/benchmarks/bench_generator.py --rows 200000 --repeats 3

Prints the time to build the frames in memory and to write every file (CSV +
Parquet for the three data sets, plus the manifest). Target: 1,000,000 rows in
at most 5 s on a 2-core machine. A benchmark, not a test: timings depend on the
machine, so nothing here asserts.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from pokemon_ml.data.datasets import build_datasets, write_datasets

TARGET_S = 5.0  # seconds for 1,000,000 rows, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.rows < 100 or args.repeats < 1:
        parser.error("--rows must be at least 100 and --repeats at least 1")

    build_s, write_s = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        build_datasets(args.rows)
        build_s.append(time.perf_counter() - start)
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            manifest = write_datasets(folder, n_rows=args.rows)
            write_s.append(time.perf_counter() - start)
    total_mb = sum(entry["bytes"] for entry in manifest["files"].values()) / 1e6
    print(f"rows: {args.rows:,}   repeats: {args.repeats} (best of)")
    print(f"build frames in memory : {min(build_s):6.2f} s")
    print(f"build + write 6 files  : {min(write_s):6.2f} s   ({total_mb:.0f} MB on disk)")
    print(f"rows per second        : {args.rows / min(write_s):,.0f}")
    if args.rows == 1_000_000:
        print(
            f"target ≤ {TARGET_S:g} s           : {'met' if min(write_s) <= TARGET_S else 'MISSED'}"
            f" (ratio {min(write_s) / TARGET_S:.2f} of budget)"
        )


if __name__ == "__main__":
    main()
