"""Price services for the capstone's service criteria: the reference with one mistake
each (what a hurried learner writes), and a correct one in another style.

Each is the text of a ``price_service.py``; ``service_folder`` writes it beside a
``card_price.py`` whose ``train_price_model`` is quick (a median, an interval around
it), so a test grades the service, not the model's training time.
"""

from __future__ import annotations

from pathlib import Path

from pokemon_ml.grading.sandbox import LearnerFunction
from tests.conftest import ROOT

REFERENCE_SERVICE = (ROOT / "capstone" / "solution" / "price_service.py").read_text()

QUICK_MODEL = '''"""A quick model with the contract's interface: the median price by rarity."""

import numpy as np


class MedianModel:
    def __init__(self, prices: dict, overall: float) -> None:
        self.prices, self.overall = prices, overall

    def predict(self, df):
        return np.array([self.prices.get(r, self.overall) for r in df["rarity"]], dtype=float)

    def predict_interval(self, df, coverage=0.8):
        price = self.predict(df)
        return price * 0.55, price * 1.9


def train_price_model(listings):
    medians = listings.groupby("rarity")["price_usd"].median()
    return MedianModel(medians.to_dict(), float(listings["price_usd"].median()))
'''


def mutate(source: str, *swaps: tuple[str, str]) -> str:
    """``source`` with each ``old`` replaced by ``new`` (each ``old`` must be there)."""
    for old, new in swaps:
        assert source.count(old) >= 1, f"the reference no longer has {old!r}"
        source = source.replace(old, new)
    return source


def service_folder(folder: Path, service: str, model: str = QUICK_MODEL) -> LearnerFunction:
    """A learner's capstone folder holding ``service``; the candidate the grader loads."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "card_price.py").write_text(model)
    (folder / "price_service.py").write_text(service)
    return LearnerFunction(
        folder / "card_price.py",
        "train_price_model",
        (),
        (("create_price_app", folder / "price_service.py"),),
    )


# ------------------------------------------------------------ wrong APIs (criterion 5)
HAND_PARSED = mutate(
    REFERENCE_SERVICE,
    (
        "    def predict(listing: Listing) -> PriceAnswer | JSONResponse:\n"
        "        frame = _as_frame(listing)\n",
        "    async def predict(request: Request) -> PriceAnswer | JSONResponse:\n"
        "        row = await request.json()  # a dict, trusted as it came\n"
        "        frame = pd.DataFrame([row])\n"
        '        frame["listed_at"] = pd.to_datetime(frame["listed_at"])\n',
    ),
)
NO_GRADE_BOUNDS = mutate(
    REFERENCE_SERVICE,
    ("Field(strict=True, ge=1.0, le=10.0)", "Field(strict=True)"),
)
DEFAULT_422 = mutate(  # FastAPI's own 422 echoes the input: a NaN it cannot write as JSON
    REFERENCE_SERVICE,
    ("    app.add_exception_handler(RequestValidationError, _invalid_input)\n", ""),
)
NO_INTERVAL = mutate(
    REFERENCE_SERVICE,
    (
        "low, high = (float(bound[0]) for bound in model.predict_interval(frame, COVERAGE))",
        "low, high = 0.8 * price, 1.25 * price  # 'about right'",
    ),
)
EXTRA_IGNORED = mutate(
    REFERENCE_SERVICE,
    ('model_config = ConfigDict(extra="forbid", ', 'model_config = ConfigDict(extra="ignore", '),
)
UNGRADED_AS_ZERO = mutate(
    REFERENCE_SERVICE,
    (
        'return frame.astype({"condition_grade": "float64"})',
        'return frame.fillna({"condition_grade": 0.0}).astype({"condition_grade": "float64"})',
    ),
)

REFUSES_EVERYTHING = '''"""Never a 500: every listing is refused (and echoed, so every field is 'named')."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


def create_price_app(model):
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"ok": True}

    @app.post("/predict")
    async def predict(request: Request):
        sent = (await request.body()).decode("utf-8", "replace")
        return JSONResponse({"message": "invalid listing", "you_sent": sent}, status_code=422)

    return app
'''

# ------------------------------------------------------------ wrong pages (criterion 6)
RAW_JSON_PRICE_ONLY_PAGE = mutate(  # two mistakes on one page (one browser run)
    REFERENCE_SERVICE,
    (
        'show("Please check the form: " + answer.message.replaceAll("_", " ") + ".", true);',
        "show(JSON.stringify(answer), true);",
    ),
    (
        "show(`≈ ${dollars(answer.price_usd)} (${share}% interval "
        "${dollars(answer.low_usd)} – ${dollars(answer.high_usd)})`, false);",
        "show(`≈ ${dollars(answer.price_usd)}`, false);",
    ),
)
WRONG_FIELD_NAMES_PAGE = mutate(
    REFERENCE_SERVICE,
    ("    listed_at: form.listed_at.value,\n", "    date: form.listed_at.value,\n"),
    ("    condition_grade: ungraded.checked", "    grade: ungraded.checked"),
)
# ------------------------------------------------------------ correct, another style
PLAIN_FORM_SERVICE = '''"""A price service without pydantic or JavaScript: a plain HTML form that posts to
/quote (answered with HTML), and /predict validated by hand (answered with 422)."""

