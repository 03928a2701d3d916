"""Read prediction logs into a frame, and cut them into time windows.

Two sources, one shape: the service's JSON-lines log (``serving.prediction_log``;
the inputs nested under ``"inputs"``) and the course's ``prediction_logs`` data set
(CSV or Parquet, inputs already flat). ``read_prediction_logs`` returns both as one
flat pandas frame with ``time`` as a UTC datetime, sorted by time.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["read_prediction_logs", "window", "window_summary"]


def read_prediction_logs(path: Path | str) -> pd.DataFrame:
    """Load a prediction log (``.jsonl``, ``.csv`` or ``.parquet``) as a flat frame.

    Returns:
        One row per prediction, sorted by ``time`` (UTC); the inputs are columns.
    """
    path = Path(path)
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    elif path.suffix == ".csv":
        frame = pd.read_csv(path)
    else:  # JSON lines, one record per prediction
        frame = pd.read_json(path, lines=True, dtype=False)
        if "inputs" in frame.columns:
            inputs = pd.json_normalize(frame.pop("inputs").tolist())
            frame = pd.concat([frame, inputs], axis=1)
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    return frame.sort_values("time", kind="stable", ignore_index=True)


def window(logs: pd.DataFrame, start: str | pd.Timestamp, end: str | pd.Timestamp) -> pd.DataFrame:
    """The rows with ``start <= time < end`` (times as ISO strings or timestamps, UTC)."""
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    start = start.tz_localize("UTC") if start.tzinfo is None else start
    end = end.tz_localize("UTC") if end.tzinfo is None else end
    return logs[(logs["time"] >= start) & (logs["time"] < end)]


def window_summary(logs: pd.DataFrame, freq: str = "1h") -> pd.DataFrame:
    """Per time window: predictions, latency p50/p99, mean confidence, labelled accuracy.

    Args:
        logs: a frame from ``read_prediction_logs``.
        freq: the window, as pandas spells it (``"1h"``, ``"6h"``, ``"1D"``).

    Returns:
        One row per window (empty windows included): ``n_predictions``,
        ``latency_p50_ms``, ``latency_p99_ms``, ``mean_confidence`` and, when the log
        has a ``label`` column, ``accuracy`` on the labelled rows.
    """
    grouped = logs.set_index("time").resample(freq)
    summary = pd.DataFrame(
        {
            "n_predictions": grouped["prediction"].count(),
            "latency_p50_ms": grouped["latency_ms"].quantile(0.5),
            "latency_p99_ms": grouped["latency_ms"].quantile(0.99),
            "mean_confidence": grouped["confidence"].mean(),
        }
    )
    if "label" in logs.columns:
        correct = (logs["prediction"] == logs["label"]).where(logs["label"].notna())
        summary["accuracy"] = correct.set_axis(logs["time"]).resample(freq).mean()
    return summary
