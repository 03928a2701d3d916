# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
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
    import pandas as pd

    import card_price  # your module, beside this notebook: card_price.py
    from pokemon_ml import ISSUE_KINDS, load_dataset
    from pokemon_ml.data.card_drops import (
        CARD_DROP_KINDS,
        LISTING_CONTRACT,
        listings_as_loaded,
        make_card_drop,
    )


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Capstone 1 — Validate the listings

    A card shop wants a price for every card a seller lists: you will build that
    predictor, from raw marketplace listings to a served model with a page. It starts
    where every model in production starts — with the data it will be fed. Listings come
    from sellers' exports and a partner's feed; a column goes missing, a price arrives as
    text, someone types grade 11. A model trained on that learns nonsense quietly.

    In this notebook you will read the listing contract, explore the `cards` data, and
    write **`validate_listings(df)`** in `card_price.py` (the file beside this notebook),
    watching its report on the real data and on a damaged drop you plant yourself.
    Criterion 1 of the capstone (15 points) grades it on clean data and three drops you
    never see. Plan about 1½ hours.
    """)
    return


@app.cell
def _():
    cards = load_dataset("cards")
    mo.vstack([
        mo.md(f"**{len(cards):,} listings**, {cards['listed_at'].min()} to "
              f"{cards['listed_at'].max()}, {cards['pokemon_id'].nunique():,} creatures, "
              f"{cards['set_name'].nunique()} sets."),
        mo.ui.table(cards.head(200), selection=None, page_size=8),
    ])
    return (cards,)


@app.cell(hide_code=True)
def _():
    _rows = "\n".join(
        f"| `{column}` | {kind} | {rule} |" for column, (kind, rule) in LISTING_CONTRACT.items()
    )
    mo.md(f"""
    ## The listing contract

    What a valid listings table is. Every column is required; a rule on the values is
    broken by even one row. `sold_price_usd` and `days_to_sell` are known only **after**
    a sale (empty while a card is unsold): they belong in the table, but never in a
    model's input — Notebook 2 shows why.

    | column | type | rule |
    |:---|:---|:---|
    {_rows}
    """)
    return


@app.cell(hide_code=True)
def _():
    _kinds = "\n".join(f"| `{kind}` | {meaning} |" for kind, meaning in ISSUE_KINDS.items())
    mo.md(f"""
    ## What you write: `validate_listings(df)` in `card_price.py`

    It returns a **report**: one dict `{{"column": ..., "issue": ...}}` per problem, each
    (column, issue) pair once however many rows show it, `issue` one of the kinds below;
    an empty list when `df` meets the contract. It must not change `df`. A renamed column
    is two problems: the contract's column is missing, and an unexpected one is present.

    | issue | meaning |
    |:---|:---|
    {_kinds}

    Use pandera as Module 1 did (a `DataFrameSchema` with `lazy=True` reports every
    failure at once; turn its `failure_cases` into the report), or plain pandas checks —
    the grader checks what your report says, not how you built it. Two traps the hidden
    drops test: values **on** the contract's edges (grade exactly 10.0, a listing on
    2024-01-01) are valid; an empty grade means *ungraded*, not missing.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Explore first: what does the clean data look like?

    Before writing rules, look at the values the contract talks about. Pick a column:
    """)
    return


@app.cell
def _(cards):
    column_picker = mo.ui.dropdown(list(cards.columns), value="condition_grade", label="column")
    column_picker
    return (column_picker,)


@app.cell
def _(cards, column_picker):
    _values = cards[column_picker.value]
    _summary = pd.DataFrame({
        "dtype": [str(_values.dtype)],
        "empty": [int(_values.isna().sum())],
        "distinct": [int(_values.nunique())],
        "smallest": [str(_values.dropna().min())],
        "largest": [str(_values.dropna().max())],
    })
    _counts = _values.value_counts(dropna=False).head(12).rename_axis("value").reset_index()
    mo.hstack([mo.ui.table(_summary, selection=None), mo.ui.table(_counts, selection=None)])
    return


@app.cell(hide_code=True)
def _(cards):
    _cheap = int((cards["price_usd"] == 0.99).sum())
    _dear = int((cards["price_usd"] > 1_000).sum())
    mo.md(f"""
    Some prices look odd: **{_cheap}** listings at exactly \\$0.99, **{_dear}** above
    \\$1,000. Are they errors? They are above 0 and below the contract's ceiling — the
    contract accepts them, so a validator must too. They are real listings (placeholders,
    bulk lots, typos of a seller): a *model* may treat them as outliers later (Notebook 2),
    but *validation* answers one question only: does this table meet the contract?
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Your report on the course's data

    The `cards` data meets the contract: your report should be empty. Edit
    `card_price.py` and re-run this notebook (or just save: with the course's
    `auto_reload` setting, marimo re-runs the cells that use your module).
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
def _(cards):
    _report, _problem = attempt(lambda: card_price.validate_listings(cards), "validate_listings")
    if _problem is not None:
        _shown = _problem
    elif len(_report) == 0:
        _shown = mo.callout(mo.md("**No problems reported** on clean data: right."), kind="success")
    else:
        _shown = mo.vstack([
            mo.callout(mo.md(f"**{len(_report)} false alarm(s)** on data that meets the "
                             "contract: which rule is too strict?"), kind="warn"),
            mo.ui.table(pd.DataFrame(_report), selection=None),
        ])
    _shown
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## A drop you damage yourself

    Choose the problems to plant; each goes into a column the seed picks, on rows of its
    own. The drop also carries valid values on the contract's edges. Then compare your
    report with the answer key. (The grader's drops are other seeds and other mixes:
    a report that matches *this* key by hand passes nothing.)
    """)
    return


@app.cell
def _():
    problem_picker = mo.ui.multiselect(
        list(CARD_DROP_KINDS),
        value=["out_of_range", "unknown_category", "wrong_dtype", "renamed_column"],
        label="problems to plant",
    )
    seed_picker = mo.ui.number(start=1, stop=9_999, value=2_718, label="seed")
    mo.hstack([problem_picker, seed_picker], justify="start")
    return problem_picker, seed_picker


@app.cell
def _(problem_picker, seed_picker):
    _frame, drop_key = make_card_drop(int(seed_picker.value), list(problem_picker.value))
    drop = listings_as_loaded(_frame)
    mo.ui.table(drop.head(100), selection=None, page_size=5)
    return drop, drop_key


@app.cell
def _(drop, drop_key):
    _before = drop.copy()
    _report, _problem = attempt(lambda: card_price.validate_listings(drop), "validate_listings")
    mo.stop(_problem is not None, _problem)
    _expected = {(k["column"], k["issue"]) for k in drop_key}
    _given = {(r["column"], r["issue"]) for r in _report}
    _table = pd.DataFrame(
        [{"column": c, "issue": i, "verdict": "found" if (c, i) in _given else "MISSED"}
         for c, i in sorted(_expected)]
        + [{"column": c, "issue": i, "verdict": "false alarm"} for c, i in sorted(_given - _expected)]
    )
    _notes = []
    if len(_report) != len(_given):
        _notes.append("your report repeats a (column, issue) pair: report each once.")
    if not drop.equals(_before):
        _notes.append("your function **changed the drop** it was given: work on a copy.")
    _good = _given == _expected and not _notes
    mo.vstack([
        mo.callout(mo.md("Every planted problem found, no false alarm." if _good else
                         "Not yet: " + (" ".join(_notes) or "see the verdicts below.")),
                   kind="success" if _good else "warn"),
        mo.ui.table(_table, selection=None),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Key points

    * Validation checks a table against a **contract**, written down before the data
      arrives; an odd but allowed value (a \$0.99 placeholder) is not a contract breach.
    * Report every problem at once (pandera's `lazy=True`), one line per (column, issue):
      the sender fixes them in one round trip.
    * Edges are part of the contract: `>=` and `>` differ on exactly the rows that matter.
    * Columns known only after the sale are data, not features.

    ## Before you move on

    /// details | A grade is empty on a third of the listings. Why is that not `missing_values`?
    The contract says an empty grade means *ungraded* — a real state of a card, which
    sells at a discount. Reporting it would be a false alarm, and imputing it as an
    average grade would erase a signal the model needs (Notebook 2).
    ///

    /// details | A drop arrives with `price` instead of `price_usd`. Fix it in your loader, or send it back?
    Either can be right; what matters is that it is decided by a person, once, and written
    down — a silent rename in a loader hides the next change too. The validator's job is
    to say it clearly: `price_usd` missing, `price` unexpected.
    ///

    Next: `02_eda_and_features.py` — what drives a card's price, and the features that
    capture it without peeking at the sale. Grade this part any time with
    `uv run pokemon-ml grade capstone` (criterion 1).
    """)
    return


if __name__ == "__main__":
    app.run()
