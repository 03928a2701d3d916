"""Fixtures for the service tests: one trained artifact, the app in process, and the
same app behind a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from pokemon_ml.serving import ServedModel, Settings, create_app, load_served_model
from pokemon_ml.serving.schemas import EXAMPLE_CREATURE
from pokemon_ml.training import load_config, train

EXAMPLE = EXAMPLE_CREATURE  # the OpenAPI example: the valid request every test starts from


@pytest.fixture(scope="session")
def artifact_folder(tmp_path_factory) -> Path:
    """The default model, trained once for every service test (≈0.5 s)."""
    _, folder = train(load_config(), tmp_path_factory.mktemp("artifacts"))
    return folder


@pytest.fixture(scope="session")
def served_model(artifact_folder: Path) -> ServedModel:
    return load_served_model(artifact_folder)


@pytest.fixture()
def client(served_model: ServedModel, tmp_path: Path) -> Iterator[TestClient]:
    """The app in process, its start-up run, logging to a fresh file."""
    app = create_app(served_model, Settings(log_path=tmp_path / "predictions.jsonl"))
    with TestClient(app) as test_client:
        yield test_client


@dataclass(frozen=True)
class RunningServer:
    host: str
    port: int
    log_path: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def real_server(served_model: ServedModel, tmp_path_factory) -> Iterator[RunningServer]:
    """The service under a real uvicorn on 127.0.0.1 (a thread), stopped cleanly after."""
    log_path = tmp_path_factory.mktemp("server") / "predictions.jsonl"
    app = create_app(served_model, Settings(log_path=log_path))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield RunningServer("127.0.0.1", port, log_path)
    server.should_exit = True
    thread.join(timeout=10)
    assert not thread.is_alive(), "uvicorn did not stop within 10 s"
