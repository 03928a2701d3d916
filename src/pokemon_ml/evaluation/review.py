"""The model under review: the training pipeline's newest artifact and its held-out rows.

Module 4 evaluates what Module 3's pipeline produced, on the rows that pipeline held
out (the same split, recomputed from the artifact's own configuration). A learner
who has not trained yet gets the default model trained first, with a message, as
`uv run pokemon-ml train` would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pokemon_ml.training.artifact import Artifact, ArtifactError, load_artifact
from pokemon_ml.training.config import load_config
from pokemon_ml.training.run import artifacts_dir, train
from pokemon_ml.training.stages import load_data, split_data, validate_data

__all__ = ["latest_artifact", "model_under_review"]


def latest_artifact(folder: Path | str | None = None) -> Path | None:
    """The newest artifact folder in ``folder`` (``artifacts_dir()`` if None), or None.

    Artifact folders are named by their UTC creation time, so the newest sorts last.
    """
    folder = Path(folder) if folder is not None else artifacts_dir()
    if not folder.is_dir():
        return None
    runs = sorted(p for p in folder.iterdir() if (p / "manifest.json").is_file())
    return runs[-1] if runs else None


def model_under_review(
    folder: Path | str | None = None, say: Callable[[str], None] = print
) -> tuple[Artifact, pd.DataFrame]:
    """Load the newest artifact (training the default model first if there is none) and
    the rows its run held out.

    Args:
        folder: the artifacts folder (``artifacts_dir()`` if None).
        say: where messages go (a notebook passes its own).

    Returns:
        ``(artifact, held_out)``: the loaded, hash-verified artifact and its test rows.

    Raises:
        ArtifactError: the newest artifact is incomplete or changed since it was saved.
    """
    newest = latest_artifact(folder)
    if newest is None:
        say("No trained model yet: training the default one first (`uv run pokemon-ml train`).")
        _, newest = train(load_config(), Path(folder) if folder is not None else None)
        say(f"Trained and saved: {newest.name}")
    artifact = load_artifact(newest)
    frame, data_sha256 = load_data(artifact.config)
    if data_sha256 != artifact.manifest.get("data_sha256"):
        raise ArtifactError(
            f"{newest.name} was trained on other data than data/{artifact.config.data.dataset} "
            "holds now, so its held-out rows cannot be recovered: retrain with "
            "`uv run pokemon-ml train`"
        )
    _, held_out = split_data(validate_data(frame), artifact.config)
    return artifact, held_out
