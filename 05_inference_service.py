# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "matplotlib>=3.9",
#     "fastapi>=0.115",
#     "uvicorn>=0.34",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = ".", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import atexit
    import json
    import socket
    import tempfile
    import threading
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    import uvicorn
    from fastapi.testclient import TestClient
    from matplotlib.ticker import FuncFormatter

    from pokemon_ml import load_dataset
    from pokemon_ml.data.datasets import data_dir
    from pokemon_ml.data.logs import INPUT_COLUMNS
    from pokemon_ml.evaluation import latest_artifact, model_under_review
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check
    from pokemon_ml.monitoring import (
        PSI_ALERT,
        feature_drift,
        psi,
        psi_categorical,
        read_prediction_logs,
        window,
        window_summary,
    )
    from pokemon_ml.serving import (
        Creature,
        ModelState,
        Settings,
        create_app,
        load_served_model,
        rows_to_arrays,
    )
    from pokemon_ml.serving.schemas import EXAMPLE_CREATURE, INPUT_FIELDS
    from pokemon_ml.serving.slow import slow_predict
    from pokemon_ml.training import ArtifactError
    from pokemon_ml.training.artifact import load_artifact

    PLAIN_NUMBERS = FuncFormatter(lambda value, _: f"{value:g}")


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 5 — Deployment: a fast, robust inference service, and monitoring that finds the incident

    A model earns nothing in a notebook. In this one you put Module 3's model behind an
    HTTP API and watch it work: a request contract that refuses bad input with a clear
    4xx (never a 500), a health check, a versioned answer; the service called in process
    and over a real server you start and stop from here. Then you measure where a
    prediction's time goes — load per request, load once, a numpy fast path — as
    distributions, not averages. Finally you run the monitoring dashboard over four weeks
    of production logs with three incidents hidden in them, find them, and decide when a
    model should be retrained. By the end you will be able to ship a model, say how fast
    it is, and tell from its logs when something is wrong — and what.

    *About 2 hours, two short "try it" tasks included. The dashboard also runs as an app:
    `uv run marimo run 05_inference_service.py`; anything that starts a server waits
    for a button.*
    """)
    return


@app.cell
def _():
    NAIVE_CALLS = 12  # naive calls timed: each finds, verifies and loads the model (≈16 ms)
    PIPELINE_CALLS = 40  # load-once calls through the sklearn Pipeline (≈8 ms each)
    FAST_CALLS = 300  # numpy fast-path calls (≈0.02 ms each)
    BATCH_ROWS = 1_000  # creatures in one batch (the service's MAX_BATCH_ROWS)
    HTTP_CALLS = 200  # calls per endpoint over the real server (≈0.5 ms each)
    STEP_REPEATS = 5  # repetitions of each step in "where the time goes"; the median counts
    LOG_DAY0 = pd.Timestamp("2025-03-03", tz="UTC")  # the prediction logs' first day (a Monday)
    LOG_DAYS = 28  # days of logs
    return (
        BATCH_ROWS,
        FAST_CALLS,
        HTTP_CALLS,
        LOG_DAY0,
        LOG_DAYS,
        NAIVE_CALLS,
        PIPELINE_CALLS,
        STEP_REPEATS,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. The model to serve

    The service serves an *artifact*: the folder `uv run pokemon-ml train` writes, with
    the fitted pipeline, its configuration and a manifest holding the model file's
    SHA-256. The service checks that hash **before** it deserialises the model, so a
    file that changed since training is refused rather than run. The artifact's run id
    becomes the **model version** every answer carries, and the training data's hash
    says what it learned from — so any prediction can be traced to a model.
    """)
    return


@app.cell
def _():
    _messages = []
    mo.stop(
        mo.app_meta().mode == "run" and latest_artifact() is None,
        mo.callout(mo.md("No trained model yet. Run `uv run pokemon-ml train` once, then reload "
                         "this page; the monitoring dashboard below works without it."), kind="warn"),
    )
    with mo.status.spinner(title="Loading the model…") as _spinner:
        try:
            artifact, held_out = model_under_review(say=_messages.append)
        except ArtifactError as _error:
            mo.stop(True, mo.callout(mo.md(f"**The model cannot be served:** {_error}"), kind="danger"))
    served = load_served_model(artifact.folder)
    payloads = [  # the held-out creatures as JSON requests: plain Python values, None for "no type"
        {k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in held_out[list(INPUT_FIELDS)].to_dict("records")
    ]
    mo.vstack([
        *[mo.callout(mo.md(_m), kind="info") for _m in _messages],
        mo.md(
            f"Serving **`{served.version}`** (a `{artifact.config.model.kind}` pipeline), trained on "
            f"data with SHA-256 `{served.data_hash[:16]}…`; {len(payloads):,} held-out creatures "
            "become the requests below."
        ),
    ])
    return artifact, payloads, served


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. The contract: what the service accepts

    The request schema *is* the API's contract, written as a pydantic model
    (`pokemon_ml.serving.schemas.Creature`). Each field's type and range come from the
    data contract of Module 1, so the service refuses exactly what training would have
    refused. Three settings make it strict on purpose: unknown fields are errors (a
    misspelt `atack` is not silently dropped), `"45"` is not a number, and `NaN` or
    `Infinity` never reach the model. FastAPI turns the same model into the OpenAPI
    schema, with the example below, on the service's `/docs` page.
    """)
    return


@app.cell
def _():
    _properties = Creature.model_json_schema()["properties"]
    contract = pd.DataFrame([
        {
            "field": _name,
            "type": _spec.get("type") or " | ".join(
                str(_option.get("type", "")) for _option in _spec.get("anyOf", [])
            ),
            "minimum": _spec.get("minimum"),
            "maximum": _spec.get("maximum"),
            "allowed": ", ".join(next(
                (o["enum"] for o in _spec.get("anyOf", []) if "enum" in o), []
            )),
            "meaning": _spec.get("description", ""),
        }
        for _name, _spec in _properties.items()
    ])
    mo.hstack([
        mo.ui.table(contract, selection=None, show_column_summaries=False, page_size=12,
                    format_mapping={"minimum": "{:g}", "maximum": "{:g}"}),
        mo.vstack([mo.md("**The example in the schema**"), mo.json(EXAMPLE_CREATURE)]),
    ], widths=[3, 1])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. The service, called in process

    `create_app(model)` builds the app and nothing else: routes (`/health`, `/ready`,
    `/predict`, `/predict/batch`), the error handlers and two small middlewares. The model
    is loaded once, when the app *starts*, not per request. FastAPI's `TestClient` runs
    the whole app in this process — start-up, middleware, validation, the route — with no
    network: the fastest way to test a service, and how `tests/service` does it. Every
    answer carries the model version and data hash, in the body and in headers.
    """)
    return


