# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "matplotlib>=3.9",
#     "xgboost-cpu>=3.0",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = ".", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")

with app.setup:
    import time

    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from sklearn.dummy import DummyClassifier
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.experimental import enable_halving_search_cv  # noqa: F401  (enables the next import)
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import (
        average_precision_score,
        precision_recall_curve,
        precision_score,
        recall_score,
    )
    from sklearn.model_selection import (
        HalvingRandomSearchCV,
        RandomizedSearchCV,
        StratifiedKFold,
        learning_curve,
        validation_curve,
    )
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from xgboost import XGBClassifier

    from pokemon_ml import load_dataset
    from pokemon_ml.features import (
        CV_FOLDS,
        CV_SEED,
        TARGET,
        cv_accuracy,
        make_baseline_model,
        make_model,
    )
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check
    from pokemon_ml.training import artifacts_dir, load_artifact, load_config, read_log, train
    from pokemon_ml.training.curves import fit_power_law, time_fits
    from pokemon_ml.training.run import EXPERIMENT_LOG
    from pokemon_ml.training.zoo import compare_models, selection_optimism


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 3 — Training: baselines, fair comparisons, honest numbers

    Training a model is one line; knowing whether it is any good is the job. In this
    notebook you set the baselines every later number is read against, compare a model
    zoo fairly (same folds, the spread, the cost of a fit and of one prediction), draw
    cross-validation, watch the test set flatter whoever tunes on it, run the course's
    training pipeline and read its experiment log, search hyperparameters on a budget,
    read learning and validation curves, estimate a training time before you start one,
    and handle a rare class without being fooled by accuracy. By the end you will be able
    to say which model to ship, how sure you are, and what it will cost.

    *About 2 hours, two short "try it" tasks included. Controls are live; everything that
    trains more than a few models waits for a button.*
    """)
    return


@app.cell
def _():
    ZOO_TREES = 100  # trees of the zoo's random forest and XGBoost
    XGB_DEPTH = 4  # XGBoost's tree depth: shallow trees, boosted
    CURVE_TREES = 50  # trees of the forests in the search and the curves (half: ≈2× faster)
    OPTIMISM_CANDIDATES = 40  # random configurations the "tuned on test" team tries
    SEARCH_FOLDS = 3  # folds inside the searches and curves: a small budget
    SEARCH_ITERATIONS = 8  # configurations RandomizedSearchCV tries
    HALVING_CANDIDATES = 18  # configurations successive halving starts with (on few rows)
    TIMING_SIZES = [1_500, 3_000, 6_000]  # rows of the timed subsets (creatures resampled)
    TIMING_TARGET = 24_000  # rows of the "full run" we predict, then actually time
    TIMING_REPEATS = 2  # fits per size; the fastest counts (a busy machine only slows fits)
    LEGENDARY_COLUMNS = [  # section 10's inputs: capture_rate would all but give legendaries away
        "hp", "attack", "defense", "sp_attack", "sp_defense", "speed", "height_m", "weight_kg",
    ]
    FOREST_GRID = {  # what the searches may choose, for the forest's pipeline step
        "classifier__n_estimators": [25, 50, 100],
        "classifier__max_depth": [3, 5, 8, 12, None],
        "classifier__min_samples_leaf": [1, 2, 5, 10],
        "classifier__max_features": ["sqrt", 0.5],
    }
    return (
        CURVE_TREES,
        FOREST_GRID,
        HALVING_CANDIDATES,
        LEGENDARY_COLUMNS,
        OPTIMISM_CANDIDATES,
        SEARCH_FOLDS,
        SEARCH_ITERATIONS,
        TIMING_REPEATS,
        TIMING_SIZES,
        TIMING_TARGET,
        XGB_DEPTH,
        ZOO_TREES,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. The data and the task

    The same table and target as Module 2: predict each creature's `primary_type` (six
    types) from its stats, with the feature pipeline you built there
    (`pokemon_ml.features.make_model()` puts a classifier after it). `X` is the raw frame —
    the pipeline picks and computes its columns — and `y` the labels. Every score in this
    notebook uses the same stratified folds (`CV_FOLDS` folds, shuffled with `CV_SEED`),
    so any two numbers can be compared.
    """)
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    X = pokemon.drop(columns=[TARGET])
    y = pokemon[TARGET]
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=CV_SEED)
    return X, folds, pokemon, y


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. Baselines first

    A score means nothing alone: 82% is excellent if guessing gets 20% and poor if
    guessing gets 80%. So before any model, three baselines, each a step up:

    1. **The majority class** — always answer the most common training label
       (`DummyClassifier`). The floor: a model below it learned nothing.
    2. **Logistic regression on the raw columns** — the first model a team builds.
    3. **The course pipeline** — Module 2's features, then the same logistic regression.
    """)
    return


@app.cell
def _(X, y):
    baselines = {
        "majority class": cv_accuracy(DummyClassifier(strategy="most_frequent"), X, y),
        "logistic regression, raw columns": cv_accuracy(make_baseline_model(), X, y),
        "course pipeline (Module 2 features)": cv_accuracy(make_model(), X, y),
    }
    baseline_table = pd.DataFrame(
        {"accuracy_mean": [s.mean() for s in baselines.values()],
         "accuracy_std": [s.std() for s in baselines.values()]},
        index=pd.Index(list(baselines), name="baseline"),
    )
    return (baseline_table,)


@app.cell
def _(baseline_table):
    mo.ui.table(
        baseline_table.reset_index(),
        selection=None,
        format_mapping={"accuracy_mean": "{:.1%}", "accuracy_std": "±{:.1%}"},
    )
    return


@app.cell(hide_code=True)
def _(baseline_table):
    _floor, _raw, _pipeline = baseline_table["accuracy_mean"]
    _spread = baseline_table["accuracy_std"].iloc[-1]
    mo.md(f"""
    Guessing the most common type is right **{_floor:.1%}** of the time; a logistic
    regression on the raw stats reaches **{_raw:.1%}**, and the same model after Module 2's
    features **{_pipeline:.1%}**. Every model below is read against these three: a fancier
    model has to beat **{_pipeline:.1%}** by more than the fold-to-fold spread
    (±{100 * _spread:.1f} points here) to be worth its cost. Notice what the features bought (+{100 * (_pipeline - _raw):.0f}
    points) — more than any model change in this notebook will.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T3.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `majority_baseline(y_train, y_test)`: the accuracy on `y_test` of a "model" that
    always answers the most common label of `y_train`. Return a float between 0 and 1.

    It is a model like any other: it may learn only from the training labels. The check
    uses label sets where the training and the test majorities differ, and one with
    True/False labels.
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
    raise NotImplementedError


