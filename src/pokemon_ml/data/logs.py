"""Simulated production traffic for Module 5: four weeks of prediction logs, three incidents.

Each row is one prediction the service made, as its log records it: when, which
request (a batch shares one id), which client app sent it, which model version
answered, how long the request took, the creature's features, the predicted type
and its confidence — and, for about a third of the rows, the true type a trainer
reported later (``label``, null otherwise). Three incidents are planted from an
``IncidentPlan`` and recorded in an answer key:

* **latency spike** — for a few hours requests are many times slower. The cause is
  in the logs: a new ``model_version`` was deployed (and rolled back), or one client
  started sending huge batches (``batch_size``).
* **confidence collapse** — one client started sending a feature in the wrong unit
  (weight in pounds, height in feet): the values still pass validation, the inputs
  drift, and the model's confidence and accuracy fall for that client's rows.
* **biased slice** — from some day on, many more creatures of one slice (a
  generation, or a secondary type) arrive, and the model is wrong on most of them,
  mostly confusing them with one type — confidently, so only labels and per-slice
  prediction rates show it.

The predictions are *simulated* (no model is run): the data stage comes before the
model, and simulated numbers are the same bytes on every machine and every
scikit-learn version. ``make_prediction_logs(seed, plan)`` with another plan (say
``random_plan(seed)``) moves and changes the incidents — the way a grader checks
that a diagnosis was found in the data, not remembered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import numpy as np
import pandas as pd
import polars as pl

from pokemon_ml.data.generate import STAT_COLUMNS, TYPES, generate_pokemon

__all__ = [
    "DEFAULT_PLAN",
    "FIXES",
    "INPUT_COLUMNS",
    "ROOT_CAUSES",
    "BiasedSlice",
    "IncidentPlan",
    "InputDrift",
    "LatencySpike",
    "make_prediction_logs",
    "random_plan",
]

LOG_START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday, midnight UTC
N_DAYS = 28
REQUESTS_PER_HOUR = 12.0  # on average; the day has a peak at 15:00 UTC and a trough at 03:00
CLIENTS = ("mobile", "web", "partner_api")
CLIENT_SHARES = (0.45, 0.25, 0.30)
BASE_VERSION = "20250220T101500-default-5c1e9a04"  # the model in production all along
BATCH_SHARE = 0.10  # requests that carry a batch (2–20 creatures) rather than one
LABEL_SHARE = 0.30  # rows whose true type was reported back later
BASE_ACCURACY = 0.84  # the model's accuracy on normal traffic (its test accuracy)
DRIFT_ACCURACY = 0.35  # on inputs in the wrong unit
SLICE_ACCURACY = 0.40  # on the biased slice
LATENCY_MS = 0.45  # median service time of a one-creature request
PER_ROW_MS = 0.004  # extra per creature in a batch
SLOW_VERSION_FACTOR = 14.0  # how much slower the bad deploy is

ROOT_CAUSES = {
    "model_version_change": "a new model version was deployed and is slower (or worse)",
    "batch_size_change": "a client started sending much larger batches",
    "upstream_unit_change": "a client sends a feature in another unit: the inputs drifted",
    "slice_underperformance": "the model is wrong on one slice of creatures far more often",
}
FIXES = {
    "roll_back_model": "roll back to the previous model version",
    "cap_batch_size": "cap the batch size and ask the client to split its batches",
    "fix_upstream_units": "have the client convert to the contract's units (and reject until then)",
    "retrain_with_slice_data": "collect labels for the slice and retrain with it represented",
}
INPUT_COLUMNS = (
    *STAT_COLUMNS,
    "height_m",
    "weight_kg",
    "capture_rate",
    "generation",
    "evolution_stage",
    "secondary_type",
)  # what a request carries, in the service's order
UNITS = {"weight_kg": ("pounds", 2.20462), "height_m": ("feet", 3.28084)}


@dataclass(frozen=True)
class LatencySpike:
    """Requests slow down from ``start_hour`` (hours after ``LOG_START``) for ``hours``."""

    start_hour: int
    hours: int
    cause: Literal["model_version_change", "batch_size_change"]
    new_version: str = "20250312T140000-gbm-77f0c2d1"  # deployed, then rolled back
    client: str = "web"  # the client whose batches grew (batch_size_change)


@dataclass(frozen=True)
class InputDrift:
    """From ``start_hour`` for ``hours``, ``client`` sends ``feature`` in another unit."""

    start_hour: int
    hours: int
    feature: Literal["weight_kg", "height_m"] = "weight_kg"
    client: str = "partner_api"


@dataclass(frozen=True)
class BiasedSlice:
    """From ``start_hour`` on, creatures with ``column == value`` arrive often and are
    mostly mistaken for ``confused_with``."""

    start_hour: int
    column: Literal["generation", "secondary_type"] = "generation"
    value: int | str = 8
    confused_with: str = "rock"
    share: float = 0.35  # of the traffic from then on


@dataclass(frozen=True)
class IncidentPlan:
    """Where, when and how the three incidents happen."""

    latency: LatencySpike
    drift: InputDrift
    bias: BiasedSlice


DEFAULT_PLAN = IncidentPlan(
    latency=LatencySpike(start_hour=9 * 24 + 14, hours=5, cause="model_version_change"),
    drift=InputDrift(start_hour=15 * 24 + 8, hours=48, feature="weight_kg"),
    bias=BiasedSlice(start_hour=20 * 24, column="generation", value=8),
)


def random_plan(seed: int, n_days: int = N_DAYS) -> IncidentPlan:
    """A different plan: other days, causes, features, clients and slices.

    The spike and the drift never overlap, and the biased slice starts after both.
    """
    rng = np.random.default_rng([seed, 7])
    hours = n_days * 24
    first, second = sorted(rng.choice(np.arange(48, hours // 2, 6), size=2, replace=False))
    while second - first < 72:  # keep the two windows apart
        second = first + 72
    spike_first = bool(rng.random() < 0.5)
    spike_start, drift_start = (first, second) if spike_first else (second, first)
    latency = LatencySpike(
        start_hour=int(spike_start),
        hours=int(rng.integers(3, 9)),
        cause=str(rng.choice(["model_version_change", "batch_size_change"])),
        new_version=f"{LOG_START:%Y%m}{spike_start // 24 + 1:02d}T120000-gbm-{rng.bytes(4).hex()}",
        client=str(rng.choice(CLIENTS)),
    )
    drift = InputDrift(
        start_hour=int(drift_start),
        hours=int(rng.integers(24, 61)),
        feature=str(rng.choice(list(UNITS))),
        client=str(rng.choice(CLIENTS)),
    )
    column = str(rng.choice(["generation", "secondary_type"]))
    value = int(rng.integers(1, 9)) if column == "generation" else str(rng.choice(TYPES))
    others = [t for t in TYPES if t != value]
    bias = BiasedSlice(
        start_hour=int(second + 72 + rng.integers(0, 48)),
        column=column,
        value=value,
        confused_with=str(rng.choice(others)),
    )
    return IncidentPlan(latency, drift, bias)


def make_prediction_logs(
    seed: int = 42, plan: IncidentPlan = DEFAULT_PLAN, n_days: int = N_DAYS
) -> tuple[pl.DataFrame, dict]:
    """Simulate ``n_days`` of prediction logs with the plan's three incidents.

    Args:
        seed: the random seed; the same seed and plan give the same bytes.
        plan: when and how the incidents happen.
        n_days: days of traffic from ``LOG_START``.

    Returns:
        ``(logs, answer_key)``: one row per prediction, sorted by time, and a dict
        with the log's span and, per incident, its alert, window (ISO times), root
        cause (a key of ``ROOT_CAUSES``), evidence, fix (a key of ``FIXES``) and
        prevention.
    """
    rng = np.random.default_rng([seed, 5])
    requests = _requests(rng, plan, n_days)
    n_rows = int(requests["batch_size"].sum())
    row_request = np.repeat(np.arange(len(requests["hour"])), requests["batch_size"])
    hour = requests["hour"][row_request]
    client = requests["client"][row_request]
    creatures = generate_pokemon(n_rows, seed + 10_000).to_pandas()
    in_slice = _plant_slice(rng, creatures, hour, plan.bias)
    drifted = (client == plan.drift.client) & _within(hour, plan.drift.start_hour, plan.drift.hours)
    unit, factor = UNITS[plan.drift.feature]
    digits = 2 if plan.drift.feature == "height_m" else 1
    maximum = 20.0 if plan.drift.feature == "height_m" else 9_999.9  # still passes validation
    creatures.loc[drifted, plan.drift.feature] = np.minimum(
        np.round(creatures.loc[drifted, plan.drift.feature].to_numpy() * factor, digits), maximum
    )
    prediction, confidence = _predict(
        rng, creatures["primary_type"].to_numpy(), drifted, in_slice, plan
    )
    labelled = rng.random(n_rows) < LABEL_SHARE
    features = creatures[list(INPUT_COLUMNS)]
    logs = pl.DataFrame(
        {
            "time": requests["time"][row_request],
            "request_id": requests["request_id"][row_request],
            "client": client,
            "model_version": requests["model_version"][row_request],
            "batch_size": requests["batch_size"][row_request].astype(np.int64),
            "latency_ms": requests["latency_ms"][row_request],
        }
    ).with_columns(pl.col("time").dt.replace_time_zone("UTC"))
    logs = pl.concat([logs, pl.from_pandas(features)], how="horizontal").with_columns(
        pl.Series("prediction", prediction),
        pl.Series("confidence", confidence),
        pl.Series("label", creatures["primary_type"].to_numpy()).set(pl.Series(~labelled), None),
    )
    key = _answer_key(plan, n_days, n_rows, unit, factor, requests)
    return logs, key


def _within(hour: np.ndarray, start: int, hours: int) -> np.ndarray:
    return (hour >= start) & (hour < start + hours)


def _requests(rng: np.random.Generator, plan: IncidentPlan, n_days: int) -> dict[str, np.ndarray]:
    """One entry per request: time, client, batch size, model version, latency."""
    hours = np.arange(n_days * 24)
    daily = 1 + 0.6 * np.sin(2 * np.pi * ((hours % 24) - 9) / 24)  # peak 15:00, trough 03:00
    counts = rng.poisson(REQUESTS_PER_HOUR * daily)
    hour = np.repeat(hours, counts)
    seconds = np.sort(hour * 3600 + rng.integers(0, 3_600_000, len(hour)) / 1000)
    hour = (seconds // 3600).astype(np.int64)
    n = len(hour)
    client = np.array(CLIENTS)[rng.choice(len(CLIENTS), size=n, p=CLIENT_SHARES)]
    batch_size = np.where(rng.random(n) < BATCH_SHARE, rng.integers(2, 21, n), 1)
    version = np.full(n, BASE_VERSION, dtype=object)
    spike = _within(hour, plan.latency.start_hour, plan.latency.hours)
    slow = np.ones(n)
    if plan.latency.cause == "model_version_change":
        version[spike] = plan.latency.new_version
        slow[spike] = SLOW_VERSION_FACTOR
    else:
        grown = spike & (client == plan.latency.client)
        batch_size = np.where(grown, rng.integers(150, 400, n), batch_size)
    latency = (LATENCY_MS * rng.lognormal(0, 0.35, n) + PER_ROW_MS * batch_size) * slow
    latency *= np.where(rng.random(n) < 0.01, rng.uniform(3, 8, n), 1)  # the usual odd slow call
    start_us = int(LOG_START.timestamp() * 1e6)
    return {
        "hour": hour,
        "time": (start_us + np.round(seconds * 1e6)).astype("datetime64[us]"),
        "request_id": np.array([f"{v:016x}" for v in rng.integers(0, 2**63, n)]),
        "client": client,
        "batch_size": batch_size,
        "model_version": version.astype(str),
        "latency_ms": np.round(latency, 3),
        "spike": spike,
    }


def _plant_slice(rng, creatures, hour: np.ndarray, bias: BiasedSlice) -> np.ndarray:
    """Make the slice common from ``bias.start_hour`` on; return which rows are biased."""
    after = hour >= bias.start_hour
    moved = after & (rng.random(len(hour)) < bias.share)
    if bias.column == "secondary_type":
        moved &= creatures["primary_type"].to_numpy() != bias.value  # a type differs from itself
    creatures.loc[moved, bias.column] = bias.value
    return after & (creatures[bias.column].to_numpy() == bias.value)


def _predict(rng, truth: np.ndarray, drifted, in_slice, plan: IncidentPlan):
    """Simulated predictions and confidences: right with the situation's accuracy."""
    n = len(truth)
    accuracy = np.where(drifted, DRIFT_ACCURACY, np.where(in_slice, SLICE_ACCURACY, BASE_ACCURACY))
    correct = rng.random(n) < accuracy
    types = np.array(TYPES)
    truth_index = pd.Categorical(truth, categories=TYPES).codes.astype(np.int64)
    other = (truth_index + rng.integers(1, len(TYPES), n)) % len(TYPES)  # any other type
    confused = np.full(n, TYPES.index(plan.bias.confused_with))
    use_confused = in_slice & (rng.random(n) < 0.8) & (confused != truth_index)
    wrong = np.where(use_confused, confused, other)
    prediction = types[np.where(correct, truth_index, wrong)]
    sure = np.where(correct, rng.beta(6, 1.8, n), rng.beta(2.5, 3, n))
    sure = np.where(in_slice & ~correct, rng.beta(5, 2, n), sure)  # confidently wrong
    sure = np.where(drifted, rng.beta(1.5, 5, n), sure)  # unsure on inputs it never saw
    confidence = np.round(1 / len(TYPES) + (1 - 1 / len(TYPES)) * sure, 4)
    return prediction, confidence


