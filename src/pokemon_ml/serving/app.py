"""The app factory: ``create_app()`` builds the FastAPI app, and nothing else.

Building is cheap and has no side effects — no model is read, no file opened — so
a test can build as many apps as it likes. The expensive, fallible work happens
when the app *starts* (its lifespan): load the model once, open the prediction
log; and when it stops: close the log.

    uvicorn: create_app() → start-up: load model, open log → serve → shut down: close log
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pokemon_ml.serving.errors import install_error_handlers
from pokemon_ml.serving.loading import ModelState, ServedModel, load_model_state, newest_artifact
from pokemon_ml.serving.middleware import RequestLimits, ServiceHeaders
from pokemon_ml.serving.prediction_log import PredictionLogger
from pokemon_ml.serving.routes import ServiceState, router
from pokemon_ml.serving.settings import Settings
from pokemon_ml.training.run import artifacts_dir

__all__ = ["create_app"]


def create_app(
    model: ServedModel | ModelState | None = None, settings: Settings | None = None
) -> FastAPI:
    """Build the prediction service.

    Args:
        model: a model already loaded (a notebook's, a test's), or a ``ModelState``
            saying why there is none; None loads ``settings.model_dir`` (or the newest
            artifact) when the app starts.
        settings: limits and paths; ``Settings.from_env()`` if None.

    Returns:
        The app; serve it with ``uvicorn.run(app)`` or call it with ``TestClient(app)``
        (inside ``with``, so that its start-up runs).
    """
    settings = settings if settings is not None else Settings.from_env()
    service = ServiceState()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if isinstance(model, ServedModel):
            service.model_state = ModelState(model)
        elif isinstance(model, ModelState):
            service.model_state = model
        else:
            folder = settings.model_dir or newest_artifact(artifacts_dir())
            service.model_state = load_model_state(folder)
        service.logger = PredictionLogger(settings.log_path)
        try:
            yield
        finally:
            service.logger.close()

    app = FastAPI(
        title=settings.title,
        summary="Predicts a creature's primary type from its stats and body.",
        version="1",
        lifespan=lifespan,
    )
    app.state.service = service
    app.include_router(router)
    install_error_handlers(app)
    app.add_middleware(
        RequestLimits, max_body_bytes=settings.max_body_bytes, versions=service.versions
    )
    app.add_middleware(ServiceHeaders, versions=service.versions)  # outermost: sees every answer
    return app