@app.cell
def _():
    hints_t3_1 = hint_button("T3.1")
    return (hints_t3_1,)


@app.cell
def _(hints_t3_1):
    live_check("T3.1", majority_baseline, hints_t3_1)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. Cross-validation, drawn

    One train/test split gives one number, and a lucky split can move it by several
    points. *k*-fold cross-validation cuts the rows into *k* folds; each fold is the test
    set once while the model trains on the others, so every row is tested exactly once
    and you get *k* scores — a mean **and a spread**. *Stratified* folds keep each type's
    share the same in every fold. Below, each row of the picture is one split, each
    column one creature (sorted by type, the strip on top); dark cells are that split's
    test rows.
    """)
    return


@app.cell
def _():
    fold_slider = mo.ui.slider(3, 10, value=5, label="folds (k)", show_value=True)
    shuffle_switch = mo.ui.switch(value=True, label="shuffle (off: contiguous folds)")
    mo.hstack([fold_slider, shuffle_switch], justify="start", gap=2)
    return fold_slider, shuffle_switch


@app.function(hide_code=True)
def plot_folds(y: pd.Series, n_folds: int, shuffle: bool, seed: int) -> plt.Figure:
    """Each split of ``StratifiedKFold`` as a row: test rows dark, creatures sorted by type."""
    order = np.argsort(y.to_numpy(), kind="stable")
    splitter = StratifiedKFold(n_folds, shuffle=shuffle, random_state=seed if shuffle else None)
    in_test = np.zeros((n_folds, len(y)))
    for fold, (_, test_rows) in enumerate(splitter.split(np.zeros(len(y)), y)):
        in_test[fold, test_rows] = 1
    codes = pd.factorize(y.to_numpy()[order], sort=True)[0]
    fig, (ax_type, ax_folds) = plt.subplots(
        2, 1, figsize=(9, 0.4 + 0.35 * n_folds), sharex=True,
        gridspec_kw={"height_ratios": [1, n_folds]},
    )
    ax_type.imshow(codes[None, :], aspect="auto", cmap="tab10", vmax=9, interpolation="nearest")
    ax_type.set_yticks([0], ["type"])
    ax_folds.imshow(in_test[:, order], aspect="auto", cmap="Blues", interpolation="nearest")
    ax_folds.set_yticks(range(n_folds), [f"split {k + 1}" for k in range(n_folds)])
    ax_folds.set_xlabel("creatures, sorted by primary type (dark = in this split's test fold)")
    fig.tight_layout()
    return fig


@app.cell
def _(fold_slider, shuffle_switch, y):
    plot_folds(y, fold_slider.value, shuffle_switch.value, CV_SEED)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Every column is dark exactly once (each creature is tested once), and each row has a
    share of every type's block (stratification). Switch *shuffle* off: each type's rows
    are then cut into contiguous runs in file order — harmless here, but if the file were
    sorted by date or by trainer, each test fold would be a different era or person.
    More folds mean more training rows per fit (less pessimistic) and more fits (slower);
    5 or 10 is the usual trade.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 4. A model zoo, compared fairly

    A fair comparison changes one thing — the model — and keeps the rows, the features
    and the folds fixed. Three families, each behind the same feature pipeline:

    - **logistic regression**: one weight per feature; fast, readable, calibrated;
    - **random forest**: many deep trees on bootstrap samples, averaged;
    - **XGBoost**: shallow trees added one at a time, each fixing the last ones' errors.

    Accuracy is half the story. `pokemon_ml.training.zoo.compare_models` also records the
    mean time of one fit and the **single-row latency** — how long the fitted model takes
    to answer for one creature, which is what a user of a service waits for.
    """)
    return


@app.cell
def _(XGB_DEPTH, ZOO_TREES):
    zoo = {
        "logistic regression": make_model(),
        "random forest": make_model(
            RandomForestClassifier(n_estimators=ZOO_TREES, random_state=CV_SEED, n_jobs=1)
        ),
        "XGBoost": make_model(
            XGBClassifier(
                n_estimators=ZOO_TREES, max_depth=XGB_DEPTH, random_state=CV_SEED, n_jobs=1
            )
        ),
    }
    zoo_button = mo.ui.run_button(label="Compare the zoo")
    zoo_button
    return zoo, zoo_button


@app.function(hide_code=True)
def plot_zoo(table: pd.DataFrame, baselines: pd.DataFrame) -> plt.Figure:
    """Accuracy (mean ± std, with the baselines as lines), fit time and latency per model."""
    fig, (ax_acc, ax_fit, ax_latency) = plt.subplots(1, 3, figsize=(10, 3))
    names = list(table.index)
    ax_acc.errorbar(table["accuracy_mean"], names, xerr=table["accuracy_std"], fmt="o", capsize=4)
    for (label, row), style in zip(baselines.iloc[1:].iterrows(), ("--", "-"), strict=True):
        ax_acc.axvline(row["accuracy_mean"], color="grey", linestyle=style, label=label)
    ax_acc.set(xlim=(0.6, 0.9), xlabel="accuracy (mean ± std over folds)",
               title=f"majority class: {baselines['accuracy_mean'].iloc[0]:.0%}", ylim=(-0.5, 2.9))
    ax_acc.legend(fontsize=6, loc="upper left")
    ax_fit.barh(names, table["fit_s"], color="tab:orange")
    ax_fit.set(xlabel="seconds per fit", yticks=[])
    ax_latency.barh(names, table["latency_ms"], color="tab:green")
    ax_latency.set(xlabel="ms to predict one row", yticks=[])
    fig.tight_layout()
    return fig