import html
import json
import math
from datetime import date
from urllib.parse import parse_qs

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from pokemon_ml.data.cards import EDITIONS, LANGUAGES, RARITIES, SETS

CHOICES = {
    "set_name": [name for name, _, _ in SETS],
    "rarity": list(RARITIES),
    "edition": list(EDITIONS),
    "language": list(LANGUAGES),
}
FIELDS = ["listed_at", "pokemon_id", "set_name", "rarity", "edition", "condition_grade", "language"]


def check(listing):
    """(row, problem): the listing as the model's row, or what is wrong with it."""
    if not isinstance(listing, dict):
        return None, "body must be a JSON object"
    for name in listing:
        if name not in FIELDS:
            return None, f"{name} is not a field of a listing"
    for name in FIELDS:
        if name not in listing:
            return None, f"{name} is required"
    try:
        listed_at = date.fromisoformat(listing["listed_at"])
    except (TypeError, ValueError):
        return None, "listed_at must be a date such as 2025-06-01"
    pokemon_id = listing["pokemon_id"]
    if type(pokemon_id) is not int or not 1 <= pokemon_id <= 1500:
        return None, "pokemon_id must be a whole number from 1 to 1500"
    for name, allowed in CHOICES.items():
        if listing[name] not in allowed:
            return None, f"{name} must be one of {', '.join(allowed)}"
    grade = listing["condition_grade"]
    if grade is not None:
        if type(grade) not in (int, float) or not math.isfinite(grade) or not 1 <= grade <= 10:
            return None, "condition_grade must be a number from 1 to 10, or null"
    row = {**listing, "listed_at": pd.Timestamp(listed_at), "condition_grade": grade}
    return row, None


def price(model, row):
    frame = pd.DataFrame([row]).astype({"condition_grade": "float64"})
    value = float(model.predict(frame)[0])
    low, high = model.predict_interval(frame, coverage=0.8)
    return value, min(float(low[0]), value), max(float(high[0]), value)


def page(body):
    return f"<!doctype html><html><head><title>Card price</title></head><body>{body}</body></html>"


def form():
    def select(name):
        options = "".join(f"<option>{v}</option>" for v in CHOICES[name])
        return f\'<label>{name.replace("_", " ").title()} <select name="{name}">{options}</select></label><br>\'

    return page(
        \'<h1>Card price</h1><form method="post" action="/quote">\'
        \'<label>Listed on <input type="date" name="listed_at" value="2025-06-01"></label><br>\'
        \'<label>Creature number <input type="number" name="pokemon_id" value="25"></label><br>\'
        + select("set_name") + select("rarity") + select("edition")
        + \'<label>Grade <input type="number" name="condition_grade" min="1" max="10" step="0.5"></label> \'
        \'<label><input type="checkbox" name="ungraded"> ungraded</label><br>\'
        + select("language")
        + "<button>Get a price</button></form>"
    )


def create_price_app(model):
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"ok": True}

    @app.get("/", response_class=HTMLResponse)
    def home():
        return form()

    @app.post("/predict")
    async def predict(request: Request):
        if request.headers.get("content-type", "").split(";")[0] != "application/json":
            return JSONResponse({"error": "send JSON (Content-Type: application/json)"}, 415)
        try:
            listing = json.loads(await request.body())
        except ValueError:  # not JSON, or not UTF-8
            return JSONResponse({"error": "the body is not JSON"}, 400)
        row, problem = check(listing)
        if problem:
            return JSONResponse({"error": problem}, 422)
        value, low, high = price(model, row)
        return {"price_usd": value, "low_usd": low, "high_usd": high, "coverage": 0.8}

    @app.post("/quote", response_class=HTMLResponse)
    async def quote(request: Request):
        fields = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        grade = None if "ungraded" in fields else fields.get("condition_grade", "")
        listing = {name: fields.get(name, "") for name in FIELDS}
        try:
            listing["pokemon_id"] = int(listing["pokemon_id"])
            listing["condition_grade"] = None if grade is None else float(grade)
        except ValueError:
            return HTMLResponse(page("<p>The creature number and the grade must be numbers.</p>"), 422)
        row, problem = check(listing)
        if problem:
            return HTMLResponse(page(f"<p>Please fix: {html.escape(problem)}</p>"), 422)
        value, low, high = price(model, row)
        return page(
            f"<p>Estimated price: ${value:,.2f}</p>"
            f"<p>80% of such cards list between ${low:,.2f} and ${high:,.2f}</p>"
            \'<a href="/">Price another</a>\'
        )

    return app
'''
