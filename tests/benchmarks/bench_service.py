"""Benchmark the inference service: where a prediction's time goes, and the goals.

    uv run python tests/benchmarks/bench_service.py [--requests 2000]

Prints (a script, not a test: figures and ratios, nothing asserted):

* in process, one row: naive (load the artifact + pandas pipeline per call),
  load-once (pandas through the pipeline), the numpy fast path;
* over a real uvicorn server on 127.0.0.1 (a separate process): ``/health`` and
  single-row ``/predict`` p50/p99, their ratio; throughput of both under 8 concurrent
  clients; a 1,000-row ``/predict/batch`` round trip.

Goals (issue 10): single p50 ≤ 2× /health p50, p99 ≤ 5 ms, ≥ 50% of /health's
throughput under 8 clients, a 1,000-row batch ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd

from pokemon_ml import generate_pokemon
from pokemon_ml.serving import load_served_model, rows_to_arrays
from pokemon_ml.serving.schemas import INPUT_FIELDS
from pokemon_ml.training import load_artifact, load_config, train

N_CLIENTS = 8


def rows(n_rows: int, seed: int = 7) -> list[dict]:
    frame = generate_pokemon(n_rows, seed).to_pandas()[list(INPUT_FIELDS)]
    frame["secondary_type"] = (
        frame["secondary_type"].astype(object).where(frame["secondary_type"].notna(), None)
    )
    return frame.to_dict("records")


def timed_ms(call, repeat: int) -> np.ndarray:
    call()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1e3)
    return np.array(times)


def show(name: str, times_ms: np.ndarray) -> None:
    p50, p95, p99 = np.percentile(times_ms, [50, 95, 99])
    print(f"  {name:<34} p50 {p50:8.3f} ms  p95 {p95:8.3f} ms  p99 {p99:8.3f} ms")


def in_process(folder: Path, one: dict) -> None:
    print("in process, one row:")
    frame = pd.DataFrame([one])
    naive = timed_ms(lambda: load_artifact(folder).model.predict_proba(frame), 50)
    model = load_served_model(folder)
    load_once = timed_ms(lambda: model.pipeline.predict_proba(pd.DataFrame([one])), 300)
    fast = timed_ms(lambda: model.fast.predict_proba(*rows_to_arrays([one])), 3000)
    show("naive (load + pandas per call)", naive)
    show("load once, pandas pipeline", load_once)
    show("fast path (numpy)", fast)
    print(
        f"  load-once is {np.median(naive) / np.median(load_once):.1f}× naive; "
        f"the fast path is {np.median(load_once) / np.median(fast):.0f}× load-once"
    )


def start_server(folder: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "pokemon_ml.cli", "serve", "--model", str(folder)]
    server = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL)
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/health")
            return server, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def call(connection: http.client.HTTPConnection, method: str, path: str, body=None) -> None:
    headers = {"content-type": "application/json"} if body is not None else {}
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")


def throughput(port: int, method: str, path: str, body, per_client: int) -> float:
    barrier = threading.Barrier(N_CLIENTS + 1)

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        call(connection, method, path, body)
        barrier.wait()
        for _ in range(per_client):
            call(connection, method, path, body)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(N_CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return N_CLIENTS * per_client / (time.perf_counter() - start)


def over_http(folder: Path, one: dict, n_requests: int) -> None:
    server, port = start_server(folder)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        body = json.dumps(one).encode()
        batch = json.dumps({"creatures": rows(1_000, seed=8)}).encode()
        health = timed_ms(lambda: call(connection, "GET", "/health"), n_requests)
        single = timed_ms(lambda: call(connection, "POST", "/predict", body), n_requests)
        batch_ms = timed_ms(lambda: call(connection, "POST", "/predict/batch", batch), 30)
        print(f"over HTTP (uvicorn on 127.0.0.1, keep-alive, {n_requests} requests each):")
        show("GET /health", health)
        show("POST /predict (one row)", single)
        show("POST /predict/batch (1,000 rows)", batch_ms)
        per_client = max(50, n_requests // N_CLIENTS)
        health_rps = throughput(port, "GET", "/health", None, per_client)
        predict_rps = throughput(port, "POST", "/predict", body, per_client)
        print(
            f"  throughput, {N_CLIENTS} clients: /health {health_rps:,.0f}/s, "
            f"/predict {predict_rps:,.0f}/s"
        )
        ratio = np.median(single) / np.median(health)
        print("goals:")
        print(f"  single p50 / health p50   {ratio:5.2f}   (goal ≤ 2)")
        print(f"  single p99                {np.percentile(single, 99):5.2f} ms (goal ≤ 5)")
        print(f"  throughput vs /health     {predict_rps / health_rps:5.0%}  (goal ≥ 50%)")
        print(f"  1,000-row batch p50       {np.median(batch_ms):5.2f} ms (goal ≤ 20)")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["POKEMON_ML_ARTIFACTS_DIR"] = tmp
        _, folder = train(load_config(), Path(tmp))
        one = rows(1)[0]
        in_process(folder, one)
        over_http(folder, one, args.requests)


if __name__ == "__main__":
    main()
