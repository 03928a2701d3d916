# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "scikit-learn>=1.9",
#     "matplotlib>=3.9",
#     "seaborn>=0.13",
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
    import seaborn as sns
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    from pokemon_ml import STAT_COLUMNS, TYPES, load_dataset
    from pokemon_ml.features import (
        CV_FOLDS,
        CV_SEED,
        ENGINEERED_COLUMNS,
        RAW_FEATURES,
        TARGET,
        add_scale_free_features,
        cv_accuracy,
        make_feature_pipeline,
    )
    from pokemon_ml.features.correlation import (
        collinear_variants,
        correlation_pairs,
        fold_fits,
        with_near_copy,
    )
    from pokemon_ml.features.leakage import (
        LABEL_DERIVED_COLUMN,
        leakage_table,
        single_column_scores,
    )
    from pokemon_ml.features.patterns import GroupRatio, pattern_lifts
    from pokemon_ml.grading.notebook import exercise_header, hint_button, live_check


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Module 2 — EDA & feature engineering: look, measure, and don't fool yourself

    A model can only use what its columns make easy to see. In this notebook you explore
    the Pokémon data with plots you steer, settle the "HP and Defense are correlated —
    drop one?" debate with measurements, try the classic feature patterns (ratios,
    totals, per-group normalisation, logs, bins, interactions, one-hot) on one fixed
    model and fixed folds, catch a model that scores 97% for the wrong reason, rank the
    classic leaks by how much they inflate a score, and build the scikit-learn pipeline
    that modules 3–5 reuse. By the end you will be able to say *which* features help
    and by how much, spot a leak in someone else's experiment, and put every step that
    learns from data inside a pipeline.

    *About 90 minutes, three short "try it" tasks included. Every control is live: change
    it and the cells that depend on it re-run. The slow measurements wait for a button.*
    """)
    return


@app.cell
def _():
    TYPE_PALETTE = dict(zip(TYPES, sns.color_palette("tab10", len(TYPES)), strict=True))
    EXPLORE_COLUMNS = [*RAW_FEATURES, *ENGINEERED_COLUMNS]  # what the distribution plot offers
    COPY_NOISE_MAX = 0.3  # log-sd of the near-copy's noise: 0.3 ≈ each value off by 30%
    COPY_NOISE_DEFAULT = 0.05  # ≈ 5% off: a correlation of about 0.99 with defense
    FOREST_TREES = 100  # trees of the pattern table's random forest
    PATTERN_MODELS = {  # the fixed model of the pattern table: name -> builder
        "logistic regression (≈5 s)": lambda: LogisticRegression(max_iter=2_000),
        "random forest (≈20 s)": lambda: RandomForestClassifier(
            n_estimators=FOREST_TREES, random_state=CV_SEED, n_jobs=-1
        ),
    }
    return (
        COPY_NOISE_DEFAULT,
        COPY_NOISE_MAX,
        EXPLORE_COLUMNS,
        PATTERN_MODELS,
        TYPE_PALETTE,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 1. The data and the question

    The course's clean table, `pokemon`: one row per creature. The learning target of
    this module is **`primary_type`**, one of six types. `pokemon_ml.features` names the
    target (`TARGET`) and the eleven numeric columns a first model uses as they are
    (`RAW_FEATURES`).
    """)
    return


@app.cell
def _():
    pokemon = load_dataset("pokemon")
    y = pokemon[TARGET]
    mo.ui.table(pokemon, page_size=5, selection=None)
    return pokemon, y


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Class balance

    Before any model: how often does each answer occur? It sets the floor a model must
    beat (always guessing the most common type) and tells you whether accuracy is a fair
    measure at all.
    """)
    return


@app.function(hide_code=True)
def plot_class_balance(df: pd.DataFrame) -> plt.Figure:
    """Share of each primary type (left) and of legendaries (right), labelled in %."""
    fig, (ax_type, ax_legend) = plt.subplots(
        1, 2, figsize=(9, 2.8), gridspec_kw={"width_ratios": [3, 1]}
    )
    for ax, column, order in (
        (ax_type, TARGET, list(TYPES)),
        (ax_legend, "is_legendary", [False, True]),
    ):
        shares = df[column].value_counts(normalize=True).reindex(order)
        bars = ax.bar([str(v) for v in order], shares.to_numpy(), color="tab:blue")
        ax.bar_label(bars, labels=[f"{s:.1%}" for s in shares], fontsize=8)
        ax.set_title(column)
        ax.set_ylabel("share of creatures")
    fig.tight_layout()
    return fig


@app.cell
def _(pokemon):
    plot_class_balance(pokemon)
    return


@app.cell(hide_code=True)
def _(pokemon, y):
    _majority = y.value_counts(normalize=True)
    _legendary = pokemon["is_legendary"].mean()
    mo.md(f"""
    Always answering **{_majority.index[0]}** is right {_majority.iloc[0]:.1%} of the time:
    that is the floor. The types are mildly unbalanced, so accuracy is a fair summary
    here, and stratified folds (`StratifiedKFold`, which every score below uses) keep
    each type's share the same in every fold. `is_legendary` is another story: with
    {_legendary:.1%} legendaries, "never legendary" is {1 - _legendary:.1%} accurate and
    useless — Module 4 deals with that.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. Distributions: one column, six types

    A useful feature looks different from one type to the next. Pick a column and see
    its distribution per type. The list has the raw columns and, after them, the course's
    *scale-free* features (`pokemon_ml.features.add_scale_free_features`):
    `rel_<stat>` is the log of a stat minus the creature's mean log stat (how much more of
    that stat it has than its own average), `log_density` is log(weight / height³), and
    `log_base_total` the log of the six stats' sum.
    """)
    return


@app.cell
def _(EXPLORE_COLUMNS):
    column_picker = mo.ui.dropdown(EXPLORE_COLUMNS, value="defense", label="column")
    kind_picker = mo.ui.radio(["box", "violin", "density"], value="box", label="plot", inline=True)
    log_scale = mo.ui.checkbox(label="log scale (columns > 0 only)")
    mo.hstack([column_picker, kind_picker, log_scale], justify="start", gap=2)
    return column_picker, kind_picker, log_scale


@app.cell
def _(pokemon):
    explore_df = add_scale_free_features(pokemon)  # the raw columns plus the scale-free ones
    return (explore_df,)


@app.function(hide_code=True)
def plot_by_type(
    df: pd.DataFrame, column: str, kind: str, log_x: bool, palette: dict
) -> plt.Figure:
    """The distribution of ``column`` for each primary type, as boxes, violins or densities.

    A log axis is used only if asked for and every value is positive."""
    log_x = log_x and bool((df[column] > 0).all())
    fig, ax = plt.subplots(figsize=(8, 3.2))
    if kind == "density":
        sns.kdeplot(
            data=df,
            x=column,
            hue=TARGET,
            hue_order=list(TYPES),
            palette=palette,
            common_norm=False,
            log_scale=log_x,
            ax=ax,
        )
    else:
        plot = sns.boxplot if kind == "box" else sns.violinplot
        plot(
            data=df,
            x=column,
            y=TARGET,
            order=list(TYPES),
            hue=TARGET,
            palette=palette,
            log_scale=log_x,
            ax=ax,
        )
        ax.set_ylabel("")
    ax.set_title(f"{column}{' (log axis)' if log_x else ''} by primary type")
    fig.tight_layout()
    return fig


@app.cell
def _(TYPE_PALETTE, column_picker, explore_df, kind_picker, log_scale):
    _column, _kind = column_picker.value, kind_picker.value
    plot_by_type(explore_df, _column, _kind, log_scale.value, TYPE_PALETTE)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    What to look for, and what you should see:

    - **Raw stats overlap.** Pick `defense`: rock sits a little higher, but every type's
      box spans much the same range. A stat mixes *what kind* of creature it is with *how
      big and evolved* it is, and size varies more than type does.
    - **Relative stats separate.** Pick `rel_defense`: rock moves clear of the rest. Try
      `rel_speed` (electric) and `rel_sp_attack` (psychic). Dividing out the creature's
      own size (subtracting its mean log stat) leaves the type's *profile*.
    - **Skewed columns need a log.** `weight_kg` is crushed against the left edge: a few
      creatures weigh tonnes. Tick *log scale*, and the types spread out.
    - **Physics helps.** `log_density` (weight per height³) puts rock far to the right
      and psychic and electric to the left, with little overlap: the clearest column of
      all. Section 5 measures how much each of these ideas lifts a model.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Stats by target: each type's fingerprint

    The mean of each stat per type. As recorded, the table mostly says "some types are
    bigger"; relative to each creature's own average it shows each type's *shape*.
    """)
    return


