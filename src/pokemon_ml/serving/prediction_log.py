"""Every prediction as one JSON line: what monitoring reads.

A line per prediction (a batch of 50 writes 50 lines sharing a ``request_id``)::

    {"time": "2025-01-06T09:00:00.123456+00:00", "request_id": "3f1c…", "latency_ms": 0.21,
     "batch_size": 1, "model_version": "20250106T…", "inputs": {"hp": 45, …},
     "prediction": "grass", "confidence": 0.81}

JSON lines are easy to append (no file to rewrite), to read with one call
(``pokemon_ml.monitoring.read_prediction_logs``) and to ship to any log system.
Every line is written whole and flushed at the end of each request, so a reader
never sees half a line, and a crash loses at most the request in flight.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pydantic_core

__all__ = ["PredictionLogger"]


class PredictionLogger:
    """Appends prediction records to a JSON-lines file (or does nothing without one)."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path is not None else None
        self._file = None
        self._lock = threading.Lock()  # one writer at a time, whole lines only
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("ab")

    def log(
        self,
        request_id: str,
        latency_ms: float,
        model_version: str,
        inputs: Sequence[dict],
        predictions: Sequence[str],
        confidences: Sequence[float],
    ) -> None:
        """Write one line per prediction of one request.

        Args:
            request_id: the request's id (shared by a batch's lines).
            latency_ms: the request's time in the service.
            model_version: the artifact that answered.
            inputs: each creature's fields, as received.
            predictions: the predicted type of each creature.
            confidences: the predicted type's probability for each creature.
        """
        if self._file is None:
            return
        time = datetime.now(UTC).isoformat()
        records = [
            {
                "time": time,
                "request_id": request_id,
                "latency_ms": round(latency_ms, 4),
                "batch_size": len(inputs),
                "model_version": model_version,
                "inputs": row,
                "prediction": prediction,
                "confidence": round(float(confidence), 6),
            }
            for row, prediction, confidence in zip(inputs, predictions, confidences, strict=True)
        ]
        blob = b"".join(pydantic_core.to_json(record) + b"\n" for record in records)
        with self._lock:
            self._file.write(blob)
            self._file.flush()

    def close(self) -> None:
        """Flush and close the file (the service does it when it stops)."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