@app.cell
def _(X, y, zoo, zoo_button):
    mo.stop(not zoo_button.value, mo.md("*Click **Compare the zoo**: 3 models × 5 folds, ≈15 s.*"))
    with mo.status.progress_bar(total=len(zoo), title="Cross-validating", remove_on_exit=True) as _bar:
        zoo_table = compare_models(
            zoo, X, y, n_folds=CV_FOLDS, seed=CV_SEED,
            on_model=lambda _name: _bar.update(subtitle=_name),
        )
    return (zoo_table,)


@app.cell
def _(baseline_table, zoo_table):
    _formats = {"accuracy_mean": "{:.1%}", "accuracy_std": "±{:.1%}", "fit_s": "{:.2f}",
                "latency_ms": "{:.2f}"}
    mo.vstack([
        plot_zoo(zoo_table, baseline_table),
        mo.ui.table(zoo_table.reset_index(), selection=None, format_mapping=_formats),
    ])
    return


@app.cell(hide_code=True)
def _(zoo_table):
    _linear = zoo_table.loc["logistic regression"]
    _trees = zoo_table.drop(index="logistic regression")
    _best = _trees["accuracy_mean"].idxmax()
    _gap = 100 * (_trees.loc[_best, "accuracy_mean"] - _linear["accuracy_mean"])
    _slowest = zoo_table["latency_ms"].idxmax()
    mo.md(f"""
    The better tree ensemble, **{_best}**, scores **{_gap:+.1f} points** against logistic
    regression. Compare that with the fold-to-fold spread (±{100 * _linear["accuracy_std"]:.1f}
    points): a gap smaller than the spread is not a finding, either way. On these
    features a linear model is as good as the trees — the features already did the work
    the trees would do. The costs differ more than the scores:
    **{_slowest}** takes {zoo_table.loc[_slowest, "latency_ms"]:.1f} ms to answer for one
    creature, logistic regression {_linear["latency_ms"]:.1f} ms.

    So when would you ship logistic regression over a slightly more accurate XGBoost?
    When the gap is within the noise; when every millisecond or megabyte counts (a
    phone, a high-traffic API); when someone must read *why* (a weight per feature, a
    regulator, a debugging session); when probabilities must be trustworthy; when a
    simpler model is cheaper to retrain, monitor and hand over. The extra points must
    pay for all of that.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 5. Validation vs test, and why tuning on the test set lies

    Three roles, three sets of rows: **training** rows fit the model; **validation** rows
    (or cross-validation folds *inside* the training rows) choose between models and
    settings; the **test** rows are looked at once, at the end, to report. The test score
    is honest only if nothing was chosen with it: every choice made by looking at a score
    fits that score's noise too.

    A numeric demonstration. A team tries many random configurations (logistic regression
    with a random strength `C` and class weights), scores each on a small test set, and
    ships the best. `pokemon_ml.training.zoo.selection_optimism` also scores every
    configuration on *fresh* rows no one looked at: what the winner really does.
    """)
    return


@app.cell
def _(OPTIMISM_CANDIDATES):
    test_rows_slider = mo.ui.slider(
        50, 500, step=50, value=100, label="rows in the test set that chooses", show_value=True
    )
    optimism_button = mo.ui.run_button(label=f"Try {OPTIMISM_CANDIDATES} configurations")
    mo.hstack([test_rows_slider, optimism_button], justify="start", gap=2)
    return optimism_button, test_rows_slider


@app.function
def random_configuration(rng: np.random.Generator) -> Pipeline:
    """One random candidate: the course pipeline, a log-uniform ``C``, maybe class weights."""
    weights = "balanced" if rng.random() < 0.5 else None
    return make_model(
        LogisticRegression(C=float(10 ** rng.uniform(-3, 2)), class_weight=weights, max_iter=2_000)
    )


@app.cell
def _(OPTIMISM_CANDIDATES, X, optimism_button, test_rows_slider, y):
    mo.stop(not optimism_button.value, mo.md("*Click the button: 40 fits, ≈15 s.*"))
    with mo.status.progress_bar(total=OPTIMISM_CANDIDATES, title="Fitting", remove_on_exit=True) as _bar:
        optimism = selection_optimism(
            random_configuration, X, y, n_candidates=OPTIMISM_CANDIDATES,
            test_size=test_rows_slider.value, seed=CV_SEED,
            on_candidate=lambda _n: _bar.update(),
        )
    return (optimism,)