@app.cell
def _():
    relative_profile = mo.ui.switch(value=True, label="relative to the creature's own average")
    relative_profile
    return (relative_profile,)


@app.function(hide_code=True)
def plot_type_profiles(df: pd.DataFrame, relative: bool) -> plt.Figure:
    """Mean of each stat (or of its ``rel_`` version) per type, as an annotated heatmap."""
    columns = [f"rel_{s}" for s in STAT_COLUMNS] if relative else list(STAT_COLUMNS)
    table = df.groupby(TARGET)[columns].mean().reindex(list(TYPES))
    table.columns = list(STAT_COLUMNS)
    fig, ax = plt.subplots(figsize=(7, 3))
    sns.heatmap(
        table,
        annot=True,
        fmt=".2f" if relative else ".0f",
        ax=ax,
        cmap="RdBu_r" if relative else "viridis",
        center=0 if relative else None,
    )
    ax.set_ylabel("")
    ax.set_title(
        "mean of rel_<stat> (0 = the creature's own average)"
        if relative
        else "mean stat, as recorded"
    )
    fig.tight_layout()
    return fig


@app.cell
def _(explore_df, relative_profile):
    plot_type_profiles(explore_df, relative_profile.value)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Relative, each row is a fingerprint: rock is all defense and attack, electric all
    speed, psychic special attack and defense, water a little more hp. Those differences
    are what a model must find under the noise of size.

    ## 3. Correlation: Pearson or Spearman?

    A correlation matrix shows which columns move together. Two kinds:

    - **Pearson** measures how well a *straight line* fits two columns. Extreme values
      pull it hard, and a curved relation scores low even when it is perfect.
    - **Spearman** is Pearson computed on the *ranks* (1st, 2nd, … smallest) instead of
      the values. It measures whether the relation is *monotone* (always up, or always
      down), however curved, and one extreme value is just "the largest rank".

    Switch between them:
    """)
    return


@app.cell
def _():
    method_picker = mo.ui.radio(
        ["pearson", "spearman"], value="pearson", label="method", inline=True
    )
    method_picker
    return (method_picker,)


@app.function(hide_code=True)
def plot_correlations(df: pd.DataFrame, columns: list[str], method: str) -> plt.Figure:
    """An annotated heatmap of the correlation matrix of ``columns``."""
    fig, ax = plt.subplots(figsize=(7.5, 5.5))
    sns.heatmap(
        df[columns].corr(method),
        annot=True,
        fmt=".2f",
        vmin=-1,
        vmax=1,
        cmap="RdBu_r",
        annot_kws={"fontsize": 7},
        ax=ax,
    )
    ax.set_title(f"{method.capitalize()} correlation")
    fig.tight_layout()
    return fig


@app.cell
def _(method_picker, pokemon):
    plot_correlations(pokemon, list(RAW_FEATURES), method_picker.value)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Every stat correlates positively with every other (≈0.4–0.75), and `capture_rate`
    negatively with all of them: big, evolved creatures have more of *everything* and are
    harder to catch. That shared *size* is the main thing the matrix shows. Where the two
    methods disagree most:
    """)
    return


