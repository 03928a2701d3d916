"""Benchmark the grading sandbox: what isolation costs, and how fast hostile code is stopped.

    uv run python tests/benchmarks/bench_sandbox.py
    uv run python tests/benchmarks/bench_sandbox.py --repeats 50 --limit 3

Prints (1) the one-off start of the forkserver, (2) the overhead per check of a
passing candidate — a check in its sandbox against the same work called in process,
median of ``--repeats`` — and (3) for each hostile candidate the time to its
verdict and the first words of the message. A benchmark, not a test: nothing here
asserts (tests/grading/test_sandbox.py proves the verdicts).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time

import pandas as pd

from pokemon_ml import check, get_exercise
from pokemon_ml.grading import WrongAnswer, call_candidate, registry

TOY_ID = "B.1"


def double_hp_check(candidate) -> str:
    result = call_candidate(candidate, pd.DataFrame({"hp": range(100)}))
    if list(result["hp"]) != [2 * hp for hp in range(100)]:
        raise WrongAnswer("hp not doubled")
    return "doubled"


def double(df):
    return df.assign(hp=df["hp"] * 2)


def hangs_in_c(df):
    return sum(range(4 * 10**9))


def catastrophic_regex(df):
    import re

    return re.match(r"(a|aa)+b", "a" * 64)


def swallows_every_stop(df):
    while True:
        try:
            while True:
                pass
        except BaseException:  # noqa: BLE001, S112 - hostile on purpose
            continue


def exits_hard(df):
    os._exit(3)


def exits_politely(df):
    sys.exit(2)


def interrupts(df):
    raise KeyboardInterrupt


def prints_400_megabytes(df):
    chunk = "x" * 1_000_000
    for _ in range(400):
        sys.stdout.write(chunk)
    return double(df)


def rebinds_helpers(df):
    import pokemon_ml.grading.calling as calling

    calling.WrongAnswer = Exception
    calling._fingerprint = lambda value: 0
    return df  # wrong, and the grader must still say so


HOSTILE = [
    hangs_in_c,
    catastrophic_regex,
    swallows_every_stop,
    exits_hard,
    exits_politely,
    interrupts,
    prints_400_megabytes,
    rebinds_helpers,
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--limit", type=float, default=2.0, help="the toy check's time limit, s")
    args = parser.parse_args()
    exercise = dataclasses.replace(
        get_exercise("1.1"), id=TOY_ID, run=double_hp_check, timeout_s=args.limit
    )
    registry._REGISTRY[TOY_ID] = exercise

    start = time.perf_counter()
    check(TOY_ID, double)
    print(f"first check (starts the forkserver): {time.perf_counter() - start:.2f} s")

    sandboxed, in_process = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        assert check(TOY_ID, double).passed
        sandboxed.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = double(pd.DataFrame({"hp": range(100)}))  # the same work, in this process
        assert list(result["hp"]) == [2 * hp for hp in range(100)]
        in_process.append(time.perf_counter() - start)
    overhead_ms = (statistics.median(sandboxed) - statistics.median(in_process)) * 1000
    print(
        f"passing check, median of {args.repeats}: sandboxed "
        f"{statistics.median(sandboxed) * 1000:.1f} ms, in process "
        f"{statistics.median(in_process) * 1000:.1f} ms -> overhead {overhead_ms:.1f} ms per check"
    )

    print(f"\nhostile candidates (time limit {args.limit:g} s):")
    for candidate in HOSTILE:
        start = time.perf_counter()
        result = check(TOY_ID, candidate)
        elapsed_s = time.perf_counter() - start
        message = " ".join(result.feedback.split())[:110]
        print(f"  {candidate.__name__:<22} {elapsed_s:5.2f} s  {result.status:<7} {message}")
    after = check(TOY_ID, double)
    print(f"\na passing candidate afterwards: {after.status}")


if __name__ == "__main__":
    main()
