"""Drift statistics agree with scipy, stay quiet on unshifted samples, flag shifted
features (numeric and categorical), and the log readers give one flat frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pokemon_ml import generate_pokemon
from pokemon_ml.data.logs import make_prediction_logs
from pokemon_ml.monitoring import (
    feature_drift,
    ks_test,
    psi,
    psi_categorical,
    read_prediction_logs,
    window,
    window_summary,
)

FEATURES = ["hp", "attack", "speed", "height_m", "weight_kg", "generation", "secondary_type"]


@pytest.mark.parametrize("seed", range(5))
def test_ks_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    reference = rng.normal(0, 1, 800)
    current = rng.normal(rng.uniform(0, 0.3), 1, int(rng.integers(50, 600)))
    current = np.round(current, 1)  # ties, as integer stats have
    ours = ks_test(reference, current)
    theirs = stats.ks_2samp(reference, current, method="asymp")
    assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-12)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-6, abs=1e-12)


def test_psi_is_zero_for_the_same_sample_and_grows_with_the_shift() -> None:
    rng = np.random.default_rng(0)
    reference = rng.normal(0, 1, 5_000)
    assert psi(reference, reference) == pytest.approx(0.0, abs=1e-12)
    shifts = [psi(reference, rng.normal(shift, 1, 5_000)) for shift in (0.0, 0.25, 0.5, 1.0)]
    assert shifts == sorted(shifts) and shifts[0] < 0.02 and shifts[-1] > 0.5
    # The textbook value for a one-sd shift of a normal is ≈ 1 (10 quantile bins: ≈ 0.9–1.1).
    assert 0.8 < shifts[-1] < 1.3


def test_psi_categorical_by_hand() -> None:
    reference = ["a"] * 50 + ["b"] * 50
    current = ["a"] * 80 + ["b"] * 20
    expected = (0.8 - 0.5) * np.log(0.8 / 0.5) + (0.2 - 0.5) * np.log(0.2 / 0.5)
    assert psi_categorical(reference, current) == pytest.approx(expected)
    assert psi_categorical(reference, reference + ["c"] * 30) > 0.2  # a new category counts


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_no_false_alarm_on_an_unshifted_sample(seed: int) -> None:
    reference = generate_pokemon(1_500, 42).to_pandas()
    current = generate_pokemon(400, seed).to_pandas()  # same distribution, other creatures
    report = feature_drift(reference, current, FEATURES)
    assert not report["drifted"].any(), report
    assert (report["psi"] < 0.1).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shifted_features_are_flagged_and_only_they(seed: int) -> None:
    reference = generate_pokemon(1_500, 42).to_pandas()
    current = generate_pokemon(400, seed).to_pandas()
    current["weight_kg"] = current["weight_kg"] * 2.2  # sent in pounds
    current["speed"] = np.clip(current["speed"] + 25, 1, 255)
    current.loc[current.index[:150], "secondary_type"] = "rock"  # a category took over
    report = feature_drift(reference, current, FEATURES).set_index("feature")
    assert set(report.index[report["drifted"]]) == {"weight_kg", "speed", "secondary_type"}
    assert report.loc["secondary_type", "kind"] == "categorical"
    assert np.isnan(report.loc["secondary_type", "p_value"])
    assert report.loc["speed", "p_value"] < 1e-6


def test_read_prediction_logs_flattens_the_service_log_and_reads_the_data_set(tmp_path) -> None:
    from pokemon_ml.serving import PredictionLogger

    path = tmp_path / "predictions.jsonl"
    logger = PredictionLogger(path)
    rows = [{"hp": 45, "secondary_type": None}, {"hp": 50, "secondary_type": "fire"}]
    logger.log("r1", 0.25, "v1", rows, ["grass", "fire"], [0.8, 0.6])
    logger.close()
    frame = read_prediction_logs(path)
    assert frame[["request_id", "hp", "prediction"]].to_dict("list") == {
        "request_id": ["r1", "r1"],
        "hp": [45, 50],
        "prediction": ["grass", "fire"],
    }
    assert str(frame["time"].dt.tz) == "UTC"
    logs, _ = make_prediction_logs()
    logs.write_parquet(tmp_path / "logs.parquet")
    logs.write_csv(tmp_path / "logs.csv")
    from_parquet = read_prediction_logs(tmp_path / "logs.parquet")
    from_csv = read_prediction_logs(tmp_path / "logs.csv")
    assert len(from_parquet) == len(from_csv) == logs.height
    assert (from_parquet["time"] == from_csv["time"]).all()


def test_window_summary_finds_the_planted_latency_spike() -> None:
    logs = make_prediction_logs()[0].to_pandas()
    summary = window_summary(logs, "1h")
    assert len(summary) == 28 * 24 and summary["n_predictions"].sum() == len(logs)
    worst = summary["latency_p50_ms"].idxmax()
    _, key = make_prediction_logs()
    spike = key["incidents"][0]
    assert pd.Timestamp(spike["start"]) <= worst < pd.Timestamp(spike["end"])
    assert (
        len(window(logs, spike["start"], spike["end"]))
        == summary.loc[
            pd.Timestamp(spike["start"]) : pd.Timestamp(spike["end"]) - pd.Timedelta("1us"),
            "n_predictions",
        ].sum()
    )