@app.cell
def _(pokemon):
    mo.ui.table(
        correlation_pairs(pokemon, list(RAW_FEATURES)).head(5),
        selection=None,
        format_mapping={c: "{:+.2f}" for c in ("pearson", "spearman", "gap")},
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    `weight_kg` tops the list. Weight grows with height *cubed* (a curve, not a line) and
    a few creatures weigh tonnes; Pearson is pulled around by both, Spearman sees a
    near-perfect "taller means heavier". Use Spearman when you care whether two columns
    rise together, Pearson when you care about a linear model's view of them — and look
    at the scatter plot before you trust either.

    ## 4. HP and Defense are correlated: drop one?

    A question every team meets: two features are strongly correlated, so one of them
    must be redundant — shouldn't we drop it? Here are hp and defense:
    """)
    return


@app.cell
def _():
    colour_picker = mo.ui.dropdown(
        {"evolution stage": "evolution_stage", "primary type": TARGET},
        value="evolution stage",
        label="colour by",
    )
    colour_picker
    return (colour_picker,)


@app.function(hide_code=True)
def plot_hp_defense(df: pd.DataFrame, hue: str, palette: dict) -> plt.Figure:
    """hp against defense on log axes, coloured by ``hue`` (a type palette for the target)."""
    fig, ax = plt.subplots(figsize=(6, 4))
    colours = palette if hue == TARGET else "viridis"
    sns.scatterplot(data=df, x="hp", y="defense", hue=hue, palette=colours, s=12, alpha=0.7, ax=ax)
    ax.set(xscale="log", yscale="log", title="hp vs defense (log axes)")
    fig.tight_layout()
    return fig


@app.cell
def _(TYPE_PALETTE, colour_picker, pokemon):
    plot_hp_defense(pokemon, colour_picker.value, TYPE_PALETTE)
    return


@app.cell
def _(pokemon):
    hp_defense_r = {
        m: pokemon["hp"].corr(pokemon["defense"], method=m) for m in ("pearson", "spearman")
    }
    mo.md(
        f"Pearson r = **{hp_defense_r['pearson']:.2f}**, Spearman = **{hp_defense_r['spearman']:.2f}**."
    )
    return (hp_defense_r,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Colour by evolution stage: the stages lie in bands along the diagonal. hp and defense
    rise *together* because both grow with the creature's size — that is the
    correlation. Now colour by primary type: at any size, rock sits *above* the diagonal
    (more defense than hp) and water a little below. The type is in how the two
    **differ**, which is exactly the part a correlation coefficient ignores.

    So measure instead of arguing. Four variants of the fixed model (scaled raw columns,
    logistic regression), each scored on the same five stratified folds:
    """)
    return


@app.cell
def _(pokemon, y):
    variant_fits = {
        _name: fold_fits(_X, y)
        for _name, _X in collinear_variants(pokemon, "hp", "defense").items()
    }  # variant -> (coefficients per fold, out-of-fold predictions)
    variant_accuracy = pd.Series(
        {
            _name: np.mean(_predictions == y.to_numpy())
            for _name, (_, _predictions) in variant_fits.items()
        }
    )
    return variant_accuracy, variant_fits


@app.cell
def _(variant_accuracy):
    pd.DataFrame(
        {
            "accuracy": variant_accuracy.map("{:.1%}".format),
            "change (points)": (100 * (variant_accuracy - variant_accuracy.iloc[0])).map(
                "{:+.1f}".format
            ),
        }
    ).rename_axis("variant")
    return


@app.cell(hide_code=True)
def _(variant_accuracy):
    _change = 100 * (variant_accuracy - variant_accuracy["keep both"])
    mo.md(f"""
    Keeping both wins. Dropping defense costs {-_change["drop defense"]:.1f} points, dropping
    hp {-_change["drop hp"]:.1f}, and squeezing the two into their sum
    {-_change["replace both by their sum"]:.1f}: each throws away some of the *difference*
    between them. A correlation of 0.7 means "they share a lot", not "one is a copy of the
    other".

    **Where correlation does bite: the coefficients.** A logistic regression has one
    coefficient per column and class (per standard deviation of the column, since it is
    scaled). People read them as "how much this column pushes towards this type". Here is
    each variant's coefficient for hp and defense, mean ± spread over the five folds:
    """)
    return


@app.cell
def _():
    class_picker = mo.ui.dropdown(list(TYPES), value="rock", label="class")
    class_picker
    return (class_picker,)


@app.function(hide_code=True)
def coefficient_summary(coefficients: pd.DataFrame, label: str, features: list[str]) -> pd.Series:
    """'mean ± sd' over the folds of each feature's coefficient for one class."""
    picked = coefficients[(coefficients["class"] == label) & coefficients["feature"].isin(features)]
    stats = picked.groupby("feature")["coefficient"].agg(["mean", "std"]).reindex(features)
    return stats.apply(
        lambda row: "—" if np.isnan(row["mean"]) else f"{row['mean']:+.2f} ± {row['std']:.2f}",
        axis=1,
    )


@app.cell
def _(class_picker, variant_fits):
    pd.DataFrame(
        {
            _name: coefficient_summary(_coefficients, class_picker.value, ["hp", "defense"])
            for _name, (_coefficients, _) in list(variant_fits.items())[:3]
        }
    ).T.rename_axis(f"coefficient for {class_picker.value}")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    For rock, hp's coefficient halves when defense joins it; pick water, and defense's
    drops by a third. Alone, hp stands in for "big", which is partly "defense"; beside
    defense it means "hp *at the same defense*". Same column, different meaning: a
    coefficient is only readable next to the columns it shares credit with.

    Push that to the extreme. Add a **near-copy of defense** (defense × a little noise)
    and watch the model split the credit between the two, while its predictions hardly
    move:
    """)
    return


@app.cell
def _(COPY_NOISE_DEFAULT, COPY_NOISE_MAX):
    copy_noise = mo.ui.slider(
        0.0,
        COPY_NOISE_MAX,
        step=0.01,
        value=COPY_NOISE_DEFAULT,
        label="noise of the copy (log sd)",
        show_value=True,
    )
    copy_noise
    return (copy_noise,)


@app.cell
def _(copy_noise, pokemon, y):
    _X = with_near_copy(pokemon[list(RAW_FEATURES)], "defense", copy_noise.value)
    copy_r = _X["defense"].corr(_X["defense_copy"])
    copy_coefficients, copy_predictions = fold_fits(_X, y)
    return copy_coefficients, copy_predictions, copy_r


@app.cell(hide_code=True)
def _(copy_predictions, copy_r, variant_fits, y):
    _without = variant_fits["keep both"][1]  # out-of-fold predictions without the copy
    mo.md(f"""
    Correlation of the copy with defense: **{copy_r:.3f}** · accuracy
    **{np.mean(copy_predictions == y.to_numpy()):.1%}** (without the copy:
    {np.mean(_without == y.to_numpy()):.1%}) · the same prediction as without the copy
    for **{np.mean(copy_predictions == _without):.1%}** of creatures. The two coefficients,
    fold by fold:
    """)
    return


@app.cell
def _(class_picker, copy_coefficients):
    _rows = copy_coefficients[copy_coefficients["class"] == class_picker.value]
    _table = _rows.pivot(index="fold", columns="feature", values="coefficient")
    _table[["defense", "defense_copy"]].round(2).rename_axis(columns=class_picker.value)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    At noise 0 the copy is exact and the two coefficients are equal: each gets *half* of
    defense's weight, so a reader would conclude "defense matters half as much". Add a
    little noise and the split starts to wander from fold to fold — which of the two
    "matters" is decided by noise. Accuracy and predictions barely change throughout.

    That is the answer to the team's question, measured:

    - **For predictions**, correlated features are not a problem in themselves. Drop one
      only if a measurement on the same folds says you lose nothing (here you lose
      points), or if it costs something else (collecting it, serving it).
    - **For explanations**, correlation is a real problem: coefficients of correlated
      columns share credit arbitrarily. Read them as a group, or replace the pair by
      columns that do *not* overlap — which is your first task.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.1")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `size_and_balance(df)`: return a DataFrame with `df`'s index and two columns
    that can replace hp and defense in a model a person reads:

    - **`size`** — how much hp and defense the creature has *together*;
    - **`balance`** — how defense compares with hp, *larger when defense outweighs hp*.

    Use hp and defense only. The check asks for three things: the two columns are nearly
    uncorrelated (|r| ≤ 0.3, so each coefficient can be read on its own); nothing is lost
    (two creatures with different hp or defense never get the same size *and* balance);
    and each column runs in the direction its name says. When it passes, it tells you
    what the fixed model scores with your two columns in place of hp and defense.
    """)
    return