def _iso(hour: int) -> str:
    return (LOG_START + timedelta(hours=int(hour))).isoformat()


def _answer_key(plan, n_days, n_rows, unit, factor, requests) -> dict:
    latency, drift, bias = plan.latency, plan.drift, plan.bias
    if latency.cause == "model_version_change":
        evidence = {"column": "model_version", "value": latency.new_version}
        fix = "roll_back_model"
        prevention = "canary the new version and compare its p99 latency before full rollout"
    else:
        evidence = {"column": "batch_size", "client": latency.client}
        fix = "cap_batch_size"
        prevention = "enforce a batch-size limit per client and alert on p99 latency"
    return {
        "start": LOG_START.isoformat(),
        "end": _iso(n_days * 24),
        "n_rows": n_rows,
        "n_requests": len(requests["hour"]),
        "baseline_model_version": BASE_VERSION,
        "plan": asdict(plan),
        "incidents": [
            {
                "alert": "latency_spike",
                "start": _iso(latency.start_hour),
                "end": _iso(latency.start_hour + latency.hours),
                "root_cause": latency.cause,
                "evidence": evidence,
                "fix": fix,
                "prevention": prevention,
            },
            {
                "alert": "confidence_collapse",
                "start": _iso(drift.start_hour),
                "end": _iso(drift.start_hour + drift.hours),
                "root_cause": "upstream_unit_change",
                "evidence": {
                    "column": drift.feature,
                    "client": drift.client,
                    "unit": unit,
                    "factor": factor,
                },
                "fix": "fix_upstream_units",
                "prevention": "monitor input drift (PSI) per client and validate units at the edge",
            },
            {
                "alert": "biased_slice",
                "start": _iso(bias.start_hour),
                "end": _iso(n_days * 24),
                "root_cause": "slice_underperformance",
                "evidence": {
                    "column": bias.column,
                    "value": bias.value,
                    "confused_with": bias.confused_with,
                },
                "fix": "retrain_with_slice_data",
                "prevention": "track accuracy per slice on labelled feedback, not only overall",
            },
        ],
    }
