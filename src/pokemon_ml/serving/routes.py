"""The service's endpoints: health, readiness, one prediction, a batch.

Each route is a few lines: the request is already validated (``schemas``), the
model already loaded (``loading``), the arithmetic already fast (``fast``); a route
only connects them, times the work and logs it. The routes are ``async def``: the
work is ~50 µs of numpy, far less than handing it to a thread pool would cost.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from pydantic_core import to_json

from pokemon_ml.serving.errors import ModelUnavailable
from pokemon_ml.serving.fast import rows_to_arrays
from pokemon_ml.serving.loading import ModelState, ServedModel
from pokemon_ml.serving.prediction_log import PredictionLogger
from pokemon_ml.serving.schemas import (
    BatchRequest,
    BatchResponse,
    Creature,
    ErrorResponse,
    Health,
    Prediction,
    PredictResponse,
    Ready,
)

__all__ = ["ServiceState", "router"]

router = APIRouter()
ERRORS = {
    413: {"model": ErrorResponse, "description": "the body is too large"},
    415: {"model": ErrorResponse, "description": "the body is not JSON"},
    422: {"model": ErrorResponse, "description": "a field is missing, wrong or out of range"},
    503: {"model": ErrorResponse, "description": "no model is loaded"},
}


@dataclass
class ServiceState:
    """What one running service holds: its model (or why it has none) and its log."""

    model_state: ModelState = field(default_factory=lambda: ModelState(None, "starting up"))
    logger: PredictionLogger = field(default_factory=lambda: PredictionLogger(None))

    def versions(self) -> tuple[str | None, str | None]:
        model = self.model_state.model
        return (model.version, model.data_hash) if model else (None, None)


def get_service(request: Request) -> ServiceState:
    return request.app.state.service


def loaded_model(service: Annotated[ServiceState, Depends(get_service)]) -> ServedModel:
    """The model, or a 503 with the reason it is missing."""
    if service.model_state.model is None:
        raise ModelUnavailable(service.model_state.error or "unknown reason")
    return service.model_state.model


Service = Annotated[ServiceState, Depends(get_service)]
Model = Annotated[ServedModel, Depends(loaded_model)]


@router.get("/health", response_model=Health)
async def health(service: Service) -> Health:
    """Is the process alive? Always 200 while it runs, model or not."""
    version, data_hash = service.versions()
    return Health(model_version=version, data_hash=data_hash)


@router.get("/ready", response_model=Ready, responses={503: {"model": Ready}})
async def ready(service: Service) -> Ready | JSONResponse:
    """Can this instance predict? 503 with the reason until a model is loaded."""
    version, data_hash = service.versions()
    answer = Ready(
        model_version=version,
        data_hash=data_hash,
        ready=version is not None,
        reason=service.model_state.error,
    )
    return answer if answer.ready else JSONResponse(answer.model_dump(), status_code=503)


def _readable_json(body: bytes) -> bool:
    """False for what FastAPI itself answers 400: not UTF-8, or nested too deeply."""
    try:
        json.loads(body)
    except (UnicodeDecodeError, RecursionError):
        return False
    except ValueError:
        return True  # malformed JSON: a 422 naming the body
    return True


def _predict(model: ServedModel, rows: list[dict]) -> tuple[list[Prediction], np.ndarray, list]:
    numeric, secondary_types = rows_to_arrays(rows)
    proba = model.fast.predict_proba(numeric, secondary_types)
    best = proba.argmax(axis=1)
    classes = model.fast.classes
    labels = [classes[i] for i in best]
    confidence = proba[np.arange(len(rows)), best]
    predictions = [
        Prediction(
            prediction=label,
            confidence=float(conf),
            probabilities=dict(zip(classes, map(float, row), strict=True)),
        )
        for label, conf, row in zip(labels, confidence, proba, strict=True)
    ]
    return predictions, confidence, labels


@router.post(
    "/predict",
    response_model=None,  # answered as ready-made JSON: see the docstring
    responses={200: {"model": PredictResponse, "description": "the prediction"}, **ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Creature"}}},
        }
    },
)
async def predict(request: Request, model: Model, service: Service) -> Response:
    """Predict one creature's primary type.

    The fast path is ~20 µs, so the rest of the request is what costs: this route
    parses and validates the body in one step (pydantic's ``model_validate_json``, in
    Rust) instead of FastAPI's ``json.loads`` then validate, and builds the answer as a
    dict serialised once instead of a ``PredictResponse`` FastAPI would validate again.
    The same contract, the same errors (``tests/service`` checks both).
    """
    body = await request.body()
    if not body:
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "required"}])
    try:
        creature = Creature.model_validate_json(body)
    except ValidationError as error:
        errors = error.errors(include_url=False)
        if errors[0]["type"] == "json_invalid" and not _readable_json(body):
            raise HTTPException(400, "the body could not be read") from None
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from None
    start = time.perf_counter()
    row = creature.model_dump()
    numeric, secondary_types = rows_to_arrays([row])
    proba = model.fast.predict_proba(numeric, secondary_types)[0]
    best = int(proba.argmax())
    label = model.fast.classes[best]
    latency_ms = (time.perf_counter() - start) * 1e3
    request_id = request.state.request_id
    service.logger.log(request_id, latency_ms, model.version, [row], [label], proba[best : best + 1])
    answer = {
        "request_id": request_id,
        "model_version": model.version,
        "data_hash": model.data_hash,
        "latency_ms": latency_ms,
        "prediction": label,
        "confidence": float(proba[best]),
        "probabilities": dict(zip(model.fast.classes, proba.tolist(), strict=True)),
    }
    return Response(to_json(answer), media_type="application/json")


@router.post("/predict/batch", response_model=BatchResponse, responses=ERRORS)
async def predict_batch(batch: BatchRequest, request: Request, model: Model, service: Service):
    """Predict up to ``MAX_BATCH_ROWS`` creatures in one call, answers in order."""
    start = time.perf_counter()
    rows = [creature.model_dump() for creature in batch.creatures]
    predictions, confidence, labels = _predict(model, rows)
    latency_ms = (time.perf_counter() - start) * 1e3
    request_id = request.state.request_id
    service.logger.log(request_id, latency_ms, model.version, rows, labels, confidence)
    return BatchResponse(
        request_id=request_id,
        model_version=model.version,
        data_hash=model.data_hash,
        latency_ms=latency_ms,
        predictions=predictions,
    )