@app.function(hide_code=True)
def plot_optimism(table: pd.DataFrame) -> plt.Figure:
    """Each configuration's test accuracy against its accuracy on fresh rows; the winner in red."""
    fig, ax = plt.subplots(figsize=(5.5, 4))
    ax.scatter(table["test_accuracy"], table["fresh_accuracy"], s=18, label="configurations")
    chosen = table[table["chosen"]]
    ax.scatter(chosen["test_accuracy"], chosen["fresh_accuracy"], s=70, color="tab:red",
               label="chosen by test score")
    low = min(table["test_accuracy"].min(), table["fresh_accuracy"].min()) - 0.02
    high = max(table["test_accuracy"].max(), table["fresh_accuracy"].max()) + 0.02
    ax.plot([low, high], [low, high], color="grey", linestyle=":", label="test = fresh")
    ax.set(xlim=(low, high), ylim=(low, high), xlabel="accuracy on the test set that chose",
           ylabel="accuracy on fresh rows")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(optimism):
    _chosen = optimism[optimism["chosen"]].iloc[0]
    _optimism = 100 * (_chosen["test_accuracy"] - _chosen["fresh_accuracy"])
    mo.hstack([
        plot_optimism(optimism),
        mo.md(f"""
    The configuration with the best test score reports
    **{_chosen["test_accuracy"]:.1%}**. On fresh rows it scores
    **{_chosen["fresh_accuracy"]:.1%}**: the test set flattered it by
    **{_optimism:+.1f} points**. The best fresh score of all candidates was
    {optimism["fresh_accuracy"].max():.1%}, and their median {optimism["fresh_accuracy"].median():.1%}.

    Shrink the test set or try more configurations and the flattery grows: the winner is
    the one whose noise happened to fall its way.
    """),
    ], widths=[3, 2])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    This is the usual story behind "validation accuracy 90%, test accuracy 70%". The
    validation score was *selected*: after dozens of tries it measures the winner's luck
    as well as its skill. Other causes give the same symptom — a validation set too small
    to trust (the spread of a score on *n* rows is about √(p(1−p)/n): ±4 points on 100
    rows), a leak between training and validation (duplicates, one trainer on both sides,
    preprocessing fitted on all rows) that the test set does not share, or test rows from
    a different population (a later period, another source). Check in that order: the
    selection, the leak, the shift.

    The rule that follows: choose with cross-validation on the training rows, report the
    test set once. If you have used it to choose, it is a validation set now, and you
    need a new test set.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 6. The training pipeline, run from the notebook

    A notebook is where you explore; a *pipeline* is what you run again. The course's
    package has one: `uv run pokemon-ml train [--config FILE]` runs
    **load → validate → split → build → fit → evaluate**, each stage a small function in
    `pokemon_ml.training.stages`, driven by a TOML configuration that pydantic checks
    (a misspelt key stops the run with one line). This is the default configuration:
    """)
    return


@app.cell
def _():
    config = load_config()
    mo.tree(config.model_dump())
    return (config,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The same call as the command, with a progress bar over the six stages. It writes a
    versioned **artifact** folder under `artifacts/` (ignored by git): the model, its
    metrics, the resolved configuration, and a manifest with the data's SHA-256, the
    package version and the model file's SHA-256. Then it appends one line to the
    experiment log.
    """)
    return


@app.cell
def _():
    train_button = mo.ui.run_button(label="Train with the default configuration")
    train_button
    return (train_button,)


@app.cell
def _(config, train_button):
    trained = None  # the artifact just written, if the button was clicked
    if train_button.value:
        with mo.status.progress_bar(total=6, title="Training", remove_on_exit=True) as _bar:
            _result, _folder = train(
                config, on_step=lambda _number, _stage: _bar.update(subtitle=_stage)
            )
        trained = load_artifact(_folder)  # verifies the hash before it deserialises
    return (trained,)


