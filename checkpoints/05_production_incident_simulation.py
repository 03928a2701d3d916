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
# pokemon-ml = { path = "..", editable = true }
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
    # Checkpoint 5 — Production Incident Simulation

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
def diagnose_incidents(logs: pd.DataFrame) -> dict:
    """Window, root cause, fix, prevention and evidence for each of the three alerts.

    Args:
        logs: one row per prediction (the ``prediction_logs`` data set's columns).

    Returns:
        ``{alert: {"start", "end", "root_cause", "fix", "prevention", ...}}`` for every
        alert in ``ALERTS``.
    """
    raise NotImplementedError


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

    Write the incident report you would post in the on-call channel (one paragraph per
    alert: what happened, since when, why, what you did, what will stop it happening
    again), then compare with `checkpoints/solutions/05_production_incident_simulation.py`.
    Tick the checkpoint's lines in `PROGRESS.md` (`uv run pokemon-ml progress --update`
    ticks the graded one).
    """)
    return


if __name__ == "__main__":
    app.run()
