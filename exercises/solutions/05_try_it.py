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

    from pokemon_ml.grading.notebook import exercise_header, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 5 "try it" tasks — reference solutions

    *Open this after you have tried the tasks* in `05_inference_service.py`, where the
    briefs are. The checks grade behaviour, so your version may look different and still
    pass; the live checks below prove these answers do.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T5.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    One conversion, then numpy: seconds × 1,000 are milliseconds, and `np.percentile`
    sorts the calls itself and interpolates between the two nearest ranks. Percentiles
    take *percents* (50, 95, 99); `np.quantile` takes fractions (0.5, 0.95, 0.99) and
    gives the same numbers. `np.asarray` makes a list, an array and a Series behave
    the same — a Series' `[k]` would look up a label, not a position.
    """)
    return


@app.function
def latency_summary(latencies_s) -> dict[str, float]:
    """p50, p95 and p99 of latencies timed in seconds, in milliseconds.

    Args:
        latencies_s: one latency per call, in seconds, in the order the calls happened
            (a list, a numpy array or a pandas Series).

    Returns:
        ``{"p50": …, "p95": …, "p99": …}`` in milliseconds, as ``np.percentile``
        computes them.
    """
    latency_ms = np.asarray(latencies_s, dtype=float) * 1_000
    p50, p95, p99 = np.percentile(latency_ms, [50, 95, 99])
    return {"p50": float(p50), "p95": float(p95), "p99": float(p99)}


@app.cell
def _():
    live_check("T5.1", latency_summary)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T5.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    A row without a label is *unknown*, not wrong: it belongs in neither the count of
    right answers nor the denominator. `notna()` on the label column keeps exactly the
    labelled rows (`logs.dropna()` would also drop every creature without a secondary
    type). With nothing labelled there is nothing to score: NaN, not 0.
    """)
    return


@app.function
def window_accuracy(logs: pd.DataFrame) -> float:
    """Accuracy of a window of prediction logs, on the rows that have a label.

    Args:
        logs: prediction-log rows with ``prediction`` and ``label`` (None or NaN where
            the true type has not been reported).

    Returns:
        The share of labelled rows whose prediction equals their label, between 0
        and 1; NaN when no row has a label.
    """
    labelled = logs[logs["label"].notna()]
    if labelled.empty:
        return float("nan")
    return float((labelled["prediction"] == labelled["label"]).mean())


@app.cell
def _():
    live_check("T5.2", window_accuracy)
    return


if __name__ == "__main__":
    app.run()
