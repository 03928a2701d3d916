"""Write every data set the course uses, with a manifest of SHA-256 hashes.

    uv run python data/generate_dataset.py            # the course's data (seed 42)
    uv run python data/generate_dataset.py --verify   # do the files match the manifest?
    uv run python data/generate_dataset.py --rows 1000000 --out /tmp/big

The logic lives in ``pokemon_ml.data.datasets``; this script only reads arguments.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pokemon_ml.cli import OneLineParser
from pokemon_ml.data.datasets import MIN_ROWS, DataConflictError, verify_datasets, write_datasets
from pokemon_ml.data.generate import DEFAULT_ROWS, DEFAULT_SEED


def positive_rows(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of rows, got {text!r}") from None
    if value < MIN_ROWS:
        raise argparse.ArgumentTypeError(f"needs at least {MIN_ROWS} rows, got {value}")
    return value


def seed_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--seed", type=seed_value, default=DEFAULT_SEED, help="random seed (default: %(default)s)"
    )
    parser.add_argument(
        "--rows",
        type=positive_rows,
        default=DEFAULT_ROWS,
        help="creatures in the main table (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="output folder (default: this folder)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="check the files against the manifest; write nothing"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files you changed by hand")
    args = parser.parse_args(argv)

    if args.verify:
        problems = verify_datasets(args.out)
        for problem in problems:
            print(f"verify: {problem}", file=sys.stderr)
        if not problems:
            print(f"verify: every file in {args.out} matches its manifest")
        return 1 if problems else 0

    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out {args.out} is a file, not a folder")
    start = time.perf_counter()
    try:
        manifest = write_datasets(args.out, n_rows=args.rows, seed=args.seed, force=args.force)
    except DataConflictError as error:
        print(f"generate_dataset.py: error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"generate_dataset.py: error: cannot write to {args.out}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    elapsed_s = time.perf_counter() - start
    for filename, entry in manifest["files"].items():
        print(f"{filename:<26} {entry['rows']:>9,} rows  sha256 {entry['sha256'][:16]}…")
    print(
        f"wrote {len(manifest['files'])} files + manifest.json to {args.out} "
        f"in {elapsed_s:.2f} s (seed {args.seed})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
