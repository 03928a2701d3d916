# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "../..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import marimo as mo
    import numpy as np
    import pandas as pd

    from pokemon_ml import load_dataset
    from pokemon_ml.data.logs import FIXES, INPUT_COLUMNS, ROOT_CAUSES
    from pokemon_ml.grading.checks.m05_checkpoint import ALERTS
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Checkpoint 5 — Production Incident Simulation (reference solution)

    Four weeks after the Pokédex type service went live, the on-call channel has three
    alerts in it, each closed with "investigating". You are on call now. The service's
    prediction logs are all you have: one row per prediction — when, which request and
    client app, which model version, how long the request took, the creature's inputs,
    the predicted type and its confidence, and for about a third of the rows the true
    type a trainer reported later.

    This checkpoint puts Module 5 together: latency read from logs, input drift per
    client, accuracy per slice on labelled feedback, and the discipline of writing a
    diagnosis as code that finds the evidence — not as the evidence. Plan about an hour
    and a quarter.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("C5")
    return


@app.cell(hide_code=True)
def _():
    _causes = "\n".join(f"| `{k}` | {v} |" for k, v in ROOT_CAUSES.items())
    _fixes = "\n".join(f"| `{k}` | {v} |" for k, v in FIXES.items())
    mo.md(f"""
    The three alerts: **`latency_spike`** (requests got much slower for a few hours),
    **`confidence_collapse`** (the model's confidence fell for a while) and
    **`biased_slice`** (from some day on, the model is wrong far more often for some
    creatures). Write `diagnose_incidents(logs)`: for each alert, a dict with

    * `start` and `end` — the incident's window (timestamps, UTC): within 3 hours, or a
      fifth of the window's length for long ones (traffic is about a dozen requests an
      hour, fewer at night, so nobody can do much better);
    * `root_cause` — one of:

      | root cause | meaning |
      |:---|:---|
      {_causes}

    * `fix` — the fix for that cause, one of:

      | fix | meaning |
      |:---|:---|
      {_fixes}

    * `prevention` — a sentence: what would have caught it earlier, or stopped it;
    * the evidence: for `confidence_collapse`, the `feature` whose values changed and the
      `client` sending them; for `biased_slice`, the `slice` as `column=value`
      (`"generation=3"`, `"secondary_type=fire"`).

    Return `{{"latency_spike": {{...}}, "confidence_collapse": {{...}}, "biased_slice":
    {{...}}}}`. The check runs your function on this log and on **two logs you never
    see**, where the incidents happen at other times, for other causes, clients,
    features and slices: write code that finds the evidence. On a hidden log its
    feedback says what is wrong and in which direction, never the answer.
    """)
    return


@app.cell
def _():
    logs = load_dataset("prediction_logs")
    logs
    return (logs,)


@app.cell
def _(logs):
    _hourly = logs.set_index("time").resample("1h").agg(
        requests=("request_id", "nunique"),
        latency_p99=("latency_ms", lambda s: s.quantile(0.99)),
        confidence=("confidence", "mean"),
    )
    mo.vstack(
        [
            mo.md("A start: the logs per hour. Where do you look next?"),
            mo.ui.table(_hourly.reset_index(), page_size=8),
        ]
    )
    return


@app.function
def burst(times: pd.Series, excess: np.ndarray) -> tuple[float, pd.Timestamp, pd.Timestamp]:
    """The stretch of consecutive rows with the largest total ``excess`` (a maximum
    subarray): its total, and the times of its first and last rows."""
    totals = np.concatenate([[0.0], np.cumsum(excess)])
    lowest_before = np.minimum.accumulate(totals)
    end = int(np.argmax(totals[1:] - lowest_before[:-1]))
    start = int(np.argmin(totals[: end + 1]))
    return float(totals[end + 1] - totals[start]), times.iloc[start], times.iloc[end]


