"""The training stage (Module 3): a config-driven pipeline that writes a verified artifact.

``config``       the run as data: a TOML file checked with pydantic
``stages``       load → validate → split → build → fit → evaluate, one function each
``artifact``     the versioned, hash-verified model folder (skops, not pickle)
``experiments``  the experiment log, one JSON line per run
``run``          all of it: ``train(config)`` as `pokemon-ml train` runs it
``zoo``          models compared fairly: same folds, mean ± std, fit time, latency
``curves``       training time on growing subsets, extrapolated (Module 3)
``broken``       checkpoint C3's failing training script
"""

from pokemon_ml.training.artifact import Artifact, ArtifactError, load_artifact, save_artifact
from pokemon_ml.training.config import ConfigError, TrainingConfig, load_config
from pokemon_ml.training.experiments import log_run, read_log
from pokemon_ml.training.run import artifacts_dir, train
from pokemon_ml.training.stages import STAGES, TrainingResult, run_training

__all__ = [
    "STAGES",
    "Artifact",
    "ArtifactError",
    "ConfigError",
    "TrainingConfig",
    "TrainingResult",
    "artifacts_dir",
    "load_artifact",
    "load_config",
    "log_run",
    "read_log",
    "run_training",
    "save_artifact",
    "train",
]
