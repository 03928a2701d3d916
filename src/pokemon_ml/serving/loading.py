"""Load the model once, at start-up, from a verified artifact.

Loading per request is the classic slow service: reading and checking a model file
takes far longer than using it. The service loads it *once*, when it starts,
through ``load_artifact`` — which checks the model file's SHA-256 against the
artifact's manifest *before* deserialising it — and keeps it for every request.

A model that fails to load does not take the service down: ``load_model_state``
records the reason, ``/health`` still answers (the process is alive), ``/ready`` and
the predict routes answer 503 with that reason, and an orchestrator keeps traffic
away until a good model is deployed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sklearn.pipeline import Pipeline

from pokemon_ml.serving.fast import FastModel
from pokemon_ml.training.artifact import ArtifactError, load_artifact

__all__ = ["ModelState", "ServedModel", "load_model_state", "load_served_model", "newest_artifact"]


@dataclass(frozen=True)
class ServedModel:
    """A loaded model with everything a response needs to say about it."""

    pipeline: Pipeline  # the fitted sklearn pipeline (the reference: slow, exact)
    fast: FastModel  # the same arithmetic on arrays (the one requests use)
    version: str  # the artifact's run id
    data_hash: str  # SHA-256 of the training data file
    folder: Path | None = None

    @classmethod
    def from_pipeline(
        cls, pipeline: Pipeline, version: str = "unversioned", data_hash: str = "unknown"
    ) -> ServedModel:
        """Serve a fitted pipeline that is not (yet) an artifact: a notebook's model."""
        return cls(pipeline, FastModel.from_pipeline(pipeline), version, data_hash)


@dataclass(frozen=True)
class ModelState:
    """What the service holds: a model, or the reason it has none."""

    model: ServedModel | None
    error: str | None = None


def newest_artifact(artifacts: Path) -> Path | None:
    """The newest artifact folder under ``artifacts`` (names start with their UTC time).

    Returns:
        Its path, or None when there is no artifact yet.
    """
    if not Path(artifacts).is_dir():
        return None
    folders = [p for p in Path(artifacts).iterdir() if (p / "manifest.json").is_file()]
    return max(folders, key=lambda p: p.name, default=None)


def load_served_model(folder: Path | str) -> ServedModel:
    """Load and verify an artifact, and prepare its fast path.

    Raises:
        ArtifactError: the folder is incomplete, its model changed since it was saved,
            holds untrusted types, or is not shaped like the course's pipeline.
    """
    artifact = load_artifact(folder)
    try:
        fast = FastModel.from_pipeline(artifact.model)
    except ValueError as error:
        raise ArtifactError(f"{folder}: {error}") from None
    return ServedModel(
        pipeline=artifact.model,
        fast=fast,
        version=artifact.manifest["run_id"],
        data_hash=artifact.manifest["data_sha256"],
        folder=Path(folder),
    )


def load_model_state(folder: Path | str | None) -> ModelState:
    """``load_served_model``, but a failure becomes a reason instead of an exception."""
    if folder is None:
        return ModelState(None, "no model artifact found: run `uv run pokemon-ml train` first")
    try:
        return ModelState(load_served_model(folder))
    except ArtifactError as error:
        return ModelState(None, str(error))
    except Exception as error:  # noqa: BLE001 - a corrupt file fails anywhere in skops: a reason
        return ModelState(
            None, f"{folder}: cannot load the model ({type(error).__name__}: {error})"
        )
