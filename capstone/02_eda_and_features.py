# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "matplotlib>=3.9",
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
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    import card_price  # your module, beside this notebook: card_price.py
    from pokemon_ml import load_dataset

    LEAKS = ("sold_price_usd", "days_to_sell")  # known only after the sale
    TARGET = "price_usd"


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Capstone 2 — What drives a card's price: EDA and features

    Before a model, a picture: how prices are spread, what moves them, how the market
    changes over the two years, and which columns would let a model cheat. Then you write
    **`add_features(df)`** in `card_price.py`: the numeric features every model of
    Notebook 3 will take, computed from what is known **when a card is listed**.
    Criterion 2 (15 points) grades them: numeric and finite, one row per listing in the
    same order, each row computed on its own, and blind to the price and the two
    columns known only after the sale. Plan about 2 hours.
    """)
    return


@app.cell
def _():
    cards = load_dataset("cards")
    cards["listed_at"] = pd.to_datetime(cards["listed_at"])
    cards["month"] = cards["listed_at"].dt.to_period("M").dt.to_timestamp()
    cards["log_price"] = np.log(cards[TARGET])
    return (cards,)


@app.cell(hide_code=True)
def _(cards):
    _price = cards[TARGET]
    mo.md(f"""
    ## 1. The price is skewed: model its logarithm

    The median listing asks **\\${_price.median():.2f}**, the mean **\\${_price.mean():.2f}**,
    the most expensive **\\${_price.max():,.0f}**. A few dear cards dominate any sum of
    squared dollars, and the effects are *multiplicative* (a first edition is worth a
    multiple of an unlimited one, whatever the card). On the log scale the spread is
    close to symmetric and the effects add up — which is why models of Notebook 3
    usually fit `log(price)` and turn predictions back with `exp`.
    """)
    return


@app.cell
def _(cards):
    _fig, (_raw, _log) = plt.subplots(1, 2, figsize=(10, 3.2))
    _raw.hist(cards[TARGET].clip(upper=cards[TARGET].quantile(0.99)), bins=60, color="#4c72b0")
    _raw.set(title="price (USD, top 1% clipped)", xlabel="USD", ylabel="listings")
    _log.hist(cards["log_price"], bins=60, color="#55a868")
    _log.set(title="log(price)", xlabel="log USD")
    _fig.tight_layout()
    _fig
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 2. What moves the price

    Pick a column: the median price and the spread of log prices for each of its values.
    """)
    return


@app.cell
def _():
    driver_picker = mo.ui.dropdown(
        ["rarity", "edition", "language", "set_name", "set_year"], value="rarity", label="by"
    )
    driver_picker
    return (driver_picker,)


@app.cell
def _(cards, driver_picker):
    _by = driver_picker.value
    _table = (
        cards.groupby(_by)[TARGET]
        .agg(listings="size", median_usd="median")
        .sort_values("median_usd")
        .round(2)
    )
    _fig, _ax = plt.subplots(figsize=(7, 3))
    _groups = list(_table.index)
    _ax.boxplot([cards.loc[cards[_by] == g, "log_price"] for g in _groups], showfliers=False)
    _ax.set_xticks(range(1, len(_groups) + 1), [str(g) for g in _groups], rotation=30, ha="right")
    _ax.set(ylabel="log(price)", title=f"log price by {_by}")
    _fig.tight_layout()
    mo.hstack([mo.ui.table(_table.reset_index(), selection=None), _fig], widths=[1, 2])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 3. The grade curve is steep — and an empty grade is information

    Collectors pay multiples for a 9.5 or a 10. Below, the median price per condition
    grade, and for ungraded cards (an empty grade). A straight line in the grade would
    miss the bend at the top: think about how a model sees it (a tree splits there by
    itself; a linear model needs a feature such as "grade above 9").
    """)
    return


@app.cell
def _(cards):
    _graded = cards.dropna(subset=["condition_grade"])
    _curve = _graded.groupby("condition_grade")[TARGET].median()
    _ungraded = cards.loc[cards["condition_grade"].isna(), TARGET].median()
    _fig, _ax = plt.subplots(figsize=(7, 3))
    _ax.plot(_curve.index, _curve.values, marker="o")
    _ax.axhline(_ungraded, color="grey", linestyle="--", label=f"ungraded: ${_ungraded:.2f}")
    _ax.set(yscale="log", xlabel="condition grade", ylabel="median price (USD, log scale)")
    _ax.legend()
    _fig.tight_layout()
    _fig
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## 4. The market moves: prices drift, the mix changes

    Two years of listings are not one population. The median price per month, the share
    of ungraded listings, and the share of the newest set. A model trained on 2024 and
    used in 2025 meets a market it has not seen — which is why Notebook 3 validates
    *walking forward in time*, never on a random shuffle.
    """)
    return


