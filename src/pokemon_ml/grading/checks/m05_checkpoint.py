"""Check for checkpoint C5: the Production Incident Simulation (``diagnose_incidents``).

Three alerts fired during four weeks of prediction logs (``pokemon_ml.data.logs``): a
latency spike, a confidence collapse and a biased slice. The learner's
``diagnose_incidents(logs)`` returns, per alert, its time window, its root cause (a
key of ``ROOT_CAUSES``), the fix (a key of ``FIXES``) and a prevention measure, plus
the evidence that pins it down (the drifted feature and the client sending it; the
slice). It is graded against the generator's answer key on the course's log and on
two logs the learner never sees, generated with the incidents moved and changed
(another cause for the spike, another feature, client and slice), so an answer
remembered from the visible log fails. Feedback on a hidden log says what is wrong
and in which direction, never the right value.
"""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd

from pokemon_ml.data.generate import DEFAULT_SEED
from pokemon_ml.data.logs import DEFAULT_PLAN, FIXES, ROOT_CAUSES, make_prediction_logs, random_plan
from pokemon_ml.grading.calling import WrongAnswer, call_candidate
from pokemon_ml.grading.checks.m05_exercises import MODULE
from pokemon_ml.grading.registry import register

__all__ = ["ALERTS", "FIX_FOR", "graded_logs"]

ALERTS = ("latency_spike", "confidence_collapse", "biased_slice")
FIX_FOR = {
    "model_version_change": "roll_back_model",
    "batch_size_change": "cap_batch_size",
    "upstream_unit_change": "fix_upstream_units",
    "slice_underperformance": "retrain_with_slice_data",
}
EVIDENCE = {"confidence_collapse": ("feature", "client"), "biased_slice": ("slice",)}
HIDDEN_SEEDS = (5_500, 5_504)  # a batch-size spike, feet, secondary_type=fire; a deploy, rock
MIN_TOLERANCE = pd.Timedelta(hours=3)  # ~12 requests an hour, fewer at night: no finer
TOLERANCE_SHARE = 0.20  # of the alert's window length, for long windows
MIN_PREVENTION_WORDS = 6


@functools.cache
def graded_logs() -> tuple[tuple[str, pd.DataFrame, dict, bool], ...]:
    """(name, logs, answer key, hidden?) for the course's log and the hidden ones."""
    logs = [("the course's log (data/prediction_logs)", *make_prediction_logs(DEFAULT_SEED, DEFAULT_PLAN), False)]
    for number, seed in enumerate(HIDDEN_SEEDS, start=1):
        logs.append((f"hidden log {number}", *make_prediction_logs(seed, random_plan(seed)), True))
    return tuple((name, frame.to_pandas(), key, hidden) for name, frame, key, hidden in logs)


def _expected(key: dict) -> dict[str, dict]:
    out = {}
    for incident in key["incidents"]:
        evidence = incident["evidence"]
        item = {
            "start": pd.Timestamp(incident["start"]),
            "end": pd.Timestamp(incident["end"]),
            "root_cause": incident["root_cause"],
            "fix": incident["fix"],
        }
        if incident["alert"] == "confidence_collapse":
            item.update(feature=evidence["column"], client=evidence["client"])
        if incident["alert"] == "biased_slice":
            item["slice"] = f"{evidence['column']}={evidence['value']}"
        out[incident["alert"]] = item
    return out


