# /// script
# requires-python = ">=3.11"
# dependencies = [
#     "marimo>=0.25,<0.26",
#     "numpy>=2.0",
#     "pandas>=2.2",
#     "matplotlib>=3.9",
#     "fastapi>=0.115",
#     "pokemon-ml",
# ]
#
# [tool.uv.sources]
# pokemon-ml = { path = "..", editable = true }
# ///

import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", layout_file="layouts/06_presentation.slides.json")

with app.setup:
    import marimo as mo
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd
    from fastapi.testclient import TestClient

    import card_price  # your modules, beside this notebook
    import price_service
    from pokemon_ml import load_dataset

    TARGET = "price_usd"
    LEAKS = ("sold_price_usd", "days_to_sell")
    EXAMPLE = {
        "listed_at": "2025-06-01",
        "pokemon_id": 25,
        "set_name": "Violet Crown",
        "rarity": "holo_rare",
        "edition": "unlimited",
        "condition_grade": 9.0,
        "language": "en",
    }


@app.function
def attempt(call, name: str):
    """(result, None), or (None, a callout) when ``name`` is still a stub or raises."""
    try:
        return call(), None
    except NotImplementedError:
        return None, mo.callout(mo.md(f"*Write `{name}` first: this part of the slide "
                                      "fills in from your module.*"), kind="info")
    except Exception as error:  # noqa: BLE001 - shown on the slide
        return None, mo.callout(mo.md(f"`{name}` raised **{type(error).__name__}**: {error}"),
                                kind="danger")


@app.cell
def _():
    cards = load_dataset("cards")
    days = pd.to_datetime(cards["listed_at"])
    _cutoff = days.sort_values().iloc[int(0.8 * len(days))]
    past = cards[days < _cutoff].reset_index(drop=True)
    later = cards[days >= _cutoff].reset_index(drop=True)
    later_blind = later.copy()
    later_blind[list(LEAKS)] = np.nan
    return cards, days, later, later_blind, past


