"""The ``pokemon-ml`` command.

uv run pokemon-ml progress            # a table of every exercise and checkpoint
uv run pokemon-ml progress --update   # ...tick the passed ones in PROGRESS.md, fill its figures
uv run pokemon-ml train               # train the default model, save a verified artifact
uv run pokemon-ml train --config my_run.toml --out /tmp/artifacts
uv run pokemon-ml serve               # the newest model behind an HTTP API on 127.0.0.1:8000
uv run pokemon-ml serve --port 8001 --model artifacts/<run id>
uv run pokemon-ml grade capstone      # the capstone's score out of 100, criterion by criterion
uv run pokemon-ml grade Q1            # any one item by its id (1.2, C3, Q1, E2, CAP …)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pokemon_ml.grading.progress import STATUS_LABELS, format_table, grade_workspace, repo_root
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
    train = commands.add_parser("train", help="train a model and save a verified artifact")
    train.add_argument("--config", type=Path, default=None, help="a TOML run configuration")
    train.add_argument("--out", type=Path, default=None, help="artifacts folder")
    serve = commands.add_parser("serve", help="serve a trained model over HTTP (FastAPI)")
    serve.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default: %(default)s)")
    serve.add_argument("--model", type=Path, default=None, help="an artifact folder to serve")
    serve.add_argument("--log", type=Path, default=None, help="append predictions to this file")
    grade = commands.add_parser("grade", help="grade one item: the capstone, a quiz, an exercise")
    grade.add_argument("item", help="an id (1.2, C3, Q1, E2, CAP) or 'capstone'")
    grade.add_argument(
        "--root", type=Path, default=None, help="course folder (default: this repository)"
    )
    args = parser.parse_args(argv)

    if args.command == "serve":
        return _serve(args.host, args.port, args.model, args.log)
    if args.command == "progress":
        return _progress(args.root or repo_root(), args.update)
    if args.command == "train":
        return _train(args.config, args.out)
    if args.command == "grade":
        return _grade(args.item, args.root or repo_root())
    return 2  # unreachable: argparse rejects unknown commands


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < value < 65_536:
        raise argparse.ArgumentTypeError(f"a port is 1-65535, got {value}")
    return value


def _serve(host: str, port: int, model_dir: Path | None, log_path: Path | None) -> int:
    import uvicorn

    from pokemon_ml.serving import Settings, create_app, load_served_model, newest_artifact
    from pokemon_ml.training import ArtifactError, artifacts_dir, load_config, train

    if model_dir is None:
        model_dir = newest_artifact(artifacts_dir())
        if model_dir is None:
            print(f"no model in {artifacts_dir()} yet: training the default one first …")
            _, model_dir = train(load_config())
            print(f"trained {model_dir.name}")
    elif not model_dir.is_dir():
        print(f"pokemon-ml: error: --model {model_dir} is not a folder", file=sys.stderr)
        return 2
    try:
        model = load_served_model(model_dir)  # verified once, here, before the server starts
    except ArtifactError as error:
        print(f"pokemon-ml: error: {error}", file=sys.stderr)
        return 2
    settings = Settings(model_dir=model_dir, log_path=log_path)
    print(f"serving {model.version} on http://{host}:{port} (docs: /docs; Ctrl+C stops it)")
    uvicorn.run(create_app(model, settings), host=host, port=port, log_level="warning")
    return 0


def _train(config_path: Path | None, out_dir: Path | None) -> int:
    from pokemon_ml.training import STAGES, ConfigError, load_config, train

    try:
        config = load_config(config_path)
    except ConfigError as error:
        print(f"pokemon-ml: error: {error}", file=sys.stderr)
        return 2
    width = len(STAGES)

    def show(number: int, name: str) -> None:
        bar = "#" * number + "." * (width - number)
        print(f"[{bar}] {number}/{width} {name}", flush=True)

    try:
        result, folder = train(config, out_dir, on_step=show)
    except ValueError as error:  # bad data or bad model parameters: one line, no traceback
        print(f"pokemon-ml: error: {error}", file=sys.stderr)
        return 2
    print(f"\ntrained {config.model.kind} on {config.data.target} in {result.fit_seconds:.2f} s")
    for name, value in result.metrics.items():
        print(f"  {name:<18} {value:.4f}" if isinstance(value, float) else f"  {name:<18} {value}")
    print(f"artifact: {folder}")
    return 0


def _grade(item: str, root: Path) -> int:
    """Grade one item and print its verdict; exit 0 when it passes, 1 when it does not."""
    from pokemon_ml.grading import check, get_exercise
    from pokemon_ml.grading.progress import learner_answer
    from pokemon_ml.grading.registry import CAPSTONE_ID

    try:
        exercise = get_exercise(CAPSTONE_ID if item.lower() == "capstone" else item.upper())
    except ValueError as error:
        print(f"pokemon-ml: error: {error}", file=sys.stderr)
        return 2
    print(f"grading {exercise.id} {exercise.title} ({exercise.notebook}) …", flush=True)
    result = check(exercise.id, learner_answer(exercise, root))
    label = STATUS_LABELS[result.status]
    print(
        f"\n{exercise.id}: {label}"
        + (f", score {result.score}" if result.score is not None else "")
    )
    print(f"\n{result.feedback}")
    return 0 if result.passed else 1


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