def _timestamp(value: Any) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return None
    if stamp is pd.NaT:
        return None
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _review(answer: Any, name: str, key: dict, hidden: bool) -> None:
    where = f"On {name}:"
    if not isinstance(answer, dict):
        raise WrongAnswer(
            f"{where} `diagnose_incidents` returned a {type(answer).__name__}; return a dict "
            f"with one entry per alert: {', '.join(ALERTS)}."
        )
    missing = [a for a in ALERTS if a not in answer]
    if missing:
        raise WrongAnswer(f"{where} no diagnosis for {', '.join(missing)}. Diagnose all three alerts: {', '.join(ALERTS)}.")
    expected = _expected(key)
    for alert in ALERTS:
        found, truth = answer[alert], expected[alert]
        if not isinstance(found, dict):
            raise WrongAnswer(f"{where} the diagnosis of {alert} should be a dict (start, end, root_cause, fix, prevention…).")
        _check_window(found, truth, alert, where, hidden)
        cause = found.get("root_cause")
        if cause not in ROOT_CAUSES:
            raise WrongAnswer(
                f"{where} {alert}: root_cause {cause!r} is not in the vocabulary: "
                f"{', '.join(ROOT_CAUSES)}."
            )
        if cause != truth["root_cause"]:
            raise WrongAnswer(f"{where} {alert}: {_cause_feedback(alert, cause)}")
        if found.get("fix") != FIX_FOR[cause]:
            raise WrongAnswer(
                f"{where} {alert}: the fix {found.get('fix')!r} does not remove the cause you "
                f"found ({cause}). Choose from: {', '.join(FIXES)}."
            )
        prevention = found.get("prevention")
        if not isinstance(prevention, str) or len(prevention.split()) < MIN_PREVENTION_WORDS:
            raise WrongAnswer(
                f"{where} {alert}: state a prevention measure in a sentence (at least "
                f"{MIN_PREVENTION_WORDS} words): what would have caught it earlier, or stopped it."
            )
        for field in EVIDENCE.get(alert, ()):
            value = str(found.get(field, "")).strip()
            if value != str(truth[field]):
                what = {
                    "feature": "the feature whose values changed (a column name)",
                    "client": "the client app sending it",
                    "slice": "the slice, as `column=value` (e.g. `generation=3`)",
                }[field]
                shown = f" (you said {value!r})" if value else ""
                raise WrongAnswer(f"{where} {alert}: `{field}` should name {what}{shown}; it does not match the logs.")


def _check_window(found: dict, truth: dict, alert: str, where: str, hidden: bool) -> None:
    start, end = _timestamp(found.get("start")), _timestamp(found.get("end"))
    if start is None or end is None or end <= start:
        raise WrongAnswer(
            f"{where} {alert}: give the window as `start` and `end` timestamps (UTC), end after "
            "start."
        )
    tolerance = max(MIN_TOLERANCE, TOLERANCE_SHARE * (truth["end"] - truth["start"]))
    for label, mine, right in (("starts", start, truth["start"]), ("ends", end, truth["end"])):
        if abs(mine - right) > tolerance:
            direction = "too early" if mine < right else "too late"
            shown = "" if hidden else f" (the evidence says {right:%Y-%m-%d %H:%M} UTC)"
            raise WrongAnswer(
                f"{where} {alert}: your window {label} {direction}{shown}; within "
                f"{tolerance / pd.Timedelta(hours=1):.1f} h is enough. Find when the symptom "
                "starts and stops in the logs (hourly summaries help), not from the alert's "
                "name."
            )


def _cause_feedback(alert: str, cause: str) -> str:
    looks = {
        "latency_spike": "Compare the slow requests with the fast ones: which `model_version` "
        "served them, and how big were their batches (`batch_size`, per client)?",
        "confidence_collapse": "Compare the inputs in the window with the weeks before, per "
        "client: a feature whose values jumped by a constant factor is a unit change.",
        "biased_slice": "Accuracy on the labelled rows, per slice (generation, secondary type), "
        "before and after the alert: which slice is wrong far more often?",
    }[alert]
    return f"the root cause is not {cause}. {looks}"


@register(
    "C5",
    module=MODULE,
    title="Production Incident Simulation",
    function="diagnose_incidents",
    notebook="checkpoints/05_production_incident_simulation.py",
    solution="checkpoints/solutions/05_production_incident_simulation.py",
    minutes=75,
    difficulty="hard",
    hints=(
        (
            "Summarise the logs per hour first (`logs.set_index('time').resample('1h')`): "
            "p99 latency, mean confidence, and accuracy on the rows with a `label`. Each "
            "alert is a run of unusual hours; its window is that run."
        ),
        (
            "For a cause, split the unusual hours by what could differ: `model_version`, "
            "`batch_size` and `client` for latency; each input feature per client for "
            "confidence (a ratio of medians near 2.2 or 3.3 is a unit); per slice accuracy "
            "for bias."
        ),
        (
            "Write the detection as code that finds the numbers, never as the numbers: the "
            "check runs your function on logs whose incidents happen elsewhere, with other "
            "causes, features, clients and slices."
        ),
    ),
    timeout_s=90.0,
)
def check_diagnose_incidents(candidate: Any) -> str:
    for name, logs, key, hidden in graded_logs():
        answer = call_candidate(candidate, logs)
        _review(answer, name, key, hidden)
    return (
        "All three alerts diagnosed on the course's log and on two logs you never saw (other "
        "windows, another latency cause, other features, clients and slices): windows, root "
        "causes, fixes, evidence and prevention."
    )
