"""The slow path: what a first prediction function looks like, and why it is slow.

``slow_predict`` does what many first services do on every call: find the newest
artifact, verify and load it, build a one-row pandas DataFrame, and run the whole
scikit-learn pipeline. Every step is correct and the answer is the reference; it is
also repeated work. Exercise 5.2 makes a fast path that gives the same numbers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pokemon_ml.serving.loading import newest_artifact
from pokemon_ml.training.artifact import ArtifactError, load_artifact
from pokemon_ml.training.run import artifacts_dir

__all__ = ["slow_predict"]


def slow_predict(payload: dict, artifacts: Path | str | None = None) -> dict[str, float]:
    """The probability of each type for one creature, loading the model on every call.

    Args:
        payload: one creature's input fields (``pokemon_ml.serving.schemas.INPUT_FIELDS``).
        artifacts: the artifacts folder; ``artifacts_dir()`` if None. Its newest
            artifact is the model.

    Returns:
        ``{type: probability}`` for every type the model knows.

    Raises:
        ArtifactError: there is no artifact yet, or it does not verify.
    """
    folder = newest_artifact(Path(artifacts) if artifacts is not None else artifacts_dir())
    if folder is None:
        raise ArtifactError("no model artifact found: run `uv run pokemon-ml train` first")
    model = load_artifact(folder).model  # verified and deserialised, every call
    row = pd.DataFrame([payload])
    probabilities = model.predict_proba(row)[0]
    return {str(label): float(p) for label, p in zip(model.classes_, probabilities)}
