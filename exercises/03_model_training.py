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
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    from pokemon_ml import load_dataset
    from pokemon_ml.features import TARGET, make_model
    from pokemon_ml.grading.checks.m03_results_tables import SCENARIO, TIE_MARGIN, model_results
    from pokemon_ml.grading.checks.m03_tune import BUDGET_MULTIPLE, single_row_latency_ms
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 3 exercises — training

    Three exercises, about two hours in all: write cross-validation's folds yourself,
    choose a model the way a team with constraints must, and tune a model against a
    latency budget. Each asks for **one function** (3.1 for two, 3.2 also for a short
    explanation in a cell of its own). Replace its `raise NotImplementedError` with your
    code and run that cell (Ctrl+Enter, or Shift+Enter): marimo then re-runs the check
    cell under it, which tells you *passed*, *not yet* (with what it expected and what it
    saw) or *not attempted*. Nothing runs while you type. Stuck? The check cell offers
    hints, one click at a time.

    The checks are the ones `uv run pytest` runs, and they grade your code on data this
    notebook never shows you.
    """)
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    pokemon.head()
    return (pokemon,)


@app.cell(hide_code=True)
def _():
    exercise_header("3.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Every score in this module comes from cross-validation, so write its folds yourself
    once, **from scratch** — numpy or plain Python, no scikit-learn splitter (the check
    disarms them while your function runs, `train_test_split` included).

    * `kfold_indices(n, k, seed)` splits the positions `0 … n-1` into `k` folds.
    * `stratified_kfold_indices(y, k, seed)` does the same for the labels `y` (a numpy
      array, a list, or a pandas Series with any index), keeping each class's share in
      every fold.

    Both return what scikit-learn's `split` yields, as a list: `k` pairs
    `(train_idx, test_idx)`, each an array (or list) of **integer positions** — any
    integer dtype; not floats, not boolean masks. The promises the check holds your
    folds to, on several `n`, `k` and label sets:

    1. every position is in exactly one test fold, and a fold's train part is every
       position outside its test part (so none is in both);
    2. test folds differ in size by at most one row;
    3. stratified: a class with `m` members has `⌊m/k⌋` or `⌈m/k⌉` of them in every test
       fold — a rare class of 7 in 5 folds too — and fold sizes still differ by at most one;
    4. the positions are shuffled (a file sorted by type must not give one type per
       fold), the same seed gives the same folds, another seed other folds. `seed=0`
       is a seed.

    Last, a fixed model is cross-validated through your folds and through
    scikit-learn's `KFold` / `StratifiedKFold` with the same seed: the two mean scores
    must agree within 0.04.
    """)
    return