@app.cell
def _(served):
    service_app = create_app(served, Settings())  # Settings(): no prediction log file
    with TestClient(service_app) as _client:
        _health = _client.get("/health")
        _answer = _client.post("/predict", json=EXAMPLE_CREATURE)
    mo.vstack([
        mo.md(f"`GET /health` → **{_health.status_code}**"),
        mo.json(_health.json()),
        mo.md(f"`POST /predict` (the example) → **{_answer.status_code}**, header "
              f"`x-model-version: {_answer.headers['x-model-version']}`"),
        mo.json(_answer.json()),
    ])
    return (service_app,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Bad input gets a clear 4xx, never a 500

    A client *will* send garbage: a missing field, a number as text, weight in the wrong
    unit, a half-written body. A 500 (or a dropped connection) says "our bug" and tells
    the client nothing; a 4xx with one sentence naming the field and what is allowed lets
    the client fix its request. Each row below is a real request to the app above.
    """)
    return


@app.function
def bad_requests(example: dict) -> dict[str, tuple[str, dict]]:
    """Kinds of bad request, each as (path, keyword arguments for ``client.post``)."""
    without_hp = {k: v for k, v in example.items() if k != "hp"}
    as_text = json.dumps({**example, "hp": 45}).replace('"hp": 45', '"hp": NaN')
    return {
        "a field missing (no hp)": ("/predict", {"json": without_hp}),
        "a misspelt field (atack)": ("/predict", {"json": {**without_hp, "hp": 45, "atack": 49}}),
        "a number sent as text": ("/predict", {"json": {**example, "hp": "45"}}),
        "a stat out of range": ("/predict", {"json": {**example, "hp": 999}}),
        "an unknown category": ("/predict", {"json": {**example, "secondary_type": "dragon"}}),
        "NaN inside the JSON": ("/predict", {"content": as_text,
                                             "headers": {"content-type": "application/json"}}),
        "malformed JSON": ("/predict", {"content": '{"hp": 45,',
                                        "headers": {"content-type": "application/json"}}),
        "not JSON at all (a form)": ("/predict", {"content": "hp=45",
                                                  "headers": {"content-type": "text/plain"}}),
        "an empty batch": ("/predict/batch", {"json": {"creatures": []}}),
        "a batch over the limit": ("/predict/batch", {"json": {"creatures": [example] * 1_001}}),
        "a 2 MB body": ("/predict", {"content": b" " * 2_000_000,
                                     "headers": {"content-type": "application/json"}}),
    }


@app.cell
def _(service_app):
    _rows = []
    with TestClient(service_app, raise_server_exceptions=False) as _client:
        for _case, (_path, _kwargs) in bad_requests(EXAMPLE_CREATURE).items():
            _answer = _client.post(_path, **_kwargs)
            _rows.append({"request": _case, "status": _answer.status_code,
                          "error": _answer.json()["error"], "message": _answer.json()["message"]})
    bad_answers = pd.DataFrame(_rows)
    mo.ui.table(bad_answers, selection=None, show_column_summaries=False, page_size=12,
                wrapped_columns=["message"])
    return (bad_answers,)


@app.cell(hide_code=True)
def _(bad_answers):
    _statuses = bad_answers["status"].value_counts().sort_index()
    mo.md(f"""
    {len(bad_answers)} kinds of bad request, answered {", ".join(f"**{s}** ×{n}" for s, n in _statuses.items())}
    — no 500. **422** means "I understood the JSON, but a field is wrong" (which one, and
    what is allowed), **413** "too large", **415** "not JSON". The limits (1,000
    creatures, 1 MB) are defences: one client's huge request must not slow everyone
    else. Try your own request below — edit it, then click outside the box.
    """)
    return


@app.cell
def _():
    request_editor = mo.ui.text_area(
        value=json.dumps(EXAMPLE_CREATURE, indent=1), rows=14, label="Your request to `POST /predict`"
    )
    return (request_editor,)


@app.cell
def _(request_editor, service_app):
    with TestClient(service_app, raise_server_exceptions=False) as _client:
        _answer = _client.post("/predict", content=request_editor.value,
                               headers={"content-type": "application/json"})
    mo.hstack([request_editor, mo.vstack([mo.md(f"→ **{_answer.status_code}**"), mo.json(_answer.json())])],
              widths=[1, 1])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### A model that failed to load: alive, but not ready

    Two questions, two endpoints. `/health` asks *is the process alive?* — an orchestrator
    restarts it if not. `/ready` asks *can it answer?* — traffic goes elsewhere until it
    can. A service whose model file was tampered with should not crash (it would restart
    forever); it should stay up, say why it cannot predict, and answer **503** on predict.
    """)
    return


