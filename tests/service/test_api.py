"""The service's behaviour a client relies on: right answers, versioned, logged,
equal to the pipeline, and honest when it has no model."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from pokemon_ml import generate_pokemon
from pokemon_ml.serving import (
    ServedModel,
    Settings,
    create_app,
    load_model_state,
    rows_to_arrays,
)
from pokemon_ml.serving.schemas import INPUT_FIELDS
from pokemon_ml.training import TrainingConfig, run_training
from pokemon_ml.training.config import ModelConfig
from tests.service.conftest import EXAMPLE, RunningServer

HELD_OUT_SEED = 2_024  # creatures the model never saw (training used seed 42's table)


def held_out_rows(n_rows: int = 1_000) -> list[dict]:
    frame = generate_pokemon(n_rows, HELD_OUT_SEED).to_pandas()[list(INPUT_FIELDS)]
    frame["secondary_type"] = (
        frame["secondary_type"].astype(object).where(frame["secondary_type"].notna(), None)
    )
    return frame.to_dict("records")


@pytest.mark.parametrize("kind", ["logistic_regression", "hist_gradient_boosting"])
def test_the_fast_path_equals_the_pipeline_on_1000_held_out_rows(kind, served_model) -> None:
    pipeline = (
        served_model.pipeline
        if kind == "logistic_regression"
        else run_training(
            TrainingConfig(model=ModelConfig(kind=kind, params={"max_iter": 30}))
        ).model
    )
    fast = ServedModel.from_pipeline(pipeline).fast
    rows = held_out_rows()
    expected = pipeline.predict_proba(pd.DataFrame(rows))
    actual = fast.predict_proba(*rows_to_arrays(rows))
    assert fast.classes == tuple(pipeline.classes_)
    assert np.abs(actual - expected).max() <= 1e-9
    assert sum(r["secondary_type"] is None for r in rows) > 100  # nulls were exercised


def test_predict_answers_what_the_pipeline_says_with_version_and_hash(client, served_model) -> None:
    response = client.post("/predict", json=EXAMPLE)
    assert response.status_code == 200, response.text
    answer = response.json()
    expected = served_model.pipeline.predict_proba(pd.DataFrame([EXAMPLE]))[0]
    assert answer["prediction"] == served_model.pipeline.classes_[expected.argmax()]
    assert answer["confidence"] == pytest.approx(expected.max(), abs=1e-12)
    assert sum(answer["probabilities"].values()) == pytest.approx(1.0)
    assert answer["model_version"] == served_model.version == served_model.folder.name
    assert answer["data_hash"] == served_model.data_hash and len(answer["data_hash"]) == 64


def test_a_batch_answers_in_order_as_single_calls_do(client) -> None:
    rows = held_out_rows(40)
    batch = client.post("/predict/batch", json={"creatures": rows}).json()["predictions"]
    singles = [client.post("/predict", json=row).json() for row in rows[:10]]
    assert len(batch) == 40
    for one, many in zip(singles, batch, strict=False):
        assert one["prediction"] == many["prediction"]
        assert one["probabilities"] == pytest.approx(many["probabilities"], abs=1e-12)


def test_every_response_carries_the_model_version_and_data_hash(client, served_model) -> None:
    calls = [
        client.get("/health"),
        client.get("/ready"),
        client.post("/predict", json=EXAMPLE),
        client.post("/predict", json={}),
        client.post("/predict", content=b"x", headers={"content-type": "text/plain"}),
        client.get("/nowhere"),
    ]
    for response in calls:
        assert response.headers["x-model-version"] == served_model.version, response.text
        assert response.headers["x-data-hash"] == served_model.data_hash
        assert response.json()["model_version"] == served_model.version
    ids = {response.headers["x-request-id"] for response in calls}
    assert len(ids) == len(calls)  # each request its own id …
    echoed = client.post("/predict", json=EXAMPLE, headers={"x-request-id": "trace-42"})
    assert echoed.json()["request_id"] == echoed.headers["x-request-id"] == "trace-42"  # … or yours


def test_every_prediction_is_one_json_line(client, tmp_path: Path) -> None:
    client.post("/predict", json=EXAMPLE, headers={"x-request-id": "one"})
    client.post(
        "/predict/batch", json={"creatures": held_out_rows(5)}, headers={"x-request-id": "b"}
    )
    client.post("/predict", json={**EXAMPLE, "hp": 0})  # refused: not a prediction, not logged
    lines = (tmp_path / "predictions.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["request_id"] for r in records] == ["one"] + ["b"] * 5
    assert records[0]["inputs"] == EXAMPLE and records[1]["batch_size"] == 5
    expected = {"time", "request_id", "latency_ms", "batch_size", "model_version", "inputs"}
    assert expected | {"prediction", "confidence"} == set(records[0])
    assert all(0 < r["latency_ms"] < 1_000 and 1 / 6 <= r["confidence"] <= 1 for r in records)


def test_the_openapi_schema_documents_the_inputs_with_examples(client) -> None:
    schema = client.get("/openapi.json").json()
    creature = schema["components"]["schemas"]["Creature"]
    assert creature["examples"] == [EXAMPLE]
    assert (
        creature["properties"]["hp"]["minimum"] == 1
        and creature["properties"]["hp"]["maximum"] == 255
    )
    assert set(creature["required"]) == set(INPUT_FIELDS) - {"secondary_type"}
    assert {"/health", "/ready", "/predict", "/predict/batch"} <= set(schema["paths"])


def test_a_model_that_failed_to_load_answers_503_and_health_stays_up(
    artifact_folder: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "tampered"
    shutil.copytree(artifact_folder, broken)
    with (broken / "model.skops").open("ab") as model_file:
        model_file.write(b"!")  # one byte appended: the hash no longer matches
    for state in (
        load_model_state(broken),
        load_model_state(tmp_path / "missing"),
        load_model_state(None),
    ):
        with TestClient(create_app(state, Settings())) as client:
            assert client.get("/health").status_code == 200
            ready = client.get("/ready")
            predicted = client.post("/predict", json=EXAMPLE)
            assert ready.status_code == 503 and ready.json()["ready"] is False
            assert predicted.status_code == 503, predicted.text
            assert predicted.json()["error"] == "model_unavailable"
            assert predicted.json()["message"].endswith(state.error) and state.error
    assert "changed since it was saved" in load_model_state(broken).error
    # The app loads at start-up, not when built: a broken folder in the settings also gives 503.
    with TestClient(create_app(settings=Settings(model_dir=broken))) as client:
        assert client.post("/predict", json=EXAMPLE).status_code == 503


def test_eight_concurrent_clients_get_every_answer(real_server: RunningServer) -> None:
    """A bounded load: 8 clients × 40 requests on keep-alive connections, zero errors."""
    n_clients, n_requests = 8, 40
    body = json.dumps(EXAMPLE).encode()
    batch = json.dumps({"creatures": [EXAMPLE] * 20}).encode()
    failures: list[str] = []
    statuses: list[int] = []
    start = threading.Barrier(n_clients)

    def run_client(number: int) -> None:
        connection = http.client.HTTPConnection(real_server.host, real_server.port, timeout=30)
        start.wait()
        try:
            for i in range(n_requests):
                path, payload = ("/predict/batch", batch) if i % 10 == 9 else ("/predict", body)
                if i % 5 == 4:
                    connection.request("GET", "/health")
                else:
                    connection.request("POST", path, payload, {"content-type": "application/json"})
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"client {number}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run_client, args=(n,)) for n in range(n_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(statuses) == n_clients * n_requests and set(statuses) == {200}
