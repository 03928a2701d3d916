"""The prediction logs: deterministic bytes, inputs the service accepts, and three
incidents that are really in the data where the answer key says — for the default
plan and for plans moved and changed by ``random_plan``."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from pydantic import TypeAdapter

from pokemon_ml.data.datasets import build_datasets, frame_sha256
from pokemon_ml.data.logs import (
    DEFAULT_PLAN,
    FIXES,
    INPUT_COLUMNS,
    ROOT_CAUSES,
    make_prediction_logs,
    random_plan,
)
from pokemon_ml.serving.schemas import INPUT_FIELDS, Creature

PLANS = [("default", 42, DEFAULT_PLAN)] + [(f"random {s}", s, random_plan(s)) for s in (1, 2, 3, 4)]


@pytest.fixture(scope="module", params=PLANS, ids=lambda p: p[0])
def logs_and_key(request) -> tuple[pl.DataFrame, dict]:
    _, seed, plan = request.param
    return make_prediction_logs(seed, plan)


def window(logs: pl.DataFrame, incident: dict) -> pl.Series:
    start, end = (datetime.fromisoformat(incident[k]) for k in ("start", "end"))
    return (logs["time"] >= start) & (logs["time"] < end)


def test_same_seed_and_plan_give_the_same_bytes_and_another_seed_does_not() -> None:
    first, key = make_prediction_logs(7, random_plan(7))
    second, again = make_prediction_logs(7, random_plan(7))
    assert key == again
    for fmt in ("csv", "parquet"):
        assert frame_sha256(first, fmt) == frame_sha256(second, fmt)
        assert frame_sha256(first, fmt) != frame_sha256(make_prediction_logs(8)[0], fmt)


def test_the_logs_are_in_the_manifest_with_their_answer_key() -> None:
    frames, keys = build_datasets(300, 5)
    assert frames["prediction_logs"].equals(make_prediction_logs(5)[0])
    assert [i["alert"] for i in keys["prediction_logs"]["incidents"]] == [
        "latency_spike",
        "confidence_collapse",
        "biased_slice",
    ]


def test_every_logged_input_is_one_the_service_accepts(logs_and_key) -> None:
    logs, _ = logs_and_key
    assert INPUT_COLUMNS == INPUT_FIELDS  # the log's columns are the request's fields
    TypeAdapter(list[Creature]).validate_python(logs.select(INPUT_COLUMNS).to_dicts())
    assert logs["time"].is_sorted() and logs["confidence"].is_between(1 / 6, 1).all()


def test_the_answer_key_uses_the_fixed_vocabulary(logs_and_key) -> None:
    _, key = logs_and_key
    for incident in key["incidents"]:
        assert incident["root_cause"] in ROOT_CAUSES and incident["fix"] in FIXES
        assert incident["start"] < incident["end"] and incident["prevention"]


def test_the_latency_spike_is_in_its_window_with_its_cause(logs_and_key) -> None:
    logs, key = logs_and_key
    incident = key["incidents"][0]
    inside = window(logs, incident)
    p50_in = logs.filter(inside)["latency_ms"].quantile(0.5)
    p50_out = logs.filter(~inside)["latency_ms"].quantile(0.5)
    evidence = incident["evidence"]
    if incident["root_cause"] == "model_version_change":
        assert p50_in > 5 * p50_out
        new_version = logs["model_version"] == evidence["value"]
        assert (new_version == inside).all()  # deployed exactly then, rolled back after
    else:
        client = logs["client"] == evidence["client"]
        sizes_in = logs.filter(inside & client)["batch_size"]
        assert sizes_in.median() >= 100 and logs.filter(~inside)["batch_size"].max() <= 20
        assert logs.filter(inside & client)["latency_ms"].median() > 2 * p50_out


def test_the_confidence_collapse_is_the_client_whose_unit_changed(logs_and_key) -> None:
    logs, key = logs_and_key
    incident = key["incidents"][1]
    evidence = incident["evidence"]
    affected = window(logs, incident) & (logs["client"] == evidence["client"])
    rest = logs.filter(~affected)
    assert logs.filter(affected)["confidence"].mean() < rest["confidence"].mean() - 0.25
    ratio = logs.filter(affected)[evidence["column"]].median() / rest[evidence["column"]].median()
    assert ratio == pytest.approx(evidence["factor"], rel=0.3)


def test_the_biased_slice_is_wrong_far_more_often(logs_and_key) -> None:
    logs, key = logs_and_key
    incident = key["incidents"][2]
    evidence = incident["evidence"]
    labelled = logs.filter(pl.col("label").is_not_null())
    after = window(labelled, incident)
    in_slice = after & (labelled[evidence["column"]] == evidence["value"])
    drift = key["incidents"][1]
    normal = ~in_slice & ~window(labelled, drift)
    accuracy = lambda rows: (rows["prediction"] == rows["label"]).mean()
    assert accuracy(labelled.filter(in_slice)) < 0.5
    assert accuracy(labelled.filter(normal)) > 0.78
    confused = labelled.filter(in_slice)["prediction"] == evidence["confused_with"]
    assert confused.mean() > 0.3
    share_before = (
        logs.filter(logs["time"] < datetime.fromisoformat(incident["start"]))[evidence["column"]]
        == evidence["value"]
    ).mean()
    share_after = (
        logs.filter(window(logs, incident))[evidence["column"]] == evidence["value"]
    ).mean()
    assert share_after > 2 * share_before  # the slice's traffic grew


def test_random_plans_move_and_change_the_incidents() -> None:
    plans = [random_plan(seed) for seed in range(12)]
    assert len({(p.latency.start_hour, p.drift.feature, p.bias.value) for p in plans}) >= 10
    assert {p.latency.cause for p in plans} == {"model_version_change", "batch_size_change"}
    assert {p.drift.feature for p in plans} == {"weight_kg", "height_m"}
    assert {p.bias.column for p in plans} == {"generation", "secondary_type"}
    for plan in plans:
        spike = range(plan.latency.start_hour, plan.latency.start_hour + plan.latency.hours)
        drift = range(plan.drift.start_hour, plan.drift.start_hour + plan.drift.hours)
        assert not set(spike) & set(drift)
        assert plan.bias.start_hour >= max(spike.stop, drift.stop)
