"""The hostile corpus the capstone's price service is graded on (rubric criterion 5).

Every request is raw bytes on the wire and what a correct service does with it:
``"ok"`` (200, the model's price and interval), ``"refuse"`` (a 4xx; a 422 that names
``field`` when the body parses as JSON but breaks the contract), or ``"either"`` for
requests the contract leaves open (an id the pokemon table does not hold, ``"9.5"``
as text): a 200 whose numbers hold together, or a 4xx naming the field — never a 5xx.
Each request belongs to one *kind* (a line of the rubric's 15 points, weighted below);
``what`` names it in the sentence the learner reads ("a grade of 10.5 got 200").

The valid listings come from the data the model was trained on (its sets, its
creatures), with the grade on both bounds, ungraded, an integer, and a listing date
after the data ends — the service exists to price tomorrow's listings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

__all__ = ["KIND_POINTS", "Request", "hostile_corpus", "valid_listings"]

JSON_HEADERS = (("content-type", "application/json"),)
# The rubric's 15 points, by kind of request: a kind's points are earned in proportion
# to its requests answered right.
KIND_POINTS = {
    "valid listings": 4.0,
    "missing fields": 1.5,
    "wrong types": 1.5,
    "unknown categories": 1.5,
    "grades out of range": 1.5,
    "NaN and Infinity": 1.0,
    "huge values": 1.0,
    "extra fields": 1.0,
    "unreadable bodies": 1.0,
    "nested junk": 1.0,
}
HUGE_TEXT_CHARS = 100_000


@dataclass(frozen=True)
class Request:
    kind: str
    what: str  # for the learner: "a grade of 10.5"
    body: bytes
    expect: str  # "ok", "refuse" or "either"
    field: str | None = None  # the field a 422 must name (None: any 4xx will do)
    payload: dict | None = None  # the listing sent, for "ok"/"either"
    headers: tuple[tuple[str, str], ...] = JSON_HEADERS
    method: str = "POST"
    path: str = "/predict"
    must_be_422: bool = True  # False: any 4xx (NaN is not JSON: 400 is fair too)

    def wire(self) -> tuple:
        return (self.method, self.path, self.headers, self.body)


def _dumps(value: object) -> bytes:
    return json.dumps(value).encode()


def valid_listings(listings: pd.DataFrame) -> list[dict]:
    """Eight valid requests from the training data's own vocabulary, every category
    used, grades on the bounds (1.0, 10.0), ungraded (null), an integer (9)."""
    sets = sorted(listings["set_name"].dropna().unique())
    ids = sorted(int(i) for i in listings["pokemon_id"].dropna().unique())
    rarities = sorted(listings["rarity"].dropna().unique())
    editions = sorted(listings["edition"].dropna().unique())
    languages = sorted(listings["language"].dropna().unique())
    dates = ["2025-06-01", "2025-12-31", "2024-01-01", "2025-09-15", "2024-11-02",
             "2026-01-15", "2025-03-10", "2024-06-30"]  # fmt: skip
    grades = [9.0, 10.0, 1.0, None, 9, 9.5, 8.5, None]
    picked_ids = [25 if 25 in ids else ids[len(ids) // 3], ids[-1], ids[0], ids[len(ids) // 2]]
    return [
        {
            "listed_at": dates[i],
            "pokemon_id": picked_ids[i % len(picked_ids)],
            "set_name": sets[(3 * i + 1) % len(sets)],
            "rarity": rarities[i % len(rarities)],
            "edition": editions[i % len(editions)],
            "condition_grade": grades[i],
            "language": languages[(i + 1) % len(languages)],
        }
        for i in range(8)
    ]


def hostile_corpus(listings: pd.DataFrame) -> list[Request]:
    """The valid listings, then every kind of bad request, each built from a valid one."""
    valid = valid_listings(listings)
    base = valid[0]

    def with_(**changes: object) -> dict:
        return {**base, **changes}

    def without(name: str) -> dict:
        return {k: v for k, v in base.items() if k != name}

    def token(name: str, raw: str) -> bytes:  # a value JSON cannot hold (NaN, Infinity)
        return json.dumps(with_(**{name: "__TOKEN__"})).replace('"__TOKEN__"', raw).encode()

    ok = [
        Request("valid listings", f"a valid listing ({_short(p)})", _dumps(p), "ok", payload=p)
        for p in valid
    ]
    health = Request(
        "valid listings", "GET /health", b"", "ok", method="GET", path="/health", headers=()
    )
    refuse = [
        ("missing fields", "a listing without `rarity`", without("rarity"), "rarity"),
        ("missing fields", "a listing without `listed_at`", without("listed_at"), "listed_at"),
        ("missing fields", "a listing without `pokemon_id`", without("pokemon_id"), "pokemon_id"),
        ("missing fields", "a listing without `language`", without("language"), "language"),
        ("wrong types", "`pokemon_id` as text ('pikachu')", with_(pokemon_id="pikachu"), "pokemon_id"),
        ("wrong types", "a grade as text ('nine')", with_(condition_grade="nine"), "condition_grade"),
        ("wrong types", "`listed_at` 'next tuesday'", with_(listed_at="next tuesday"), "listed_at"),
        ("wrong types", "`listed_at` '2025-13-45'", with_(listed_at="2025-13-45"), "listed_at"),
        ("wrong types", "`rarity` as a number (5)", with_(rarity=5), "rarity"),
        ("wrong types", "`set_name` null", with_(set_name=None), "set_name"),
        ("unknown categories", "an unknown rarity ('mythic_rare')", with_(rarity="mythic_rare"), "rarity"),
        ("unknown categories", "an unknown edition ('second')", with_(edition="second"), "edition"),
        ("unknown categories", "an unknown language ('xx')", with_(language="xx"), "language"),
        ("unknown categories", "an unknown set ('Team Plasma 2099')", with_(set_name="Team Plasma 2099"), "set_name"),
        ("grades out of range", "a grade of 10.5", with_(condition_grade=10.5), "condition_grade"),
        ("grades out of range", "a grade of 0 (meant as 'ungraded')", with_(condition_grade=0), "condition_grade"),
        ("grades out of range", "a grade of -1", with_(condition_grade=-1.0), "condition_grade"),
        ("grades out of range", "a grade of 100 (a percentage)", with_(condition_grade=100), "condition_grade"),
        ("huge values", "a 100,000-character `set_name`", with_(set_name="x" * HUGE_TEXT_CHARS), "set_name"),
        ("huge values", "a 100,000-character `language`", with_(language="en" * (HUGE_TEXT_CHARS // 2)), "language"),
        ("extra fields", "an extra field `sold_price_usd` (known only after the sale)", with_(sold_price_usd=12.5), "sold_price_usd"),
        ("extra fields", "the target `price_usd` sent in", with_(price_usd=10.0), "price_usd"),
        ("extra fields", "a misspelt extra field `rarrity`", with_(rarrity="rare"), "rarrity"),
        ("nested junk", "`rarity` as an object ({'$ne': null})", with_(rarity={"$ne": None}), "rarity"),
        ("nested junk", "`pokemon_id` as a list ([25])", with_(pokemon_id=[25]), "pokemon_id"),
        ("nested junk", "a grade as an object ({'value': 9})", with_(condition_grade={"value": 9}), "condition_grade"),
        ("nested junk", "`language` as a list (['en'])", with_(language=["en"]), "language"),
        ("nested junk", "the listing wrapped in {'listing': …}", {"listing": base}, None),
    ]  # fmt: skip
    not_finite = [
        ("a grade of NaN", token("condition_grade", "NaN")),
        ("a grade of Infinity", token("condition_grade", "Infinity")),
        ("a grade of -Infinity", token("condition_grade", "-Infinity")),
        ("a grade of 1e400 (Infinity once read)", token("condition_grade", "1e400")),
        ("`pokemon_id` NaN", token("pokemon_id", "NaN")),
    ]
    unreadable = [
        ("malformed JSON", b'{"rarity": "rare",', JSON_HEADERS),
        ("JSON with single quotes", b"{'rarity': 'rare'}", JSON_HEADERS),
        ("an empty body", b"", JSON_HEADERS),
        ("a body of null", b"null", JSON_HEADERS),
        ("a JSON string body", b'"holo_rare"', JSON_HEADERS),
        ("a JSON array of listings", _dumps([base, base]), JSON_HEADERS),
        ("a listing sent as text/plain", _dumps(base), (("content-type", "text/plain"),)),
        ("a form-encoded body", b"rarity=rare&pokemon_id=25", (("content-type", "application/x-www-form-urlencoded"),)),
        ("bytes that are not UTF-8", b"\xff\xfe\x00", JSON_HEADERS),
    ]  # fmt: skip
    either = [
        ("unknown categories", "`pokemon_id` 99999 (not in the pokemon table)", with_(pokemon_id=99_999), "pokemon_id"),
        ("unknown categories", "`pokemon_id` 0", with_(pokemon_id=0), "pokemon_id"),
        ("wrong types", "a grade as text ('9.5')", with_(condition_grade="9.5"), "condition_grade"),
        ("wrong types", "a grade of true", with_(condition_grade=True), "condition_grade"),
        ("huge values", "`pokemon_id` 10**30", with_(pokemon_id=10**30), "pokemon_id"),
    ]  # fmt: skip
    return [
        *ok,
        health,
        *(Request(kind, what, _dumps(body), "refuse", name) for kind, what, body, name in refuse),
        *(
            Request("NaN and Infinity", what, body, "refuse", must_be_422=False)
            for what, body in not_finite
        ),
        *(
            Request("unreadable bodies", what, body, "refuse", headers=headers, must_be_422=False)
            for what, body, headers in unreadable
        ),
        *(
            Request(kind, what, _dumps(body), "either", name, payload=body)
            for kind, what, body, name in either
        ),
    ]


def _short(listing: dict) -> str:
    grade = listing["condition_grade"]
    shown = "ungraded" if grade is None else f"grade {grade}"
    return f"{listing['rarity']}, {listing['set_name']}, {shown}, {listing['listed_at']}"
