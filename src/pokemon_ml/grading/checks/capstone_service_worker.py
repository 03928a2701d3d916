"""The worker side of the capstone's service criteria: code that runs in the sandbox.

The grader hands these module-level helpers to ``candidate_run``; the worker imports
this module and calls them on the learner's objects. ``train_in_worker`` trains the
learner's model and keeps it in this process (a learner's class never travels back to
the grader); ``call_service`` builds the learner's app around that model — wrapped in a
``RecordingModel`` that notes what the service asked the model and what it answered —
and sends it requests; ``serve_in_worker`` starts it under a real uvicorn on 127.0.0.1.
Everything returned is plain data: statuses, texts, numbers. The verdicts are the
grader's (``capstone_service``), made in its own process.
"""

from __future__ import annotations

import datetime as dt
import math
import socket
import threading
import time
from typing import Any

import numpy as np
import pandas as pd

from pokemon_ml.data.cards import DECISION_COLUMNS, RARITIES
from pokemon_ml.grading.worker import describe_exception

__all__ = [
    "RecordingModel",
    "StandInPriceModel",
    "call_service",
    "serve_in_worker",
    "train_in_worker",
]

_STATE: dict[str, Any] = {}  # this worker's trained model (one worker grades one criterion)
MAX_TEXT_CHARS = 3_000  # of an answer, sent back to the grader
SERVER_START_LIMIT_S = 15.0


