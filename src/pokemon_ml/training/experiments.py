"""The experiment log: one JSON line per training run, read back as a table.

Each record has the shape experiment trackers use at work (MLflow, Weights & Biases):
a *run* (``run_id``, ``started_at``, ``duration_s``) with its *params* (the
configuration), its *metrics*, the *data* version it saw and the *artifact* it wrote.
A text file of JSON lines is enough to compare runs, and it diffs well in git.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["log_run", "read_log"]


def log_run(log_path: Path, record: dict) -> None:
    """Append one run's record to the log (created if missing)."""
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")


def read_log(log_path: Path) -> pd.DataFrame:
    """Every logged run, one row each; params and metrics flattened to columns.

    Returns:
        An empty frame if nothing was logged yet. Lines that are not JSON (a run
        interrupted mid-write) are skipped.
    """
    log_path = Path(log_path)
    if not log_path.exists():
        return pd.DataFrame()
    records = []
    for line in log_path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return pd.json_normalize(records) if records else pd.DataFrame()