@app.function
def size_and_balance(df: pd.DataFrame) -> pd.DataFrame:
    """Two columns that replace ``hp`` and ``defense``: ``size`` and ``balance``.

    Args:
        df: Pokémon rows with ``hp`` and ``defense``. Not changed.

    Returns:
        A DataFrame with ``df``'s index and two columns: ``size`` (how much hp and
        defense together) and ``balance`` (larger when defense outweighs hp).
    """
    raise NotImplementedError


@app.cell
def _():
    hints_t2_1 = hint_button("T2.1")
    return (hints_t2_1,)


@app.cell
def _(hints_t2_1):
    live_check("T2.1", size_and_balance, hints_t2_1)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 5. Feature patterns, measured

    A handful of patterns cover most hand-made features. Whether one helps is a question
    about *this* data and *this* model, so each is measured the same way: the fixed model
    (the raw columns, scaled, then a classifier) with the pattern's columns added, on the
    same five folds; its **lift** is the accuracy gained over the raw columns alone.
    First, two patterns with a trap each.

    ### Ratios, and what to do when Defense is 0

    `power_ratio = attack / defense` is the kind of feature a domain expert suggests. The
    course data has no defense of 0 (its schema forbids it), but the next data drop
    might, and the formula does not care. Three creatures, one of them with no defense
    and one with nothing at all:
    """)
    return


@app.cell
def _():
    _tiny = pd.DataFrame({"attack": [50, 55, 0], "defense": [40, 0, 0]})
    _tiny["attack / defense"] = _tiny["attack"] / _tiny["defense"]
    try:
        StandardScaler().fit(_tiny[["attack / defense"]])
        _scaler = "the scaler accepted it"
    except ValueError as _error:
        _scaler = f"`{type(_error).__name__}: {str(_error).splitlines()[0]}`"
    mo.vstack([_tiny, mo.md(f"`StandardScaler().fit(...)` on that column: {_scaler}")])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    pandas does not raise on division by zero: 55 / 0 is `inf` and 0 / 0 is `NaN`, and the
    error surfaces later, somewhere else (the scaler above), or never, if a tree-based model
    quietly accepts it. What should the value be? A defense of 0 is the *weakest* defense
    there is, so the creature's ratio should be at least as large as against a defense of 1.
    The usual choices:

    - **Floor the denominator** at the smallest real value (1): finite, keeps the order,
      and every other row keeps its exact ratio.
    - **Add 1 to every denominator**: finite, but it changes every creature's ratio
      (50 / 40 becomes 50 / 41), and the gap grows as defense shrinks.
    - **Divide by a tiny number** (1e-9) or replace `inf` by the largest float: finite on
      paper, but one creature with a ratio of 10¹⁰ flattens every other ratio once scaled.
    - **Replace `inf` with 0 or the median**: finite, but it says "weak attacker" about a
      creature that nothing can resist.

    Whatever you choose, write it down, and add a 0/1 column "defense was 0" if such rows
    might behave differently.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.2")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `safe_power_ratio(df)`: attack ÷ defense as a float Series with `df`'s index,
    **finite on every row**, exactly attack / defense wherever defense is above 0, and, where
    defense is 0, at least what the same attack would get against a defense of 1 (and
    nowhere near 10¹⁰). The check plants zeros in the course table, tries a single row and
    float columns.
    """)
    return


@app.function
def safe_power_ratio(df: pd.DataFrame) -> pd.Series:
    """attack ÷ defense, finite even where defense is 0.

    Args:
        df: Pokémon rows with ``attack`` and ``defense`` (≥ 0). Not changed.

    Returns:
        A float Series with ``df``'s index: attack / defense, finite on every row.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_t2_2 = hint_button("T2.2")
    return (hints_t2_2,)


@app.cell
def _(hints_t2_2):
    live_check("T2.2", safe_power_ratio, hints_t2_2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### Per-group normalisation, fitted on training rows only

    A stat means more next to its peers: 80 attack is a lot for an unevolved creature and
    little for a final evolution. *Per-group normalisation* divides each value by the mean
    of its group (here, its evolution stage). The trap: that mean is **learned from
    data**. Computed on every row, it includes the rows you will test on, so the test
    score has seen the test set. Computed on the training rows and then *applied* to the
    test rows, it is honest — that is the fit/transform split of every scikit-learn
    transformer. `pokemon_ml.features.patterns.GroupRatio` is one. Fitted on the first of
    the five training folds, it learned the means at the top; below them, the means it
    would have learned from every row:
    """)
    return


