# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "matplotlib>=3.9",
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
    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import (
        average_precision_score,
        brier_score_loss,
        confusion_matrix,
        precision_recall_curve,
        roc_auc_score,
        roc_curve,
    )
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    from pokemon_ml.data.generate import STAT_COLUMNS, TYPES, generate_pokemon
    from pokemon_ml.evaluation import (
        LEGENDARY,
        MAX_SLICE_GAP,
        MIN_ACCURACY,
        MIN_SLICE_ROWS,
        TAXONOMY,
        build_model_card,
        calibrate,
        categorize,
        cost_by_threshold,
        error_table,
        field_season,
        make_legendary_model,
        model_under_review,
        per_class_report,
        reliability_table,
        render_markdown,
        slice_table,
        threshold_report,
        wilson_interval,
        worst_slice,
        write_model_card,
    )
    from pokemon_ml.features import TARGET, make_model
    from pokemon_ml.features.pipeline import MAX_ITER
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check
    from pokemon_ml.training import ArtifactError


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 4 — Evaluation: metrics that fit the business, and a model card a board can trust

    Module 3 ended with a trained, versioned model and one number: its accuracy. This
    notebook takes that model apart. You will read precision, recall and F1 per class,
    and see why their *macro* and *weighted* averages disagree on a rare class; watch
    accuracy reward a model that never finds a legendary; move a threshold and see the
    confusion matrix, the metrics and the money move together; check whether "80%"
    means 80% (calibration); sort the model's mistakes into causes you can act on;
    measure it per generation and per type with honest error bars; break a model's
    fairness three different ways on purpose; and write the model card a review board
    reads before anything ships. By the end you will be able to say *how good* a model
    is, *for whom*, *at what cost*, and *how sure* you are.

    *About 1.5 hours, two short "try it" tasks included. Everything here runs in a few
    seconds; every control is live.*
    """)
    return


@app.cell
def _():
    VALIDATION_SHARE = 0.5  # of the season's held-out rows: validation (calibrate, choose); rest: test
    SPLIT_SEED = 4  # the validation/test split of the season
    DEFAULT_THRESHOLD = 0.5  # what `predict` uses: the threshold nobody chose
    RELIABILITY_BINS = 10  # equal-count bins of the reliability diagram
    SMALL_SLICE_ROWS = 10  # section 8's small slice: the worst cell with at least this many rows
    SAID_BAND = (0.7, 0.9)  # "about 80% sure": the band of probabilities section 6 reads
    FAIRNESS_ROWS = 3_000  # creatures in each generated training and test set (section 9)
    FAIRNESS_SEEDS = (7, 8)  # training set, test set
    DROP_SHARE = 0.9  # under-representation: share of one type's training rows dropped
    FLIP_SHARE = 0.4  # biased labels: share of one type's training labels recorded as another
    PROXY_ROWS = 16_000  # the proxy demonstration's season (half training, half test)
    PROXY_GROUP_GENERATION = 8  # the group: creatures of the newest region
    UNDER_RECORDED = 0.6  # share of the group's legendaries history recorded as "not legendary"
    PROXY_MATCH = (0.95, 0.01)  # P(station is northern | group), P(station is northern | others)
    return (
        DEFAULT_THRESHOLD,
        DROP_SHARE,
        FAIRNESS_ROWS,
        FAIRNESS_SEEDS,
        FLIP_SHARE,
        PROXY_GROUP_GENERATION,
        PROXY_MATCH,
        PROXY_ROWS,
        RELIABILITY_BINS,
        SAID_BAND,
        SMALL_SLICE_ROWS,
        SPLIT_SEED,
        UNDER_RECORDED,
        VALIDATION_SHARE,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. The model under review

    The model is the newest artifact Module 3's pipeline wrote to `artifacts/` (its
    hash checked before it is loaded); the rows are the ones *that run* held out,
    recomputed from the artifact's own configuration — rows the model never saw. If you
    have not trained yet, the default model is trained first, as
    `uv run pokemon-ml train` would.
    """)
    return


@app.cell
def _():
    review_messages = []  # what model_under_review said, shown below
    with mo.status.spinner(title="Loading the model under review…") as _spinner:

        def _say(message: str) -> None:
            review_messages.append(message)
            _spinner.update(subtitle=message)

        try:
            artifact, held_out = model_under_review(say=_say)
        except ArtifactError as _error:  # changed since saved, or trained on other data
            mo.stop(True, mo.callout(mo.md(f"**The model under review cannot be used:** {_error}"),
                                     kind="danger"))
    type_model = artifact.model
    return artifact, held_out, review_messages, type_model


