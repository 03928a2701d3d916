"""The service's settings: every knob in one place, read from the environment.

A service is configured by its environment, not by editing code: the same build runs
on a laptop and in production with different ``POKEMON_ML_*`` variables. Every
limit here is a *defence*: a client that sends too much is told so with a 4xx
instead of slowing everyone else down.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["MAX_BATCH_ROWS", "MAX_BODY_BYTES", "Settings"]

MAX_BATCH_ROWS = 1_000  # creatures per /predict/batch call (the schema enforces it)
MAX_BODY_BYTES = 1_000_000  # bytes per request body; a full batch is ≈ 250 kB


@dataclass(frozen=True)
class Settings:
    """How one service instance runs.

    Attributes:
        model_dir: the artifact folder to serve (``pokemon-ml train`` writes them);
            None serves the newest artifact in ``artifacts_dir()``.
        log_path: the JSON-lines file every prediction is appended to; None logs nothing.
        max_body_bytes: the largest request body accepted (413 above it).
    """

    model_dir: Path | None = None
    log_path: Path | None = None
    max_body_bytes: int = MAX_BODY_BYTES
    title: str = field(default="Pokémon type predictor")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Settings from ``POKEMON_ML_MODEL_DIR``, ``POKEMON_ML_PREDICTION_LOG`` and
        ``POKEMON_ML_MAX_BODY_BYTES`` (each optional)."""
        env = os.environ if environ is None else environ
        model_dir = env.get("POKEMON_ML_MODEL_DIR")
        log_path = env.get("POKEMON_ML_PREDICTION_LOG")
        return cls(
            model_dir=Path(model_dir) if model_dir else None,
            log_path=Path(log_path) if log_path else None,
            max_body_bytes=int(env.get("POKEMON_ML_MAX_BODY_BYTES", MAX_BODY_BYTES)),
        )
