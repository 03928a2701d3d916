"""What the service accepts and answers, as pydantic models.

The request model *is* the input contract: every field's type and range comes from
the course's data contract (``POKEMON_SCHEMA``), so the service refuses exactly
what training would have refused. Three settings make it strict on purpose:

* ``extra="forbid"`` — a misspelt field (``atack``) is an error, not silently dropped;
* ``strict=True`` — ``"45"`` or ``true`` is not a stat; a stat is a whole number;
* ``allow_inf_nan=False`` — ``NaN`` and ``Infinity`` (which Python's JSON parser
  accepts) never reach the model.

The examples show up in the OpenAPI page (``/docs``), where a learner can try them.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from pokemon_ml.data.generate import TYPES
from pokemon_ml.data.schemas import POKEMON_SCHEMA
from pokemon_ml.serving.settings import MAX_BATCH_ROWS

__all__ = [
    "INPUT_FIELDS",
    "BatchRequest",
    "BatchResponse",
    "Creature",
    "ErrorResponse",
    "Health",
    "PredictResponse",
    "Prediction",
    "Problem",
    "Ready",
]

PokemonType = Literal["fire", "water", "grass", "electric", "rock", "psychic"]
assert get_args(PokemonType) == TYPES  # one vocabulary: the generator's

EXAMPLE_CREATURE = {
    "hp": 45,
    "attack": 49,
    "defense": 49,
    "sp_attack": 65,
    "sp_defense": 65,
    "speed": 45,
    "height_m": 0.7,
    "weight_kg": 6.9,
    "capture_rate": 45,
    "generation": 1,
    "evolution_stage": 1,
    "secondary_type": "psychic",
}


def _in_range(column: str, description: str) -> object:
    """A pydantic ``Field`` with the data contract's range for ``column``."""
    bounds = POKEMON_SCHEMA.columns[column].checks[0].statistics  # the in_range check
    return Field(ge=bounds["min_value"], le=bounds["max_value"], description=description)


class Creature(BaseModel):
    """One creature's features: what the model needs, nothing else."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        allow_inf_nan=False,
        json_schema_extra={"examples": [EXAMPLE_CREATURE]},
    )

    hp: int = _in_range("hp", "hit points")
    attack: int = _in_range("attack", "physical attack")
    defense: int = _in_range("defense", "physical defense")
    sp_attack: int = _in_range("sp_attack", "special attack")
    sp_defense: int = _in_range("sp_defense", "special defense")
    speed: int = _in_range("speed", "speed")
    height_m: float = _in_range("height_m", "height in metres")
    weight_kg: float = _in_range("weight_kg", "weight in kilograms")
    capture_rate: int = _in_range("capture_rate", "how easy it is to catch (3 = hardest)")
    generation: int = _in_range("generation", "the game generation it first appeared in")
    evolution_stage: int = _in_range("evolution_stage", "1 = unevolved")
    secondary_type: PokemonType | None = Field(None, description="null if it has only one type")


INPUT_FIELDS = tuple(Creature.model_fields)  # the request's fields, in order


class BatchRequest(BaseModel):
    """Several creatures in one call: far cheaper per creature than one call each."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"creatures": [EXAMPLE_CREATURE, EXAMPLE_CREATURE]}]},
    )

    creatures: list[Creature] = Field(min_length=1, max_length=MAX_BATCH_ROWS)


class Prediction(BaseModel):
    """The model's answer for one creature."""

    prediction: PokemonType
    confidence: float = Field(description="the predicted type's probability")
    probabilities: dict[str, float] = Field(description="every type's probability")


class _Versioned(BaseModel):
    """What every answer carries: which model answered, trained on which data."""

    request_id: str
    model_version: str = Field(description="the artifact's run id")
    data_hash: str = Field(description="SHA-256 of the data the model was trained on")
    latency_ms: float = Field(description="time spent in the service, parsing excluded")


class PredictResponse(_Versioned, Prediction):
    """``POST /predict``'s answer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "request_id": "3f1c9a0e6b2d4f7a",
                    "model_version": "20250106T090000-default-1a2b3c4d",
                    "data_hash": "ec7212ea94ee50e48df56f4c1c1d0b2a445f684079a8132db066106bc7527b6f",
                    "latency_ms": 0.08,
                    "prediction": "grass",
                    "confidence": 0.81,
                    "probabilities": {"fire": 0.02, "water": 0.05, "grass": 0.81},
                }
            ]
        }
    )


class BatchResponse(_Versioned):
    """``POST /predict/batch``'s answer: one prediction per creature, in order."""

    predictions: list[Prediction]


class Health(BaseModel):
    """``GET /health``: the process is up (whether or not a model loaded)."""

    status: Literal["ok"] = "ok"
    model_version: str | None
    data_hash: str | None


class Ready(Health):
    """``GET /ready``: can this instance answer predictions? (``reason`` if not)."""

    ready: bool
    reason: str | None = None


class Problem(BaseModel):
    """One thing wrong with a request."""

    field: str = Field(description="where: 'hp', 'creatures[3].speed', or 'body'")
    message: str
    type: str = Field(description="a stable code, e.g. 'out_of_range', 'missing'")


class ErrorResponse(BaseModel):
    """Every 4xx/5xx answer: one sentence, then each problem on its own."""

    error: str = Field(description="a stable code: invalid_input, model_unavailable, …")
    message: str
    problems: list[Problem] = Field(default_factory=list)
    model_version: str | None = None
    data_hash: str | None = None