@app.cell
def _(pokemon, y):
    _folds = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=CV_SEED)  # the course's folds
    _train, _ = next(_folds.split(pokemon, y))
    _ratio = GroupRatio(columns=("attack", "weight_kg"), group="evolution_stage").fit(
        pokemon.iloc[_train]
    )
    _all_rows = pokemon.groupby("evolution_stage")[["attack", "weight_kg"]].mean()
    pd.concat(
        {"training fold": _ratio.group_means_, "every row (leaks)": _all_rows}, names=["means from"]
    ).round(2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The two sets of means differ only a little here: 1,200 training rows are a good
    sample of 1,500. Section 6 measures when "a little" stays harmless and when it
    becomes a large leak. Either way the habit is the same, and it is your next task.
    """)
    return


@app.cell(hide_code=True)
def _():
    exercise_header("T2.3")
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Write `per_group_normalise(train, test, column, group)`: divide each value of `column`
    by the mean of `column` in its `group`, with the means learned **from `train` only**,
    and return `(train_values, test_values)`, each a Series with its own frame's index. A
    test row whose group never appears in `train` is divided by the overall mean of
    `column` in `train`. The check gives you test rows whose groups differ from
    training's, including one group training never saw.
    """)
    return


@app.function
def per_group_normalise(
    train: pd.DataFrame, test: pd.DataFrame, column: str, group: str
) -> tuple[pd.Series, pd.Series]:
    """Each value of ``column`` ÷ the training mean of ``column`` in its ``group``.

    Args:
        train: the training rows: the only rows the means may come from.
        test: the rows to transform with the training means.
        column: the column to normalise (``"attack"``).
        group: the column that defines the groups (``"evolution_stage"``).

    Returns:
        ``(train_values, test_values)``, each a Series with its frame's index. A test
        group that never appears in ``train`` is divided by the overall training mean.
    """
    raise NotImplementedError


@app.cell
def _():
    hints_t2_3 = hint_button("T2.3")
    return (hints_t2_3,)


@app.cell
def _(hints_t2_3):
    live_check("T2.3", per_group_normalise, hints_t2_3)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### The patterns, side by side

    Each row of the table below adds one pattern to the raw columns
    (`pokemon_ml.features.patterns`; each is a few lines — read them):

    | pattern | the idea | added columns |
    |---|---|---|
    | ratio | one quantity per unit of another | attack ÷ defense (floored at 1); each stat ÷ the six stats' total |
    | total | the sum of related columns | hp + attack + … + speed |
    | per-group | a value relative to its group | stats, height, weight ÷ the evolution stage's training mean |
    | log | turn products into sums, tame long tails | log of each stat, height and weight |
    | binning | let a straight-line model bend | weight in 10 bins, one 0/1 column each |
    | interaction | two columns combined | height × weight; weight ÷ height³ (body density) |
    | one-hot | a category as 0/1 columns | secondary type |

    and a last row with all of the course's scale-free features together. Everything a
    pattern learns (group means, bin edges, categories) is fitted inside the pipeline, on
    the training folds. The spread is the standard deviation of the lift across the five
    folds: a lift smaller than about its spread could be noise.
    """)
    return


@app.cell
def _(PATTERN_MODELS):
    pattern_model_picker = mo.ui.radio(
        list(PATTERN_MODELS), value=list(PATTERN_MODELS)[0], label="fixed model", inline=True
    )
    pattern_button = mo.ui.run_button(label="Measure the patterns")
    mo.hstack([pattern_model_picker, pattern_button], justify="start", gap=2)
    return pattern_button, pattern_model_picker


@app.function(hide_code=True)
def plot_lifts(lifts: pd.DataFrame, title: str) -> plt.Figure:
    """Horizontal bars: each pattern's lift in points, with its fold-to-fold spread."""
    rows = lifts.iloc[1:].iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 3.8))
    colors = [
        "tab:green" if lift > sd else "tab:gray"
        for lift, sd in zip(rows["lift"], rows["lift_sd"], strict=True)
    ]
    ax.barh(rows["pattern"], rows["lift"], xerr=rows["lift_sd"], color=colors, capsize=3)
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlabel("lift over the raw columns (accuracy points; bar: ± spread over folds)")
    ax.set_title(title)
    fig.tight_layout()
    return fig


@app.cell
def _(PATTERN_MODELS, pattern_button, pattern_model_picker, pokemon):
    mo.stop(
        not pattern_button.value, mo.md("*Click **Measure the patterns**: 11 models × 5 folds.*")
    )
    with mo.status.progress_bar(total=11, title="Measuring", remove_on_exit=True) as _bar:
        _classifier = PATTERN_MODELS[pattern_model_picker.value]
        lifts = pattern_lifts(
            pokemon, _classifier, on_step=lambda _name: _bar.update(subtitle=_name)
        )
    return (lifts,)


