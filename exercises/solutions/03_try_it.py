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
    # Module 3 "try it" tasks — reference solutions

    *Open this after you have tried the tasks* in `03_model_training.py`, where the
    briefs are. The checks grade behaviour, so your version may look different and still
    pass; the live checks below prove these answers do.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T3.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The baseline is a model like any other: it *learns* one thing from the training
    labels — their most common value — and is scored on the test labels. Choosing the
    label from `y_test` would let the test set answer its own question.
    (`DummyClassifier(strategy="most_frequent")` does the same, fitted and scored.)
    """)
    return


@app.function
def majority_baseline(y_train: pd.Series, y_test: pd.Series) -> float:
    """Accuracy on ``y_test`` of always answering the most common label of ``y_train``.

    Args:
        y_train: the training labels: the only labels the baseline may learn from.
        y_test: the labels it is scored on.

    Returns:
        The share of test rows whose label is the training majority, between 0 and 1.
    """
    majority = pd.Series(y_train).value_counts().idxmax()  # learned from training only
    return float((pd.Series(y_test) == majority).mean())


@app.cell
def _():
    live_check("T3.1", majority_baseline)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T3.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Fit time grows like a power of the rows, `seconds ≈ a · n^b`; on log–log axes that
    is a straight line, so a least-squares line through *every* timing gives `b` (how
    fast time grows) and `a`, and the line is read off at `n_target`. Assuming
    `b = 1` ("twice the rows, twice the time") is the usual, optimistic mistake.
    (`pokemon_ml.training.curves.fit_power_law` is this fit, used by the notebook.)
    """)
    return


@app.function
def estimate_fit_seconds(n_rows: list[int], seconds: list[float], n_target: int) -> float:
    """Extrapolate a fit time to ``n_target`` rows from fits timed on growing subsets.

    Args:
        n_rows: the subset sizes that were timed (increasing).
        seconds: the fit time measured on each subset, in seconds.
        n_target: the number of rows of the full run.

    Returns:
        The estimated fit time on ``n_target`` rows, in seconds.
    """
    b, log_a = np.polyfit(np.log(n_rows), np.log(seconds), 1)  # log s = log a + b log n
    return float(np.exp(log_a) * n_target**b)


@app.cell
def _():
    live_check("T3.2", estimate_fit_seconds)
    return


if __name__ == "__main__":
    app.run()
