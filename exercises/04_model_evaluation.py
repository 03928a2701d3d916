# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
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
    from sklearn.metrics import (
        accuracy_score,
        average_precision_score,
        brier_score_loss,
        f1_score,
        precision_score,
        recall_score,
        roc_auc_score,
    )

    from pokemon_ml.evaluation import TAXONOMY, VALID_RANGES
    from pokemon_ml.evaluation.errors import make_error_set
    from pokemon_ml.evaluation.legendary import LEGENDARY, field_season, make_legendary_model
    from pokemon_ml.grading.checks.m04_errors import SAMPLE_SEED
    from pokemon_ml.grading.checks.m04_exercises import METRICS, SCENARIOS
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 4 exercises — evaluation

    Three exercises, about an hour and three quarters in all: pick the metric a business
    needs and compute it right, sort a model's mistakes into causes, and choose the
    threshold that costs least. Each asks for **one function** (4.1 also for a dict of
    choices, in a cell of its own). Replace its `raise NotImplementedError` with your
    code and run that cell (Ctrl+Enter, or Shift+Enter): marimo then re-runs the check
    cell under it, which tells you *passed*, *not yet* (with what it expected and what it
    saw) or *not attempted*. Stuck? The check cell offers hints, one click at a time.

    The checks are the ones `uv run pytest` runs, and they grade your code on data this
    notebook never shows you.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("4.1")
    return


@app.cell(hide_code=True)
def _():
    _scenarios = "\n".join(f"* **`{name}`** — {text}" for name, text in SCENARIOS.items())
    _metrics = "\n".join(f"| `{name}` | {meaning} |" for name, meaning in METRICS.items())
    mo.md(f"""
    **Part 1: `METRIC_CHOICES`.** For each scenario, the metric you would optimise and a
    reason (a sentence or two: which mistake costs most, and why your metric counts it).
    Where more than one metric is defensible, each is accepted; an indefensible one is
    explained.

    {_scenarios}

    **Part 2: `compute_metric(name, y_true, y_pred_or_score)`** returns metric `name` as a
    float, exactly as scikit-learn computes it (scikit-learn is allowed — knowing which
    function and which arguments is the skill). Inputs are lists, numpy arrays or pandas
    Series (any index; both arguments of a call come the same way).

    | name | what it measures |
    |:---|:---|
    {_metrics}

    Binary metrics are about class **1** (or `True`). Where a ratio has nothing to divide
    by (no row predicted 1, no row that is 1), it is **0**. The scores of `roc_auc`,
    `average_precision` and `brier` are probabilities of class 1; those three are never
    called with labels of only one class. The check compares your values with
    scikit-learn's on many random cases and on the edge cases that trip hand-written
    metrics.
    """)
    return


@app.cell
def metric_choices():
    # For each scenario: {"metric": one of METRICS, "reason": "a sentence or two"}.
    METRIC_CHOICES = {}
    return (METRIC_CHOICES,)


@app.function
def compute_metric(name: str, y_true, y_pred_or_score) -> float:
    """Metric ``name`` (one of ``METRICS``) of predictions or scores against labels.

    Args:
        name: ``"accuracy"``, ``"precision"``, … (the table above).
        y_true: the true labels.
        y_pred_or_score: predicted labels, or for ``roc_auc``, ``average_precision`` and
            ``brier`` the predicted probability of class 1.

    Returns:
        The metric as a float.
    """
    raise NotImplementedError


@app.cell
def _():
    _y = [0, 1, 1, 0, 1, 0, 0, 0]
    _predicted = [0, 1, 0, 0, 1, 1, 0, 0]
    _scores = [0.1, 0.9, 0.4, 0.2, 0.8, 0.6, 0.3, 0.1]
    _rows = []
    for _name in METRICS:
        _given = _scores if _name in ("roc_auc", "average_precision", "brier") else _predicted
        try:
            _rows.append({"metric": _name, "yours": compute_metric(_name, _y, _given)})
        except NotImplementedError:
            _rows.append({"metric": _name, "yours": "not yet"})
    mo.vstack([mo.md("Your `compute_metric` on a tiny example:"), pd.DataFrame(_rows)])
    return


@app.cell
def _():
    hints_4_1 = hint_button("4.1")
    return (hints_4_1,)


@app.cell
def _(METRIC_CHOICES, hints_4_1):
    live_check("4.1", compute_metric, hints_4_1, METRIC_CHOICES=METRIC_CHOICES)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("4.2")
    return


@app.cell(hide_code=True)
def _():
    _taxonomy = "\n".join(
        f"{number}. **`{name}`** — {rule} *Next step:* {TAXONOMY[name]}"
        for number, (name, rule) in enumerate(
            {
                "out_of_range": "some input lies outside `VALID_RANGES` (bounds included are "
                "valid).",
                "secondary_type": "`predicted_type` equals the creature's `secondary_type`.",
                "suspect_label": "`confidence` is at least 0.90.",
                "close_call": "`confidence - true_type_proba` is below 0.10.",
                "other": "none of the above.",
            }.items(),
            start=1,
        )
    )
    mo.md(f"""
    The type model's mistakes on a batch of new creatures are below: one row per error,
    the creature's columns plus `true_type` (the recorded type), `predicted_type`,
    `confidence` (the probability of the predicted type) and `true_type_proba` (the
    probability the model gave the recorded type). Write `categorize_errors(errors)`: one
    category per error, from this fixed taxonomy. Try the rules **in this order** and
    take the first that holds — each is more actionable than the next:

    {_taxonomy}

    `VALID_RANGES = {dict(VALID_RANGES)}` (imported above). Return a pandas Series of
    category names with the errors' index (or a list in row order). Every error gets
    exactly one category; do not change the table. The check grades two other batches
    with their own planted causes, and every row must agree with the taxonomy — except
    that near a threshold (a confidence of 0.89 or 0.91) either neighbouring answer
    counts. Its feedback counts, per category, the rows you agree on.
    """)
    return