@app.cell
def _(trained):
    mo.stop(trained is None, mo.md("*Click **Train** to write an artifact (≈5 s).*"))
    mo.vstack([
        mo.md(f"Wrote and reloaded `{trained.folder.name}`; its metrics:"),
        mo.tree(trained.metrics),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **Why the hash, and why not pickle?** `pickle.load` does not read data: it runs the
    instructions in the file, and those may name any function — `os.system` included. So
    loading a pickled model someone sent you is running their program with your rights.
    The artifact is written with **skops**, which stores the model as data and refuses to
    build any type you have not trusted; `load_artifact` first compares the file's
    SHA-256 with the manifest, so a file changed after training (a bad copy, an edit) is
    refused before it is read. (XGBoost's own JSON format is the safe choice for a bare
    booster.)

    ### The experiment log

    Every run appends one JSON line to `artifacts/experiments.jsonl`;
    `pokemon_ml.training.read_log` reads it back as a table, one row per run:
    """)
    return


@app.cell
def _(trained):
    _ = trained  # re-read after each training run
    experiments = read_log(artifacts_dir() / EXPERIMENT_LOG)
    _columns = [c for c in ("run_id", "params.model.kind", "metrics.cv_accuracy_mean",
                            "metrics.test_accuracy", "duration_s", "data_sha256") if c in experiments]
    mo.ui.table(experiments[_columns], selection=None) if len(experiments) else mo.md(
        "*No runs logged yet: click **Train** above, or run `uv run pokemon-ml train`.*"
    )
    return (experiments,)


@app.function(hide_code=True)
def plot_runs(log: pd.DataFrame) -> plt.Figure:
    """Cross-validated accuracy (± std) and test accuracy of each logged run, in order."""
    fig, ax = plt.subplots(figsize=(7, 2.8))
    runs = np.arange(len(log))
    ax.errorbar(runs, log["metrics.cv_accuracy_mean"], yerr=log["metrics.cv_accuracy_std"],
                fmt="o", label="cross-validated (training rows)")
    ax.plot(runs, log["metrics.test_accuracy"], "x", color="tab:red", label="test (held out)")
    ax.set(xlabel="run, in the order logged", ylabel="accuracy", xticks=runs)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(experiments):
    mo.stop(len(experiments) == 0)
    plot_runs(experiments)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The log has the shape of the experiment trackers you will meet at work. In MLflow's
    words: each line is a **run** (`run_id`, `started_at`, `duration_s` —
    `mlflow.start_run()`), with its **params** (the `params.*` columns, the whole
    configuration — `mlflow.log_params`), its **metrics** (`metrics.*` —
    `mlflow.log_metrics`), and its **artifacts** (the folder — `mlflow.log_artifact`);
    `data_sha256` is the dataset version (`mlflow.log_input`). Weights & Biases has the
    same four things under other names. A tracker adds a server and a UI; the habit —
    every run recorded with what it was given and what it produced — is what matters,
    and a file of JSON lines is enough to start with.

    Run the same configuration twice: the metrics are identical (same config, same data,
    same seed), and a test in `tests/package/test_training.py` proves it.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 7. Hyperparameter search on a budget

    A random forest has settings the data does not fit for you: the number of trees,
    their depth, the rows per leaf, the features per split. Two searches that beat a
    full grid:

    - **`RandomizedSearchCV`** tries `n_iter` random combinations, each with full
      cross-validation. Random beats a grid when only a few settings matter: it tries
      more values of each.
    - **`HalvingRandomSearchCV`** (successive halving) starts many combinations on a few
      rows, keeps the best third, gives them three times the rows, and so on: most of
      the budget goes to the promising ones.

    Both choose with cross-validation *inside the training rows*, never with the test
    set (section 5). A small budget here: `SEARCH_FOLDS` folds, forests of at most 100
    trees.
    """)
    return


@app.cell
def _():
    search_button = mo.ui.run_button(label="Run both searches")
    search_button
    return (search_button,)


@app.cell
def _(FOREST_GRID, HALVING_CANDIDATES, SEARCH_FOLDS, SEARCH_ITERATIONS, X, search_button, y):
    mo.stop(not search_button.value, mo.md("*Click **Run both searches**: ≈100 small fits, ≈20 s.*"))
    _forest = make_model(RandomForestClassifier(random_state=CV_SEED, n_jobs=1))
    _folds = StratifiedKFold(SEARCH_FOLDS, shuffle=True, random_state=CV_SEED)
    _searches = {
        "randomized": RandomizedSearchCV(
            _forest, FOREST_GRID, n_iter=SEARCH_ITERATIONS, cv=_folds, random_state=CV_SEED
        ),
        "successive halving": HalvingRandomSearchCV(
            _forest, FOREST_GRID, n_candidates=HALVING_CANDIDATES, factor=3,
            min_resources=150, cv=_folds, random_state=CV_SEED,
        ),
    }
    _rows = []
    with mo.status.progress_bar(total=2, title="Searching", remove_on_exit=True) as _bar:
        for _name, _search in _searches.items():
            _bar.update(subtitle=_name)
            _start = time.perf_counter()
            _search.fit(X, y)
            _rows.append({
                "search": _name,
                "best_cv_accuracy": _search.best_score_,
                "fits": len(_search.cv_results_["params"]) * SEARCH_FOLDS,
                "seconds": time.perf_counter() - _start,
                "best_params": {k.removeprefix("classifier__"): v
                                for k, v in _search.best_params_.items()},
            })
    search_table = pd.DataFrame(_rows).set_index("search")
    return (search_table,)


@app.cell
def _(search_table):
    mo.ui.table(
        search_table.reset_index().astype({"best_params": str}),
        selection=None,
        format_mapping={"best_cv_accuracy": "{:.1%}", "seconds": "{:.1f}"},
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Read the table against section 4: the tuned forest gains a point or so over its
    defaults, if anything — on this data the features mattered far more than the
    settings. Successive halving looked at more than twice the combinations for about
    twice the time, because most of its fits were on a few hundred rows. (`fits` counts candidates × folds; the
    halving search's fits are mostly small.) Its `best_cv_accuracy` is measured on the
    last, largest round only.

    ## 8. Learning and validation curves: bias or variance?

    Two pictures tell you what to try next:

    - a **learning curve** scores a model trained on growing shares of the rows, on the
      training rows and on held-out rows. A big gap that shrinks as rows grow = high
      *variance* (more data, or a simpler model, helps); two low curves that meet early
      = high *bias* (more data will not help; a richer model or features will).
    - a **validation curve** sweeps one setting (here the forest's `max_depth`) and shows
      where the model goes from too simple to memorising.
    """)
    return


@app.cell
def _():
    curves_button = mo.ui.run_button(label="Draw the curves")
    curves_button
    return (curves_button,)


@app.cell
def _(CURVE_TREES, SEARCH_FOLDS, X, curves_button, y):
    mo.stop(not curves_button.value, mo.md("*Click **Draw the curves**: ≈50 small fits, ≈10 s.*"))
    _folds = StratifiedKFold(SEARCH_FOLDS, shuffle=True, random_state=CV_SEED)
    _forest = make_model(RandomForestClassifier(n_estimators=CURVE_TREES, random_state=CV_SEED, n_jobs=1))
    _sizes = np.linspace(0.1, 1.0, 5)
    curves = {}
    with mo.status.progress_bar(total=3, title="Curves", remove_on_exit=True) as _bar:
        for _name, _model in {"logistic regression": make_model(), "random forest": _forest}.items():
            _bar.update(subtitle=f"learning curve: {_name}")
            curves[_name] = learning_curve(_model, X, y, train_sizes=_sizes, cv=_folds)
        _bar.update(subtitle="validation curve: max_depth")
        depths = [1, 2, 4, 8, 16, 32]
        depth_scores = validation_curve(
            _forest, X, y, param_name="classifier__max_depth", param_range=depths, cv=_folds
        )
    return curves, depth_scores, depths


@app.function(hide_code=True)
def plot_curves(curves: dict, depths: list[int], depth_scores: tuple) -> plt.Figure:
    """Learning curves (one panel per model) and the forest's validation curve over depth."""
    fig, axes = plt.subplots(1, 3, figsize=(11, 3), sharey=True)
    panels = [(name, sizes, train, valid) for name, (sizes, train, valid) in curves.items()]
    panels.append(("random forest: max_depth", np.array(depths), *depth_scores))
    for ax, (title, x, train, valid) in zip(axes, panels, strict=True):
        for scores, label, colour in ((train, "training rows", "tab:orange"),
                                      (valid, "held-out folds", "tab:blue")):
            mean, std = scores.mean(axis=1), scores.std(axis=1)
            ax.plot(x, mean, "o-", color=colour, label=label)
            ax.fill_between(x, mean - std, mean + std, color=colour, alpha=0.2)
        ax.set(title=title, xlabel="max_depth" if "depth" in title else "training rows")
    axes[2].set_xscale("log", base=2)
    axes[0].set_ylabel("accuracy")
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(curves, depth_scores, depths):
    plot_curves(curves, depths, depth_scores)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    What you should see: the logistic regression's curves close in (about 85% on its
    training rows, 81% held out) and the held-out curve is flattening — more creatures
    would add a point at most; the lever is a richer model or better features (bias). The
    forest scores 100% on its own training rows at every size (it memorises) and its
    held-out curve has levelled off near 78%: a wide gap that more of the same rows is
    not closing (variance) — constrain the trees or change the features. Over depth,
    held-out accuracy rises until a depth of about 8 and then stays flat while the
    training score reaches 100%: past that, extra depth only memorises.

    ## 9. How long will it take? Estimate before you start

    Before a long run, time the same fit on a few growing subsets and extrapolate. Fit
    time usually grows like a power of the rows, **seconds ≈ a · nᵇ**: b ≈ 1 for most
    tree ensembles, b ≈ 2 or more for methods that compare every pair of rows (kernel
    SVMs, nearest-neighbour graphs). "Twice the rows, twice the time" is right only
    when b = 1.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T3.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `estimate_fit_seconds(n_rows, seconds, n_target)`: given fit times `seconds[i]`
    measured on `n_rows[i]` rows (a few growing subsets), return the estimated fit time
    in seconds on `n_target` rows — far more rows than you timed.

    Find how fast the time grows *from the timings*, using all of them. The check gives
    three sets of slightly noisy timings, one of them growing like n², and wants your
    estimate within 30% of the truth.
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
    raise NotImplementedError


@app.cell
def _():
    hints_t3_2 = hint_button("T3.2")
    return (hints_t3_2,)


@app.cell
def _(hints_t3_2):
    live_check("T3.2", estimate_fit_seconds, hints_t3_2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Now on a real fit. The button builds a bigger table by resampling the creatures,
    times a 50-tree random forest on growing subsets, fits the power law
    (`pokemon_ml.training.curves.fit_power_law`, the same log–log line), predicts the
    time on `TIMING_TARGET` rows — and then actually times it, to check the prediction.
    """)
    return


@app.cell
def _():
    timing_button = mo.ui.run_button(label="Time, predict, then check")
    timing_button
    return (timing_button,)


@app.cell
def _(CURVE_TREES, TIMING_REPEATS, TIMING_SIZES, TIMING_TARGET, X, timing_button, y):
    mo.stop(not timing_button.value, mo.md("*Click the button: 7 forest fits, ≈5 s.*"))
    _big = X.sample(TIMING_TARGET, replace=True, random_state=CV_SEED)
    _big_y = y.loc[_big.index]
    _forest = make_model(RandomForestClassifier(n_estimators=CURVE_TREES, random_state=CV_SEED, n_jobs=1))
    with mo.status.progress_bar(total=2, title="Timing", remove_on_exit=True) as _bar:
        _bar.update(subtitle="growing subsets")
        timings = time_fits(_forest, _big, _big_y, TIMING_SIZES, repeats=TIMING_REPEATS)
        _bar.update(subtitle=f"the full {TIMING_TARGET:,} rows")
        actual = time_fits(_forest, _big, _big_y, [TIMING_TARGET])
    power_a, power_b = fit_power_law(timings["n_rows"], timings["seconds"])
    return actual, power_a, power_b, timings


@app.function(hide_code=True)
def plot_timing(timings: pd.DataFrame, actual: pd.DataFrame, a: float, b: float) -> plt.Figure:
    """Timed subsets, the fitted power law extended to the full run, and the real full run."""
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    n = np.geomspace(timings["n_rows"].min(), actual["n_rows"].max(), 50)
    ax.plot(n, a * n**b, ":", color="grey", label=f"fitted: {a:.2g} · n^{b:.2f}")
    ax.plot(timings["n_rows"], timings["seconds"], "o", label="timed subsets")
    ax.plot(actual["n_rows"], actual["seconds"], "*", ms=12, color="tab:red", label="full run")
    ax.set(xscale="log", yscale="log", xlabel="rows", ylabel="fit seconds")
    ax.tick_params(which="minor", labelbottom=False, labelleft=False)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(TIMING_TARGET, actual, power_a, power_b, timings):
    _predicted = power_a * TIMING_TARGET**power_b
    _real = actual["seconds"].iloc[0]
    _why = (
        "An exponent below 1 means fixed costs (the feature step, setting up each tree) "
        "still weigh on these sizes, and resampled creatures repeat, which makes trees "
        "smaller; time subsets large enough that the fit itself dominates. "
        if power_b < 1 else ""
    )
    mo.hstack([
        plot_timing(timings, actual, power_a, power_b),
        mo.md(f"""
    Growth exponent b = **{power_b:.2f}**. Predicted for {TIMING_TARGET:,} rows:
    **{_predicted:.1f} s**; measured: **{_real:.1f} s** ({_real / _predicted - 1:+.0%}).
    The subsets together took {timings["seconds"].sum():.1f} s.

    {_why}On a busy machine timings wobble:
    the estimate is for planning ("minutes or hours?"), not a promise. Time the exact
    configuration you will run, on the machine it will run on.
    """),
    ], widths=[3, 2])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **When one run takes 8 hours**, the estimate is where efficient experimenting
    starts. Do most of the work on a sample whose result predicts the full one (check
    with a learning curve that the ranking of ideas holds on 10% of the rows); run a
    cheap proxy model first (a linear model, fewer trees) to test features; search with
    successive halving or early stopping, so bad configurations die young; cache what
    does not change (features, a fitted preprocessing step); run independent
    configurations in parallel; and log every run, so no 8-hour result is ever lost or
    redone. The full run comes last, once, for the configuration already chosen.
    """)
    return


@app.cell(hide_code=True)
def _(pokemon):
    mo.md(f"""
    ## 10. A rare class: `is_legendary`

    Change the target to `is_legendary`: only **{pokemon["is_legendary"].mean():.1%}** of
    creatures are legendary, so "never legendary" is {1 - pokemon["is_legendary"].mean():.1%}
    accurate and finds none of them. The model sees the six stats, height and weight
    (`LEGENDARY_COLUMNS`: `capture_rate` would make it too easy). Accuracy is the wrong
    yardstick here; use
    **recall** (the share of legendaries found), **precision** (the share of alarms that
    are right) and **PR-AUC** (average precision over every threshold). Three ways to
    train the same logistic regression:

    - **plain** — every row counts the same; the rare class barely moves the loss;
    - **class weights** — `class_weight="balanced"`: each legendary row weighs
      (non-legendaries ÷ legendaries) times more in the loss;
    - **resampling** — copy random legendary rows until both classes are equally many,
      *inside each training fold only* (resampling before the split puts copies of test
      rows into training: a leak).
    """)
    return


@app.function
def oversample(X_train: pd.DataFrame, y_train: pd.Series, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    """Copy random minority-class rows until both classes are equally many (training rows only)."""
    rng = np.random.default_rng(seed)
    minority = y_train.value_counts().idxmin()
    rows = np.flatnonzero(y_train.to_numpy() == minority)
    n_extra = len(y_train) - 2 * len(rows)
    extra = rng.choice(rows, size=n_extra, replace=True)
    chosen = np.concatenate([np.arange(len(y_train)), extra])
    return X_train.iloc[chosen], y_train.iloc[chosen]


@app.function
def out_of_fold_probabilities(
    X: pd.DataFrame, y: pd.Series, folds: StratifiedKFold, weights: str | None, resample: bool
) -> np.ndarray:
    """P(positive) for every row, each predicted by the model that did not train on it."""
    probabilities = np.zeros(len(y))
    for fold, (train_rows, test_rows) in enumerate(folds.split(X, y)):
        X_train, y_train = X.iloc[train_rows], y.iloc[train_rows]
        if resample:
            X_train, y_train = oversample(X_train, y_train, seed=fold)
        model = Pipeline([
            ("scale", StandardScaler()),
            ("classifier", LogisticRegression(class_weight=weights, max_iter=2_000)),
        ])
        model.fit(X_train, y_train)
        probabilities[test_rows] = model.predict_proba(X.iloc[test_rows])[:, 1]
    return probabilities


@app.cell
def _():
    imbalance_button = mo.ui.run_button(label="Compare plain, weights, resampling")
    imbalance_button
    return (imbalance_button,)


@app.cell
def _(LEGENDARY_COLUMNS, folds, imbalance_button, pokemon):
    mo.stop(not imbalance_button.value, mo.md("*Click the button: 3 × 5 fits, ≈10 s.*"))
    legendary = pokemon["is_legendary"].astype(int)
    _X = pokemon[LEGENDARY_COLUMNS]
    _variants = {"plain": (None, False), "class weights": ("balanced", False), "resampling": (None, True)}
    legendary_probabilities = {}
    with mo.status.progress_bar(total=len(_variants), title="Fitting", remove_on_exit=True) as _bar:
        for _name, (_weights, _resample) in _variants.items():
            _bar.update(subtitle=_name)
            legendary_probabilities[_name] = out_of_fold_probabilities(
                _X, legendary, folds, _weights, _resample
            )
    return legendary, legendary_probabilities


@app.cell
def _(legendary, legendary_probabilities):
    legendary_scores = pd.DataFrame({
        _name: {
            "accuracy": float(((_p >= 0.5) == legendary).mean()),
            "recall": recall_score(legendary, _p >= 0.5),
            "precision": precision_score(legendary, _p >= 0.5, zero_division=0),
            "PR-AUC": average_precision_score(legendary, _p),
        }
        for _name, _p in legendary_probabilities.items()
    }).T
    return (legendary_scores,)


@app.function(hide_code=True)
def plot_imbalance(scores: pd.DataFrame, y: pd.Series, probabilities: dict) -> plt.Figure:
    """The four metrics per variant (bars) and each variant's precision–recall curve."""
    fig, (ax_bars, ax_pr) = plt.subplots(1, 2, figsize=(10, 3.3))
    scores.T.plot.bar(ax=ax_bars, rot=0)
    ax_bars.set(ylim=(0, 1), ylabel="score at threshold 0.5 (PR-AUC: all thresholds)")
    ax_bars.legend(fontsize=7)
    for name, p in probabilities.items():
        precision, recall, _ = precision_recall_curve(y, p)
        ax_pr.plot(recall, precision, label=name)
    ax_pr.axhline(y.mean(), color="grey", linestyle=":", label="guessing")
    ax_pr.set(xlabel="recall", ylabel="precision", title="precision–recall curves")
    ax_pr.legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(legendary, legendary_probabilities, legendary_scores):
    mo.vstack([
        plot_imbalance(legendary_scores, legendary, legendary_probabilities),
        mo.ui.table(legendary_scores.reset_index(names="training"), selection=None,
                    format_mapping={c: "{:.1%}" for c in legendary_scores.columns}),
    ])
    return


@app.cell(hide_code=True)
def _(legendary_scores):
    _plain, _weights = legendary_scores.loc["plain"], legendary_scores.loc["class weights"]
    mo.md(f"""
    The plain model is the most *accurate* ({_plain["accuracy"]:.1%}) — and finds
    {_plain["recall"]:.0%} of the legendaries: with so few of them, "never legendary" is
    the cheapest answer for its loss. Class weights give up accuracy
    ({_weights["accuracy"]:.1%}) for a recall of {_weights["recall"]:.0%}, at a precision of
    {_weights["precision"]:.0%} (most alarms are false: these stats only hint at
    legendaries); resampling lands in much the same place, at the cost of a bigger
    training set. PR-AUC barely moves ({_plain["PR-AUC"]:.2f} → {_weights["PR-AUC"]:.2f}):
    weights and resampling mostly *move the threshold*, not the ranking of creatures by
    probability. Choosing the threshold on purpose (Module 4) does the same job without
    refitting — and whether that precision is acceptable is a business question.

    That is also the answer to the PM who is unhappy with a 90%-accurate model: accuracy
    is rarely what the business pays for. Ask which errors cost what — missed legendaries,
    false alarms — and measure those (recall, precision, cost per error), on the cases
    that matter (a rare class, a key customer segment), along with what the model costs
    to run (latency, memory) and whether its probabilities can be trusted.

    ## Key points

    - **Baselines first**: the majority class, a simple model, your current pipeline.
      Every number is read against them; here features gained more than any model did.
    - **Compare fairly**: the same rows, features and folds for every model; report the
      mean *and* the spread, and a gap smaller than the spread is not a finding.
    - **Accuracy is half a comparison**: fit time, single-row latency, readability and
      calibration decide what ships.
    - **Choose with validation, report with test, once.** Selecting by test score
      flatters the winner — more so with many candidates and a small test set.
    - **Pipelines as code**: a checked config, stages as functions, a versioned artifact
      with hashes (loaded with skops, never unpickled blindly), and every run logged as
      run / params / metrics / artifacts.
    - **Search on a budget**: random search beats a grid; successive halving spends the
      budget on the promising candidates.
    - **Learning and validation curves** say whether more data, a simpler model or a
      richer one would help.
    - **Estimate before you run**: time growing subsets, fit a power law on log–log
      axes, extrapolate.
    - **Rare classes**: measure recall, precision and PR-AUC; class weights and resampling
      (inside the training folds) trade precision for recall.
    """)
    return


@app.cell(hide_code=True)
def _():
    _answers = {
        "1. Your validation accuracy is 90% but test accuracy is 70%. What happened?": r"""
        Something made the validation score optimistic, or the test rows differ. First
        suspect: **selection** — after many configurations chosen on the same validation
        set, its score includes the winner's luck (section 5 measured it; a small
        validation set makes it worse). Second: a **leak** between training and
        validation that the test set does not share — duplicates or the same entity on
        both sides, preprocessing or feature selection fitted on all rows. Third: a
        **shift** — test rows from a later period or another source. Check how many
        choices were made on the validation set, re-run with cross-validation and a
        grouped or time-based split, and compare the two sets' feature distributions.
        """,
        "2. When would you choose Logistic Regression over XGBoost, even if XGBoost is more accurate?": r"""
        When the accuracy gap is within the fold-to-fold spread; when latency, memory or
        cost matter (the zoo table puts a price on each model's answer); when people must
        understand or audit the decision (one weight per feature); when you need
        well-calibrated probabilities; when the data is small or the relation mostly
        linear; and when a simpler model is cheaper to retrain, monitor, debug and hand
        over. The extra points must pay for all of that — often they do not.
        """,
        "3. You're tuning hyperparameters. Should you use test data to select the best model? Why not?": r"""
        No. Every choice made by looking at a score fits that score's noise: the model
        you pick is partly the one that was lucky on those rows, so its test score
        overstates what it will do on new data (section 5: the winner chosen on 100 test
        rows lost points on fresh rows). Tune with cross-validation on the training rows
        (or a separate validation set) and touch the test set once, at the end. If you
        have already chosen with it, it has become a validation set: get a new test set.
        """,
        "4. Your model is 90% accurate but your PM is unhappy. What might you be missing?": r"""
        That accuracy is not the goal. The errors that matter may be rare (`is_legendary`:
        "never legendary" is 94% accurate and useless), or cost very different amounts (a
        missed fraud vs a false alarm); the model may fail a segment that matters; it may be
        too slow or too costly to serve; its probabilities may be untrustworthy; and 90% may
        be no better than the baseline or the current system. Ask what decision the model
        supports and what each error costs, then measure that: recall, precision, cost,
        per segment, against the baseline.
        """,
        "5. Training takes 8 hours. How do you experiment efficiently?": r"""
        Estimate before you run (time growing subsets, fit the power law). Do most
        experiments on a sample that ranks ideas the same way as the full data (check it
        with a learning curve), and with a cheap proxy model. Prune bad configurations
        early: successive halving, early stopping. Cache what does not change (features,
        preprocessing); run independent configurations in parallel; checkpoint long runs;
        log every run so nothing is redone. Run the full 8 hours once, for the
        configuration already chosen.
        """,
    }
    mo.vstack([
        mo.md("## Socratic questions\n\nAnswer each in your own words first, then open it."),
        mo.accordion({_question: mo.md(_answer) for _question, _answer in _answers.items()}),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next step

    1. **Exercises 3.1–3.3** in `exercises/03_model_training.py`: write stratified
       folds from scratch, choose a model under stakeholders' constraints (and explain
       it), and tune a model under a latency budget. Open it with
       `uv run marimo edit exercises/03_model_training.py`; each exercise has a live
       check like the try-its above.
    2. **Checkpoint 3** in `checkpoints/03_debug_the_failing_model.py`: a training
       script with planted bugs — find them, fix them, and beat the broken model on
       creatures you never see.
    """)
    return


if __name__ == "__main__":
    app.run()
