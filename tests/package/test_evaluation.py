"""The evaluation stage, checked against libraries that compute the same things."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binomtest
from sklearn.metrics import brier_score_loss, classification_report, roc_auc_score

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.evaluation import (
    MIN_SLICE_ROWS,
    TAXONOMY,
    build_model_card,
    calibrate,
    categorize,
    cost_by_threshold,
    data_sha256,
    field_season,
    make_legendary_model,
    per_class_report,
    recommend,
    reliability_table,
    render_markdown,
    slice_table,
    threshold_report,
    wilson_interval,
    worst_slice,
)
from pokemon_ml.evaluation.card import CARD_KEYS
from pokemon_ml.evaluation.errors import make_error_set
from pokemon_ml.features import TARGET, make_baseline_model, make_model


@pytest.mark.parametrize(("successes", "n"), [(9, 12), (0, 5), (5, 5), (412, 500), (1, 1_000)])
def test_wilson_interval_matches_scipy(successes: int, n: int) -> None:
    expected = binomtest(successes, n).proportion_ci(method="wilson")
    assert wilson_interval(successes, n) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_per_class_report_matches_sklearn() -> None:
    rng = np.random.default_rng(0)
    truth = rng.choice(["a", "b", "c", "d"], 300, p=[0.6, 0.25, 0.1, 0.05])
    predicted = np.where(rng.random(300) < 0.7, truth, rng.choice(["a", "b", "c"], 300))
    predicted[predicted == "d"] = "a"  # class d is never predicted
    ours = per_class_report(truth, predicted)
    theirs = classification_report(truth, predicted, output_dict=True, zero_division=0)
    for label in ("a", "b", "c", "d", "macro avg", "weighted avg"):
        for ours_name, theirs_name in (("precision",) * 2, ("recall",) * 2, ("f1", "f1-score")):
            assert ours.loc[label, ours_name] == pytest.approx(theirs[label][theirs_name])
    assert ours.loc["d", "precision"] == 0.0  # never predicted


def _brute_force_costs(y: np.ndarray, p: np.ndarray, cost_fp: float, cost_fn: float) -> dict:
    costs = {}
    for t in [*np.unique(p), 1.0]:
        report = threshold_report(y, p, t, cost_fp, cost_fn)
        costs[float(t)] = report["cost"]
    return costs


@pytest.mark.parametrize("seed", range(5))
def test_cost_by_threshold_equals_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.random(200) < 0.2
    p = np.round(rng.random(200), 2)  # rounded: many ties
    table = cost_by_threshold(y, p, cost_fp=1.0, cost_fn=7.5)
    brute = _brute_force_costs(y, p, 1.0, 7.5)
    assert dict(zip(table["threshold"], table["cost"])) == pytest.approx(brute)


def test_threshold_report_counts_the_boundary_as_positive() -> None:
    report = threshold_report([1, 0, 1], [0.5, 0.5, 0.2], 0.5)
    assert (report["tp"], report["fp"], report["fn"], report["tn"]) == (1, 1, 1, 0)


def test_calibration_fixes_probabilities_and_keeps_the_ranking() -> None:
    from sklearn.linear_model import LogisticRegression

    train, test = field_season(rows=3_000, seed=11)
    calibration, held_out = test.iloc[: len(test) // 2], test.iloc[len(test) // 2 :]
    balanced = make_legendary_model(LogisticRegression(class_weight="balanced", max_iter=2_000))
    balanced.fit(train, train["is_legendary"])
    raw = balanced.predict_proba(held_out)[:, 1]
    fixed = calibrate(balanced, calibration, calibration["is_legendary"]).predict_proba(held_out)[
        :, 1
    ]
    y = held_out["is_legendary"]
    assert brier_score_loss(y, fixed) < 0.6 * brier_score_loss(y, raw)
    assert roc_auc_score(y, fixed) == pytest.approx(roc_auc_score(y, raw), abs=1e-9)
    table = reliability_table(y, raw)
    assert table["rows"].sum() == len(y)
    assert table["mean_predicted"].is_monotonic_increasing
    assert (table["gap"] < 0).mean() > 0.5  # "balanced" weights inflate every probability


def test_slice_table_counts_and_worst_slice() -> None:
    data = pd.DataFrame({"g": [1] * 40 + [2] * 40 + [3] * 10})
    truth = np.zeros(90)
    predicted = np.r_[np.zeros(36), np.ones(4), np.zeros(30), np.ones(10), np.ones(10)]
    table = slice_table(data, truth, predicted, ["g"])
    assert table["n"].tolist() == [40, 40, 10]
    assert table["accuracy"].tolist() == pytest.approx([0.9, 0.75, 0.0])
    assert worst_slice(table)["slice"] == "g=2"  # g=3 is worse but has < 30 rows
    assert MIN_SLICE_ROWS == 30


def test_categorize_follows_the_taxonomy_order() -> None:
    base = {"secondary_type": None, "true_type_proba": 0.0, "height_m": 1.0}
    errors = pd.DataFrame(
        [
            {**base, "height_m": 95.0, "predicted_type": "fire", "confidence": 0.99},
            {**base, "secondary_type": "fire", "predicted_type": "fire", "confidence": 0.95},
            {**base, "predicted_type": "fire", "confidence": 0.90},
            {**base, "predicted_type": "fire", "confidence": 0.50, "true_type_proba": 0.41},
            {**base, "predicted_type": "fire", "confidence": 0.50, "true_type_proba": 0.39},
        ],
        index=[10, 3, 7, 1, 2],
    )
    assert categorize(errors).tolist() == [
        "out_of_range",
        "secondary_type",
        "suspect_label",
        "close_call",
        "other",
    ]
    assert list(TAXONOMY) == [
        "out_of_range",
        "secondary_type",
        "suspect_label",
        "close_call",
        "other",
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_error_sets_plant_every_pattern(seed: int) -> None:
    errors, key = make_error_set(seed)
    assert errors.index.equals(key.index) and errors.index.is_unique
    counts = key["category"].value_counts()
    assert all(counts.get(category, 0) >= 10 for category in TAXONOMY)
    found = key[key["planted"] != ""]
    agree = (found["planted"] == found["category"]).groupby(found["planted"]).mean()
    assert agree["out_of_range"] == 1.0 and agree["suspect_label"] > 0.9
    assert agree["secondary_type"] > 0.5  # swapping the types can change the prediction
    assert all(category in accepted for category, accepted in zip(key.category, key.acceptable))


def test_error_sets_differ_by_seed_and_repeat_per_seed() -> None:
    first, again, other = make_error_set(1)[0], make_error_set(1)[0], make_error_set(2)[0]
    pd.testing.assert_frame_equal(first, again)
    assert not first.index.intersection(other.index).size


def _fitted(model, rows: int = 1_500, seed: int = 42):
    train = generate_pokemon(rows, seed).to_pandas()
    return model.fit(train.drop(columns=TARGET), train[TARGET])


def test_model_card_numbers_and_verdicts() -> None:
    data = generate_pokemon(1_200, 9_001).to_pandas()
    good = build_model_card(_fitted(make_model()), data)
    assert set(good) == set(CARD_KEYS)
    assert good["data"] == {"rows": 1_200, "sha256": data_sha256(data)}
    assert sum(v["n"] for k, v in good["slices"].items() if k.startswith("generation=")) == 1_200
    assert good["recommendation"] == "go"
    weak = build_model_card(_fitted(make_baseline_model()), data)
    assert weak["recommendation"] == "no-go"
    markdown = render_markdown(good)
    assert "## Risks" in markdown and f"{good['metrics']['accuracy']:.3f}" in markdown


def test_recommend_boundaries() -> None:
    slices = pd.DataFrame({"slice": ["a", "b"], "n": [100, 100], "accuracy": [0.80, 0.65]})
    assert recommend(0.80, slices)[0] == "go"  # a gap of exactly 0.15 is allowed
    assert recommend(0.81, slices)[0] == "go with conditions"
    assert recommend(0.7499, slices)[0] == "no-go"
    assert recommend(0.75, slices.assign(accuracy=[0.75, 0.75]))[0] == "go"


def test_data_sha256_sees_values_order_and_columns() -> None:
    data = generate_pokemon(50, 1).to_pandas()
    digest = data_sha256(data)
    assert digest == data_sha256(data.copy())
    assert digest != data_sha256(data.iloc[::-1])
    assert digest != data_sha256(data.rename(columns={"hp": "HP"}))
    changed = data.copy()
    changed.loc[0, "hp"] += 1
    assert digest != data_sha256(changed)
