"""A corpus of hostile requests: hand-written cases, then generated ones.

Each case is raw bytes on the wire (method, path, headers, body), the status it must
get, and a fragment its message must contain — the field's name, so the client
knows what to fix. Generated cases mutate one field of a valid creature (alone or
inside a batch) in one of the ways real clients get it wrong, from a seeded
generator: the same corpus every run.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from pokemon_ml.data.generate import TYPES
from pokemon_ml.serving.schemas import INPUT_FIELDS, Creature
from pokemon_ml.serving.settings import MAX_BATCH_ROWS, MAX_BODY_BYTES
from tests.service.conftest import EXAMPLE

JSON = {"content-type": "application/json"}
N_GENERATED = 320
SEED = 20250106


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    body: bytes
    status: int
    fragment: str  # must appear in the answer's message
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON))
    method: str = "POST"
    chunked: bool = False


def dumps(value: object) -> bytes:
    return json.dumps(value).encode()


def _bounds(name: str) -> tuple[float, float]:
    metadata = Creature.model_fields[name].metadata
    return next(m.ge for m in metadata if hasattr(m, "ge")), next(
        m.le for m in metadata if hasattr(m, "le")
    )


def hand_written() -> list[Case]:
    """The cases a reviewer would write first, one of each kind."""
    ex = EXAMPLE
    batch = {"creatures": [ex, ex]}
    return [
        Case(
            "missing field",
            "/predict",
            dumps({k: v for k, v in ex.items() if k != "hp"}),
            422,
            "hp is required",
        ),
        Case(
            "extra field",
            "/predict",
            dumps({**ex, "is_legendary": True}),
            422,
            "is_legendary is not a field",
        ),
        Case("misspelt field", "/predict", dumps({**ex, "atack": 1}), 422, "atack"),
        Case(
            "string stat",
            "/predict",
            dumps({**ex, "speed": "fast"}),
            422,
            "speed must be a whole number",
        ),
        Case(
            "numeric string",
            "/predict",
            dumps({**ex, "speed": "45"}),
            422,
            "speed must be a whole number",
        ),
        Case("bool stat", "/predict", dumps({**ex, "speed": True}), 422, "speed"),
        Case("fractional stat", "/predict", dumps({**ex, "speed": 45.5}), 422, "speed"),
        Case("null stat", "/predict", dumps({**ex, "hp": None}), 422, "hp"),
        Case(
            "string height",
            "/predict",
            dumps({**ex, "height_m": "0.7m"}),
            422,
            "height_m must be a number",
        ),
        Case(
            "NaN token",
            "/predict",
            json.dumps(ex).replace("0.7", "NaN").encode(),
            422,
            "height_m must be a finite number",
        ),
        Case(
            "Infinity token",
            "/predict",
            json.dumps(ex).replace("6.9", "Infinity").encode(),
            422,
            "weight_kg must be a finite",
        ),
        Case(
            "-Infinity token",
            "/predict",
            json.dumps(ex).replace("6.9", "-Infinity").encode(),
            422,
            "weight_kg",
        ),
        Case(
            "NaN in int field",
            "/predict",
            json.dumps(ex).replace('"hp": 45', '"hp": NaN').encode(),
            422,
            "hp must be a finite number",
        ),
        Case(
            "overflowing float",
            "/predict",
            json.dumps(ex).replace("6.9", "1e400").encode(),
            422,
            "weight_kg",
        ),
        Case("stat of 0", "/predict", dumps({**ex, "hp": 0}), 422, "hp must be at least 1"),
        Case(
            "stat of 256",
            "/predict",
            dumps({**ex, "attack": 256}),
            422,
            "attack must be at most 255",
        ),
        Case(
            "negative height",
            "/predict",
            dumps({**ex, "height_m": -1.0}),
            422,
            "height_m must be at least",
        ),
        Case(
            "height in cm",
            "/predict",
            dumps({**ex, "height_m": 170.0}),
            422,
            "height_m must be at most 20",
        ),
        Case(
            "generation 9",
            "/predict",
            dumps({**ex, "generation": 9}),
            422,
            "generation must be at most 8",
        ),
        Case(
            "huge int",
            "/predict",
            dumps({**ex, "defense": 10**40}),
            422,
            "defense must be at most 255",
        ),
        Case(
            "unknown type",
            "/predict",
            dumps({**ex, "secondary_type": "dragon"}),
            422,
            "'fire', 'water'",
        ),
        Case(
            "capitalised type",
            "/predict",
            dumps({**ex, "secondary_type": "Fire"}),
            422,
            "secondary_type must be one of",
        ),
        Case("empty object", "/predict", b"{}", 422, "hp is required"),
        Case("JSON list", "/predict", b"[1, 2, 3]", 422, "must be a JSON object"),
        Case("JSON string", "/predict", b'"hello"', 422, "must be a JSON object"),
        Case("JSON null", "/predict", b"null", 422, "body"),
        Case("empty body", "/predict", b"", 422, "request body is required"),
        Case("malformed JSON", "/predict", b'{"hp": 45,', 422, "not valid JSON"),
        Case("trailing comma", "/predict", b'{"hp": 45,}', 422, "not valid JSON"),
        Case("single quotes", "/predict", b"{'hp': 45}", 422, "not valid JSON"),
        Case("not UTF-8", "/predict", b"\xff\xfe\x00", 400, "not UTF-8"),
        Case("deep nesting", "/predict", b"[" * 50_000 + b"]" * 50_000, 400, "nested"),
        Case(
            "text/plain",
            "/predict",
            dumps(ex),
            415,
            "Content-Type: application/json",
            {"content-type": "text/plain"},
        ),
        Case("no content type", "/predict", dumps(ex), 415, "got none", {}),
        Case(
            "form encoded",
            "/predict",
            b"hp=45",
            415,
            "application/json",
            {"content-type": "application/x-www-form-urlencoded"},
        ),
        Case(
            "batch text/plain",
            "/predict/batch",
            dumps(batch),
            415,
            "JSON",
            {"content-type": "text/plain"},
        ),
        Case("oversized body", "/predict", b" " * (MAX_BODY_BYTES + 1), 413, "larger than"),
        Case(
            "oversized chunked body",
            "/predict",
            b" " * (2 * MAX_BODY_BYTES),
            413,
            "larger than",
            chunked=True,
        ),
        Case(
            "empty batch",
            "/predict/batch",
            dumps({"creatures": []}),
            422,
            "creatures must hold at least 1",
        ),
        Case(
            "over-limit batch",
            "/predict/batch",
            dumps({"creatures": [ex] * (MAX_BATCH_ROWS + 1)}),
            422,
            f"at most {MAX_BATCH_ROWS}",
        ),
        Case(
            "batch not a list",
            "/predict/batch",
            dumps({"creatures": ex}),
            422,
            "creatures must be a JSON list",
        ),
        Case("batch missing key", "/predict/batch", dumps([ex]), 422, "body must be a JSON object"),
        Case(
            "batch extra key",
            "/predict/batch",
            dumps({**batch, "priority": "high"}),
            422,
            "allowed: creatures",
        ),
        Case(
            "batch row bad",
            "/predict/batch",
            dumps({"creatures": [ex, {**ex, "hp": -5}]}),
            422,
            "creatures[1].hp must be at least 1",
        ),
        Case(
            "batch row not object",
            "/predict/batch",
            dumps({"creatures": [ex, 7]}),
            422,
            "creatures[1]",
        ),
        Case("single to batch", "/predict/batch", dumps(ex), 422, "creatures is required"),
        Case("batch to single", "/predict", dumps(batch), 422, "creatures is not a field"),
        Case("GET predict", "/predict", b"", 405, "Method Not Allowed", method="GET"),
        Case("unknown path", "/predictions", dumps(ex), 404, "Not Found"),
        Case("PUT predict", "/predict", dumps(ex), 405, "Method Not Allowed", method="PUT"),
    ]


def _mutations(name: str, rng: random.Random) -> list[tuple[object, str, str]]:
    """(bad value, expected message fragment, raw JSON token or '') for one field."""
    if name == "secondary_type":
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 12)))
        return [
            (word if word not in TYPES else word + "x", "must be one of", ""),
            (rng.choice(TYPES).upper(), "must be one of", ""),
            (rng.randint(-5, 5), "must be one of", ""),
            ([rng.choice(TYPES)], "must be one of", ""),
        ]
    low, high = _bounds(name)
    is_int = Creature.model_fields[name].annotation is int
    kind = "whole number" if is_int else "number"
    return [
        ("__missing__", "is required", ""),
        (str(rng.randint(1, 200)), f"must be a {kind}", ""),
        (rng.choice([True, False]), f"must be a {kind}", ""),
        (None, f"must be a {kind}", ""),
        ([rng.randint(1, 9)], f"must be a {kind}", ""),
        ({"value": 1}, f"must be a {kind}", ""),
        (
            low - rng.choice([1, 0.5, 1000]) if not is_int else low - rng.randint(1, 1000),
            "must be at least",
            "",
        ),
        (high + rng.randint(1, 10**6), "must be at most", ""),
        (None, "must be a finite number", rng.choice(["NaN", "Infinity", "-Infinity"])),
    ] + ([(rng.randint(2, 100) + 0.5, "must be a whole number", "")] if is_int else [])


def generated(n_cases: int = N_GENERATED, seed: int = SEED) -> list[Case]:
    """One field of a valid creature broken in one way, alone or in a batch."""
    rng = random.Random(seed)
    cases, seen = [], {case.body for case in hand_written()}
    while len(cases) < n_cases:
        number = len(cases)
        name = rng.choice(INPUT_FIELDS)
        value, fragment, token = rng.choice(_mutations(name, rng))
        creature = dict(EXAMPLE)
        if rng.random() < 0.08:  # a field nobody asked for (a typo, a newer client)
            name = f"{name}_{rng.choice(['v2', 'raw', 'x', 'pct', 'new'])}"
            value, fragment, token = 1, "is not a field this API knows", ""
            creature[name] = value
        elif value == "__missing__":
            del creature[name]
        else:
            creature[name] = value if not token else "__TOKEN__"
        in_batch = rng.random() < 0.4
        if in_batch:
            rows = [dict(EXAMPLE) for _ in range(rng.randint(1, 20))]
            index = rng.randrange(len(rows) + 1)
            rows.insert(index, creature)
            body, path, where = {"creatures": rows}, "/predict/batch", f"creatures[{index}].{name}"
        else:
            body, path, where = creature, "/predict", name
        text = json.dumps(body).replace('"__TOKEN__"', token) if token else json.dumps(body)
        label = f"generated {number}: {where} {'absent' if value == '__missing__' else token or repr(value)}"
        if text.encode() not in seen:  # each case once
            seen.add(text.encode())
            cases.append(Case(label, path, text.encode(), 422, f"{where} {fragment}"))
    return cases


def corpus() -> list[Case]:
    return hand_written() + generated()
