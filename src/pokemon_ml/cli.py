"""The ``pokemon-ml`` command.

uv run pokemon-ml progress            # a table of every exercise and checkpoint
uv run pokemon-ml progress --update   # ...tick the passed ones in PROGRESS.md, fill its figures
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pokemon_ml.grading.progress import format_table, grade_workspace, repo_root
from pokemon_ml.grading.tracker import update_progress

__all__ = ["OneLineParser", "main"]


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a mistake gets one line on stderr (``--help`` shows the full usage)."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``pokemon-ml`` console script; returns the exit code."""
    parser = OneLineParser(prog="pokemon-ml", description="The course's command line.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    progress = commands.add_parser("progress", help="grade your exercises and checkpoints")
    progress.add_argument(
        "--update", action="store_true", help="tick passed items and fill figures in PROGRESS.md"
    )
    progress.add_argument(
        "--root", type=Path, default=None, help="course folder (default: this repository)"
    )
    args = parser.parse_args(argv)

    if args.command == "progress":
        return _progress(args.root or repo_root(), args.update)
    return 2  # unreachable: argparse rejects unknown commands


def _progress(root: Path, update: bool) -> int:
    if not (root / "exercises").is_dir():
        print(
            f"pokemon-ml: error: {root} has no exercises/ folder; pass --root COURSE_FOLDER",
            file=sys.stderr,
        )
        return 2
    results = grade_workspace(root)
    print(format_table(results))
    for exercise, result in results:
        if result.status in ("failed", "error"):
            print(f"\n{exercise.id} ({exercise.notebook}): {result.feedback}")
    if update:
        progress_file = root / "PROGRESS.md"
        if not progress_file.exists():
            print(f"pokemon-ml: error: {progress_file} not found", file=sys.stderr)
            return 2
        print("\n" + "\n".join(update_progress(progress_file, results, root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
