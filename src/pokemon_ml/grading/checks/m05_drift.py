"""Check for exercise 5.3: ``detect_drift(reference, current)``.

The learner returns one row per feature (indexed by the feature's name) with a drift
``score`` and a ``drifted`` flag. Scores are defined exactly, so they are compared
with trusted numbers: for numeric features the two-sample Kolmogorov-Smirnov
statistic (``scipy.stats.ks_2samp``), for the categorical ``secondary_type`` the PSI
over its categories (a missing value is a category, shares floored at ``1e-4``). The
flags are the learner's judgement and graded by what they do: on unshifted samples
drawn from the same process with other seeds, nothing may be flagged (one seed is
chosen so that a plain ``p < 0.05`` raises a false alarm, as it does in practice when
twelve features are tested per window); on shifted samples exactly the shifted
features must be flagged — a unit change, a scaled height, a stat offset, a
generation that floods in, a secondary type that floods in. The package's own drift
functions are disarmed while the learner's code runs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

from pokemon_ml.data.generate import generate_pokemon
from pokemon_ml.grading.calling import WrongAnswer, candidate_run, same_data
from pokemon_ml.grading.checks.m04_exercises import disarm, is_disarmed_call
from pokemon_ml.grading.checks.m05_exercises import EXERCISE_SOLUTIONS, EXERCISES, MODULE
from pokemon_ml.grading.registry import register
from pokemon_ml.serving.schemas import INPUT_FIELDS

__all__ = ["CATEGORICAL", "drift_cases", "reference_scores", "reference_window"]

CATEGORICAL = ("secondary_type",)
TOLERANCE = 1e-9
FLOOR = 1e-4
MISSING = "(missing)"
REFERENCE_SEED, ROWS = 5_301, 1_500
UNSHIFTED_SEEDS = (5_318, 5_311, 5_319)  # 5_318: a feature at p = 0.031


@functools.cache
def reference_window() -> pd.DataFrame:
    return generate_pokemon(ROWS, REFERENCE_SEED).to_pandas()[list(INPUT_FIELDS)]


def _sample(seed: int, rows: int = ROWS) -> pd.DataFrame:
    frame = generate_pokemon(rows, seed).to_pandas()[list(INPUT_FIELDS)]
    frame.index = frame.index + 10_000  # not the reference's positions
    return frame


def _flood(frame: pd.DataFrame, column: str, value: Any, share: float, seed: int) -> pd.DataFrame:
    frame = frame.copy()
    chosen = np.random.default_rng(seed).random(len(frame)) < share
    frame.loc[chosen, column] = value
    return frame


@functools.cache
def drift_cases() -> tuple[tuple[str, pd.DataFrame, frozenset], ...]:
    """(description, current window, the features that were shifted)."""
    cases = [
        (f"an unshifted sample (seed {seed})", _sample(seed), frozenset()) for seed in UNSHIFTED_SEEDS
    ]
    pounds = _sample(5_320, 1_200)
    pounds["weight_kg"] = (pounds["weight_kg"] * 2.20462).round(1)
    cases.append(("weights sent in pounds", pounds, frozenset({"weight_kg"})))
    taller = _flood(_sample(5_321, 1_200), "secondary_type", "psychic", 0.3, 1)
    taller["height_m"] = (taller["height_m"] * 1.25).round(2)
    cases.append(
        ("heights 25% larger, and psychic secondary types flooding in", taller[list(INPUT_FIELDS)[::-1]],
         frozenset({"height_m", "secondary_type"}))
    )
    stronger = _flood(_sample(5_322, 1_200), "generation", 8, 0.4, 2)
    stronger["hp"] = (stronger["hp"] + 12).clip(upper=255)
    cases.append(("hp 12 points higher, and generation 8 flooding in", stronger, frozenset({"hp", "generation"})))
    return tuple(cases)


def _psi_categorical(reference: pd.Series, current: pd.Series) -> float:
    ref, cur = reference.fillna(MISSING).astype(str), current.fillna(MISSING).astype(str)
    categories = sorted(set(ref) | set(cur))
    r = ref.value_counts(normalize=True).reindex(categories, fill_value=0.0).clip(lower=FLOOR)
    c = cur.value_counts(normalize=True).reindex(categories, fill_value=0.0).clip(lower=FLOOR)
    return float(((c - r) * np.log(c / r)).sum())


def reference_scores(reference: pd.DataFrame, current: pd.DataFrame) -> dict[str, float]:
    """The exercise's scores: KS statistic (numeric), PSI (categorical)."""
    scores = {}
    for column in reference.columns:
        if column in CATEGORICAL:
            scores[column] = _psi_categorical(reference[column], current[column])
        else:
            scores[column] = float(ks_2samp(reference[column], current[column]).statistic)
    return scores


def drift_in_sandbox(detect_drift: Callable[..., Any], reference: pd.DataFrame, current: pd.DataFrame) -> dict:
    """Worker side: the learner's table as plain data, the package's drift functions disarmed."""
    from pokemon_ml.monitoring import drift

    disarm(drift.psi, drift.psi_categorical, drift.ks_test, drift.feature_drift)
    try:
        result = detect_drift(reference, current)
    except RuntimeError as error:
        if is_disarmed_call(error):
            return {"package": True}
        raise
    after = (reference, current)
    if not isinstance(result, pd.DataFrame):
        return {"problem": f"a {type(result).__name__}", "after": after}
    missing = [c for c in ("score", "drifted") if c not in result.columns]
    if missing:
        return {"problem": f"a table without {' and '.join(missing)} (columns: {list(map(str, result.columns))})", "after": after}
    return {
        "features": [str(i) for i in result.index],
        "scores": [v if isinstance(v, (bool, np.bool_)) else _number(v) for v in result["score"]],
        "flags": [v if isinstance(v, (bool, np.bool_)) else repr(v) for v in result["drifted"]],
        "after": after,
    }