@app.cell
def _(lifts, pattern_model_picker):
    _formats = {"accuracy": "{:.1%}", "lift": "{:+.1f}", "lift_sd": "{:.1f}"}
    _title = pattern_model_picker.value.split(" (")[0]  # the model's name without its timing
    mo.vstack(
        [plot_lifts(lifts, _title), mo.ui.table(lifts, selection=None, format_mapping=_formats)]
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    Reading the table (with logistic regression first, then the forest):

    - **The pattern that matches how the data was made wins.** Weight ÷ height³ is
      body density, and density is what the type sets; it adds ≈14 points on its own.
      Two patterns get there partway: a **log** turns weight ÷ height³ into
      log weight − 3·log height, a *sum* a linear model can learn; **bins** let a linear
      model treat "very heavy" differently from "heavy".
    - **A total adds nothing to a linear model**, and neither does a single ratio of two
      stats here: the sum of the stats is a weighted sum the model could already form.
      Trees cannot add columns up, so for the forest the same total and the stat shares
      are worth a point or two. *The lift of a pattern depends on the model.*
    - **Logs do nothing for a forest.** A tree splits on "weight > 50"; "log weight >
      3.9" is the same split. Any monotone transform is invisible to trees.
    - **Per-group normalisation and one-hot encoding** help a little: stage sets the
      scale, and the secondary type tilts the stat profile (and rules one type out).
    - **Several good patterns together** (the course's scale-free set) beat each alone.

    ### The feature with zero correlation

    A domain expert suggests `height_m`. You check its correlation with each type (as a
    0/1 column per type) and find almost nothing. Drop it? Measure it — alone, and next
    to weight:
    """)
    return


@app.function
def fixed_model_accuracy(X: pd.DataFrame, y: pd.Series) -> float:
    """Cross-validated accuracy of section 4's fixed model (scaled logistic regression)."""
    _, predictions = fold_fits(X, y)
    return float(np.mean(predictions == y.to_numpy()))


@app.cell
def _(pokemon, y):
    height_r = pd.get_dummies(y).astype(float).corrwith(pokemon["height_m"]).reindex(list(TYPES))
    height_r.rename("correlation of height with the type").rename_axis("type").to_frame().round(3)
    return (height_r,)


@app.cell
def _(pokemon, y):
    _logs = np.log(pokemon[["height_m", "weight_kg"]]).add_prefix("log_")
    height_scores = pd.Series(
        {
            "log height alone": fixed_model_accuracy(_logs[["log_height_m"]], y),
            "log weight alone": fixed_model_accuracy(_logs[["log_weight_kg"]], y),
            "log weight and log height": fixed_model_accuracy(_logs, y),
        }
    )
    (
        height_scores.rename("accuracy (fixed model)")
        .map("{:.1%}".format)
        .rename_axis("features")
        .reset_index()
    )
    return (height_scores,)


@app.cell(hide_code=True)
def _(height_r, height_scores, y):
    mo.md(f"""
    Height's correlation with every type is at most {height_r.abs().max():.2f} in size, and
    alone it predicts no better than always guessing the most common type
    ({height_scores["log height alone"]:.1%} against {y.value_counts(normalize=True).max():.1%}).
    Yet added to weight it takes accuracy from {height_scores["log weight alone"]:.1%} to
    **{height_scores["log weight and log height"]:.1%}**. Weight alone confuses a big light
    creature with a small dense one; height says which it is, so together they give the
    density. A correlation only measures what a column says *on its own*: **features can
    matter through interactions**, and the only way to know is to measure with the other
    columns present.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 6. Leakage: when the score lies

    The analytics team sends an export of the same creatures (`pokemon_export`), with two
    extra columns — `trainer_id` (who caught it) and `sprite_color` (the colour the app
    draws it in) — and some rows written twice. A teammate trains on it with a tidy
    pipeline: every preprocessing step inside, cross-validated on the course's folds.
    """)
    return


@app.function
def teammate_pipeline(numeric: list[str], categorical: list[str]) -> Pipeline:
    """The teammate's model: scale the numbers, one-hot the categories, logistic regression."""
    columns = ColumnTransformer(
        [
            ("numbers", StandardScaler(), numeric),
            (
                "categories",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                categorical,
            ),
        ]
    )
    return Pipeline([("columns", columns), ("classifier", LogisticRegression(max_iter=2_000))])


@app.cell
def _():
    export = load_dataset("pokemon_export")
    teammate_columns = {
        "numeric": list(RAW_FEATURES),
        "categorical": ["secondary_type", "sprite_color"],
    }
    teammate_score = cv_accuracy(
        teammate_pipeline(**teammate_columns), export, export[TARGET]
    ).mean()
    mo.callout(
        mo.md(f"The teammate's cross-validated accuracy: **{teammate_score:.1%}**"), kind="success"
    )
    return export, teammate_columns, teammate_score


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    The course's honest model reaches about 82% with features chosen with care (section 7). A
    score this much higher, from a simpler model, is not a breakthrough: it is a
    question. **Find the leak.** Two tools: how well each column predicts the type *on
    its own* (a small tree, same folds) — real signals are rarely that clean — and
    re-scoring the teammate's pipeline without the columns you suspect.
    """)
    return


@app.cell
def _(export, teammate_columns):
    _columns = [*teammate_columns["numeric"], *teammate_columns["categorical"], "trainer_id"]
    single_column_scores(export, _columns).map("{:.1%}".format).rename_axis("column").to_frame()
    return


@app.cell
def _(teammate_columns):
    left_out = mo.ui.multiselect(
        [*teammate_columns["numeric"], *teammate_columns["categorical"]], label="leave out"
    )
    left_out
    return (left_out,)


@app.cell
def _(export, left_out, teammate_columns, teammate_score):
    mo.stop(not left_out.value, mo.md("*Pick one or more columns to leave out and re-score.*"))
    _kept = {
        _kind: [_c for _c in _columns if _c not in left_out.value]
        for _kind, _columns in teammate_columns.items()
    }
    _score = cv_accuracy(teammate_pipeline(**_kept), export, export[TARGET]).mean()
    mo.md(
        f"Without {', '.join(f'`{_c}`' for _c in left_out.value)}: **{_score:.1%}** "
        f"(with every column: {teammate_score:.1%})."
    )
    return


@app.cell(hide_code=True)
def _():
    mo.accordion(
        {
            "What was it? (open after you have looked)": mo.md(f"""
    `{LABEL_DERIVED_COLUMN}`. On its own it predicts the type almost perfectly, and
    without it the score falls back to what the raw columns honestly give. The export job
    *made* the colour from the type (fire is red, water blue…), with a few creatures
    recoloured by hand: it is the label written in another column. The pipeline was tidy; the leak was in the
    data. A model that needs the sprite colour can only be used on creatures whose type is
    already known. Ask of every column: *would I have this value, for a new creature, at
    the moment I need the prediction?*
    """)
        }
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ### The classic leaks, side by side

    Leaks are not all equally dangerous. The table measures each one alone, against the
    honest version of the same experiment — same rows (one per creature), same folds,
    same model (`pokemon_ml.features.leakage`):

    1. **A scaler fitted on all rows**: the features are standardised with means and
       spreads computed on every row, test rows included, before cross-validation.
    2. **Target encoding fitted on all rows**: `trainer_id` replaced by each trainer's
       share of each type, counted on every row. The honest version fits the encoding
       inside the pipeline, on training folds only.
    3. **A label-derived column**: `sprite_color`, one-hot encoded.
    4. **Duplicated rows**: the export as it came, twice-written rows and all, split at
       random; for a logistic regression and for a random forest.
    """)
    return


@app.cell
def _():
    leak_button = mo.ui.run_button(label="Measure the leaks")
    leak_button
    return (leak_button,)


@app.function(hide_code=True)
def plot_leaks(table: pd.DataFrame) -> plt.Figure:
    """Honest and leaky accuracy of each leak, as paired horizontal bars."""
    labels = [
        f"{leak}\n({model})" for leak, model in zip(table["leak"], table["model"], strict=True)
    ][::-1]
    positions = np.arange(len(labels))
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.barh(positions + 0.2, table["honest"][::-1], height=0.4, label="honest", color="tab:blue")
    ax.barh(
        positions - 0.2, table["leaky"][::-1], height=0.4, label="with the leak", color="tab:red"
    )
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_xlim(0.5, 1.0)
    ax.set_xlabel("cross-validated accuracy")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig


@app.cell
def _(export, leak_button):
    mo.stop(
        not leak_button.value, mo.md("*Click **Measure the leaks**: 8 cross-validations, ≈10 s.*")
    )
    with mo.status.progress_bar(total=8, title="Measuring", remove_on_exit=True) as _bar:
        leaks = leakage_table(export, on_step=lambda _what: _bar.update(subtitle=_what))
    return (leaks,)


@app.cell
def _(leaks):
    _formats = {"honest": "{:.1%}", "leaky": "{:.1%}", "inflation": "{:+.1f}"}
    mo.vstack([plot_leaks(leaks), mo.ui.table(leaks, selection=None, format_mapping=_formats)])
    return


@app.cell(hide_code=True)
def _(leaks):
    _scaler, _encoding, _label, _duplicates, _duplicates_forest = leaks["inflation"]
    mo.md(f"""
    Ranked by the damage they did here:

    1. **The label-derived column: {_label:+.1f} points** — a near-perfect score
       that says nothing about the model. Total.
    2. **Target encoding fitted on all rows: {_encoding:+.1f} points.** With about
       two creatures per trainer, a trainer's "share of rock" includes the row's own
       label: half the encoding *is* the answer. Fitted on training folds only, the
       same column is worth nothing (trainers are assigned at random) — and feature
       selection fitted on all rows leaks the same way. Large.
    3. **Duplicated rows: {_duplicates_forest:+.1f} points for the forest,
       {_duplicates:+.1f} for logistic regression.** A copy of a test creature sits in
       training, and a model that can memorise rows (a forest) gets it right for free;
       the damage grows with the share of duplicates. Split by creature (or de-duplicate
       first).
    4. **The scaler fitted on all rows: {_scaler:+.1f} points** — nothing. A mean
       and a spread from 1,500 rows barely move when you add the 300 test rows.

    So why bother with the scaler? Because the habit is what protects you from the
    others: a step that is fitted outside the pipeline today is a target encoding
    tomorrow. Because "small" depends on the data: with few rows, drifting data or
    time-ordered rows (tomorrow's mean used to scale today), the same leak grows. And
    because in production there is no "all rows": the model must transform one new
    creature with statistics it already has. Fitting on training rows only is simply
    the way the model will be used.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 7. Pipelines: every learned step inside

    A scikit-learn `Pipeline` chains steps, and cross-validation then refits *every* step
    on each training fold — the structural cure for leaks 1 and 2. `set_output(transform="pandas")`
    keeps column names all the way through, so you can read what the model sees. Built
    step by step, on the first rows:

    **Step 1 — one transformer.** A `StandardScaler` learns each column's mean and spread
    in `fit` and applies them in `transform`:
    """)
    return


@app.cell
def _(pokemon):
    _scaler = StandardScaler().set_output(transform="pandas").fit(pokemon[list(STAT_COLUMNS)])
    mo.vstack(
        [
            mo.md(
                f"learned means: `{dict(zip(STAT_COLUMNS, _scaler.mean_.round(1).tolist(), strict=True))}`"
            ),
            _scaler.transform(pokemon[list(STAT_COLUMNS)].head(3)).round(2),
        ]
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **Step 2 — different columns, different treatment.** A `ColumnTransformer` sends
    numbers to the scaler and the secondary type to a one-hot encoder (one 0/1 column per
    type, and one for "none"), then puts the results side by side:
    """)
    return


@app.cell
def _(pokemon):
    _columns_step = ColumnTransformer(
        [
            ("numeric", StandardScaler(), list(RAW_FEATURES)),
            (
                "secondary_type",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ["secondary_type"],
            ),
        ],
        verbose_feature_names_out=False,
    ).set_output(transform="pandas")
    _columns_step.fit_transform(pokemon).head(3).round(2)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **Step 3 — compute features first.** `FunctionTransformer` wraps a plain function: the
    scale-free features are computed row by row, with nothing to fit, so they cannot leak.
    Chained in front of the `ColumnTransformer` (which now also scales the new columns):
    """)
    return


@app.cell
def _(pokemon):
    my_features = Pipeline(
        [
            ("scale_free", FunctionTransformer(add_scale_free_features)),
            (
                "columns",
                ColumnTransformer(
                    [
                        ("numeric", StandardScaler(), [*RAW_FEATURES, *ENGINEERED_COLUMNS]),
                        (
                            "secondary_type",
                            OneHotEncoder(
                                categories=[list(TYPES)],
                                handle_unknown="ignore",
                                sparse_output=False,
                            ),
                            ["secondary_type"],
                        ),
                    ],
                    verbose_feature_names_out=False,
                ),
            ),
        ]
    ).set_output(transform="pandas")
    my_features.fit_transform(pokemon).head(3).round(2)
    return (my_features,)


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    **Step 4 — the model at the end.** Add a classifier and the whole chain is one
    estimator: `fit` fits every step on the rows it is given, `predict` applies them all.
    That is the object to cross-validate, save and serve.

    What you built is exactly `pokemon_ml.features.make_feature_pipeline()`: the package's
    copy is the one modules 3–5 reuse, and `make_model()` puts this same logistic regression
    after it. Checked, not claimed:
    """)
    return


@app.cell
def _(my_features):
    my_model = Pipeline(
        [("features", my_features), ("classifier", LogisticRegression(max_iter=2_000))]
    )
    my_model
    return (my_model,)


@app.cell
def _(my_features, my_model, pokemon, y):
    _package = make_feature_pipeline().fit_transform(pokemon)
    pd.testing.assert_frame_equal(my_features.fit_transform(pokemon), _package)  # raises if not
    model_score = cv_accuracy(my_model, pokemon, y).mean()
    return (model_score,)


@app.cell(hide_code=True)
def _(model_score):
    mo.callout(
        mo.md(f"""
    `make_feature_pipeline()` gives exactly the columns and values of `my_features` (the
    cell above checks it with `pd.testing.assert_frame_equal`). The whole model:
    **{model_score:.1%}** cross-validated accuracy.
    """),
        kind="success",
    )
    return


@app.cell(hide_code=True)
def _(model_score, variant_accuracy):
    mo.md(f"""
    From {variant_accuracy["keep both"]:.1%} on the raw columns to **{model_score:.1%}**,
    with the same logistic regression: the whole gain is in the features. Module 3 keeps
    this pipeline and changes the model.

    ## Key points

    - **Look before you model**, per class: distributions, class balance, each type's
      profile. The plots told you that size hides type and that weight needs a log.
    - **Pearson measures lines, Spearman monotone relations** (Pearson on ranks). A big
      gap between them means a curve or extreme values.
    - **Correlated features are a problem for reading coefficients, not for
      predicting.** Decide whether to drop one by measuring on the same folds; for
      explanations, replace a correlated pair with columns that do not overlap.
    - **Feature patterns are hypotheses: measure each one** on one fixed model and
      fixed folds, with its spread. The lift depends on the model (logs do nothing for
      trees; totals nothing for a linear model) and on how the data was made.
    - **Handle the edge cases a formula hides**: a defense of 0 makes `inf` silently.
    - **A feature with zero correlation can still matter** in combination; correlation
      only measures a column alone.
    - **Leaks differ in size**: a label-derived column and target encoding on all rows
      are large, duplicates hurt memorising models, a scaler on all rows is usually
      tiny — fix them all, by fitting *everything* that learns inside a `Pipeline`.
    """)
    return


@app.cell(hide_code=True)
def _(height_scores, hp_defense_r, model_score, teammate_score, variant_accuracy):
    _change = 100 * (variant_accuracy - variant_accuracy["keep both"])
    _answers = {
        "1. You found that HP and Defense are highly correlated. Should you remove one? Why or why not?": f"""
        Not because of the correlation. Here r = {hp_defense_r["pearson"]:.2f}, and dropping
        defense cost {_change["drop defense"]:+.1f} points, dropping hp {_change["drop hp"]:+.1f}:
        the two rise together with size, and the *difference* between them is what tells
        rock (more defense) from water (more hp). For predictions, decide by measuring on
        the same folds; drop a column only if you lose nothing and gain something (a
        cheaper input, a simpler model). For explanations the correlation does matter:
        correlated columns share credit, so their coefficients change with what else is in
        the model and cannot be read one at a time. Replace the pair with columns that do
        not overlap — a size (hp + defense) and a balance (defense − hp) — or read them as
        a group.
        """,
        "2. Your model achieves 99% accuracy. You're suspicious. What do you check first?": f"""
        That the score measures what you think. Compare it with what an honest model
        reaches (here {model_score:.0%}, while the teammate's scored {teammate_score:.0%}); then
        score each column *on its own*: one that nearly predicts the label by itself
        (`sprite_color`) is the first suspect. For every column ask whether it would exist,
        with this value, at prediction time. Then check the experiment: is anything fitted
        on all rows before the split (encodings, selection, scaling)? Can the same entity be
        on both sides of the split (duplicates, the same trainer or patient, time order)?
        Remove the suspect and re-score; the drop tells you how much was leak.
        """,
        "3. Why do we fit preprocessing (like scalers) only on training data, not all data?": r"""
        Because the test rows stand for data the model has never seen; anything computed
        from them — a mean, a spread, a category list, a target share — is information
        from the future inside the model, and the score is no longer an honest estimate.
        How much it inflates the score depends on what is fitted: for a scaler on 1,500
        rows, almost nothing (the leak table measured ≈0), for a target encoding, more than
        ten points. Fit everything inside a pipeline and the question never arises — and
        that is also how the model is used in production, where there is no "all data",
        only the statistics learned at training time and one new row.
        """,
        "4. You're creating a 'power_ratio' feature (Attack/Defense). What happens when Defense is 0?": r"""
        pandas does not raise: attack / 0 is `inf`, and 0 / 0 is `NaN`. The failure shows up
        later — a scaler or model rejects the column, or worse, silently accepts it. Decide
        what a defense of 0 means (the weakest defense: count it as 1, the smallest real
        value) so the ratio is finite, keeps its order and is unchanged elsewhere; avoid
        tiny epsilons (10¹⁰-sized values) and replacing `inf` by 0 (the opposite meaning).
        Test your feature on a frame with the edge case, as the T2.2 check did, and add a
        0/1 "defense was 0" column if those rows may behave differently.
        """,
        "5. A domain expert suggests a feature. It has zero correlation with the target. Do you include it?": f"""
        Measure before you decide. Correlation only measures a column on its own. Here,
        `height_m` has almost no correlation with any type and alone predicts no better than
        guessing ({height_scores["log height alone"]:.1%}); with weight it turns
        {height_scores["log weight alone"]:.1%} into {height_scores["log weight and log height"]:.1%},
        because together they give the body's density. Add the feature to the model with the
        other columns, score it on the same folds, and keep it if the lift is larger than
        the fold-to-fold spread. The expert's reason (here: "weight means nothing without
        size") is often the interaction you should build explicitly.
        """,
    }
    mo.vstack(
        [
            mo.md("## Socratic questions\n\nAnswer each in your own words first, then open it."),
            mo.accordion({_question: mo.md(_answer) for _question, _answer in _answers.items()}),
        ]
    )
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Next step

    1. **Exercises 2.1–2.3** in `exercises/02_eda_and_features.py`: engineer five features
       that survive a defense of 0 (with a note on each), repair a leaky pipeline and name
       its leaks, and find one feature that lifts the fixed model by five points. Open it
       with `uv run marimo edit exercises/02_eda_and_features.py`; each exercise has a live
       check like the try-its above.
    2. **Checkpoint 2** in `checkpoints/02_feature_engineering_competition.py`: features
       only, a fixed model, scored on creatures you never see — beat 75%.
    """)
    return


if __name__ == "__main__":
    app.run()
