# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
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
    import math

    import marimo as mo
    import numpy as np

    from pokemon_ml.grading.notebook import exercise_header, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 4 "try it" tasks — reference solutions

    *Open this after you have tried the tasks* in `04_model_evaluation.py`, where the
    briefs are. The checks grade behaviour, so your version may look different and still
    pass; the live checks below prove these answers do.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T4.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Recall divides the positives the model caught by **all** the positives. A row is
    caught when its probability is *at or above* the threshold — `>=`, the same rule as
    scikit-learn's curves and `threshold_report` — so a row sitting exactly on the
    threshold counts. `np.asarray` makes lists, arrays and Series (whatever their index)
    behave alike. (`sklearn.metrics.recall_score(y, proba >= threshold)` is the same.)
    """)
    return


@app.function
def recall_at(y, proba, threshold: float) -> float:
    """The recall of a model that calls every row with ``proba >= threshold`` positive.

    Args:
        y: the true labels, True/1 for positive (a list, array or Series).
        proba: the model's probability of the positive class, one per row.
        threshold: rows with a probability at or above it are called positive.

    Returns:
        Caught positives / all positives, between 0 and 1.
    """
    truth = np.asarray(y).astype(bool)
    called = np.asarray(proba, dtype=float) >= threshold
    return float((truth & called).sum() / truth.sum())


@app.cell
def _():
    live_check("T4.1", recall_at)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T4.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Wilson's interval is the set of accuracies a two-sided test at 5% would not reject.
    Its centre is pulled from `p` towards 1/2, and its width never collapses to zero at
    0 of *n* or *n* of *n* — where the textbook `p ± 1.96·√(p(1−p)/n)` claims certainty.
    (`scipy.stats.binomtest(correct, n).proportion_ci(method="wilson")` and
    `pokemon_ml.evaluation.wilson_interval` compute the same.)
    """)
    return


@app.function
def slice_interval(correct: int, n: int) -> tuple[float, float]:
    """The 95% Wilson interval of a slice's accuracy: ``correct`` right out of ``n`` rows.

    Args:
        correct: how many of the slice's rows the model got right.
        n: how many rows the slice has (at least 1).

    Returns:
        ``(low, high)``, both between 0 and 1.
    """
    z = 1.959963984540054  # the normal quantile of a two-sided 95% interval
    p = correct / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


@app.cell
def _():
    live_check("T4.2", slice_interval)
    return


if __name__ == "__main__":
    app.run()
