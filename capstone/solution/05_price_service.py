# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "pandas>=2.2",
#     "fastapi>=0.115",
#     "uvicorn>=0.34",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import atexit
    import json
    import socket
    import threading
    import time
    import urllib.error
    import urllib.request

    import marimo as mo
    import pandas as pd
    import uvicorn
    from fastapi.testclient import TestClient

    import card_price  # your modules, beside this notebook
    import price_service
    from pokemon_ml import load_dataset

    EXAMPLE = {  # the contract's example request
        "listed_at": "2025-06-01",
        "pokemon_id": 25,
        "set_name": "Violet Crown",
        "rarity": "holo_rare",
        "edition": "unlimited",
        "condition_grade": 9.0,
        "language": "en",
    }


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Capstone 5 — Serve the price: an API and a page a person uses (worked)

    A model in a notebook helps nobody at the shop counter. In this notebook you write
    **`create_price_app(model)`** in `price_service.py`: a FastAPI app around what
    `train_price_model` returns, with

    * `GET /health` — 200 while the process runs;
    * `POST /predict` — a listing as JSON (the seven decision-time fields) →
      `{"price_usd", "low_usd", "high_usd", "coverage": 0.8}`; every bad body a **4xx**
      whose message names the field (422), never a 5xx;
    * `GET /` — an HTML page: a form with those fields; submitting it shows the price and
      its interval, and bad input shows a readable message, never a stack trace.

    You call it in process with `TestClient`, then over a real uvicorn server started
    from this notebook, and open the page. Criteria 5 (15 points: a hostile corpus of bad
    requests) and 6 (10 points: the page in a real headless browser) grade it. Module 5's
    `create_app` is the pattern. Plan about 2 hours.
    """)
    return


@app.function
def attempt(call, name: str):
    """Run ``call()`` (which uses your ``name``): (result, None), or (None, a callout
    saying what to do) when it is still a stub or raises."""
    try:
        return call(), None
    except NotImplementedError:
        return None, mo.callout(
            mo.md(f"Write `{name}` first: it still raises `NotImplementedError`. "
                  "This cell shows its result once it returns."),
            kind="info",
        )
    except Exception as error:  # noqa: BLE001 - shown to the learner
        return None, mo.callout(
            mo.md(f"`{name}` raised **{type(error).__name__}**: {error}"), kind="danger"
        )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. The model to serve

    The service loads the model once, when it starts — never per request. Train it on
    every listing with your `train_price_model` (Notebook 4).
    """)
    return


@app.cell
def _():
    train_button = mo.ui.run_button(label="Train the model to serve")
    train_button
    return (train_button,)


