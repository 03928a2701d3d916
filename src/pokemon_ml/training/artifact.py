"""A trained model as a versioned, hash-verified folder.

``save_artifact`` writes one folder per run::

    artifacts/<run_id>/
        model.skops      the fitted pipeline (skops format)
        metrics.json     what the run measured
        config.json      the resolved configuration (every default filled in)
        manifest.json    run id, time, data SHA-256, package version, model SHA-256

``load_artifact`` checks the model file's SHA-256 against the manifest *before*
reading it, then loads it with skops, trusting only the types listed here.

Why not pickle? Unpickling runs whatever code the file names: loading a model
someone sent you with ``pickle.load`` is running their program. skops stores the
model as data and refuses any type you have not trusted; the hash check catches a
file that changed after it was written (a bad copy, or someone's edit).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import skops.io as sio
from sklearn.pipeline import Pipeline

from pokemon_ml.training.config import TrainingConfig
from pokemon_ml.training.stages import TrainingResult

__all__ = ["TRUSTED_TYPES", "Artifact", "ArtifactError", "load_artifact", "save_artifact"]

MODEL_FILE = "model.skops"
# Types a course model may contain beyond what skops trusts by default.
TRUSTED_TYPES = (
    "pokemon_ml.features.engineering.add_scale_free_features",  # the course's own step
    "sklearn.tree._tree.Tree",  # random forests
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",  # gradient boosting
)


class ArtifactError(RuntimeError):
    """An artifact that is incomplete, was changed, or holds types nobody trusted."""


@dataclass(frozen=True)
class Artifact:
    """A loaded artifact: the model and everything recorded beside it."""

    folder: Path
    model: Pipeline
    metrics: dict
    config: TrainingConfig
    manifest: dict


def save_artifact(result: TrainingResult, artifacts_dir: Path) -> Path:
    """Write ``result`` as a new artifact folder under ``artifacts_dir``.

    Returns:
        The folder, named ``<UTC time>-<config name>-<first 8 hex of the model hash>``.
    """
    blob = sio.dumps(result.model)
    model_sha256 = hashlib.sha256(blob).hexdigest()
    now = datetime.now(UTC)
    run_id = f"{now:%Y%m%dT%H%M%S}-{result.config.name}-{model_sha256[:8]}"
    folder = Path(artifacts_dir) / run_id
    for attempt in range(2, 1_000):  # the same run twice in one second: never overwrite
        if not folder.exists():
            break
        folder = Path(artifacts_dir) / f"{run_id}-{attempt}"
    run_id = folder.name
    folder.mkdir(parents=True)
    (folder / MODEL_FILE).write_bytes(blob)
    _write_json(folder / "metrics.json", result.metrics)
    _write_json(folder / "config.json", result.config.model_dump())
    _write_json(
        folder / "manifest.json",
        {
            "run_id": run_id,
            "created_at": now.isoformat(timespec="seconds"),
            "data_sha256": result.data_sha256,
            "package_version": metadata.version("pokemon-ml"),
            "model_file": MODEL_FILE,
            "model_sha256": model_sha256,
        },
    )
    return folder


def load_artifact(folder: Path | str) -> Artifact:
    """Load an artifact folder, verifying the model's hash before deserialising it.

    Raises:
        ArtifactError: a file is missing, the model's hash differs from the
            manifest's, or the model holds a type outside ``TRUSTED_TYPES``.
    """
    folder = Path(folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
        blob = (folder / manifest["model_file"]).read_bytes()
        metrics = json.loads((folder / "metrics.json").read_text())
        config = TrainingConfig.model_validate(json.loads((folder / "config.json").read_text()))
    except (FileNotFoundError, KeyError, json.JSONDecodeError) as error:
        raise ArtifactError(f"{folder} is not a complete artifact ({error})") from None
    actual = hashlib.sha256(blob).hexdigest()
    if actual != manifest["model_sha256"]:
        raise ArtifactError(
            f"{folder / manifest['model_file']} changed since it was saved (sha256 "
            f"{actual[:12]}… != {manifest['model_sha256'][:12]}…): not loading it"
        )
    untrusted = [t for t in sio.get_untrusted_types(data=blob) if t not in TRUSTED_TYPES]
    if untrusted:
        raise ArtifactError(f"{folder} holds types nobody trusted: {untrusted}")
    model = sio.loads(blob, trusted=list(TRUSTED_TYPES))
    return Artifact(folder, model, metrics, config, manifest)


def _write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=2, sort_keys=True) + "\n")