@app.cell
def _(cards):
    _monthly = cards.groupby("month").agg(
        median_usd=(TARGET, "median"),
        ungraded=("condition_grade", lambda g: g.isna().mean()),
        listings=(TARGET, "size"),
    )
    _newest = cards["set_name"].iloc[cards["set_year"].to_numpy().argmax()]
    _monthly["newest_set"] = cards.groupby("month")["set_name"].apply(lambda s: (s == _newest).mean())
    _fig, (_left, _right) = plt.subplots(1, 2, figsize=(10, 3.2))
    _left.plot(_monthly.index, _monthly["median_usd"], marker=".")
    _left.set(title="median price per month (USD)")
    _right.plot(_monthly.index, _monthly["ungraded"], label="ungraded share")
    _right.plot(_monthly.index, _monthly["newest_set"], label=f"share of {_newest}")
    _right.set(title="the mix changes")
    _right.legend()
    for _axis in (_left, _right):
        _axis.tick_params(axis="x", rotation=30)
    _fig.tight_layout()
    _fig
    return


@app.cell(hide_code=True)
def _(cards):
    _sold = cards.dropna(subset=["sold_price_usd"])
    _corr = np.corrcoef(np.log(_sold["sold_price_usd"]), _sold["log_price"])[0, 1]
    _late = cards[cards["listed_at"] >= cards["listed_at"].max() - pd.Timedelta(days=30)]
    mo.md(f"""
    ## 5. Two columns that would let a model cheat

    `sold_price_usd` correlates with the asking price at **r = {_corr:.3f}** (on the log
    scale): a model fed it would look superb in a notebook. But it exists only *after*
    the card sold. When a seller asks the service for a price, there is no sale yet:
    the column is empty — as it already is for **{_late["sold_price_usd"].isna().mean():.0%}**
    of the last month's listings, which have not sold. `days_to_sell` is the same kind of
    column. Both stay out of your features, and the grader makes sure: it hands them in
    at training time and blanks them when it scores, as production would.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## What you write: `add_features(df)` in `card_price.py`

    Return a DataFrame of **numeric, finite** features: one row per listing of `df`, in
    the same order; each row computed from that listing's decision-time columns only
    (`listed_at`, `pokemon_id`, `set_name`, `set_year`, `rarity`, `edition`,
    `condition_grade`, `language` — and you may join the course's `pokemon` table on
    `pokemon_id`, for legendary status or total stats). Never read `price_usd`,
    `sold_price_usd` or `days_to_sell`, and never a statistic of the other rows (a mean
    of the batch makes one listing's features depend on who else was in the request).

    Ideas the EDA suggests: rarity as an ordered number, edition and language one-hot, the
    grade with a bend above 9 and a flag for ungraded, months since 2024-01 for the drift,
    the set's age, the creature's legendary flag and total stats.
    """)
    return


@app.function
def attempt(call, name: str):
    """Run ``call()`` (which uses your ``name`` from card_price.py): (result, None), or
    (None, a callout saying what to do) when it is still a stub or raises."""
    try:
        return call(), None
    except NotImplementedError:
        return None, mo.callout(
            mo.md(f"Write `{name}` in `card_price.py` first: it still raises "
                  "`NotImplementedError`. This cell shows its result once it returns."),
            kind="info",
        )
    except Exception as error:  # noqa: BLE001 - shown to the learner
        return None, mo.callout(
            mo.md(f"`{name}` raised **{type(error).__name__}**: {error}"), kind="danger"
        )


@app.cell
def _():
    raw_cards = load_dataset("cards")  # as the grader and the service pass it: no extra columns
    _features, _problem = attempt(lambda: card_price.add_features(raw_cards.copy()), "add_features")
    mo.stop(_problem is not None, _problem)
    features = _features
    mo.vstack([
        mo.md(f"Your features: **{features.shape[1]} columns** for {len(features):,} listings."),
        mo.ui.table(features.head(50), selection=None, page_size=6),
    ])
    return features, raw_cards