@app.cell
def _(later, later_blind, past):
    def _evaluate():
        model = card_price.train_price_model(past)
        predicted = np.asarray(model.predict(later_blind), dtype="float64")
        low, high = (np.asarray(b, dtype="float64") for b in model.predict_interval(later_blind, 0.8))
        actual = later[TARGET].to_numpy(dtype="float64")
        baseline = later["rarity"].map(past.groupby("rarity")[TARGET].median()).to_numpy(dtype="float64")
        return model, {
            "model MAE": float(np.mean(np.abs(actual - predicted))),
            "baseline MAE": float(np.mean(np.abs(actual - baseline))),
            "coverage": float(np.mean((low <= actual) & (actual <= high))),
        }

    evaluated, evaluation_note = attempt(_evaluate, "train_price_model")
    return evaluated, evaluation_note


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    # Pricing Pokémon cards from a listing

    ✏️ Slide 1, the problem: who needs a price, and what a bad price costs them (a seller who underprices, a shop that overpays). One or two sentences, and your name.
    """)
    return


@app.cell(hide_code=True)
def _(cards):
    _report, _note = attempt(lambda: card_price.validate_listings(cards), "validate_listings")
    _validation = _note if _note is not None else mo.md(
        f"`validate_listings` on this data: **{len(_report)} problem(s)**."
    )
    mo.vstack([
        mo.md(f"""
        ## The data

        **{len(cards):,} listings**, {cards['listed_at'].min()} to {cards['listed_at'].max()},
        {cards['set_name'].nunique()} sets, {cards['condition_grade'].isna().mean():.0%} ungraded.
        """),
        _validation,
        mo.md(r"""
        ✏️ Slide 2: what a listing holds, what your validator checks, and the problems it caught on the drops you tried.
        """),
    ])
    return


@app.cell(hide_code=True)
def _(cards, days):
    _splits, _note = attempt(lambda: card_price.walk_forward_splits(cards["listed_at"], 4),
                             "walk_forward_splits")
    if _note is None:
        _fig, _ax = plt.subplots(figsize=(8, 2.2))
        for _k, (_train, _val) in enumerate(_splits):
            for _rows, _color in ((_train, "#4c72b0"), (_val, "#dd8452")):
                _span = days.iloc[np.asarray(_rows)]
                _ax.barh(_k, (_span.max() - _span.min()).days + 1, left=_span.min(), color=_color)
        _ax.set(yticks=[], title="walk-forward: train (blue) on the past, validate (orange) on what follows")
        _ax.invert_yaxis()
        _fig.tight_layout()
        _note = _fig
    mo.vstack([
        mo.md("## How we validate"),
        _note,
        mo.md(r"""
        ✏️ Slide 3: why the splits walk forward over listing dates, and what a random K-fold reported instead (the number from Notebook 3).
        """),
    ])
    return


@app.cell(hide_code=True)
def _(cards):
    _features, _note = attempt(lambda: card_price.add_features(cards), "add_features")
    _shown = _note if _note is not None else mo.md(
        f"**{_features.shape[1]} features**: " + ", ".join(f"`{c}`" for c in list(_features.columns)[:14])
        + (" …" if _features.shape[1] > 14 else "")
    )
    mo.vstack([
        mo.md("## Features"),
        _shown,
        mo.md(r"""
        ✏️ Slide 4: the features that matter most (the log price, the grade curve, the drift) and the two columns you left out, and why.
        """),
    ])
    return


@app.cell(hide_code=True)
def _():
    _reported = card_price.REPORTED_MAE
    if isinstance(_reported, dict) and _reported:
        _table = pd.DataFrame({"model": list(_reported), "walk-forward MAE (USD)": list(_reported.values())})
        _shown = mo.ui.table(_table, selection=None, show_column_summaries=False)
    else:
        _shown = mo.callout(mo.md("*Fill `REPORTED_MAE` in card_price.py (Notebook 3).*"), kind="info")
    mo.vstack([
        mo.md("## Models compared"),
        _shown,
        mo.md(r"""
        ✏️ Slide 5: the candidates, compared on the same four walk-forward blocks: what the table says in one sentence.
        """),
    ])
    return


@app.cell(hide_code=True)
def _():
    _chosen = card_price.CHOSEN_MODEL
    _reported = card_price.REPORTED_MAE if isinstance(card_price.REPORTED_MAE, dict) else {}
    _live = (f"Chosen: **{_chosen}**, walk-forward MAE **\\${_reported[_chosen]:.2f}**."
             if _chosen in _reported and _reported[_chosen] is not None
             else "*Set `CHOSEN_MODEL` in card_price.py (Notebook 4).*")
    mo.vstack([
        mo.md("## The choice"),
        mo.md(_live),
        mo.md(r"""
        ✏️ Slide 6: which model you chose, its walk-forward MAE, and why it beats the others on more than that number.
        """),
    ])
    return


@app.cell(hide_code=True)
def _(evaluated, evaluation_note):
    if evaluation_note is None:
        _, _numbers = evaluated
        _shown = mo.md(
            f"On the last fifth of the listings, never trained on: MAE **\\${_numbers['model MAE']:.2f}** "
            f"vs **\\${_numbers['baseline MAE']:.2f}** for the baseline (the past median of the card's "
            f"rarity); the 80% interval holds **{_numbers['coverage']:.0%}** of the real prices."
        )
    else:
        _shown = evaluation_note
    mo.vstack([
        mo.md("## Error on later data"),
        _shown,
        mo.md(r"""
        ✏️ Slide 7: what that error means for a seller in dollars, and where the model is weakest (which cards).
        """),
    ])
    return


@app.cell(hide_code=True)
def _(evaluated, evaluation_note):
    _shown = evaluation_note
    if evaluation_note is None:
        _service, _shown = attempt(lambda: price_service.create_price_app(evaluated[0]), "create_price_app")
        if _shown is None:
            _answer = TestClient(_service, raise_server_exceptions=False).post("/predict", json=EXAMPLE)
            _shown = mo.md(f"`POST /predict` a holo rare Pikachu-like card, grade 9 → "
                           f"**{_answer.status_code}** `{_answer.text[:160]}`")
    mo.vstack([
        mo.md("## The service and its page"),
        _shown,
        mo.md(r"""
        ✏️ Slide 8: how a person gets a price (the page: form in, price and range out), what a bad input gets, and how fast it answers.
        """),
    ])
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## Monitoring and retraining

    ✏️ Slide 9: what you watch once it is live (drift of which inputs, the ungraded share, the error once sales come in), the thresholds, and when you retrain or roll back.
    """)
    return


@app.cell(hide_code=True)
def _():
    mo.md(r"""
    ## What's next

    ✏️ Slide 10: three things you would do with another week, most valuable first, and the one question you would ask the shop.
    """)
    return


if __name__ == "__main__":
    app.run()
