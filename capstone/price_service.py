"""Your card price service: the model behind an HTTP API and a page a person uses.

Write ``create_price_app(model)`` below. ``model`` is what your ``train_price_model``
(in ``card_price.py``) returned: ``model.predict(df)`` gives prices in USD, one per row,
and ``model.predict_interval(df, coverage=0.8)`` gives ``(low, high)`` arrays.
The function builds a FastAPI app and returns it — it reads no file and trains nothing,
so a test (or the grader) can build as many apps as it likes.

The contract (``capstone/README.md``; rubric criteria 5 and 6, 25 points):

``GET /health``
    200 while the process runs.

``POST /predict``
    A JSON body with exactly the fields known when a card is listed::

        {"listed_at": "2025-06-01", "pokemon_id": 25, "set_name": "Violet Crown",
         "rarity": "holo_rare", "edition": "unlimited", "condition_grade": 9.0,
         "language": "en"}

    (``condition_grade`` is 1.0-10.0, or ``null`` for an ungraded card; the categories
    are the data's own: ``pokemon_ml.data.cards`` has ``SETS``, ``RARITIES``,
    ``EDITIONS`` and ``LANGUAGES``.) The answer::

        {"price_usd": 123.45, "low_usd": 90.1, "high_usd": 160.0, "coverage": 0.8}

    — the model's own price and 80% interval, finite numbers, ``low <= price <= high``.
    Every bad body gets a 4xx, never a 500: a missing field, a wrong type, an unknown
    category, a grade of 10.5 or 0, ``NaN``, a field nobody asked for
    (``sold_price_usd`` is not known when a card is listed), malformed JSON, a list, an
    empty body, a body sent as ``text/plain``. A body that is JSON but breaks the
    contract gets a 422 whose answer names the field. A pydantic model with
    ``extra="forbid"``, ``allow_inf_nan=False``, ``Literal[...]`` categories and
    ``Field(ge=..., le=...)`` does most of this (Module 5, exercise 5.1); then read
    what FastAPI's own 422 does with a NaN it cannot write back as JSON.

``GET /``
    One HTML page, self-contained (CSS and JavaScript inline, nothing from the
    internet): a form with one control per field (selects for the categories, a number
    for the grade with an "ungraded" option, a date), each with a ``<label>`` and named
    after its field (``<select id="rarity" name="rarity">``). Submitting it shows
    "≈ $123.45 (80% interval $90.10 – $160.00)"; bad input shows a sentence that says
    which field is wrong — never a stack trace or raw JSON. ``fetch("/predict", ...)``
    with ``JSON.stringify`` is one way; a plain HTML form posting to a route of yours
    that answers HTML is another.

Try it: ``TestClient(create_price_app(model))`` in a notebook
(``capstone/05_price_service.py``), or serve it and open http://127.0.0.1:8000/::

    cd capstone && uv run python price_service.py   # trains your model, then serves

The grader trains your model, sends ``/predict`` a hostile corpus (criterion 5), then
serves your app on 127.0.0.1 and uses the page in a headless Chromium (criterion 6):
it finds each control by its name (or id, or label), fills a valid listing, submits
and looks for the price and the interval on the page, then submits an unknown rarity
and a grade of 10.5 (with the browser's own checks switched off) and looks for a
message. ``uv run pokemon-ml grade capstone`` shows the points of each.
"""

from fastapi import FastAPI


def create_price_app(model) -> FastAPI:
    """Build the price service around a trained model.

    Args:
        model: what ``train_price_model`` returned (``predict``, ``predict_interval``).

    Returns:
        The FastAPI app, with ``GET /health``, ``POST /predict`` and ``GET /``.
    """
    raise NotImplementedError


if __name__ == "__main__":  # `cd capstone && uv run python price_service.py`, then open the page
    import uvicorn
    from card_price import train_price_model

    from pokemon_ml import load_dataset

    print("Training on the cards data, then serving http://127.0.0.1:8000/ (Ctrl+C stops it)")
    uvicorn.run(create_price_app(train_price_model(load_dataset("cards"))), port=8000)