@app.function
def feature_self_checks(add_features, listings: pd.DataFrame, features) -> pd.DataFrame:
    """The properties criterion 2 grades, checked on the course's data (the grader uses
    listings you never see)."""
    checks = []
    is_frame = isinstance(features, pd.DataFrame)
    checks.append(("returns a DataFrame", is_frame, type(features).__name__))
    if not is_frame:
        return pd.DataFrame(checks, columns=["check", "passed", "detail"])
    checks.append(("one row per listing", len(features) == len(listings),
                   f"{len(features)} rows for {len(listings)} listings"))
    numeric = [c for c in features.columns if not pd.api.types.is_numeric_dtype(features[c])
               or pd.api.types.is_bool_dtype(features[c])]
    checks.append(("every column numeric", not numeric, ", ".join(map(str, numeric[:5])) or "yes"))
    values = features.select_dtypes("number").to_numpy(dtype="float64")
    checks.append(("every value finite", bool(np.isfinite(values).all()),
                   f"{int((~np.isfinite(values)).sum())} NaN/inf"))
    blind = listings.copy()
    blind[[TARGET, *LEAKS]] = np.nan
    same = add_features(blind).reset_index(drop=True).equals(features.reset_index(drop=True))
    checks.append(("blind to the price and the after-sale columns", same,
                   "same features with them blanked" if same else "they change when blanked"))
    tail = listings.tail(25).copy()
    alone = add_features(tail).reset_index(drop=True)
    within = features.tail(25).reset_index(drop=True)
    independent = alone.shape == within.shape and np.allclose(
        alone.to_numpy(dtype="float64"), within.to_numpy(dtype="float64"), equal_nan=True
    )
    checks.append(("each row on its own", independent,
                   "the last 25 rows alone give the same features" if independent
                   else "the last 25 rows alone give other features"))
    return pd.DataFrame(checks, columns=["check", "passed", "detail"])


@app.cell
def _(features, raw_cards):
    _checks, _problem = attempt(
        lambda: feature_self_checks(card_price.add_features, raw_cards, features), "add_features"
    )
    mo.stop(_problem is not None, _problem)
    _ok = bool(_checks["passed"].all())
    mo.vstack([
        mo.callout(mo.md("Every property holds on the course's data." if _ok else
                         "Not yet: see the checks that fail."), kind="success" if _ok else "warn"),
        mo.ui.table(_checks, selection=None),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## How much do your features explain?

    A quick look, not the comparison (that is Notebook 3's, done fairly): the correlation
    of each feature with `log(price)` on the course's data.
    """)
    return


@app.cell
def _(features, raw_cards):
    _log_price = np.log(raw_cards[TARGET].to_numpy())
    _numeric = features.select_dtypes("number")
    _corr = {
        c: float(np.corrcoef(_numeric[c].to_numpy(dtype="float64"), _log_price)[0, 1])
        for c in _numeric.columns
        if _numeric[c].std() > 0
    }
    _table = pd.DataFrame({"feature": list(_corr), "r with log price": list(_corr.values())})
    _table = _table.reindex(_table["r with log price"].abs().sort_values(ascending=False).index)
    mo.ui.table(_table.round(3), selection=None, page_size=10)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Key points

    * Prices are skewed and effects multiply: model `log(price)`, report errors in dollars.
    * The grade curve bends at the top; an empty grade is a state (ungraded), not a gap.
    * The market drifts: the later listings are the ones your model will meet.
    * A feature is computed from what is known **at decision time**, one row at a time:
      no price, no after-sale column, no statistic of the batch.

    ## Before you move on

    /// details | Your model's walk-forward error is suspiciously low. What do you look at first?
    Which columns reached the model. An after-sale column (or a feature derived from the
    price) gives an error far below what any honest feature set reaches; blank the column
    and watch the error jump. That is exactly how the grader scores: leak columns blanked.
    ///

    /// details | Why not scale the features inside `add_features` with the batch's mean?
    Then a listing's features depend on which other listings were in the same request: the
    service (one row at a time) and the grader would see other numbers than training did.
    Scaling belongs inside the model (a `Pipeline` with a `StandardScaler`), fitted once on
    the training rows.
    ///

    Next: `03_model_comparison.py` — three models or more, compared on the same
    walk-forward splits. Criterion 2 with `uv run pokemon-ml grade capstone`.
    """)
    return


if __name__ == "__main__":
    app.run()