@app.cell
def _(train_button):
    served = None  # until the button is clicked (the cells below check it)
    _shown = mo.md("*Click **Train the model to serve** (your `train_price_model` on all listings).*")
    if train_button.value:
        with mo.status.spinner(title="Training …"):
            served, _problem = attempt(lambda: card_price.train_price_model(load_dataset("cards")),
                                       "train_price_model in card_price.py")
        _shown = _problem if _problem is not None else mo.md(f"Trained: `{type(served).__name__}`.")
    _shown
    return (served,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. In process, with `TestClient`

    `TestClient` calls the app without a network: the fastest way to try every route and
    the requests a careless (or hostile) client sends. Each bad request below should get
    a 4xx that says which field is wrong.
    """)
    return


@app.cell
def _(served):
    service, client = None, None  # until there is a model and an app (the cells below check)
    _shown = mo.md("*Train the model above first: the app is built around it.*")
    if served is not None:
        service, _shown = attempt(lambda: price_service.create_price_app(served),
                                  "create_price_app in price_service.py")
    if service is not None:
        client = TestClient(service, raise_server_exceptions=False)
        _shown = mo.md(f"`create_price_app` built `{type(service).__name__}` around the model.")
    _shown
    return client, service


@app.cell
def _(client):
    mo.stop(client is None)
    _health = client.get("/health")
    _answer = client.post("/predict", json=EXAMPLE)
    mo.ui.tabs({
        f"GET /health → {_health.status_code}": mo.md(f"```\n{_health.text[:500]}\n```"),
        f"POST /predict → {_answer.status_code}": mo.vstack([
            mo.md("Request:"), mo.json(EXAMPLE), mo.md("Response:"), mo.md(f"```\n{_answer.text[:800]}\n```"),
        ]),
    })
    return


@app.cell
def _(client):
    mo.stop(client is None)
    _bad = {
        "no body": None,
        "a grade of 11": {**EXAMPLE, "condition_grade": 11},
        "an unknown rarity": {**EXAMPLE, "rarity": "mythic"},
        "the id as text": {**EXAMPLE, "pokemon_id": "twenty-five"},
        "no listed_at": {k: v for k, v in EXAMPLE.items() if k != "listed_at"},
        "a date that is not one": {**EXAMPLE, "listed_at": "yesterday"},
        "a leak column sent": {**EXAMPLE, "sold_price_usd": 12.0},
        "a list, not an object": [EXAMPLE],
    }
    _rows = []
    for _what, _body in _bad.items():
        _response = client.post("/predict", json=_body) if _body is not None else client.post("/predict")
        _rows.append({"request": _what, "status": _response.status_code, "answer": _response.text[:160]})
    _table = pd.DataFrame(_rows)
    _ok = bool(_table["status"].between(400, 499).all())
    mo.vstack([
        mo.callout(mo.md("Every bad request got a 4xx." if _ok else
                         "Some bad requests did not get a 4xx: a 5xx is a crash the client "
                         "cannot act on; a 200 is a price made up from bad input."),
                   kind="success" if _ok else "warn"),
        mo.ui.table(_table, selection=None),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. Over a real server, and the page

    Next the same app runs under **uvicorn** on `127.0.0.1` (this machine only), on a
    free port, in a background thread of this notebook; it stops when you click **Stop**,
    when you start another, and when the notebook's kernel exits. Then open the page
    (below, or in a tab of its own) and price a card as a shop assistant would; try a
    grade of 12 too.
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
def start_server(app_to_serve, host: str = "127.0.0.1", timeout_s: float = 10.0) -> uvicorn.Server:
    """Serve ``app_to_serve`` with uvicorn in a daemon thread; return once it accepts
    connections. It stops on ``stop_server``, when the cell that started it runs again,
    and when Python exits."""
    port = free_port(host)
    server = uvicorn.Server(uvicorn.Config(app_to_serve, host=host, port=port, log_level="warning"))
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
def http_call(url: str, body: object = None, timeout_s: float = 5.0) -> tuple[int, str]:
    """One HTTP request with the standard library: (status, the answer's text)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:  # a 4xx/5xx still has a body
        return error.code, error.read().decode()


@app.cell
def _():
    start_button = mo.ui.run_button(label="Start the server")
    stop_button = mo.ui.run_button(label="Stop the server", kind="danger")
    mo.hstack([start_button, stop_button], justify="start")
    return start_button, stop_button


@app.cell
def _(service, start_button):
    live_server = None  # until the button is clicked
    mo.stop(not start_button.value, mo.md("*Click **Start the server**: uvicorn on 127.0.0.1, a free port.*"))
    mo.stop(service is None, mo.callout(mo.md(
        "Train the model and write `create_price_app` first (above): there is nothing to serve yet."),
        kind="warn"))
    live_server = start_server(service)
    _status, _text = http_call(f"{live_server.url}/predict", EXAMPLE)
    mo.vstack([
        mo.md(f"Listening on **{live_server.url}** — the page: [{live_server.url}/]({live_server.url}/), "
              f"the OpenAPI page: [{live_server.url}/docs]({live_server.url}/docs)."),
        mo.md(f"`POST /predict` over HTTP → **{_status}** `{_text[:200]}`"),
        mo.Html(f'<iframe src="{live_server.url}/" style="width:100%;height:560px;'
                'border:1px solid #ddd;border-radius:6px"></iframe>'),
    ])
    return (live_server,)


@app.cell
def _(live_server, stop_button):
    mo.stop(not stop_button.value or live_server is None)
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
    ## Key points

    * The app factory builds the app around a model loaded once; it reads no file and
      trains nothing per request.
    * The request model *is* the contract: every field typed and bounded, unknown fields
      refused, so a bad body is a 422 naming the field — never a 500, never a made-up price.
    * A price comes with its interval: the page shows both, so a person sees how sure it is.
    * Test in process (`TestClient`), then over a real server, then as a person in a browser.

    ## Before you move on

    /// details | A client sends `sold_price_usd` along with the listing. Accept it and ignore it?
    Refuse it (422). A client that sends it believes it matters, or is wired to the wrong
    table; a silent ignore hides both. And a model that quietly started to read it would
    be a leak in production — the contract says what comes in.
    ///

    /// details | The page shows "Internal Server Error" for a grade of 12. What is wrong, and where?
    The input reached the model: validation should have refused it first (a 422), and the
    page should turn the 422's message into a sentence. Both belong to the service, not
    to the model.
    ///

    Next: write `DEPLOYMENT.md` (the template beside this notebook), then
    `06_presentation.py` — ten slides for the people who decide whether it ships.
    Criteria 5 and 6 with `uv run pokemon-ml grade capstone`.
    """)
    return


if __name__ == "__main__":
    app.run()