@app.cell
def _(artifact, held_out, review_messages, type_model):
    type_truth = held_out[TARGET].to_numpy()
    type_predicted = type_model.predict(held_out)
    type_accuracy = float((type_truth == type_predicted).mean())
    mo.vstack([
        *[mo.callout(mo.md(_message), kind="info") for _message in review_messages],
        mo.md(
            f"Under review: **`{artifact.folder.name}`**, a "
            f"`{artifact.config.model.kind}` trained on `data/{artifact.config.data.dataset}` "
            f"(SHA-256 `{artifact.manifest['data_sha256'][:12]}…`). Its run held out "
            f"**{len(held_out)} creatures**; on them it is right **{type_accuracy:.1%}** of "
            f"the time (the run logged {artifact.metrics['test_accuracy']:.1%} — the same rows)."
        ),
    ])
    return type_accuracy, type_predicted, type_truth


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. Per class: precision, recall, F1

    Accuracy is one number for six questions. Per class:

    - **Precision** — of the creatures the model *called* fire, how many are fire?
      (Low: its "fire" is often wrong.)
    - **Recall** — of the creatures that *are* fire, how many did it call fire?
      (Low: it misses fire creatures.)
    - **F1** — their harmonic mean, high only when both are.
    - **Support** — how many rows the class has: the evidence behind its numbers.

    Then two averages. **Macro** averages the classes as equals; **weighted** averages
    them by support, so it follows the common classes (and sits near accuracy).
    """)
    return


@app.cell
def _(type_predicted, type_truth):
    type_report = per_class_report(type_truth, type_predicted)
    mo.ui.table(
        type_report.reset_index(),
        selection=None,
        format_mapping={c: "{:.3f}" for c in ("precision", "recall", "f1")},
        pagination=False,
    )
    return (type_report,)


@app.function(hide_code=True)
def plot_confusion(truth: np.ndarray, predicted: np.ndarray, labels: list[str]) -> plt.Figure:
    """Counts of (true, predicted) pairs: rows are the truth, columns the prediction."""
    counts = confusion_matrix(truth, predicted, labels=labels)
    fig, ax = plt.subplots(figsize=(4.6, 3.8))
    ax.imshow(counts, cmap="Blues")
    for (row, column), count in np.ndenumerate(counts):
        ax.text(column, row, count, ha="center", va="center",
                color="white" if count > counts.max() / 2 else "black", fontsize=9)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set(xlabel="predicted", ylabel="true")
    fig.tight_layout()
    return fig


@app.cell
def _(type_model, type_predicted, type_truth):
    plot_confusion(type_truth, type_predicted, list(type_model.classes_))
    return


@app.cell(hide_code=True)
def _(type_predicted, type_report, type_truth):
    _classes = type_report.drop(index=["macro avg", "weighted avg"])
    _worst = _classes["f1"].idxmin()
    _pairs = pd.Series(list(zip(type_truth, type_predicted)))[type_truth != type_predicted]
    (_true, _called), _count = next(iter(_pairs.value_counts().items()))
    mo.md(f"""
    Read the matrix by rows: row *grass* is every true grass creature, and the cells off
    the diagonal are where they went. The biggest mistake is **{_true} called {_called}**
    ({_count} creatures); the weakest class is **{_worst}** (F1
    {_classes.loc[_worst, "f1"]:.3f}, recall {_classes.loc[_worst, "recall"]:.3f}).
    The six types are roughly balanced here ({_classes["support"].min()}–{_classes["support"].max()}
    rows each), so the averages agree: macro F1 **{type_report.loc["macro avg", "f1"]:.3f}**,
    weighted F1 **{type_report.loc["weighted avg", "f1"]:.3f}**. On a rare class they do not —
    next.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. A rare class, and accuracy's trap

    About 6% of creatures are **legendary**. A scout in the field measures a creature's
    stats, height and weight and knows its generation; should the League send a
    research team? Its capture rate and evolution stage would give legendaries away, but
    they are only known once a creature is catalogued, so the field model may not use
    them (Module 2's leak). `pokemon_ml.evaluation.field_season()` gives a season of
    6,000 sightings, half for training; the other half is split again — **validation**
    rows to calibrate and to choose thresholds on, **test** rows to report on, once.
    """)
    return


@app.cell
def _(SPLIT_SEED, VALIDATION_SHARE):
    season_train, _season_rest = field_season()
    season_validation, season_test = train_test_split(
        _season_rest, test_size=1 - VALIDATION_SHARE, stratify=_season_rest[LEGENDARY],
        random_state=SPLIT_SEED,
    )
    field_model = make_legendary_model().fit(season_train, season_train[LEGENDARY])
    y_test = season_test[LEGENDARY].to_numpy()
    y_validation = season_validation[LEGENDARY].to_numpy()
    proba_test = field_model.predict_proba(season_test)[:, 1]
    proba_validation = field_model.predict_proba(season_validation)[:, 1]
    return (
        proba_test,
        proba_validation,
        season_test,
        season_train,
        season_validation,
        y_test,
        y_validation,
    )


@app.cell
def _(DEFAULT_THRESHOLD, proba_test, y_test):
    always_no = threshold_report(y_test, np.zeros(len(y_test)), threshold=DEFAULT_THRESHOLD)
    at_default = threshold_report(y_test, proba_test, DEFAULT_THRESHOLD)
    legendary_report = per_class_report(
        np.where(y_test, "legendary", "not legendary"),
        np.where(proba_test >= DEFAULT_THRESHOLD, "legendary", "not legendary"),
    )
    mo.vstack([
        mo.hstack([
            mo.stat(f"{always_no['accuracy']:.1%}", label="'never legendary': accuracy",
                    caption=f"recall {always_no['recall']:.0%}: finds none of {int(y_test.sum())}"),
            mo.stat(f"{at_default['accuracy']:.1%}", label="field model at 0.5: accuracy",
                    caption=f"recall {at_default['recall']:.1%}: finds {at_default['tp']}"),
        ], justify="start", gap=2),
        mo.ui.table(legendary_report.reset_index(), selection=None, pagination=False,
                    format_mapping={c: "{:.3f}" for c in ("precision", "recall", "f1")}),
    ])
    return always_no, at_default, legendary_report


@app.cell(hide_code=True)
def _(always_no, at_default, legendary_report, type_report, y_test):
    mo.md(f"""
    A "model" that answers *not legendary* every time is right **{always_no['accuracy']:.1%}**
    of the time — and finds **none** of the {int(y_test.sum())} legendaries in the test
    rows. The field model at the default threshold is barely different:
    {at_default['accuracy']:.1%} accurate, recall {at_default['recall']:.1%}. Accuracy counts
    the 94% of easy "no"s and cannot see the question you asked.

    The averages tell the two apart. **Weighted F1 is {legendary_report.loc['weighted avg', 'f1']:.3f}**:
    it follows the {legendary_report.loc['not legendary', 'support']:,} non-legendaries.
    **Macro F1 is {legendary_report.loc['macro avg', 'f1']:.3f}**: the
    {legendary_report.loc['legendary', 'support']} legendaries get as much say as everyone
    else, and their F1 is {legendary_report.loc['legendary', 'f1']:.3f}. On the six-type task
    the two were {type_report.loc['macro avg', 'f1']:.3f} and
    {type_report.loc['weighted avg', 'f1']:.3f}: when macro falls far below weighted, a rare
    class is failing. Report per class, and choose the average by which errors you care
    about — here, the rare class is the whole point.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T4.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `recall_at(y, proba, threshold)`: the recall of a model that calls every row
    whose probability is **at or above** `threshold` positive (`>=`, the rule
    scikit-learn's curves and this notebook's slider use). Return a float between 0 and 1.

    `y` holds the true labels, True or 1 for positive, as a list, a numpy array or a
    pandas Series (whose index may be creature ids); `proba` the model's probability of
    the positive class for the same rows. The check uses probabilities that sit exactly
    on the threshold, thresholds other than 0.5 (0 and 1 included) and labels in all
    three forms. Every case has at least one positive.
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
    raise NotImplementedError


@app.cell
def _():
    hints_t4_1 = hint_button("T4.1")
    return (hints_t4_1,)


@app.cell
def _(hints_t4_1):
    live_check("T4.1", recall_at, hints_t4_1)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 4. One threshold moves everything

    The model outputs a probability; a **threshold** turns it into a decision. 0.5 is
    `predict`'s default, not a choice anyone made. Move it: the confusion matrix, the
    metrics, the point on both curves and the season's bill all move together. The bill
    is in coins: a **false alarm** sends a research team to a creature that is not
    legendary; a **miss** lets a legendary walk away unrecorded. Set what each costs.
    """)
    return


@app.cell
def _():
    threshold_slider = mo.ui.slider(0.0, 1.0, step=0.01, value=0.5, label="threshold",
                                    show_value=True, full_width=True)
    false_alarm_cost = mo.ui.slider(steps=[10, 20, 50, 100, 200, 500, 1_000], value=100,
                                    label="cost of a false alarm (coins)", show_value=True)
    miss_cost = mo.ui.slider(steps=[100, 200, 500, 1_000, 2_000, 5_000, 10_000], value=1_000,
                             label="cost of a missed legendary (coins)", show_value=True)
    mo.vstack([threshold_slider, mo.hstack([false_alarm_cost, miss_cost], justify="start", gap=2)])
    return false_alarm_cost, miss_cost, threshold_slider


@app.cell
def _(false_alarm_cost, miss_cost, proba_test, threshold_slider, y_test):
    at_slider = threshold_report(y_test, proba_test, threshold_slider.value,
                                 false_alarm_cost.value, miss_cost.value)
    _matrix = mo.md(f"""
    |  | called legendary | called not legendary |
    |---|---:|---:|
    | **legendary** | {at_slider['tp']} caught | {at_slider['fn']} missed |
    | **not legendary** | {at_slider['fp']} false alarms | {at_slider['tn']} left alone |
    """)
    _stats = mo.hstack([
        mo.stat(f"{at_slider[_name]:.1%}", label=_name)
        for _name in ("precision", "recall", "f1", "accuracy")
    ] + [mo.stat(f"{at_slider['cost']:,.0f}", label="cost (coins)",
                 caption=f"on {len(y_test):,} test sightings")], justify="start", gap=1.5)
    mo.vstack([_matrix, _stats])
    return (at_slider,)


@app.function(hide_code=True)
def plot_threshold(
    y: np.ndarray, proba: np.ndarray, report: dict, threshold: float, costs: pd.DataFrame,
    chosen: float,
) -> plt.Figure:
    """ROC and PR curves with the slider's point on each, and the cost of every threshold."""
    fig, (roc_ax, pr_ax, cost_ax) = plt.subplots(1, 3, figsize=(11, 3.3))
    fpr, tpr, _ = roc_curve(y, proba)
    roc_ax.plot(fpr, tpr, label=f"field model (AUC {roc_auc_score(y, proba):.2f})")
    roc_ax.plot([0, 1], [0, 1], ":", color="grey", label="chance (AUC 0.5)")
    roc_ax.plot(report["fp"] / (report["fp"] + report["tn"]), report["recall"], "o", color="tab:red",
                label=f"threshold {threshold:.2f}")
    roc_ax.set(xlabel="false-alarm rate (FP / all negatives)", ylabel="recall", title="ROC")
    precision, recall, _ = precision_recall_curve(y, proba)
    pr_ax.plot(recall, precision, label=f"field model (AP {average_precision_score(y, proba):.2f})")
    pr_ax.axhline(y.mean(), ls=":", color="grey", label=f"chance ({y.mean():.3f})")
    if report["tp"] + report["fp"]:
        pr_ax.plot(report["recall"], report["precision"], "o", color="tab:red")
    pr_ax.set(xlabel="recall", ylabel="precision", title="precision–recall", ylim=(0, 1.02))
    cost_ax.step(costs["threshold"], costs["cost"], where="post", label="cost on test rows")
    cost_ax.axvline(threshold, color="tab:red", label=f"slider ({threshold:.2f})")
    cost_ax.axvline(0.5, ls="--", color="grey", label="default 0.5")
    cost_ax.axvline(chosen, ls="--", color="tab:green", label=f"chosen on validation ({chosen:.3f})")
    cost_ax.set(xlabel="threshold", ylabel="coins", title="the season's bill", xlim=(0, 1))
    for ax in (roc_ax, pr_ax, cost_ax):
        ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


@app.cell
def _(false_alarm_cost, miss_cost, proba_validation, y_validation):
    _validation_costs = cost_by_threshold(y_validation, proba_validation,
                                          false_alarm_cost.value, miss_cost.value)
    best_threshold = float(_validation_costs.loc[_validation_costs["cost"].idxmin(), "threshold"])
    return (best_threshold,)


@app.cell
def _(
    at_slider,
    best_threshold,
    false_alarm_cost,
    miss_cost,
    proba_test,
    threshold_slider,
    y_test,
):
    plot_threshold(y_test, proba_test, at_slider, threshold_slider.value,
                   cost_by_threshold(y_test, proba_test, false_alarm_cost.value, miss_cost.value),
                   best_threshold)
    return


@app.cell(hide_code=True)
def _(proba_test, y_test):
    _trips = 0.1 * int((~y_test).sum())
    mo.md(f"""
    **Reading the curves.** The **ROC** curve plots recall against the false-alarm rate
    for every threshold; its area (AUC {roc_auc_score(y_test, proba_test):.2f}) is the
    chance that a random legendary gets a higher probability than a random
    non-legendary. It looks respectable because the negatives are so many: a 10%
    false-alarm rate is still {_trips:.0f} wasted trips. The **precision–recall** curve shows
    what the League lives with: chance is the base rate ({y_test.mean():.1%}), and the
    area (average precision {average_precision_score(y_test, proba_test):.2f}) says most
    alarms are false at any useful recall. On a rare class, read PR first.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 5. Choosing the threshold with business costs

    The cost-optimal threshold is the one with the lowest bill. Only the distinct
    probabilities matter (between two of them every threshold decides the same), so
    `cost_by_threshold` tries each one. It is **chosen on the validation rows** and
    **reported on the test rows** — choosing on test would flatter it, exactly as in
    Module 3's section 5. Change the costs above and watch the choice move.
    """)
    return


@app.cell
def _(
    DEFAULT_THRESHOLD,
    best_threshold,
    false_alarm_cost,
    miss_cost,
    proba_test,
    y_test,
):
    _costs = false_alarm_cost.value, miss_cost.value
    rule_threshold = _costs[0] / (_costs[0] + _costs[1])
    _options = {
        "always 'not legendary'": np.zeros(len(y_test)),
        f"default threshold {DEFAULT_THRESHOLD}": proba_test >= DEFAULT_THRESHOLD,
        f"cost-optimal on validation ({best_threshold:.3f})": proba_test >= best_threshold,
        f"the rule cost_fp / (cost_fp + cost_fn) ({rule_threshold:.3f})": proba_test >= rule_threshold,
        "flag every sighting": np.ones(len(y_test)),
    }
    decision_table = pd.DataFrame(
        [threshold_report(y_test, _called.astype(float), 0.5, *_costs) for _called in _options.values()],
        index=pd.Index(list(_options), name="decision"),
    )[["tp", "fp", "fn", "precision", "recall", "f1", "accuracy", "cost"]]
    mo.ui.table(
        decision_table.reset_index(),
        selection=None,
        pagination=False,
        format_mapping={"precision": "{:.1%}", "recall": "{:.1%}", "f1": "{:.3f}",
                        "accuracy": "{:.1%}", "cost": "{:,.0f}"},
    )
    return decision_table, rule_threshold


@app.cell(hide_code=True)
def _(
    best_threshold,
    decision_table,
    false_alarm_cost,
    miss_cost,
    rule_threshold,
):
    _default, _best = decision_table.iloc[1], decision_table.iloc[2]
    _never = decision_table.iloc[0]
    _ratio = miss_cost.value / false_alarm_cost.value
    _versus_never = (
        f"{'hardly' if _never['cost'] - _default['cost'] < 0.1 * _never['cost'] else ''} better "
        f"than never sending anyone ({_never['cost']:,.0f})"
        if _default["cost"] < _never["cost"]
        else f"no better than never sending anyone ({_never['cost']:,.0f})"
    )
    _accuracy = (
        f"Its accuracy ({_best['accuracy']:.1%}) is *lower* than the default's "
        f"({_default['accuracy']:.1%}): the best decision for the business is not the most "
        "accurate one."
        if _best["accuracy"] < _default["accuracy"]
        else "When a miss costs little, the cheapest policy is a cautious one."
    )
    _catches = (
        f"it catches {_best['recall']:.0%} of the legendaries, and {_best['precision']:.0%} of "
        f"its alarms are real, because a miss costs {_ratio:.2g}× a wasted trip."
        if _best["tp"] + _best["fp"]
        else f"it never raises an alarm — at {_ratio:.2g}× a trip, no sighting is worth one."
    )
    mo.md(f"""
    With a false alarm at {false_alarm_cost.value:,} coins and a miss at
    {miss_cost.value:,}, the default threshold costs **{_default['cost']:,.0f}** coins on the
    test sightings — {_versus_never}. The threshold chosen on validation,
    **{best_threshold:.3f}**, costs **{_best['cost']:,.0f}**: {_catches} {_accuracy}

    **The rule.** If the probabilities are *calibrated* (next section), calling a sighting
    legendary pays exactly when `p · cost_miss > (1 − p) · cost_false_alarm`, i.e. when
    `p > cost_fp / (cost_fp + cost_fn)` = **{rule_threshold:.3f}** here — no search needed.
    It lands near the searched threshold only as far as the model's probabilities can be
    trusted, which is the next question.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 6. Calibration: when the model says 80%, is it right 80% of the time?

    Module 3 fixed the rare class with `class_weight="balanced"`: the loss counts each
    legendary ~16 times, so the model finds more of them — and its probabilities are no
    longer probabilities. A **reliability diagram** sorts the test sightings into ten
    equal-sized bins by predicted probability and plots each bin's *observed* share of
    legendaries against its *mean predicted* probability; a calibrated model sits on
    the diagonal. The **Brier score** (mean squared error of the probabilities; lower
    is better) sums it up. `calibrate` fits a monotone map from the balanced model's
    scores to probabilities on the **validation** rows (Platt scaling: two numbers) and
    leaves the model itself frozen.
    """)
    return


@app.cell
def _(season_train, season_validation, y_validation):
    balanced_model = make_legendary_model(
        LogisticRegression(max_iter=MAX_ITER, class_weight="balanced")
    ).fit(season_train, season_train[LEGENDARY])
    calibrated_model = calibrate(balanced_model, season_validation, y_validation)
    return balanced_model, calibrated_model


@app.cell
def _(balanced_model, calibrated_model, proba_test, season_test, y_test):
    calibration_probas = {
        "field model (plain)": proba_test,
        "balanced class weights": balanced_model.predict_proba(season_test)[:, 1],
        "balanced, then calibrated": calibrated_model.predict_proba(season_test)[:, 1],
    }
    calibration_scores = pd.DataFrame(
        {
            "ROC AUC": [roc_auc_score(y_test, _p) for _p in calibration_probas.values()],
            "average precision": [average_precision_score(y_test, _p) for _p in calibration_probas.values()],
            "Brier score": [brier_score_loss(y_test, _p) for _p in calibration_probas.values()],
            "mean predicted": [_p.mean() for _p in calibration_probas.values()],
        },
        index=pd.Index(list(calibration_probas), name="model"),
    )
    return calibration_probas, calibration_scores


@app.function(hide_code=True)
def plot_reliability(
    y: np.ndarray, probas: dict[str, np.ndarray], bins: int, band: tuple[float, float]
) -> plt.Figure:
    """Observed share of positives against mean predicted probability, per bin, per model."""
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfectly calibrated")
    for name, proba in probas.items():
        table = reliability_table(y, proba, bins)
        ax.plot(table["mean_predicted"], table["observed_rate"], "o-", ms=4,
                label=f"{name} (Brier {brier_score_loss(y, proba):.3f})")
    ax.axvspan(*band, color="tab:orange", alpha=0.08, label='"about 80% sure"')
    ax.set(xlabel="mean predicted probability (per bin)", ylabel="observed share legendary",
           xlim=(0, 1), ylim=(0, 1))
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    return fig


@app.cell
def _(RELIABILITY_BINS, SAID_BAND, calibration_probas, calibration_scores, y_test):
    mo.vstack([
        plot_reliability(y_test, calibration_probas, RELIABILITY_BINS, SAID_BAND),
        mo.ui.table(calibration_scores.reset_index(), selection=None, pagination=False,
                    format_mapping={c: "{:.3f}" for c in calibration_scores.columns}),
        mo.md(f"*The share of legendaries in the test rows is {y_test.mean():.3f}: a calibrated "
              "model's mean predicted probability is close to it.*"),
    ])
    return


@app.cell(hide_code=True)
def _(SAID_BAND, calibration_probas, calibration_scores, y_test):
    _balanced = calibration_probas["balanced class weights"]
    _calibrated = calibration_probas["balanced, then calibrated"]
    _band = (_balanced >= SAID_BAND[0]) & (_balanced < SAID_BAND[1])
    said_80 = {
        "rows": int(_band.sum()),
        "said": float(_balanced[_band].mean()),
        "observed": float(y_test[_band].mean()),
        "calibrated_says": float(_calibrated[_band].mean()),
    }
    _scores = calibration_scores["Brier score"]
    mo.md(f"""
    The balanced model's curve lies far below the diagonal: it says "likely legendary"
    to creatures that mostly are not. Its Brier score is
    **{_scores['balanced class weights']:.3f}**; calibrated, **{_scores['balanced, then calibrated']:.3f}**
    (the plain model, trained without weights, was already close: {_scores['field model (plain)']:.3f}).
    What calibrating changes is the *numbers*, not the *order*: ROC AUC and average
    precision are identical before and after, because a monotone map keeps every
    ranking — so the same decisions are still available, at a different threshold.
    What it buys is that a threshold rule (`p > cost_fp / (cost_fp + cost_fn)`), a
    probability shown to a user and an expected cost all mean what they say.

    ### Explaining "the model is 80% confident"

    Take the {said_80['rows']} test sightings the balanced model rated between
    {SAID_BAND[0]:.0%} and {SAID_BAND[1]:.0%} (the shaded band; {said_80['said']:.0%} on
    average). Only **{said_80['observed']:.0%}** of them were legendary. The calibrated
    model gives the same sightings **{said_80['calibrated_says']:.0%}** on average — close
    to what they are. So, to someone who is not an engineer:

    > "When the model says 80%, it means: of all the sightings it rates like this one,
    > about 8 in 10 turn out to be legendary, and 2 in 10 do not. It is not a promise about
    > this one — expect to be wrong on 1 in 5 of these calls. We checked that its 80%
    > really is about 80% on sightings it had never seen (the diagram above), and we keep
    > checking; an uncalibrated model's '80%' here meant about {said_80['observed']:.0%}."

    Say it as a frequency ("8 in 10 like this"), say what the other 2 mean for them, and
    only say it after the reliability diagram agrees.
    """)
    return (said_80,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 7. Error analysis: the type model's mistakes, sorted into causes

    Reading errors one by one does not scale; reading only the accuracy hides them. The
    middle way is a **fixed taxonomy**: a short ordered list of causes, each a rule
    computed from the error's row, each with a next step (`pokemon_ml.evaluation.TAXONOMY`).
    The first rule that holds is the category:

    1. `out_of_range` — an input outside what the data contract allows;
    2. `secondary_type` — the model predicted the creature's recorded *secondary* type;
    3. `suspect_label` — the model is very sure (≥ 90%) of another type;
    4. `close_call` — the true type nearly won (less than 10 points behind);
    5. `other` — none of these.

    `error_table` lists the misclassified held-out rows with what the model said and how
    sure it was; `categorize` applies the rules.
    """)
    return


@app.cell
def _(held_out, type_model):
    type_errors = error_table(type_model, held_out)
    type_errors["category"] = categorize(type_errors)
    error_counts = (
        type_errors["category"].value_counts()
        .reindex(list(TAXONOMY), fill_value=0)
        .rename_axis("category").reset_index(name="errors")
    )
    _rows = [f"| `{_name}` | {_n} | {TAXONOMY[_name]} |"
             for _name, _n in zip(error_counts["category"], error_counts["errors"], strict=True)]
    mo.md("\n".join(["| category | errors | what to do next |", "|:---|---:|:---|", *_rows]))
    return error_counts, type_errors


@app.cell
def _():
    category_filter = mo.ui.dropdown(
        options=["all", *TAXONOMY], value="all", label="show the errors in category"
    )
    category_filter
    return (category_filter,)


@app.cell
def _(category_filter, type_errors):
    _shown = type_errors if category_filter.value == "all" else type_errors[
        type_errors["category"] == category_filter.value
    ]
    _columns = ["category", "true_type", "predicted_type", "confidence", "true_type_proba",
                "secondary_type", "generation", "name", "height_m", "weight_kg", *STAT_COLUMNS]
    mo.ui.table(
        _shown[_columns].reset_index(drop=True),
        selection=None,
        page_size=8,
        format_mapping={"confidence": "{:.2f}", "true_type_proba": "{:.2f}"},
        label=f"{len(_shown)} of {len(type_errors)} errors",
    )
    return


@app.cell(hide_code=True)
def _(error_counts, held_out, type_errors):
    _counts = error_counts.set_index("category")["errors"]
    _biggest = _counts.idxmax()
    _other = type_errors[type_errors["category"] == "other"]
    _pairs = (_other["true_type"] + " → " + _other["predicted_type"]).value_counts()
    _top = ", ".join(f"{_pair} ({_n})" for _pair, _n in _pairs.head(3).items())
    _reading = (
        "Reading the `other` rows one by one, as the taxonomy says, one pattern stands out: "
        f"the most common mix-ups among them are {_top}. That is a feature question (what "
        "separates those types?), and it is where Module 2's work would go next."
        if len(_other) else "No error is left without a known cause."
    )
    _none = [f"`{_name}`" for _name, _n in _counts.items() if _n == 0]
    _empty = (
        f"The course data is clean, so {', '.join(_none)} {'is' if len(_none) == 1 else 'are'} empty here"
        if _none else "Every cause is present"
    )
    mo.md(f"""
    The model gets **{len(type_errors)} of {len(held_out)}** held-out creatures wrong. The
    biggest group is **{_biggest}** ({_counts[_biggest]} errors); the taxonomy's advice:
    *{TAXONOMY[_biggest]}*
    {_empty} — on a real data drop they rarely are (exercise 4.2 gives you one).
    {_reading} A taxonomy turns "{len(type_errors)} errors" into a to-do list with sizes.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 8. Slices: for whom does the model fail?

    An overall accuracy averages over everyone; one generation or one type can be much
    worse and hidden in it. But a slice's accuracy is an *estimate from few rows*, so
    every slice below comes with its size `n` and a **95% Wilson interval** — the range
    of accuracies these rows cannot rule out. `slice_table` computes both;
    `worst_slice` only considers slices of at least `MIN_SLICE_ROWS` rows. (Sliced by
    the true type, a slice's accuracy is that type's recall.)
    """)
    return


@app.cell
def _(held_out, type_predicted, type_truth):
    type_slices = slice_table(held_out, type_truth, type_predicted, ["generation", TARGET])
    worst_type_slice = worst_slice(type_slices)
    mo.ui.table(
        type_slices.drop(columns=["column", "value"]),
        selection=None,
        pagination=False,
        format_mapping={c: "{:.3f}" for c in ("accuracy", "ci_low", "ci_high")},
    )
    return type_slices, worst_type_slice


@app.function(hide_code=True)
def plot_slices(slices: pd.DataFrame, overall: float, highlight: str) -> plt.Figure:
    """Each slice's accuracy with its 95% interval, against the overall accuracy."""
    fig, ax = plt.subplots(figsize=(7, 4.2))
    rows = np.arange(len(slices))[::-1]
    colours = ["tab:red" if name == highlight else "tab:blue" for name in slices["slice"]]
    ax.errorbar(slices["accuracy"], rows, fmt="none", ecolor=colours,
                xerr=[slices["accuracy"] - slices["ci_low"], slices["ci_high"] - slices["accuracy"]])
    ax.scatter(slices["accuracy"], rows, c=colours, zorder=3)
    ax.axvline(overall, ls="--", color="grey", label=f"overall {overall:.1%}")
    ax.axvline(overall - MAX_SLICE_GAP, ls=":", color="tab:red",
               label=f"overall − {MAX_SLICE_GAP} (the board's limit)")
    ax.set_yticks(rows, [f"{s}  (n={n})" for s, n in zip(slices["slice"], slices["n"])], fontsize=8)
    ax.set(xlabel="accuracy, with its 95% interval", xlim=(0.3, 1.0))
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig


@app.cell
def _(type_accuracy, type_slices, worst_type_slice):
    plot_slices(type_slices, type_accuracy, worst_type_slice["slice"])
    return


@app.cell
def _(SMALL_SLICE_ROWS, held_out, type_predicted, type_truth):
    _crossed = held_out.assign(
        generation_and_type=held_out["generation"].astype(str) + " & " + held_out[TARGET]
    )
    crossed_slices = slice_table(_crossed, type_truth, type_predicted, ["generation_and_type"])
    _candidates = crossed_slices[crossed_slices["n"] >= SMALL_SLICE_ROWS]
    small_slice = _candidates.sort_values(["accuracy", "n"], ascending=[True, False]).iloc[0]
    return crossed_slices, small_slice


@app.cell(hide_code=True)
def _(
    crossed_slices,
    small_slice,
    type_accuracy,
    type_slices,
    worst_type_slice,
):
    _gens = type_slices[type_slices["column"] == "generation"]
    _w = worst_type_slice
    _evidence = (
        "Its whole interval sits below the overall accuracy: that is evidence."
        if _w["ci_high"] < type_accuracy
        else "Its interval still reaches the overall accuracy: a lead to follow, not yet proof."
    )
    _overlap = (
        "every interval overlaps every other"
        if _gens["ci_low"].max() < _gens["ci_high"].min()
        else "most intervals overlap"
    )
    _inside = small_slice["ci_low"] <= type_accuracy <= small_slice["ci_high"]
    mo.md(f"""
    **The worst slice** with enough rows is **{_w['slice']}**: {_w['correct']} of {_w['n']}
    right, **{_w['accuracy']:.1%}** (95% interval {_w['ci_low']:.1%}–{_w['ci_high']:.1%}),
    against {type_accuracy:.1%} overall — a gap of {type_accuracy - _w['accuracy']:.3f}.
    {_evidence} The generations tell the other story: their accuracies range from
    {_gens['accuracy'].min():.1%} to {_gens['accuracy'].max():.1%}, but {_overlap} —
    {_gens['n'].min()} to {_gens['n'].max()} rows each cannot tell them apart, and ranking
    them would be ranking noise.

    **A slice of {small_slice['n']} rows is not evidence.** Cross generation with type and
    the worst cell of at least {small_slice['n']} rows is **{small_slice['value']}**:
    {small_slice['correct']} of {small_slice['n']} right, {small_slice['accuracy']:.0%} —
    alarming, until you read its interval: **{small_slice['ci_low']:.0%} to
    {small_slice['ci_high']:.0%}**. That range {"includes" if _inside else "nearly reaches"}
    the overall accuracy; a few more rows could move it anywhere. Slicing finer always
    finds a scary cell (there are {len(crossed_slices)} cells here, and some are unlucky),
    which is why `worst_slice` ignores slices under {MIN_SLICE_ROWS} rows: report them,
    collect more rows, and do not act on them yet.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T4.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `slice_interval(correct, n)`: the **95% Wilson interval** of a slice's accuracy
    when the model got `correct` of its `n` rows right (`n` ≥ 1). Return `(low, high)`,
    two floats between 0 and 1, the lower end first.

    The textbook interval `p ± 1.96·√(p(1−p)/n)` is what most people write first; the
    check uses slices where it breaks (0 of 7, 7 of 7, 1 of 3) as well as a large one,
    and compares your ends with scipy's Wilson interval to within 0.001. The counts may
    arrive as Python or numpy integers.
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
    raise NotImplementedError


@app.cell
def _():
    hints_t4_2 = hint_button("T4.2")
    return (hints_t4_2,)


@app.cell
def _(hints_t4_2):
    live_check("T4.2", slice_interval, hints_t4_2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 9. Three ways a model becomes unfair to a group

    A model is unfair to a group when its errors fall on that group more than on
    others. It rarely comes from malice; it comes from the data. Below, each cause is
    planted on purpose in generated creatures (fresh training and test sets, the
    course's type pipeline), so the damage can be measured: recall of the affected
    type, with its interval, before and after. Choose the group:
    """)
    return


@app.cell
def _():
    group_type = mo.ui.dropdown(options=list(TYPES), value="electric", label="the group (a type)")
    group_type
    return (group_type,)


@app.cell
def _(FAIRNESS_ROWS, FAIRNESS_SEEDS):
    fair_train = generate_pokemon(FAIRNESS_ROWS, FAIRNESS_SEEDS[0]).to_pandas()
    fair_test = generate_pokemon(FAIRNESS_ROWS, FAIRNESS_SEEDS[1]).to_pandas()
    return fair_test, fair_train


@app.function(hide_code=True)
def group_recall(train: pd.DataFrame, test: pd.DataFrame, group: str, scenario: str) -> dict:
    """Fit the course pipeline on ``train``; the group's recall (with n and interval) on ``test``."""
    model = make_model().fit(train.drop(columns=TARGET), train[TARGET])
    predicted = model.predict(test.drop(columns=TARGET))
    members = test[TARGET].to_numpy() == group
    caught = int((predicted[members] == group).sum())
    low, high = wilson_interval(caught, int(members.sum()))
    return {
        "training data": scenario,
        "group's rows": int((train[TARGET] == group).sum()),
        "group recall": caught / members.sum(),
        "95% interval": f"{low:.2f}–{high:.2f}",
        "others' accuracy": float((predicted[~members] == test[TARGET].to_numpy()[~members]).mean()),
        "overall accuracy": float((predicted == test[TARGET].to_numpy()).mean()),
    }


@app.cell
def _(DROP_SHARE, FLIP_SHARE, fair_test, fair_train, group_type):
    _group = group_type.value
    _rng = np.random.default_rng(0)
    _members = fair_train.index[fair_train[TARGET] == _group]
    _dropped = fair_train.drop(index=_rng.choice(_members, int(DROP_SHARE * len(_members)), replace=False))
    recorded_as = "water" if _group != "water" else "grass"  # the most common other type
    _relabelled = fair_train.copy()
    _relabelled.loc[_rng.choice(_members, int(FLIP_SHARE * len(_members)), replace=False), TARGET] = recorded_as
    fairness_table = pd.DataFrame([
        group_recall(fair_train, fair_test, _group, "as collected (fair)"),
        group_recall(_dropped, fair_test, _group, f"1. {DROP_SHARE:.0%} of its rows dropped"),
        group_recall(_relabelled, fair_test, _group, f"2. {FLIP_SHARE:.0%} labelled {recorded_as}"),
    ])
    mo.ui.table(
        fairness_table,
        selection=None,
        pagination=False,
        format_mapping={"group recall": "{:.3f}", "others' accuracy": "{:.3f}",
                        "overall accuracy": "{:.3f}"},
    )
    return fairness_table, recorded_as


@app.cell(hide_code=True)
def _(DROP_SHARE, FLIP_SHARE, fairness_table, group_type, recorded_as):
    _fair, _few, _biased = (fairness_table.iloc[i] for i in range(3))
    mo.md(f"""
    **1. Under-representation.** With {DROP_SHARE:.0%} of the {group_type.value} creatures
    missing from training ({_few["group's rows"]} left of
    {_fair["group's rows"]}), their recall falls from **{_fair['group recall']:.2f}**
    to **{_few['group recall']:.2f}** — while overall accuracy moves only from
    {_fair['overall accuracy']:.3f} to {_few['overall accuracy']:.3f}. The model learned that
    {group_type.value} is rare and stopped betting on it; the overall number barely
    noticed, because the group is a small part of it. *Check:* rows per group in
    training, and recall per group, not only overall.

    **2. Biased labels.** Nothing is missing, but {FLIP_SHARE:.0%} of the
    {group_type.value} creatures were *recorded* as {recorded_as} (a rushed curator, an old
    form's default). The model learns the recording, not the creature: recall
    **{_fair['group recall']:.2f} → {_biased['group recall']:.2f}**, and every evaluation on
    the same biased labels would call those mistakes *right*. *Check:* audit labels per
    group (the `suspect_label` errors of section 7 are where to start), with an
    independent second labelling of a sample.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **3. A proxy feature.** A common "fix" is to remove the group's column from the
    model. It does not work when another column stands in for it. The legendary field
    task, generated: creatures of the newest region (generation 8) are the group, and
    history under-recorded their legendaries. Every sighting also records which
    **station** reported it — and nearly all of the newest region's sightings come from
    its northern stations. Four models, same test rows with true labels, threshold 0.5
    on class-weighted logistic regression:
    """)
    return


@app.cell
def _(PROXY_GROUP_GENERATION, PROXY_MATCH, PROXY_ROWS, UNDER_RECORDED):
    _rng = np.random.default_rng(11)
    _frame = generate_pokemon(PROXY_ROWS, 404).to_pandas()
    _group = (_frame["generation"] == PROXY_GROUP_GENERATION).to_numpy()
    _draw = _rng.random(len(_frame))
    _frame["in_group"] = _group.astype(int)
    _frame["northern_station"] = np.where(_group, _draw < PROXY_MATCH[0], _draw < PROXY_MATCH[1]).astype(int)
    _train, _test = _frame.iloc[: PROXY_ROWS // 2], _frame.iloc[PROXY_ROWS // 2 :]
    _history = _train[LEGENDARY].copy()
    _hidden = _train.index[_group[: PROXY_ROWS // 2] & _train[LEGENDARY].to_numpy()]
    _history.loc[_rng.choice(_hidden, int(UNDER_RECORDED * len(_hidden)), replace=False)] = False
    _measured = [*STAT_COLUMNS, "height_m", "weight_kg"]
    _truth, _in_group = _test[LEGENDARY].to_numpy(), _group[PROXY_ROWS // 2 :]

    def _recalls(scenario: str, columns: list[str], labels: pd.Series) -> dict:
        _model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=MAX_ITER, class_weight="balanced"))
        _called = _model.fit(_train[columns], labels).predict(_test[columns]).astype(bool)
        _row = {"model": scenario}
        for _name, _who in (("group", _in_group), ("others", ~_in_group)):
            _n, _k = int((_who & _truth).sum()), int((_called & _who & _truth).sum())
            _low, _high = wilson_interval(_k, _n)
            _row[f"recall, {_name}"] = _k / _n
            _row[f"interval, {_name}"] = f"{_low:.2f}–{_high:.2f} (n={_n})"
        return _row

    proxy_table = pd.DataFrame([
        _recalls("true labels, group column in", [*_measured, "in_group"], _train[LEGENDARY]),
        _recalls("history's labels, group column in", [*_measured, "in_group"], _history),
        _recalls("history's labels, group column out, station in", [*_measured, "northern_station"], _history),
        _recalls("history's labels, both out", _measured, _history),
    ])
    mo.ui.table(proxy_table, selection=None, pagination=False,
                format_mapping={"recall, group": "{:.2f}", "recall, others": "{:.2f}"})
    return (proxy_table,)


@app.cell(hide_code=True)
def _(UNDER_RECORDED, proxy_table):
    _fair, _with, _proxy, _none = (proxy_table.iloc[i] for i in range(4))
    mo.md(f"""
    Trained on history ({UNDER_RECORDED:.0%} of the region's legendaries recorded as
    ordinary), the model that sees the region finds **{_with['recall, group']:.2f}** of its
    legendaries against {_with['recall, others']:.2f} elsewhere. Remove the region's column
    and keep the station: **{_proxy['recall, group']:.2f}** — the station told the model the
    region anyway, and the bias came back through it. Only with both gone does the
    region's recall return ({_none['recall, group']:.2f}). Real proxies are rarely one
    clean column (a postcode, a name, a combination of innocent features), so removing
    columns is not a fix: measure the model *per group* — which needs the group column
    kept for evaluation — and fix the labels where the bias was born.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 10. The model card

    A model card (Mitchell et al., 2019) is the page a review board reads before a model
    ships: what it is for and not for, the data it was evaluated on (with its hash), its
    metrics overall and per slice, its limitations and risks, and a recommendation that
    follows a written policy. `build_model_card` recomputes every number from the model
    and the held-out rows; the board's policy (`recommend`): **no-go** below
    `MIN_ACCURACY` overall, **go with conditions** if the worst slice of at least
    `MIN_SLICE_ROWS` rows is more than `MAX_SLICE_GAP` below overall, **go** otherwise.
    `write_model_card` saves it as Markdown beside the model.
    """)
    return


@app.cell
def _(artifact, held_out, type_model):
    model_card = build_model_card(type_model, held_out)
    card_path = write_model_card(model_card, artifact.folder / "model_card.md")
    return card_path, model_card


@app.cell
def _(card_path, model_card):
    mo.callout(mo.md(
        f"Written to `{card_path}` — the artifact's own folder, so the card travels with "
        f"the model it describes. Policy: accuracy ≥ {MIN_ACCURACY}, worst slice within "
        f"{MAX_SLICE_GAP} of it. Verdict: **{model_card['recommendation']}**. The card, as "
        "the board reads it:"
    ), kind="success")
    return


@app.cell
def _(model_card):
    # The Markdown page, one tab per section (the whole page is taller than a cell's output).
    _title, *_sections = render_markdown(model_card).split("\n## ")
    mo.vstack([
        mo.md("###" + _title.lstrip("#")),
        mo.ui.tabs({
            _section.split("\n", 1)[0]: mo.md(_section.split("\n", 1)[1])
            for _section in _sections
        }),
    ])
    return


@app.cell(hide_code=True)
def _(model_card, type_accuracy, worst_type_slice):
    _gap = type_accuracy - worst_type_slice["accuracy"]
    _why = {
        "no-go": f"overall {type_accuracy:.1%} is below the bar of {MIN_ACCURACY:.0%}",
        "go with conditions": f"overall {type_accuracy:.1%} clears the bar, but "
        f"{worst_type_slice['slice']} is {_gap:.3f} below it (more than {MAX_SLICE_GAP})",
        "go": f"overall {type_accuracy:.1%} clears the bar and the worst slice, "
        f"{worst_type_slice['slice']}, is only {_gap:.3f} below it",
    }[model_card["recommendation"]]
    mo.md(f"""
    Read the verdict against the slices: {_why}, so the card says
    **{model_card['recommendation']}**. A card whose numbers a program recomputes cannot
    drift from the model; a card written by hand does, the first time someone retrains.
    Checkpoint 4 asks you to write this function yourself, for a board that checks every
    number.
    """)
    return


@app.cell
def _(fair_test, fair_train):
    # For Socratic question 3: a model flexible enough to memorize its training rows.
    _tree = make_model(DecisionTreeClassifier(random_state=0))
    _tree.fit(fair_train.drop(columns=TARGET), fair_train[TARGET])
    memorizer = {
        "train": float(_tree.score(fair_train.drop(columns=TARGET), fair_train[TARGET])),
        "test": float(_tree.score(fair_test.drop(columns=TARGET), fair_test[TARGET])),
    }
    return (memorizer,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Key points

    - **Evaluate the artifact, on the rows it never saw** — the pipeline's own model and
      its held-out rows, not a model rebuilt in the notebook.
    - **Accuracy hides the rare class**: "never legendary" is ~94% accurate and useless.
      Report precision, recall and F1 per class; when macro falls far below weighted, a
      rare class is failing.
    - **On a rare class, read the PR curve** (chance = the base rate), not only ROC AUC.
    - **The threshold is a business decision**: choose it on validation rows by cost,
      report on test. The cheapest threshold is rarely 0.5 and rarely the most accurate.
    - **Calibration is separate from ranking**: class weights and resampling break
      probabilities; a reliability diagram and the Brier score show it; calibrating on
      held-out rows fixes the numbers and keeps the AUC.
    - **"80% confident" is a frequency claim** — 8 in 10 of cases like this — and only
      true if the reliability diagram says so.
    - **Errors into a fixed taxonomy** turn a pile of mistakes into a to-do list with sizes.
    - **Every slice with its n and its interval**: act on slices whose interval clears
      the overall accuracy; a 12-row slice is a reason to collect data, not evidence.
    - **Unfairness comes from data**: under-representation, biased labels, proxies.
      Removing the group's column does not remove a proxy; measuring per group does.
    - **A model card is computed, not written**, and its verdict follows a policy.
    """)
    return


@app.cell(hide_code=True)
def _(
    DROP_SHARE,
    FLIP_SHARE,
    always_no,
    calibration_scores,
    fairness_table,
    group_type,
    memorizer,
    proxy_table,
    recorded_as,
    said_80,
    type_errors,
):
    _scores = calibration_scores["Brier score"]
    _fair, _few, _biased = (fairness_table.iloc[i] for i in range(3))
    _answers = {
        "1. Your model is 95% accurate on spam detection. Is that good?": f"""
        It depends entirely on the baseline and on which errors it makes. If 95% of mail is
        not spam, "never spam" is 95% accurate and catches nothing — like "never legendary"
        here, **{always_no['accuracy']:.1%}** accurate with recall 0. Ask: the share of spam
        (the baseline), recall on spam (how much gets through), precision or the false
        positive rate on real mail (a lost invoice costs more than a visible ad), and
        compare with the filter in use today. Accuracy alone says almost nothing.
        """,
        "2. Would you rather have high precision or high recall for: (a) cancer detection, (b) spam filtering, (c) credit card fraud? Why?": """
        Decide by what each error costs — the same arithmetic as section 5.
        **(a) Cancer screening: recall.** A miss can cost a life; a false alarm costs a
        follow-up test. Screen with high recall, then confirm with a precise second test.
        **(b) Spam: precision** (of the "spam" verdict). A real email lost in the spam
        folder costs far more than one spam in the inbox.
        **(c) Fraud: mostly recall, with a floor on precision.** A missed fraud costs its
        amount; a false alarm costs a customer's patience (a blocked card) and an analyst's
        time. Set the threshold from those costs, as the slider did with coins — and note
        the base rate is tiny, so read it on a precision–recall curve.
        """,
        "3. Your model has perfect training accuracy but mediocre test accuracy. List 5 possible causes.": f"""
        1. **Overfitting / memorizing**: too flexible a model for the data — an unpruned
           tree on section 9's creatures scores **{memorizer['train']:.0%}** on its training
           rows and **{memorizer['test']:.1%}** on new ones. Regularize, simplify, get rows.
        2. **Too few training rows** for the model's capacity (Module 3's learning curves).
        3. **Leakage in training that test does not share**: a feature that gives the label
           away only in the training rows (a leak like `capture_rate` for legendaries),
           duplicates, or preprocessing fitted on the wrong rows.
        4. **A shift between train and test**: another period, region or source; or a
           group under-represented in training (section 9: recall {_fair['group recall']:.2f} →
           {_few['group recall']:.2f}).
        5. **Noisy or biased labels**: the model fits the recording errors in training
           (section 9, biased labels: recall {_biased['group recall']:.2f}), or the test
           labels are wrong ({len(type_errors)} errors to read, sorted by cause, in section 7).
        Also check the obvious: the same preprocessing at test time, and a test set large
        enough that "mediocre" is not noise.
        """,
        "4. How do you explain 'the model is 80% confident' to a non-technical user?": f"""
        As a frequency: "of all the cases it rates like this one, about 8 in 10 turn out to
        be right, and 2 in 10 do not" — not a promise about this case. Then say what the 2
        in 10 mean for them. And only say it if it is true: section 6's balanced model said
        {said_80['said']:.0%} to {said_80['rows']} sightings of which only
        **{said_80['observed']:.0%}** were legendary (Brier {_scores['balanced class weights']:.3f});
        calibrated on held-out rows, it said {said_80['calibrated_says']:.0%} (Brier
        {_scores['balanced, then calibrated']:.3f}). Show the reliability diagram to whoever
        relies on the number.
        """,
        "5. Your model is unfair to a demographic group. List 3 ways this could have happened.": f"""
        1. **Under-representation**: too few of the group's rows in training. Dropping
           {DROP_SHARE:.0%} of the {group_type.value} creatures cut their recall from
           {_fair['group recall']:.2f} to **{_few['group recall']:.2f}** while overall
           accuracy barely moved.
        2. **Biased labels**: the group's history was recorded wrongly. With {FLIP_SHARE:.0%} of
           {group_type.value} recorded as {recorded_as}, recall fell to
           **{_biased['group recall']:.2f}** — and evaluation on the same labels calls it right.
        3. **A proxy feature**: the group's column was removed but another column carries
           it. Without the region column but with the station, the region's legendaries
           were found at **{proxy_table.iloc[2]['recall, group']:.2f}** against
           {proxy_table.iloc[2]['recall, others']:.2f} elsewhere.
        (Also: a different base rate or measurement quality per group, and a threshold
        tuned for the majority.) Find it by measuring per group, with sample sizes and
        intervals.
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

    1. **Exercises 4.1–4.3** in `exercises/04_model_evaluation.py`: choose the metric for
       three business scenarios and compute it, sort a model's errors into the taxonomy,
       and find the cost-optimal threshold yourself. Open it with
       `uv run marimo edit exercises/04_model_evaluation.py`.
    2. **Checkpoint 4** — the Model Review Board: write `make_model_card(model, data)`,
       whose every number the board recomputes, and give it a recommendation.
    """)
    return


if __name__ == "__main__":
    app.run()
