"""A training run's configuration: a TOML file, checked with pydantic.

A run is described by data, not by code: which data set and target, how much to
hold out, which model with which parameters, which seed. ``load_config`` reads the
file and checks every key, so a typo (``modle``) or a wrong type (``seed = "a"``)
stops the run at once with one line naming it — not three stages later.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["DEFAULT_CONFIG", "ConfigError", "TrainingConfig", "load_config"]

DEFAULT_CONFIG = Path(__file__).with_name("default_config.toml")
ModelKind = Literal["logistic_regression", "random_forest", "hist_gradient_boosting"]
ParamValue = bool | int | float | str | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)  # unknown keys are errors


class DataConfig(_Strict):
    dataset: Literal["pokemon"] = "pokemon"
    target: Literal["primary_type", "is_legendary"] = "primary_type"
    test_share: float = Field(0.2, gt=0.0, lt=0.5)


class ModelConfig(_Strict):
    kind: ModelKind = "logistic_regression"
    params: dict[str, ParamValue] = Field(default_factory=dict)


class TrainingConfig(_Strict):
    """Everything that decides a training run's result."""

    name: str = "default"
    seed: int = Field(42, ge=0)
    cv_folds: int = Field(5, ge=2, le=20)
    data: DataConfig = Field(default_factory=DataConfig)
    model: ModelConfig = Field(default_factory=ModelConfig)


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message is one line."""


def load_config(path: Path | str | None = None) -> TrainingConfig:
    """Read and check a training configuration.

    Args:
        path: a TOML file; the course's default (``default_config.toml``) if None.

    Returns:
        The checked configuration.

    Raises:
        ConfigError: the file is missing, is not TOML, or has a wrong key or value.
    """
    path = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    try:
        return TrainingConfig.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_first_problem(error)}") from None


def _first_problem(error: ValidationError) -> str:
    """One line for the first thing pydantic found wrong, naming the key."""
    problem = error.errors()[0]
    key = ".".join(str(part) for part in problem["loc"])
    if problem["type"] == "extra_forbidden":
        return f"unknown key '{key}' (check its spelling)"
    count = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"'{key}': {problem['msg']}, got {problem.get('input')!r}{count}"
