"""Train, save and log in one call: what `pokemon-ml train` does."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from pokemon_ml.training.artifact import save_artifact
from pokemon_ml.training.config import TrainingConfig
from pokemon_ml.training.experiments import log_run
from pokemon_ml.training.stages import StepCallback, TrainingResult, run_training

__all__ = ["EXPERIMENT_LOG", "artifacts_dir", "train"]

EXPERIMENT_LOG = "experiments.jsonl"  # inside the artifacts folder


def artifacts_dir() -> Path:
    """Where artifacts go: ``POKEMON_ML_ARTIFACTS_DIR`` if set, else ``artifacts/`` in
    the repository (ignored by git)."""
    if "POKEMON_ML_ARTIFACTS_DIR" in os.environ:
        return Path(os.environ["POKEMON_ML_ARTIFACTS_DIR"])
    repo = Path(__file__).resolve().parents[3]
    return (repo if (repo / "pyproject.toml").exists() else Path.cwd()) / "artifacts"


def train(
    config: TrainingConfig, out_dir: Path | None = None, on_step: StepCallback | None = None
) -> tuple[TrainingResult, Path]:
    """Run the pipeline, save the artifact, append the run to the experiment log.

    Args:
        config: the run's configuration.
        out_dir: the artifacts folder; ``artifacts_dir()`` if None.
        on_step: progress callback, called before each stage.

    Returns:
        The result and the artifact's folder.
    """
    out_dir = Path(out_dir) if out_dir is not None else artifacts_dir()
    started = datetime.now(UTC)
    start = time.perf_counter()
    result = run_training(config, on_step=on_step)
    folder = save_artifact(result, out_dir)
    log_run(
        out_dir / EXPERIMENT_LOG,
        {
            "run_id": folder.name,
            "started_at": started.isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - start, 3),
            "fit_seconds": round(result.fit_seconds, 3),
            "params": config.model_dump(),
            "metrics": result.metrics,
            "data_sha256": result.data_sha256,
            "artifact": str(folder),
        },
    )
    return result, folder