@app.function
def kfold_indices(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split the positions ``0 … n-1`` into ``k`` shuffled folds.

    Args:
        n: number of rows.
        k: number of folds.
        seed: decides the shuffle; the same seed gives the same folds.

    Returns:
        ``k`` pairs ``(train_idx, test_idx)`` of integer positions.
    """
    raise NotImplementedError


@app.function
def stratified_kfold_indices(y, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Split the positions of ``y`` into ``k`` shuffled folds that keep each class's share.

    Args:
        y: the labels (numpy array, list or pandas Series; positions count from 0).
        k: number of folds.
        seed: decides the shuffle; the same seed gives the same folds.

    Returns:
        ``k`` pairs ``(train_idx, test_idx)`` of integer positions.
    """
    raise NotImplementedError


@app.cell
def _(pokemon):
    try:
        _folds = stratified_kfold_indices(pokemon[TARGET], 5, 0)
    except NotImplementedError:
        _shown = mo.md("*Write `stratified_kfold_indices` to see how each fold holds the types.*")
    else:
        _shown = mo.vstack(
            [
                mo.md("Types per test fold (stratified: each column nearly the same):"),
                pd.DataFrame(
                    {
                        f"fold {_number}": pokemon[TARGET].iloc[np.asarray(_test)].value_counts()
                        for _number, (_, _test) in enumerate(_folds, start=1)
                    }
                ),
            ]
        )
    _shown
    return


@app.cell
def _():
    hints_3_1 = hint_button("3.1")
    return (hints_3_1,)


@app.cell
def _(hints_3_1):
    live_check(
        "3.1", kfold_indices, hints_3_1, stratified_kfold_indices=stratified_kfold_indices
    )
    return


@app.cell(hide_code=True)
def _():
    exercise_header("3.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(rf"""
    The model zoo's results are in (below: accuracy is the mean of 5-fold stratified
    cross-validation, latency the median time to predict one row). The most accurate
    model is not always the one to ship. Write `select_model(results, constraints)`:

    * `results` is a table like this one — a `model` name, `accuracy`, `latency_ms`,
      `interpretable` (and maybe other columns: ignore them), rows in any order, any
      index;
    * `constraints` is a dict with three keys: `min_accuracy` and `max_latency_ms`
      (a number, or `None` for no limit) and `interpretable` (`True`: only
      interpretable models).

    A model **qualifies** when it meets every constraint; a bound met exactly counts.
    Among qualifying models the most accurate wins — but models within
    **{TIE_MARGIN}** of the best qualifying accuracy are *tied* (a difference that small
    is noise in our cross-validation), and among tied models the **fastest** wins.
    Return the winner's name (a string), or **`None` when nothing qualifies**: say so
    rather than guess. The check runs several constraint sets on two tables.

    Then write `EXPLANATION` (the cell after the function): two to four sentences for
    the product manager of the Pokédex app, whose constraints are
    `SCENARIO = {SCENARIO}`. The check reads it for three things, in any words: the
    model your function picks for `SCENARIO`, the constraint that decided (what ruled
    out the more accurate models), and what the choice costs.
    """)
    return


@app.cell
def _():
    results = model_results()
    results
    return (results,)


@app.function
def select_model(results: pd.DataFrame, constraints: dict) -> str | None:
    """The name of the model to ship under ``constraints``, or None if none qualifies.

    Args:
        results: one row per model: ``model``, ``accuracy``, ``latency_ms``,
            ``interpretable`` (other columns may be present).
        constraints: ``min_accuracy`` and ``max_latency_ms`` (None: no limit) and
            ``interpretable`` (True: interpretable models only).

    Returns:
        The chosen model's name, or None.
    """
    raise NotImplementedError


@app.cell
def explanation():
    # Two to four sentences for the product manager: which model, why, at what cost.
    EXPLANATION = ""
    return (EXPLANATION,)


@app.cell
def _():
    min_accuracy = mo.ui.slider(0.0, 0.9, step=0.01, value=0.8, label="min_accuracy")
    max_latency_ms = mo.ui.slider(0.5, 15.0, step=0.1, value=2.5, label="max_latency_ms")
    interpretable = mo.ui.checkbox(label="interpretable only")
    mo.hstack([min_accuracy, max_latency_ms, interpretable])
    return interpretable, max_latency_ms, min_accuracy


@app.cell
def _(interpretable, max_latency_ms, min_accuracy, results):
    _constraints = {
        "min_accuracy": min_accuracy.value,
        "max_latency_ms": max_latency_ms.value,
        "interpretable": interpretable.value,
    }
    try:
        _choice = select_model(results, _constraints)
    except NotImplementedError:
        _shown = mo.md("*Write `select_model`, then move the sliders to see what it picks.*")
    else:
        _shown = mo.md(f"Under {_constraints}, your function picks **{_choice}**.")
    _shown
    return


@app.cell
def _():
    hints_3_2 = hint_button("3.2")
    return (hints_3_2,)


@app.cell
def _(EXPLANATION, hints_3_2):
    live_check("3.2", select_model, hints_3_2, EXPLANATION=EXPLANATION)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("3.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(rf"""
    The Pokédex app gives the model a **latency budget**: `budget_ms` milliseconds to
    predict one creature. Write `tune(X, y, budget_ms)`: return the **most accurate
    model you can find whose single-row latency fits the budget**, fitted on `X` and
    `y` (every column of the Pokémon table but `primary_type`, and the types).

    Measure latency the way the check does: `single_row_latency_ms(model, X)` (imported
    above) times a fitted model's `predict` on one row at a time and returns the median,
    in milliseconds. Estimate accuracy with cross-validation on `X` and `y` — they are all
    you get. `make_model(classifier)` puts any classifier after the course's features.

    How the check grades it, on a machine it measures as it goes:

    * the budget it passes is **{BUDGET_MULTIPLE:g}×** the single-row latency of the
      course's `make_model()` trained on the same rows, measured just before the call;
    * your model's accuracy is measured on creatures drawn fresh for each check, which
      `tune` never sees: it must be within 0.03 of `make_model()`'s on the same
      creatures, or better;
    * its latency is timed against `make_model()`'s in the same run, row by row, and the
      ratio must stay within the budget (with 30% allowed for timing noise), so a busy
      laptop fails no one;
    * it must be fitted, predict the type names, and be made of scikit-learn (or
      XGBoost) pieces and `pokemon_ml.features` — the grader will not load a function
      of your own.

    The check gives `tune` two minutes: a handful of candidates is plenty.
    `LogisticRegression`, `RandomForestClassifier`, `StratifiedKFold` and
    `cross_val_score` are imported at the top.
    """)
    return


@app.function
def tune(X: pd.DataFrame, y: pd.Series, budget_ms: float):
    """The most accurate model whose single-row latency fits ``budget_ms``, fitted on X, y.

    Args:
        X: training rows (every column of the Pokémon table but ``primary_type``).
        y: their types.
        budget_ms: the most one single-row prediction may take, in milliseconds.

    Returns:
        A fitted scikit-learn model (or pipeline) that predicts types from rows like X.
    """
    raise NotImplementedError


@app.cell
def _():
    try_tune = mo.ui.run_button(label="Run my tune on the course data (a few seconds)")
    try_tune
    return (try_tune,)


@app.cell
def _(pokemon, try_tune):
    mo.stop(not try_tune.value, mo.md("*Click the button to run your `tune` here.*"))
    _X, _y = pokemon.drop(columns=TARGET), pokemon[TARGET]
    _reference = make_model().fit(_X, _y)
    _budget_ms = BUDGET_MULTIPLE * single_row_latency_ms(_reference, _X)
    try:
        _model = tune(_X, _y, _budget_ms)
    except NotImplementedError:
        _shown = mo.md("*Write `tune` first.*")
    else:
        _shown = mo.md(
            f"Budget **{_budget_ms:.2f} ms**. Your model: "
            f"**{single_row_latency_ms(_model, _X):.2f} ms** per row, 5-fold accuracy "
            f"**{cross_val_score(_model, _X, _y, cv=StratifiedKFold(5, shuffle=True, random_state=0)).mean():.3f}**."
        )
    _shown
    return


@app.cell
def _():
    hints_3_3 = hint_button("3.3")
    return (hints_3_3,)


@app.cell
def _(hints_3_3):
    live_check("3.3", tune, hints_3_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next

    When all three are green, compare with `exercises/solutions/03_model_training.py`:
    the checks grade behaviour, so your answers may look different and still pass. Then
    take the checkpoint, `checkpoints/03_debug_the_failing_model.py`: a training script
    that runs, reports, and is wrong in five ways.
    """)
    return


if __name__ == "__main__":
    app.run()
