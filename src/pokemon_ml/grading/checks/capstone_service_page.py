"""The capstone page's shared pieces, and its check over HTTP where no browser runs.

``capstone_service_browser`` uses the page in headless Chromium; this module holds what
both ways of checking share (the bad inputs, the points, the text that must never
show, finding a Chromium) and the HTTP-only check for a machine without one: the
page's form has a control per field, and the JSON contract behind it prices a valid
listing and refuses the bad ones. The sentence then says the browser part was not run,
and how to run it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pokemon_ml.data.cards import DECISION_COLUMNS

# Without a browser the page's script never runs: a form whose JavaScript is broken
# would pass over HTTP. Half the points, then, and the sentence says how to earn the rest.
HTTP_ONLY_SHARE = 0.5

__all__ = [
    "BAD_INPUTS",
    "BROWSER_ENV",
    "HOW_TO_RUN",
    "LEAKS",
    "POINTS",
    "find_browser",
    "http_check",
    "post_json",
    "shown_amounts",
]

BROWSER_ENV = "POKEMON_ML_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
BROWSER_PATHS = (
    "/usr/bin/chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
HOW_TO_RUN = (
    "install Chromium (`sudo apt-get install chromium`; see the README) or set "
    f"{BROWSER_ENV} to a Chrome or Chromium executable, then grade again"
)
LEAKS = (
    "Traceback",
    "Internal Server Error",
    '{"detail"',
    '"detail":',
    '"loc":',
    "[object Object]",
)
BAD_INPUTS = (  # (field, value sent, what the learner reads, words a message must use)
    ("rarity", "mythic_rare", "an unknown rarity ('mythic_rare')", ("rarity",)),
    ("condition_grade", "10.5", "a grade of 10.5", ("grade", "condition")),
)
POINTS = {"form": 2.0, "price": 3.0, "interval": 2.0, "rarity": 1.5, "condition_grade": 1.5}


def find_browser() -> tuple[str | None, str]:
    """The Chromium to drive: ``(path, "")``, ``(None, "")`` for Playwright's own
    (``playwright install chromium``), or ``(None, why)`` when none is usable."""
    wanted = os.environ.get(BROWSER_ENV)
    if wanted:
        if Path(wanted).is_file() and os.access(wanted, os.X_OK):
            return wanted, ""
        return None, f"{BROWSER_ENV} is {wanted!r}, which is not an executable file"
    for name in BROWSER_NAMES:
        if found := shutil.which(name):
            return found, ""
    for path in BROWSER_PATHS:
        if Path(path).is_file():
            return path, ""
    return None, ""


def shown_amounts(text: str) -> list[float]:
    """Every amount in ``text``: ``$1,234.56`` → 1234.56, ``12`` → 12.0."""
    return [float(m.replace(",", "")) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def post_json(base_url: str, listing: dict) -> tuple[int, Any]:
    """``POST /predict`` as a program would; ``(status, parsed JSON or text)``."""
    request = urllib.request.Request(
        f"{base_url}/predict", json.dumps(listing).encode(), {"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, f"no answer ({error})"
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text


class _Form(HTMLParser):
    """The controls (name or id) and script text of a page, for the HTTP check."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag in ("input", "select", "textarea") and values.get("type") != "hidden":
            self.controls.update(v for k, v in values.items() if k in ("name", "id") and v)
        if tag == "form" and values.get("action"):
            self.text.append(values["action"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def http_check(base_url: str, listing: dict, expected: dict | None, why: str) -> tuple[float, str]:
    """Without a browser: the page's form and the JSON contract it posts to, over HTTP."""
    try:
        with urllib.request.urlopen(f"{base_url}/", timeout=15) as response:
            html = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        return 0.0, f"`GET /` failed ({error}); the browser part was not run ({why}): {HOW_TO_RUN}."
    form = _Form()
    form.feed(html)
    found = [f for f in DECISION_COLUMNS if f in form.controls]
    points = POINTS["form"] * len(found) / len(DECISION_COLUMNS)
    problems = [f"the page has no control named `{f}`" for f in DECISION_COLUMNS if f not in found][
        :2
    ]
    if expected is not None:
        points += POINTS["price"] + POINTS["interval"]
    else:
        problems.append("`POST /predict` does not price a valid listing")
    for field, value, what, _ in BAD_INPUTS:
        status, answer = post_json(
            base_url, {**listing, field: float(value) if field == "condition_grade" else value}
        )
        text = json.dumps(answer) if not isinstance(answer, str) else answer
        if 400 <= status < 500 and field in text and not any(m in text for m in LEAKS[:2]):
            points += POINTS[field]
        else:
            problems.append(f"{what} got {status}")
    checked = (
        "; ".join(problems)
        if problems
        else "the form has every field and the API behind it answers"
    )
    return points * HTTP_ONLY_SHARE, (
        f"Checked over HTTP only: {checked}. The browser part was not run "
        f"({why or 'no Chromium found'}), so at most {10 * HTTP_ONLY_SHARE:g} of the 10 points "
        f"count: whether a person can use the page is unproven until it is. "
        f"{HOW_TO_RUN[0].upper()}{HOW_TO_RUN[1:]}."
    )