def _number(value: Any) -> Any:
    try:
        return float(value)
    except (TypeError, ValueError):
        return repr(value)


def _verdict(reply: dict, what: str, current: pd.DataFrame, shifted: frozenset) -> None:
    reference = reference_window()
    if "package" in reply:
        raise WrongAnswer(
            "`detect_drift` called the course's own drift functions (`pokemon_ml.monitoring`). "
            "Compute the scores yourself — scipy's `ks_2samp` is allowed (the check disarms "
            "the package's versions while your function runs)."
        )
    if not same_data((reference, current), reply["after"]):
        raise WrongAnswer(
            "`detect_drift` changed a window it was given. Monitoring reads data; it never "
            "edits it: work on copies."
        )
    if "problem" in reply:
        raise WrongAnswer(
            f"`detect_drift` returned {reply['problem']}. Return a DataFrame indexed by feature "
            "name with a `score` and a `drifted` column."
        )
    features = reply["features"]
    expected = list(reference.columns)
    if sorted(features) != sorted(expected):
        raise WrongAnswer(
            f"For {what}, your table has a row for {sorted(features)}; it needs exactly one per "
            f"feature of the windows: {sorted(expected)} (numeric and categorical)."
        )
    truth = reference_scores(reference, current)
    bad_flags = [f for f, flag in zip(features, reply["flags"]) if not isinstance(flag, (bool, np.bool_))]
    if bad_flags:
        raise WrongAnswer(
            f"`drifted` holds {reply['flags'][features.index(bad_flags[0])]} for {bad_flags[0]}; "
            "use True or False (a boolean column), not numbers or text."
        )
    for feature, score in zip(features, reply["scores"]):
        if not isinstance(score, float) or abs(score - truth[feature]) > TOLERANCE:
            definition = (
                "the PSI over its categories (a missing value is a category; shares floored at "
                "1e-4; sum of (current - reference) * ln(current / reference))"
                if feature in CATEGORICAL
                else "the two-sample Kolmogorov-Smirnov statistic (the largest gap between the "
                "two empirical CDFs, as `scipy.stats.ks_2samp(...).statistic`)"
            )
            shown = f"{score:.4f}" if isinstance(score, float) else str(score)
            raise WrongAnswer(
                f"For {what}, your score for {feature} is {shown}; expected {truth[feature]:.4f}, "
                f"{definition}."
            )
    flagged = {f for f, flag in zip(features, reply["flags"]) if flag}
    false_alarms, missed = sorted(flagged - shifted), sorted(shifted - flagged)
    if false_alarms:
        details = ", ".join(f"{f} (score {truth[f]:.3f}{_p_value(reference, current, f)})" for f in false_alarms)
        raise WrongAnswer(
            f"For {what}, you flagged {details}, which did not drift. Twelve features are "
            "checked in every window: a test at p < 0.05 raises a false alarm in about half "
            "of all windows (1 - 0.95**12). Flag on the size of the shift (a KS statistic or "
            "PSI above a threshold you justify), or demand a far smaller p."
        )
    if missed:
        details = ", ".join(f"{f} (score {truth[f]:.3f})" for f in missed)
        raise WrongAnswer(
            f"For {what}, you did not flag {details}. A shift a monitoring dashboard exists to "
            "catch: lower your threshold, but keep the unshifted samples quiet."
        )


def _p_value(reference: pd.DataFrame, current: pd.DataFrame, feature: str) -> str:
    if feature in CATEGORICAL:
        return ""
    return f", p = {ks_2samp(reference[feature], current[feature]).pvalue:.3f}"


@register(
    "5.3",
    module=MODULE,
    title="Detect drift, without false alarms",
    function="detect_drift",
    notebook=EXERCISES,
    solution=EXERCISE_SOLUTIONS,
    minutes=40,
    difficulty="medium",
    hints=(
        (
            "Loop over `reference.columns`. Numeric: `ks_2samp(reference[c], current[c])` "
            "gives the statistic (the score) and a p-value. `secondary_type`: count shares "
            "per category in each window, after `fillna('(missing)')`."
        ),
        (
            "PSI for a categorical feature: the union of both windows' categories; each "
            "window's share per category (`value_counts(normalize=True)`, reindexed, 0 where "
            "absent), floored at 1e-4; then sum (current - reference) * ln(current / reference)."
        ),
        (
            "With 1,500 rows per window, p-values flag tiny, harmless differences, and twelve "
            "tests per window multiply false alarms. Flag on effect size: a KS statistic above "
            "about 0.1, a PSI above about 0.2."
        ),
    ),
)
def check_detect_drift(candidate: Any) -> str:
    reference = reference_window()
    for what, current, shifted in drift_cases():
        reply = candidate_run(candidate, drift_in_sandbox, reference, current)
        _verdict(reply, what, current, shifted)
    return (
        f"Your scores equal the KS statistic and the PSI on all {len(drift_cases())} windows; "
        "no false alarm on three unshifted samples, and every shifted feature flagged "
        "(a unit change, a scaled height, a stat offset, two categories flooding in)."
    )