@app.cell
def _():
    errors, _key = make_error_set(SAMPLE_SEED)
    errors
    return (errors,)


@app.function
def categorize_errors(errors: pd.DataFrame) -> pd.Series:
    """One taxonomy category per misclassification.

    Args:
        errors: one row per error: the creature's columns, ``true_type``,
            ``predicted_type``, ``confidence`` and ``true_type_proba``.

    Returns:
        A Series of category names (keys of ``TAXONOMY``) with ``errors``'s index.
    """
    raise NotImplementedError


@app.cell
def _(errors):
    try:
        _categories = categorize_errors(errors)
    except NotImplementedError:
        _shown = mo.md("*Write `categorize_errors` to see the counts per category.*")
    else:
        _counts = pd.Series(_categories).value_counts()
        _shown = mo.vstack(
            [
                mo.md("Your categories on this batch (the biggest count is next week's work):"),
                pd.DataFrame(
                    {
                        "errors": _counts,
                        "next step": [TAXONOMY.get(c, "(not in the taxonomy)") for c in _counts.index],
                    }
                ),
            ]
        )
    _shown
    return


@app.cell
def _():
    hints_4_2 = hint_button("4.2")
    return (hints_4_2,)


@app.cell
def _(hints_4_2):
    live_check("4.2", categorize_errors, hints_4_2)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("4.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The legendary spotter (the core notebook's field task) flags a sighting as legendary
    when its probability reaches a threshold. A false alarm sends a team out for nothing
    (`cost_fp`); a missed legendary is lost for years (`cost_fn`). Write
    `best_threshold(y, proba, cost_fp, cost_fn)`: the threshold in [0, 1] with the
    **lowest total cost** `fp * cost_fp + fn * cost_fn` on these rows, where a row is
    predicted positive when **`proba >= threshold`**.

    * `y` is 0/1 or False/True, `proba` the probabilities of 1 (lists, arrays or Series);
    * when several thresholds tie for the lowest cost, any of them is right;
    * the probabilities may be **uncalibrated** and full of **ties**: the check uses
      both, and costs 1,000 to 1 in either direction.

    Not allowed: the package's `cost_by_threshold` and `threshold_report` (the check
    disarms them while your function runs). Below, the sliders show your threshold on
    the spotter's own held-out sightings.
    """)
    return


@app.cell
def _():
    _train, _test = field_season(rows=3_000)
    _model = make_legendary_model().fit(_train, _train[LEGENDARY])
    sightings = pd.DataFrame(
        {"y": _test[LEGENDARY].to_numpy(), "proba": _model.predict_proba(_test)[:, 1]}
    )
    return (sightings,)


@app.function
def best_threshold(y, proba, cost_fp: float, cost_fn: float) -> float:
    """The threshold with the lowest cost when ``proba >= threshold`` is predicted positive.

    Args:
        y: true labels (0/1 or booleans).
        proba: predicted probabilities of class 1, one per row.
        cost_fp: the cost of one false positive.
        cost_fn: the cost of one false negative.

    Returns:
        A threshold between 0 and 1.
    """
    raise NotImplementedError


@app.cell
def _():
    cost_fp = mo.ui.slider(1, 50, value=1, label="cost of a false alarm", show_value=True)
    cost_fn = mo.ui.slider(
        1, 200, value=20, label="cost of a missed legendary", show_value=True
    )
    mo.hstack([cost_fp, cost_fn])
    return cost_fn, cost_fp


@app.cell
def _(cost_fn, cost_fp, sightings):
    try:
        _t = best_threshold(sightings["y"], sightings["proba"], cost_fp.value, cost_fn.value)
    except NotImplementedError:
        _shown = mo.md("*Write `best_threshold`, then move the sliders.*")
    else:
        _y, _p = sightings["y"].to_numpy(), sightings["proba"].to_numpy()

        def _cost(t):
            _flag = _p >= t
            return int(np.sum(_flag & ~_y)) * cost_fp.value + int(np.sum(~_flag & _y)) * cost_fn.value

        _shown = mo.md(
            f"Your threshold **{_t:.3f}** costs **{_cost(_t):,}** on {len(_y):,} sightings; "
            f"0.5 costs {_cost(0.5):,}, flagging everything {_cost(0.0):,}."
        )
    _shown
    return


@app.cell
def _():
    hints_4_3 = hint_button("4.3")
    return (hints_4_3,)


@app.cell
def _(hints_4_3):
    live_check("4.3", best_threshold, hints_4_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next

    When all three are green, compare with `exercises/solutions/04_model_evaluation.py`:
    the checks grade behaviour, so your answers may look different and still pass. Then
    take the checkpoint, `checkpoints/04_model_review_board.py`: a model card the review
    board can trust, for three models that deserve three different verdicts.
    """)
    return


if __name__ == "__main__":
    app.run()