class StandInPriceModel:
    """The grader's own small model, for a service whose ``train_price_model`` is not
    written yet (or fails): the service is graded on its own, with this behind it."""

    def predict(self, df: Any) -> np.ndarray:
        frame = pd.DataFrame(df)
        rarity = frame.get("rarity", pd.Series(["common"] * len(frame), index=frame.index))
        level = rarity.map({r: i for i, r in enumerate(RARITIES)}).fillna(0).to_numpy(float)
        grade = pd.to_numeric(frame.get("condition_grade"), errors="coerce")
        grade = np.asarray(grade if grade is not None else np.full(len(frame), np.nan), float)
        bonus = np.where(np.isnan(grade), -0.35, 0.3 * (np.nan_to_num(grade, nan=8.0) - 8.0))
        return np.round(2.0 * np.exp(0.6 * level + bonus), 2)

    def predict_interval(self, df: Any, coverage: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
        price = self.predict(df)
        spread = 1.0 + coverage
        return np.round(price / spread, 2), np.round(price * spread, 2)


def train_in_worker(train_price_model: Any, listings: pd.DataFrame) -> dict:
    """Train the learner's model on ``listings`` and keep it here; say which model serves.

    Returns:
        ``{"model": "yours"}``, or ``{"model": "stand-in", "why": ...}`` when
        ``train_price_model`` is a stub, raises, or returns something without
        ``predict``/``predict_interval``.
    """
    try:
        model = train_price_model(listings.copy())
    except NotImplementedError:
        return _stand_in("your `train_price_model` is not written yet")
    except Exception as error:  # noqa: BLE001 - the service is graded without it
        return _stand_in(
            f"your `train_price_model` raised: {describe_exception(error, train_price_model)}"
        )
    missing = [
        name for name in ("predict", "predict_interval") if not callable(getattr(model, name, None))
    ]
    if missing:
        return _stand_in(f"what `train_price_model` returned has no {' or '.join(missing)}")
    _STATE["model"] = model
    return {"model": "yours"}


def _stand_in(why: str) -> dict:
    _STATE["model"] = StandInPriceModel()
    return {"model": "stand-in", "why": why}


class RecordingModel:
    """The learner's model, unchanged, noting each ``predict``/``predict_interval`` call:
    the first row it was given (the contract's columns) and what it answered."""

    def __init__(self, model: Any) -> None:
        self._model = model
        self.calls: list[dict] = []

    def predict(self, df: Any, *args: Any, **kwargs: Any) -> Any:
        answer = self._model.predict(df, *args, **kwargs)
        self.calls.append({"method": "predict", **_first_row(df), "out": _floats(answer)})
        return answer

    def predict_interval(self, df: Any, *args: Any, **kwargs: Any) -> Any:
        answer = self._model.predict_interval(df, *args, **kwargs)
        coverage = args[0] if args else kwargs.get("coverage")
        low, high = _bounds(answer)
        self.calls.append(
            {
                "method": "predict_interval",
                "coverage": _plain(coverage),
                **_first_row(df),
                "low": _floats(low),
                "high": _floats(high),
            }
        )
        return answer

    def __getattr__(self, name: str) -> Any:  # any other attribute: the learner's model's
        return getattr(self._model, name)


def _bounds(answer: Any) -> tuple[Any, Any]:
    """``(low, high)`` from what ``predict_interval`` returned: the contract's pair of
    arrays, or an ``(n, 2)`` table (a model written another way)."""
    if isinstance(answer, (tuple, list)) and len(answer) == 2:
        return answer[0], answer[1]
    try:
        table = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, None
    if table.ndim == 2 and table.shape[1] == 2:
        return table[:, 0], table[:, 1]
    return None, None


def _floats(values: Any) -> list | None:
    try:
        return [float(v) for v in np.asarray(values, dtype=float).ravel()[:3]]
    except (TypeError, ValueError):
        return None


def _plain(value: Any) -> Any:
    """A cell as plain data: dates as ISO text, NaN/None as None, numpy scalars unwrapped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return None if pd.isna(value) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).date().isoformat()
    if isinstance(value, np.generic):
        return _plain(value.item())
    if isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)[:80]


def _first_row(df: Any) -> dict:
    try:
        frame = df.to_pandas() if hasattr(df, "to_pandas") else pd.DataFrame(df)
        columns = [str(c) for c in frame.columns]
        row = {c: _plain(frame[c].iloc[0]) for c in DECISION_COLUMNS if c in frame.columns}
        return {"rows": len(frame), "columns": columns, "row": row}
    except Exception:  # noqa: BLE001 - not a frame: the grader says so
        return {"rows": None, "columns": None, "row": None, "given": type(df).__name__}


def _build(create_price_app: Any, model: Any) -> Any:
    from starlette.applications import Starlette

    app = create_price_app(model)
    if not isinstance(app, Starlette):
        raise TypeError(f"create_price_app returned a {type(app).__name__}, not a FastAPI app")
    return app


def call_service(create_price_app: Any, requests: list[tuple]) -> dict:
    """Build the learner's app around the (recorded) model and send it ``requests``.

    Args:
        requests: ``(method, path, headers, body bytes)`` each.

    Returns:
        ``{"model": ..., "answers": [{"status", "text", "calls"}, ...]}``;
        ``{"problem": ...}`` when ``create_price_app`` returns something else than an app.
    """
    from fastapi.testclient import TestClient

    model = RecordingModel(_STATE.get("model") or StandInPriceModel())
    try:
        app = _build(create_price_app, model)
    except TypeError as error:
        if "create_price_app returned" in str(error):
            return {"problem": str(error)}
        raise
    answers, raised = [], []

    async def noting_errors(scope: Any, receive: Any, send: Any) -> None:
        # Starlette answers 500 and then re-raises: the learner's line is worth naming.
        try:
            await app(scope, receive, send)
        except Exception as error:
            raised.append(_where(error, create_price_app))
            raise

    with TestClient(noting_errors, raise_server_exceptions=False) as client:
        for method, path, headers, body in requests:
            model.calls.clear()
            raised.clear()
            try:
                response = client.request(method, path, content=body, headers=dict(headers))
                status, text = response.status_code, response.text[:MAX_TEXT_CHARS]
            except Exception as error:  # noqa: BLE001 - the app broke the connection itself
                status, text = 0, f"no answer: {type(error).__name__}: {error}"[:MAX_TEXT_CHARS]
            answer = {"status": status, "text": text, "calls": list(model.calls)}
            answers.append(answer | ({"raised": raised[0]} if raised else {}))
    return {"answers": answers}


def _where(error: BaseException, create_price_app: Any) -> str:
    """``KeyError: 'rarity' at line 12 of price_service.py: `row["rarity"]` ``."""
    described = describe_exception(error, create_price_app)
    described = described.removeprefix("Your function raised ").split(". Run it on")[0]
    return described[:300]


def serve_in_worker(create_price_app: Any) -> dict:
    """Start the learner's app under uvicorn on 127.0.0.1 (a free port), in a thread of
    this worker; it serves until the grader stops the worker.

    Returns:
        ``{"port": ...}``, or ``{"problem": ...}`` when it does not start.
    """
    import uvicorn

    app = _build(create_price_app, _STATE.get("model") or StandInPriceModel())
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, daemon=True, name="capstone-ui"
    )
    thread.start()
    deadline = time.monotonic() + SERVER_START_LIMIT_S
    while not server.started:
        if not thread.is_alive():
            return {"problem": "uvicorn stopped while starting your app (its start-up failed)"}
        if time.monotonic() > deadline:
            return {"problem": f"your app did not start within {SERVER_START_LIMIT_S:g} s"}
        time.sleep(0.02)
    _STATE["server"] = server
    return {"port": port}