@app.function
def diagnose_incidents(logs: pd.DataFrame) -> dict:
    """Window, root cause, fix, prevention and evidence for each of the three alerts.

    Args:
        logs: one row per prediction (the ``prediction_logs`` data set's columns).

    Returns:
        ``{alert: {"start", "end", "root_cause", "fix", "prevention", ...}}`` for every
        alert in ``ALERTS``.
    """
    logs = logs.sort_values("time", kind="stable").reset_index(drop=True)

    # Latency spike: the stretch of rows whose latency is most above twice the usual.
    excess = np.log(logs["latency_ms"] / logs["latency_ms"].median()) - np.log(2)
    _, start, end = burst(logs["time"], excess.to_numpy())
    inside = (logs["time"] >= start) & (logs["time"] <= end)
    if set(logs.loc[inside, "model_version"]) - set(logs.loc[~inside, "model_version"]):
        cause, fix = "model_version_change", "roll_back_model"
    else:  # the same model, but much bigger batches
        cause, fix = "batch_size_change", "cap_batch_size"
    latency = {
        "start": start.floor("1h"), "end": end.ceil("1h"), "root_cause": cause, "fix": fix,
        "prevention": "canary every deploy, cap batch sizes per client, alert on p99 latency",
    }

    # Confidence collapse: a client whose weight or height jumped by a constant factor (a
    # unit change): per client and feature, the stretch of rows most above 1.5 times
    # the client's usual value, in log terms; the strongest stretch is the incident.
    found = []
    for client, rows in logs.groupby("client"):
        for feature in ("weight_kg", "height_m"):
            excess = np.log(rows[feature] / rows[feature].median()) - np.log(1.5)
            found.append((*burst(rows["time"], excess.to_numpy()), client, feature))
    _, c_start, c_end, client, feature = max(found, key=lambda f: f[0])
    collapse = {
        "start": c_start.floor("1h"), "end": c_end.ceil("1h"), "root_cause": "upstream_unit_change",
        "fix": "fix_upstream_units", "feature": feature, "client": client,
        "prevention": "monitor input drift per client and check units at the API edge",
    }

    # Biased slice: the slice with the worst accuracy on labelled rows (outside the
    # drift window), and the moment its share of traffic jumped (a CUSUM change point).
    labelled = logs[logs["label"].notna() & ~((logs["time"] >= c_start) & (logs["time"] < c_end))]
    right = labelled["prediction"] == labelled["label"]
    candidates = []
    for column in ("generation", "secondary_type"):
        accuracy = right.groupby(labelled[column]).agg(["mean", "size"])
        accuracy = accuracy[accuracy["size"] >= 50]
        candidates.append((accuracy["mean"].min(), column, accuracy["mean"].idxmin()))
    _, column, value = min(candidates)
    in_slice = (logs[column] == value).astype(float).to_numpy()
    change = int(np.argmin(np.cumsum(in_slice - in_slice.mean())))
    bias = {
        "start": logs["time"].iloc[change + 1], "end": logs["time"].max(),
        "root_cause": "slice_underperformance", "fix": "retrain_with_slice_data",
        "slice": f"{column}={value}",
        "prevention": "track accuracy per slice on labelled feedback, and alert on each slice",
    }
    return {"latency_spike": latency, "confidence_collapse": collapse, "biased_slice": bias}


@app.cell
def _(logs):
    try:
        _diagnosis = diagnose_incidents(logs)
    except NotImplementedError:
        _shown = mo.md("*Write `diagnose_incidents`: your diagnosis of this log shows here.*")
    else:
        _shown = mo.vstack(
            [mo.md("Your diagnosis of this log:"), pd.DataFrame(_diagnosis).T if isinstance(_diagnosis, dict) else _diagnosis]
        )
    _shown
    return


@app.cell
def _():
    hints_c5 = hint_button("C5")
    return (hints_c5,)


@app.cell
def _(hints_c5):
    live_check("C5", diagnose_incidents, hints_c5)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## When it passes

    This is a reference solution: the check grades behaviour, so yours may find the
    evidence another way and still pass. Tick the checkpoint's lines in `PROGRESS.md` (`uv run pokemon-ml progress --update`
    ticks the graded one).
    """)
    return


if __name__ == "__main__":
    app.run()
