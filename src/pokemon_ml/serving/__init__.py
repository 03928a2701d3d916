"""The serving stage (Module 5): the model behind a fast, robust HTTP API.

``app``             ``create_app()``: the factory that builds the FastAPI app
``routes``          ``/health``, ``/ready``, ``/predict``, ``/predict/batch``
``schemas``         the request and response models (the input contract)
``errors``          every bad request turned into a clear 4xx
``middleware``      body limits and the headers every answer carries
``settings``        limits and paths, from the environment
``loading``         the verified artifact, loaded once at start-up
``fast``            the pipeline's arithmetic in numpy: the fast path
``prediction_log``  one JSON line per prediction, for monitoring
"""

from pokemon_ml.serving.app import create_app
from pokemon_ml.serving.fast import FastModel, rows_to_arrays
from pokemon_ml.serving.loading import (
    ModelState,
    ServedModel,
    load_model_state,
    load_served_model,
    newest_artifact,
)
from pokemon_ml.serving.prediction_log import PredictionLogger
from pokemon_ml.serving.schemas import Creature
from pokemon_ml.serving.settings import Settings

__all__ = [
    "Creature",
    "FastModel",
    "ModelState",
    "PredictionLogger",
    "ServedModel",
    "Settings",
    "create_app",
    "load_model_state",
    "load_served_model",
    "newest_artifact",
    "rows_to_arrays",
]