@app.cell
def _():
    _broken = create_app(ModelState(None, "the model file changed since it was saved (SHA-256 mismatch)"))
    with TestClient(_broken) as _client:
        _calls = {"GET /health": _client.get("/health"), "GET /ready": _client.get("/ready"),
                  "POST /predict": _client.post("/predict", json=EXAMPLE_CREATURE)}
    mo.ui.table(
        pd.DataFrame([{"call": _c, "status": _r.status_code,
                       "answer": _r.json().get("message") or _r.json().get("reason") or _r.json()["status"]}
                      for _c, _r in _calls.items()]),
        selection=None, show_column_summaries=False, wrapped_columns=["answer"],
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 4. Over a real server

    `TestClient` skips the network. A real client opens a TCP connection, sends HTTP, and
    waits — so next the same app runs under **uvicorn** on `127.0.0.1` (this machine
    only), on a free port, in a background thread of this notebook. It logs every
    prediction as one JSON line to a temporary file, as `pokemon-ml serve --log` does in
    production. The server stops when you click **Stop**, when you start another, and
    when this notebook's kernel exits. (From a terminal: `uv run pokemon-ml serve`.)
    """)
    return


@app.function
def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@app.function
def stop_server(server: uvicorn.Server, timeout_s: float = 5.0) -> bool:
    """Ask uvicorn to shut down and wait for its thread; True if it stopped."""
    server.should_exit = True
    thread = getattr(server, "thread", None)
    if thread is not None and thread is not threading.current_thread():
        thread.join(timeout_s)
        return not thread.is_alive()
    return True


@app.function
def start_server(service, host: str = "127.0.0.1", timeout_s: float = 10.0) -> uvicorn.Server:
    """Serve ``service`` with uvicorn in a daemon thread; return once it accepts connections.

    The server stops when ``stop_server`` is called, when the cell that started it runs
    again or is deleted (a ``mo.Thread`` watches for that), and when Python exits.
    """
    port = free_port(host)
    server = uvicorn.Server(uvicorn.Config(service, host=host, port=port, log_level="warning"))
    server.url = f"http://{host}:{port}"
    server.thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    server.thread.start()

    def stop_when_the_cell_reruns() -> None:
        watcher = mo.current_thread()
        while not (watcher.should_exit or server.should_exit):
            time.sleep(0.1)
        stop_server(server)

    mo.Thread(target=stop_when_the_cell_reruns, daemon=True).start()
    atexit.register(stop_server, server)
    deadline = time.monotonic() + timeout_s
    while not server.started and server.thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        stop_server(server)
        raise RuntimeError(f"uvicorn did not start on {server.url} within {timeout_s} s")
    return server


@app.function
def http_call(url: str, body: object = None, timeout_s: float = 5.0) -> tuple[int, dict, float]:
    """One HTTP request with the standard library: (status, JSON answer, seconds)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:  # a 4xx/5xx still has a JSON body
        status, raw = error.code, error.read()
    return status, json.loads(raw), time.perf_counter() - start


@app.cell
def _():
    start_button = mo.ui.run_button(label="Start the server")
    stop_button = mo.ui.run_button(label="Stop the server", kind="danger")
    mo.hstack([start_button, stop_button], justify="start")
    return start_button, stop_button


@app.cell
def _(served, start_button):
    mo.stop(not start_button.value, mo.md("*Click **Start the server**: uvicorn on 127.0.0.1, a free port.*"))
    server_log = Path(tempfile.mkdtemp(prefix="pokemon-ml-serve-")) / "predictions.jsonl"
    live_server = start_server(create_app(served, Settings(log_path=server_log)))
    mo.md(f"Listening on **{live_server.url}** — its OpenAPI page: "
          f"[{live_server.url}/docs]({live_server.url}/docs). Predictions are logged to `{server_log}`.")
    return live_server, server_log


@app.cell
def _(BATCH_ROWS, HTTP_CALLS, live_server, payloads):
    _url = live_server.url
    http_answers = {
        "GET /health": http_call(f"{_url}/health"),
        "POST /predict": http_call(f"{_url}/predict", payloads[0]),
        "POST /predict (hp = -3)": http_call(f"{_url}/predict", {**payloads[0], "hp": -3}),
    }
    http_latency = pd.DataFrame({
        "GET /health": [http_call(f"{_url}/health")[2] for _ in range(HTTP_CALLS)],
        "POST /predict": [http_call(f"{_url}/predict", payloads[_i % len(payloads)])[2]
                          for _i in range(HTTP_CALLS)],
    }) * 1e3
    _batch = {"creatures": (payloads * (BATCH_ROWS // len(payloads) + 1))[:BATCH_ROWS]}
    http_batch_ms = 1e3 * min(http_call(f"{_url}/predict/batch", _batch)[2] for _ in range(3))
    _table = http_latency.quantile([0.5, 0.95, 0.99]).T.set_axis(["p50 ms", "p95 ms", "p99 ms"], axis=1)
    mo.vstack([
        mo.ui.tabs({f"{_call} → {_status}": mo.json(_body)
                    for _call, (_status, _body, _) in http_answers.items()}),
        mo.md(f"**{HTTP_CALLS} calls per endpoint over HTTP**, one at a time (milliseconds); "
              f"a batch of {BATCH_ROWS:,} creatures: **{http_batch_ms:.1f} ms** "
              f"({1e3 * http_batch_ms / BATCH_ROWS:.0f} µs per creature)."),
        mo.ui.table(_table.round(3).reset_index(names="endpoint"), selection=None,
                    show_column_summaries=False),
    ])
    return (http_latency,)


@app.cell
def _(http_latency, server_log):
    _logged = read_prediction_logs(server_log)
    mo.vstack([
        mo.md(f"""
        `/predict` costs **{http_latency["POST /predict"].median() / http_latency["GET /health"].median():.1f}×**
        `/health` at the median: the model adds little to what HTTP and the framework cost
        anyway. The service wrote **{len(_logged):,} lines** to its prediction log — one per
        creature, a batch's lines sharing a request id. The last three, read back with
        `read_prediction_logs` (what the dashboard below reads):
        """),
        mo.ui.table(_logged.tail(3), selection=None, show_column_summaries=False),
    ])
    return


@app.cell
def _(live_server, stop_button):
    mo.stop(not stop_button.value)
    _stopped = stop_server(live_server)
    try:
        http_call(f"{live_server.url}/health", timeout_s=1.0)
        _check = "it still answers: stop the notebook's kernel to be sure."
    except OSError:
        _check = "a request now gets *connection refused*."
    mo.callout(mo.md(f"Server on {live_server.url} {'stopped' if _stopped else 'asked to stop'}: {_check}"),
               kind="success" if _stopped else "warn")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 5. Latency: where a prediction's time goes

    Three ways to answer one request, each correct, measured here as you read:

    1. **Naive** — what many first services do on every call: find the newest artifact,
       verify its hash, deserialise the model, build a one-row pandas DataFrame, run the
       sklearn Pipeline (`pokemon_ml.serving.slow.slow_predict`).
    2. **Load once** — the model loaded at start-up (as the service does); each call still
       builds a DataFrame and runs the Pipeline.
    3. **Fast path** — the Pipeline's fitted parameters (the scaler's means, the
       encoder's categories, the coefficients) applied with numpy to arrays
       (`served.fast`), proven equal to the Pipeline to 1e-9 on 1,000 held-out rows.

    Latency is a **distribution**: read its p50 (the typical call), p95 and p99 (the
    slow calls a busy user *will* meet), never only its mean.
    """)
    return


@app.cell
def _():
    measure_button = mo.ui.run_button(label="Measure again")
    measure_button
    return (measure_button,)


@app.cell
def _(
    FAST_CALLS,
    NAIVE_CALLS,
    PIPELINE_CALLS,
    artifact,
    measure_button,
    payloads,
    served,
):
    measure_button  # noqa: B018 - a click measures again
    _artifacts = artifact.folder.parent

    def _timed(function, n_calls: int) -> np.ndarray:
        seconds = np.empty(n_calls)
        for i in range(n_calls):
            payload = payloads[i % len(payloads)]
            start = time.perf_counter()
            function(payload)
            seconds[i] = time.perf_counter() - start
        return seconds

    latencies_s = {
        "naive (load per call)": _timed(lambda p: slow_predict(p, _artifacts), NAIVE_CALLS),
        "load once (Pipeline)": _timed(lambda p: served.pipeline.predict_proba(pd.DataFrame([p])), PIPELINE_CALLS),
        "fast path (numpy)": _timed(lambda p: served.fast.predict_proba(*rows_to_arrays([p])), FAST_CALLS),
    }
    latency_table = pd.DataFrame({
        _path: {"calls": len(_s), "p50 ms": np.percentile(_s, 50) * 1e3,
                "p95 ms": np.percentile(_s, 95) * 1e3, "p99 ms": np.percentile(_s, 99) * 1e3}
        for _path, _s in latencies_s.items()
    }).T
    return latencies_s, latency_table


@app.function(hide_code=True)
def plot_latency(latencies_s: dict[str, np.ndarray]) -> plt.Figure:
    """Each path's latencies as a box plot on a log scale, with its p50 and p99 marked."""
    fig, ax = plt.subplots(figsize=(9, 2.8))
    names = list(latencies_s)[::-1]
    values = [latencies_s[name] * 1e3 for name in names]
    ax.boxplot(values, orientation="horizontal", whis=(1, 99), showfliers=True, widths=0.5,
               flierprops={"markersize": 3, "alpha": 0.5})
    for row, ms in enumerate(values, start=1):
        ax.plot(np.percentile(ms, 50), row + 0.38, marker="v", color="tab:blue",
                label="p50" if row == 1 else None)
        ax.plot(np.percentile(ms, 99), row + 0.38, marker="v", color="crimson",
                label="p99" if row == 1 else None)
    ax.legend(fontsize=7, loc="center left")
    ax.set_yticks(range(1, len(names) + 1), names)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(PLAIN_NUMBERS)  # 0.01, 1, 100 rather than 10⁻²
    ax.set(xlabel="milliseconds per call (log scale; whiskers at p1 and p99)")
    ax.axvline(100, color="grey", linestyle=":")
    ax.text(100, 0.55, " 100 ms budget", fontsize=7, color="grey")
    fig.tight_layout()
    return fig


@app.cell
def _(latencies_s, latency_table):
    mo.vstack([
        plot_latency(latencies_s),
        mo.ui.table(latency_table.reset_index(names="path"), selection=None, show_column_summaries=False,
                    format_mapping={"calls": "{:.0f}", "p50 ms": "{:.3f}", "p95 ms": "{:.3f}",
                                    "p99 ms": "{:.3f}"}),
    ])
    return


@app.cell(hide_code=True)
def _(latency_table):
    _naive, _once, _fast = latency_table["p50 ms"]
    mo.md(f"""
    At the median, the naive call costs **{_naive:.1f} ms**, loading once **{_once:.2f} ms**
    ({_naive / _once:.1f}× faster) and the fast path **{1e3 * _fast:.0f} µs**
    ({_once / _fast:,.0f}× faster again). Loading once removes the file work, but most of
    what is left is not arithmetic: it is pandas and scikit-learn checking names and
    dtypes at every step, for one row. Where does it go? Each step timed on its own:
    """)
    return


@app.cell
def _(STEP_REPEATS, artifact, payloads, served):
    def _median_ms(function) -> float:
        times = []
        for _ in range(STEP_REPEATS):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return 1e3 * float(np.median(times))

    _payload = payloads[0]
    _frame = pd.DataFrame([_payload])
    _numeric, _types = rows_to_arrays([_payload])
    _features = served.fast.features(_numeric, _types)
    time_steps = pd.DataFrame([
        ("naive", "find, verify and load the artifact", _median_ms(lambda: load_artifact(artifact.folder))),
        ("naive", "build a one-row DataFrame", _median_ms(lambda: pd.DataFrame([_payload]))),
        ("naive", "Pipeline.predict_proba", _median_ms(lambda: served.pipeline.predict_proba(_frame))),
        ("fast", "dict → numpy arrays", _median_ms(lambda: rows_to_arrays([_payload]))),
        ("fast", "features in numpy", _median_ms(lambda: served.fast.features(_numeric, _types))),
        ("fast", "logits and softmax", _median_ms(
            lambda: served.fast.predict_proba(_numeric, _types) if served.fast.coef is None
            else _features @ served.fast.coef.T + served.fast.intercept)),
    ], columns=["path", "step", "ms"])
    return (time_steps,)


@app.function(hide_code=True)
def plot_steps(steps: pd.DataFrame) -> plt.Figure:
    """One horizontal bar per step (log scale), coloured by path."""
    fig, ax = plt.subplots(figsize=(9, 2.6))
    colours = steps["path"].map({"naive": "tab:red", "fast": "tab:green"})
    labels = steps["path"] + ": " + steps["step"]
    ax.barh(labels[::-1], steps["ms"][::-1], color=colours[::-1])
    for y, ms in enumerate(steps["ms"][::-1]):
        ax.text(ms, y, f" {ms:.3g} ms", va="center", fontsize=7)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(PLAIN_NUMBERS)
    ax.set(xlabel="milliseconds (median of repeats, log scale)")
    fig.tight_layout()
    return fig


@app.cell
def _(time_steps):
    plot_steps(time_steps)
    return


@app.cell
def _(BATCH_ROWS, payloads, served):
    _batch = (payloads * (BATCH_ROWS // len(payloads) + 1))[:BATCH_ROWS]

    def _best_ms(function, repeats: int = 3) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        return 1e3 * min(times)

    _sizes = {"1 creature": _batch[:1], f"{BATCH_ROWS:,} creatures": _batch}
    batch_table = pd.DataFrame([
        {"path": _path, "request": _size, "ms per call": _ms, "µs per creature": 1e3 * _ms / len(_rows)}
        for _size, _rows in _sizes.items()
        for _path, _ms in (
            ("load once (Pipeline)", _best_ms(lambda: served.pipeline.predict_proba(pd.DataFrame(_rows)))),
            ("fast path (numpy)", _best_ms(lambda: served.fast.predict_proba(*rows_to_arrays(_rows)))),
        )
    ])
    mo.ui.table(batch_table, selection=None, show_column_summaries=False,
                format_mapping={"ms per call": "{:.3f}", "µs per creature": "{:.1f}"})
    return (batch_table,)


@app.cell(hide_code=True)
def _(batch_table, time_steps):
    _per = batch_table.set_index(["path", "request"])["µs per creature"]
    _load, _frame, _pipe = time_steps["ms"].iloc[:3]
    mo.md(f"""
    **Where the time goes.** In the naive call, loading the artifact ({_load:.1f} ms) is
    the biggest step, and the Pipeline on one row ({_pipe:.1f} ms) the next; the
    DataFrame alone costs {1e3 * _frame:.0f} µs. The fast path's steps are each a few
    microseconds: the arithmetic was never the cost.

    **Single vs batch.** Per creature, the Pipeline costs
    {_per.iloc[0]:,.0f} µs alone and {_per.iloc[2]:.1f} µs in a batch: a batch pays the
    per-call overhead once. The fast path barely cares ({_per.iloc[1]:.0f} vs
    {_per.iloc[3]:.1f} µs): it has little overhead to share. Over HTTP (section 4, and
    `tests/benchmarks/bench_service.py`) the network and the framework add ≈ 0.3–0.5 ms per
    request whatever the model does — so past the fast path, batching requests and
    keeping connections open win more than any model change.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T5.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `latency_summary(latencies_s)`: the p50, p95 and p99 of a list of latencies,
    **in milliseconds**, as `{"p50": …, "p95": …, "p99": …}` — the numbers
    `np.percentile` gives (its default: linear interpolation between the two nearest
    ranks).

    The latencies are timed with `time.perf_counter()`, so they are in **seconds**, in the
    order the calls happened (not sorted). They may come as a list, a numpy array or a
    pandas Series. For example, eight calls:
    `latency_summary([0.0016, 0.0012, 0.0019, 0.0151, 0.0014, 0.0016, 0.0023, 0.0013])`.
    The check uses other calls: ties, a heavy tail, a Series with a shuffled index, one call.
    """)
    return


@app.function
def latency_summary(latencies_s) -> dict[str, float]:
    """p50, p95 and p99 of latencies timed in seconds, in milliseconds.

    Args:
        latencies_s: one latency per call, in seconds, in the order the calls happened
            (a list, a numpy array or a pandas Series).

    Returns:
        ``{"p50": …, "p95": …, "p99": …}`` in milliseconds, as ``np.percentile``
        computes them.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_t5_1 = hint_button("T5.1")
    return (hints_t5_1,)


@app.cell
def _(hints_t5_1):
    live_check("T5.1", latency_summary, hints_t5_1)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 6. The monitoring dashboard: four weeks in production

    The service has run for four weeks (3–30 March 2025): **prediction logs** as the
    service writes them, one row per prediction — time, request id, client app, model
    version, batch size, latency, the creature's inputs, the prediction and its
    confidence, and for about a third of the rows the true type a trainer reported later
    (`label`). Three alerts fired during those weeks. Your job: find each incident — when,
    which client, which feature or slice — from the dashboard alone.

    Input drift is measured against the **training data** (the reference the model
    learned from), per feature: **PSI** (population stability index: bins of the
    reference, `Σ (cur − ref) · ln(cur / ref)`; < 0.1 stable, 0.1–0.2 watch, ≥ 0.2 act)
    and **KS** (the largest gap between the two cumulative distributions, with a p-value
    that calls tiny shifts "significant" once there are thousands of rows — read it with
    PSI, not alone).
    """)
    return


@app.cell
def _():
    logs = load_dataset("prediction_logs")
    reference = load_dataset("pokemon")[list(INPUT_COLUMNS)]
    return logs, reference


@app.cell
def _(LOG_DAYS):
    window_days = mo.ui.range_slider(
        start=0, stop=LOG_DAYS, step=0.25, value=[0, LOG_DAYS], show_value=True, full_width=True,
        label="Window: days since Monday 3 March 00:00 UTC (from, to; steps of 6 hours)",
    )
    client_choice = mo.ui.dropdown(["all clients", "mobile", "web", "partner_api"],
                                   value="all clients", label="Client")
    resolution = mo.ui.dropdown({"1 hour": "1h", "6 hours": "6h", "1 day": "1D"}, value="6 hours",
                                label="Time series resolution")
    slice_column = mo.ui.dropdown(["generation", "secondary_type", "evolution_stage", "client"],
                                  value="generation", label="Slice by")
    return client_choice, resolution, slice_column, window_days


@app.cell
def _(LOG_DAY0, client_choice, logs, window_days):
    client_logs = logs if client_choice.value == "all clients" else logs[logs["client"] == client_choice.value]
    window_start = LOG_DAY0 + pd.Timedelta(days=window_days.value[0])
    window_end = LOG_DAY0 + pd.Timedelta(days=max(window_days.value[1], window_days.value[0] + 0.25))
    in_window = window(client_logs, window_start, window_end)
    _labelled = in_window["label"].notna()
    mo.vstack([
        mo.hstack([window_days], widths=[1]),
        mo.hstack([client_choice, mo.md(
            f"**{window_start:%a %d %b %H:%M} → {window_end:%a %d %b %H:%M}** UTC · "
            f"{len(in_window):,} predictions, {_labelled.sum():,} labelled"
        )], justify="start", gap=2),
    ])
    return client_logs, in_window, window_end, window_start


@app.function(hide_code=True)
def plot_timeline(summary: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp, title: str) -> plt.Figure:
    """Latency p50/p99, mean confidence and labelled accuracy over time, the window shaded."""
    fig, axes = plt.subplots(3, 1, figsize=(10, 5.4), sharex=True)
    axes[0].plot(summary.index, summary["latency_p99_ms"], label="p99", color="tab:red", lw=1)
    axes[0].plot(summary.index, summary["latency_p50_ms"], label="p50", color="tab:blue", lw=1)
    axes[0].set(yscale="log", ylabel="latency ms")
    axes[0].yaxis.set_major_formatter(PLAIN_NUMBERS)
    axes[0].legend(fontsize=7, loc="upper left")
    axes[1].plot(summary.index, summary["mean_confidence"], color="tab:purple", lw=1)
    axes[1].set(ylabel="mean confidence", ylim=(0.2, 1))
    axes[2].plot(summary.index, summary["accuracy"], color="tab:green", lw=1, marker=".", ms=3)
    axes[2].set(ylabel="accuracy (labelled)", ylim=(0, 1))
    for ax in axes:
        ax.axvspan(start, end, color="gold", alpha=0.25, lw=0)
        ax.grid(alpha=0.3)
    axes[0].set_title(title, fontsize=9)
    fig.autofmt_xdate()
    fig.tight_layout()
    return fig


@app.cell
def _(client_choice, client_logs, resolution, window_end, window_start):
    mo.vstack([
        resolution,
        plot_timeline(window_summary(client_logs, resolution.value), window_start, window_end,
                      f"{client_choice.value}: the window is shaded"),
    ])
    return


@app.cell
def _(in_window):
    versions = in_window.groupby("model_version").agg(
        predictions=("latency_ms", "size"),
        first_seen=("time", "min"),
        last_seen=("time", "max"),
        latency_p50_ms=("latency_ms", "median"),
        latency_p99_ms=("latency_ms", lambda s: s.quantile(0.99)),
    ).reset_index()
    batches = in_window.drop_duplicates("request_id").groupby("client")["batch_size"].describe(
        percentiles=[0.5, 0.99])[["count", "50%", "99%", "max"]].rename(
        columns={"count": "requests", "50%": "batch p50", "99%": "batch p99"}).reset_index()
    mo.vstack([
        mo.md("**Model versions in the window**"),
        mo.ui.table(versions, selection=None, show_column_summaries=False,
                    format_mapping={"latency_p50_ms": "{:.2f}", "latency_p99_ms": "{:.2f}"}),
        mo.md("**Batch sizes per client, one row per request**"),
        mo.ui.table(batches, selection=None, show_column_summaries=False),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Input drift in the window, against the training data
    """)
    return


@app.cell
def _(in_window, reference):
    mo.stop(len(in_window) < 50, mo.md("*The window holds fewer than 50 predictions: widen it.*"))
    drift = feature_drift(reference, in_window, features=list(INPUT_COLUMNS))
    return (drift,)


@app.function(hide_code=True)
def plot_drift(drift: pd.DataFrame) -> plt.Figure:
    """PSI per feature, the alert line drawn."""
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ordered = drift.sort_values("psi")
    ax.barh(ordered["feature"], ordered["psi"],
            color=np.where(ordered["psi"] >= PSI_ALERT, "tab:red", "tab:blue"))
    ax.axvline(PSI_ALERT, color="tab:red", linestyle="--", lw=1)
    ax.axvline(0.1, color="grey", linestyle=":", lw=1)
    ax.set(xlabel="PSI against the training data", xlim=(0, max(0.3, ordered["psi"].max() * 1.1)))
    fig.tight_layout()
    return fig


@app.cell
def _(client_choice, window_days):
    mo.vstack([
        mo.md("*The same controls as above: move the window, change the client.*"),
        mo.hstack([window_days, client_choice], widths=[3, 1]),
    ])
    return


@app.cell
def _(drift):
    mo.hstack([
        plot_drift(drift),
        mo.ui.table(drift, selection=None, show_column_summaries=False, page_size=12,
                    format_mapping={"psi": "{:.3f}", "ks_statistic": "{:.3f}", "p_value": "{:.2g}"}),
    ], widths=[2, 3])
    return


@app.cell
def _(LOG_DAY0, LOG_DAYS, client_logs, reference):
    _days = (client_logs["time"] - LOG_DAY0).dt.days
    daily_psi = pd.DataFrame({
        _day: {
            _name: (psi_categorical if _name == "secondary_type" else psi)(reference[_name], _rows[_name])
            for _name in INPUT_COLUMNS
        }
        for _day, _rows in client_logs.groupby(_days)
        if _day < LOG_DAYS
    })
    return (daily_psi,)


@app.function(hide_code=True)
def plot_daily_psi(daily_psi: pd.DataFrame, title: str) -> plt.Figure:
    """Features × days, coloured by PSI (capped at 0.5), values ≥ 0.1 written in."""
    fig, ax = plt.subplots(figsize=(10, 3.6))
    image = ax.imshow(daily_psi.clip(upper=0.5), aspect="auto", cmap="Reds", vmin=0, vmax=0.5)
    ax.set_yticks(range(len(daily_psi.index)), daily_psi.index, fontsize=7)
    ax.set_xticks(range(len(daily_psi.columns)), daily_psi.columns, fontsize=7)
    for (row, col), value in np.ndenumerate(daily_psi.to_numpy()):
        if value >= 0.1:
            ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=5.5,
                    color="white" if value >= 0.3 else "black")
    ax.set(xlabel="day since 3 March", title=title)
    fig.colorbar(image, ax=ax, label="PSI (0.2: act)", fraction=0.03)
    fig.tight_layout()
    return fig


@app.cell
def _(client_choice, daily_psi):
    plot_daily_psi(daily_psi, f"PSI per feature and day — {client_choice.value} (change the client above)")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Per slice: who gets which prediction, and how often is it right?

    A model can be fine overall and wrong for one group. Split the window by a column:
    each slice's share of the traffic, its accuracy on labelled rows, its mean
    confidence, and how often each type is predicted. A slice predicted as one type far
    more often than the others — *confidently* — is worth a look even before labels
    arrive.
    """)
    return


@app.cell
def _(in_window, slice_column):
    _labelled = in_window[in_window["label"].notna()]
    _column = slice_column.value
    slices = pd.DataFrame({
        "predictions": in_window.groupby(_column).size(),
        "share": in_window.groupby(_column).size() / len(in_window),
        "labelled": _labelled.groupby(_column).size(),
        "accuracy": (_labelled["prediction"] == _labelled["label"]).groupby(_labelled[_column]).mean(),
        "mean_confidence": in_window.groupby(_column)["confidence"].mean(),
    })
    prediction_rates = pd.crosstab(in_window[_column], in_window["prediction"], normalize="index")
    return prediction_rates, slices


@app.function(hide_code=True)
def plot_rates(rates: pd.DataFrame, column: str) -> plt.Figure:
    """Slices × predicted types, each row's shares written in."""
    fig, ax = plt.subplots(figsize=(5, 0.32 * len(rates) + 1.2))
    ax.imshow(rates, cmap="Blues", vmin=0, vmax=0.6, aspect="auto")
    ax.set_xticks(range(len(rates.columns)), rates.columns, fontsize=7, rotation=30)
    ax.set_yticks(range(len(rates.index)), rates.index, fontsize=7)
    for (row, col), value in np.ndenumerate(rates.to_numpy()):
        ax.text(col, row, f"{value:.0%}", ha="center", va="center", fontsize=6.5)
    ax.set(xlabel="predicted type", ylabel=column, title="share of each slice's predictions")
    fig.tight_layout()
    return fig


@app.cell
def _(prediction_rates, slice_column, slices):
    mo.vstack([
        slice_column,
        mo.hstack([
            mo.ui.table(slices.reset_index(), selection=None, show_column_summaries=False,
                        format_mapping={"share": "{:.1%}", "accuracy": "{:.1%}", "mean_confidence": "{:.2f}"}),
            plot_rates(prediction_rates, slice_column.value),
        ], widths=[3, 2]),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **Your turn: find the three incidents.** Each alert below is one thing the on-call
    engineer was paged for. Use the window, the client and the slice controls; for each,
    write down *when* (from, to), *what* (the column and value that explain it) and the
    *fix*. Compare with the answer key at the end of the notebook only when you have all three.

    1. **Latency** — p99 jumped for a few hours. Which version or client was answering?
    2. **Confidence** — mean confidence sagged for about two days. Which client, and
       which input drifted? (Drift from one client is diluted in "all clients".)
    3. **Accuracy** — from some day on, labelled accuracy stayed lower. Which slice, and
       what does the model predict for it?
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T5.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The dashboard's accuracy comes from the labelled rows only. Write
    `window_accuracy(logs)`: the share of rows whose `prediction` equals their `label`,
    **counting only the rows that have a label** (`label` is missing — None or NaN —
    where the true type has not been reported). A window where no row has a label has no
    accuracy: return `float("nan")`.

    The check uses windows this notebook never shows: a third labelled, labels in a pandas
    string column, none labelled, all labelled — and other columns with missing values
    too (`secondary_type` is missing for single-type creatures).
    """)
    return


@app.function
def window_accuracy(logs: pd.DataFrame) -> float:
    """Accuracy of a window of prediction logs, on the rows that have a label.

    Args:
        logs: prediction-log rows with ``prediction`` and ``label`` (None or NaN where
            the true type has not been reported).

    Returns:
        The share of labelled rows whose prediction equals their label, between 0
        and 1; NaN when no row has a label.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_t5_2 = hint_button("T5.2")
    return (hints_t5_2,)


@app.cell
def _(hints_t5_2):
    live_check("T5.2", window_accuracy, hints_t5_2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 7. When to retrain

    Three policies, each with a cost: **on a schedule** (every week, say), **on a
    performance drop** (labelled accuracy below a line), **on drift** (PSI above 0.2).
    The logs let us argue with numbers instead of taste. Per day: how many rows got a
    label, the accuracy on them, and the largest PSI of any input feature.
    """)
    return


@app.cell
def _(LOG_DAY0, LOG_DAYS, logs, reference):
    _days = (logs["time"] - LOG_DAY0).dt.days
    _labelled = logs["label"].notna()
    _right = (logs["prediction"] == logs["label"]) & _labelled
    _overall_psi = pd.DataFrame({
        _day: {_n: (psi_categorical if _n == "secondary_type" else psi)(reference[_n], _rows[_n])
               for _n in INPUT_COLUMNS}
        for _day, _rows in logs.groupby(_days) if _day < LOG_DAYS
    })
    daily = pd.DataFrame({
        "labelled": _labelled.groupby(_days).sum(),
        "accuracy": _right.groupby(_days).sum() / _labelled.groupby(_days).sum(),
        "max_psi": _overall_psi.max(),
        "most_drifted": _overall_psi.idxmax(),
    }).loc[: LOG_DAYS - 1]
    daily["standard_error"] = np.sqrt(daily["accuracy"] * (1 - daily["accuracy"]) / daily["labelled"])
    return (daily,)


@app.function(hide_code=True)
def plot_daily(daily: pd.DataFrame, baseline: float) -> plt.Figure:
    """Daily accuracy with ±2 standard errors, and the largest PSI of the day."""
    fig, (ax_acc, ax_psi) = plt.subplots(2, 1, figsize=(10, 3.8), sharex=True)
    ax_acc.errorbar(daily.index, daily["accuracy"], yerr=2 * daily["standard_error"], fmt="o-",
                    ms=3, lw=1, capsize=2, color="tab:green")
    ax_acc.axhline(baseline, color="grey", linestyle=":", lw=1)
    ax_acc.set(ylabel="accuracy ±2 SE", ylim=(0.4, 1))
    ax_psi.bar(daily.index, daily["max_psi"], color=np.where(daily["max_psi"] >= PSI_ALERT, "tab:red", "tab:blue"))
    ax_psi.axhline(PSI_ALERT, color="tab:red", linestyle="--", lw=1)
    ax_psi.set(ylabel="largest PSI", xlabel="day since 3 March (all clients)")
    for ax in (ax_acc, ax_psi):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


@app.cell
def _(daily, logs):
    first_week = logs[logs["time"] < "2025-03-10"]
    _first_labelled = first_week[first_week["label"].notna()]
    baseline_accuracy = float((_first_labelled["prediction"] == _first_labelled["label"]).mean())
    plot_daily(daily, baseline_accuracy)
    return (baseline_accuracy,)


@app.cell(hide_code=True)
def _(baseline_accuracy, daily):
    _se = float(daily["standard_error"].median())
    _labelled = int(daily["labelled"].median())
    _low = daily[daily["accuracy"] < baseline_accuracy - 3 * _se]
    _alerts = daily[daily["max_psi"] >= PSI_ALERT]
    mo.md(f"""
    **What the numbers say.** In the first week the model was right on
    **{baseline_accuracy:.1%}** of labelled rows. A day brings about **{_labelled}** labels,
    so one day's accuracy is only known to ±{200 * _se:.0f} points (2 standard errors):
    a drop of 10 points shows within a day, a drop of 3 points takes weeks of labels to
    tell from noise — and labels arrive late. Days more than 3 SE below the first week:
    **{", ".join(map(str, _low.index)) or "none"}**. Days with an input feature at
    PSI ≥ {PSI_ALERT}, over all clients: **{", ".join(f"{d} ({f})" for d, f in _alerts["most_drifted"].items()) or "none"}**
    — and some drift only shows per client (the heatmap above).

    - **On a schedule** is simple and catches slow change, but it is blind in between and
      it retrains on whatever came in: a week that contains a client's unit bug teaches
      the model that bug. It never fixes a latency incident — that is not a model problem.
    - **On a performance drop** measures what matters, but needs labels: here a third of
      the rows, days later, and only a large drop is visible in a day. It also says
      *that* something broke, not *what*.
    - **On drift** needs no labels and fires within hours — but drift is a *reason to
      look*, not an order to retrain: an upstream unit change is fixed upstream
      (retraining on it would learn the bug), a shift towards a slice the model
      handles badly is fixed by retraining *with labels for that slice*.

    In practice: monitor drift and latency continuously (page a person), track labelled
    accuracy overall *and per slice*, retrain on a schedule only through the same
    validated pipeline with a gate (the new model must beat the old on held-out and
    per-slice metrics before it ships), and retrain early when a confirmed, legitimate
    shift or a slice's accuracy calls for it.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### A runbook you can copy

    A runbook is what the engineer paged at 3 a.m. reads first. Keep one per model,
    beside its model card; fill the brackets.

    ```markdown
    # Runbook — <model name> (<service URL>, owner: <team>, on-call: <rota>)

    ## What "healthy" looks like
    - /health 200, /ready 200; model_version = <run id>, data_hash = <sha256>
    - latency p50 < <x> ms, p99 < <y> ms; error rate (5xx) = 0; 4xx < <z>% per client
    - mean confidence ≈ <c>; labelled accuracy ≥ <a> overall and per slice (<slices>)
    - every input feature's PSI vs the training data < 0.2 (per client)

    ## Alerts and first steps
    | alert | first look | likely causes | action |
    |---|---|---|---|
    | p99 latency > <y> ms for 15 min | requests by model_version, batch size by client | new deploy, huge batches, noisy neighbour | roll back / cap batch size |
    | mean confidence drops | PSI per feature *per client*; recent client releases | unit or format change upstream | contact client, reject bad inputs at the edge |
    | accuracy below <a> (labelled) | accuracy and prediction rates per slice | new population, concept drift | collect labels, retrain with the slice |
    | 5xx > 0 | service logs by request id | our bug | roll back, write a test |

    ## Rollback
    `POKEMON_ML_MODEL_DIR=artifacts/<previous run> uv run pokemon-ml serve` — check /ready, then shift traffic.

    ## Retraining
    Trigger: <schedule> or <alert>. Same pipeline (`pokemon-ml train --config …`),
    data validated, new model beats the current one on held-out *and* per-slice metrics,
    canary on <n>% of traffic for <t> before full rollout. Log the run and the decision.

    ## After an incident
    Timeline, root cause, fix, the test or alert that would have caught it sooner.
    ```
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Key points

    - **The app factory builds; start-up loads.** The model is loaded once, verified by
      its hash before it is deserialised, and every answer names the model version and
      data hash it came from.
    - **The schema is the contract.** Strict types, ranges and allowed values, unknown
      fields refused: bad input gets a 4xx with one sentence naming the field — never a
      server error. A model that failed to load answers 503 while `/health` stays up.
    - **Test in process, then over a real server.** `TestClient` for speed; uvicorn on
      127.0.0.1 for what a client really sees — started on purpose, stopped cleanly.
    - **Latency is a distribution.** Report p50, p95 and p99. Loading per request is the
      classic mistake; after that, per-call overhead (DataFrames, checks) dominates one
      row, and a numpy fast path — proven equal to the Pipeline — removes it. Batches
      share the overhead.
    - **Monitor inputs, outputs and the service.** Latency by version and client,
      confidence, labelled accuracy overall and per slice, PSI/KS per feature against the
      training data — per client, or a drift hides in the average.
    - **Drift is a reason to look, not to retrain.** Fix a broken input upstream; retrain
      for a real change in the world, with labels for what changed, through the same
      pipeline and a gate.
    """)
    return


@app.cell(hide_code=True)
def _(bad_answers, baseline_accuracy, batch_table, daily, latency_table):
    _naive, _once, _fast = latency_table["p50 ms"]
    _fast_p99 = latency_table["p99 ms"].iloc[2]
    _worst_day = daily["accuracy"].idxmin()
    _pipeline_batch = batch_table.iloc[2]["ms per call"]
    _answers = {
        "1. You deployed a model. A week later, accuracy drops from 85% to 60%. What do you investigate first?": f"""
        The inputs and the pipeline, before the model. Is the drop real — how many labelled
        rows is it based on (here ≈{int(daily["labelled"].median())} a day: ±{200 * float(daily["standard_error"].median()):.0f} points)?
        Then what changed at that time: a deploy (model version), a client release, a new
        population. Compare each input's distribution with the training data (PSI/KS),
        *per client* and per slice — in these logs the worst day (day {_worst_day},
        {daily.loc[_worst_day, "accuracy"]:.0%} against {baseline_accuracy:.0%} in week one) is
        explained by inputs (one client's weights in pounds, or a generation the model
        handles badly), not by a model that "decayed". Fix the data or the slice; retraining
        blindly on broken inputs would teach the model the bug.
        """,
        "2. Training takes 1 hour. Inference must complete in <100ms. How do you approach this?": f"""
        They are separate budgets: training happens offline, once; inference happens per
        request. Load the model once at start-up (the naive path paid {_naive:.0f} ms per call
        to reload it), keep per-request work minimal — here the Pipeline on one row cost
        {_once:.1f} ms and the numpy fast path {1e3 * _fast:.0f} µs (p99 {_fast_p99:.2f} ms),
        proven equal to it — batch where clients allow ({_pipeline_batch:.0f} ms for 1,000 creatures
        through the Pipeline), and measure p99 over a real server, not a mean in a
        notebook. If a model is still too slow: a smaller model, distillation, or
        precomputing what can be.
        """,
        "3. A user sends malformed input that crashes your API. Who's responsible - you or the user?": f"""
        You. The user is responsible for sending valid input; *you* are responsible for
        never crashing on invalid input. A crash (a 500, a dropped connection) is your bug:
        it can take the service down for everyone and tells the client nothing. Validate at
        the edge with a strict schema and answer a 4xx that names the field and what is
        allowed — as the {len(bad_answers)} bad requests in section 3 were answered, none of
        them with a 500. Then log it, and if one client keeps sending it, tell them.
        """,
        "4. Your model was trained on 2024 data. It's now 2025. What changes might break it?": """
        Anything between the world and the model's inputs: new populations (a new
        generation of creatures, new markets), changed behaviour (concept drift: the same
        inputs now mean another label), upstream changes (a client sends weight in pounds,
        a field renamed or newly missing, a new category the encoder never saw), changed
        label definitions, seasonality, and your own stack (library versions that change
        preprocessing). Catch them with schema validation at the edge, drift per feature
        and per client, labelled accuracy per slice, and an alert on new categories.
        """,
        "5. When do you retrain: (a) on a schedule, (b) when accuracy drops, (c) when data drifts? Why?": """
        All three have a role, none alone is enough (section 7). A schedule is simple and
        catches slow change, but retrains on whatever arrived — bugs included. Accuracy is
        what matters but needs labels: late, partial (a third of the rows here) and noisy
        day by day. Drift needs no labels and fires within hours, but it says *look*, not
        *retrain*: the unit bug is fixed upstream, the under-served slice by retraining with
        its labels. So: monitor drift and latency continuously, track labelled accuracy
        overall and per slice, diagnose before acting, and retrain through the validated
        pipeline with a gate — on a schedule or early when a real shift calls for it.
        """,
    }
    mo.vstack([
        mo.md("## Socratic questions\n\nAnswer each in your own words first, then open it."),
        mo.accordion({_question: mo.md(_answer) for _question, _answer in _answers.items()}),
    ])
    return


@app.cell(hide_code=True)
def _():
    _key = json.loads((data_dir() / "manifest.json").read_text())["answer_keys"]["prediction_logs"]
    _rows = pd.DataFrame([
        {"alert": _i["alert"], "from": _i["start"][:16], "to": _i["end"][:16],
         "root cause": _i["root_cause"], "evidence": json.dumps(_i["evidence"]), "fix": _i["fix"],
         "prevention": _i["prevention"]}
        for _i in _key["incidents"]
    ])
    mo.accordion({"Check yourself: the three incidents (open only after your own diagnosis)":
                  mo.ui.table(_rows, selection=None, show_column_summaries=False,
                              wrapped_columns=["evidence", "prevention"])})
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next step

    1. **Exercises 5.1–5.3** in `exercises/05_inference_service.py`: build an app that
       answers every bad request with a clear 4xx, write a fast path at least 5× faster
       than the naive one with the same answers, and detect drift without false alarms.
       Open it with `uv run marimo edit exercises/05_inference_service.py`.
    2. **Checkpoint 5** in `checkpoints/05_production_incident_simulation.py`: three
       alerts, diagnosed from logs you have not seen, with fixes and prevention.
    3. Serve your own model: `uv run pokemon-ml serve`, then open `http://127.0.0.1:8000/docs`.
    """)
    return


if __name__ == "__main__":
    app.run()
