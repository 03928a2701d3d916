"""The capstone's UI, used the way a person uses it (rubric criterion 6), from the grader.

The learner's app already runs under uvicorn on 127.0.0.1 (in the grading worker).
Here a headless Chromium, driven by Playwright, opens ``/``, fills the form with a
valid listing, submits, and reads what the page shows; then twice more with a bad
value (an unknown rarity, a grade of 10.5 — the browser's own checks switched off, as
an old page or a hand-edited request would send them) and reads the message. Only text
a person sees counts (``innerText`` that the submission added), so a price must be on
the page, not only in the network traffic.

Form controls are found the way assistive technology and tests find them: by the
contract's field name (``name="rarity"`` or ``id="rarity"``), else by their label.
Where no browser can be launched (a laptop without Chromium) the page is checked over
HTTP instead — the form's fields, the JSON contract behind it — and the sentence says
the browser part was not run and how to run it. ``POKEMON_ML_CHROMIUM`` names another
Chromium or Chrome executable.
"""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any

from pokemon_ml.data.cards import DECISION_COLUMNS
from pokemon_ml.grading.checks.capstone_service_page import (
    BAD_INPUTS,
    LEAKS,
    POINTS,
    find_browser,
    http_check,
    post_json,
    shown_amounts,
)

__all__ = ["grade_page"]

LABELS = {  # a control without the field's name or id is found by its label
    "listed_at": r"listing date|listed|date",
    "pokemon_id": r"pok[eé]mon|creature",
    "set_name": r"\bset\b",
    "rarity": r"rarity",
    "edition": r"edition",
    "condition_grade": r"condition|^grade|\bgrade\b",
    "language": r"language",
}
WAIT_S = 10.0  # for the page to show an answer after submitting
SETTLE_S = 1.0  # an answer unchanged this long is the page's last word (unless it says wait)
WAITING = re.compile(r"…|\.\.\.|loading|estimating|calculating|please wait|working on", re.I)
SESSION_LIMIT_S = 90.0


def _shows(text: str, value: float) -> bool:
    return any(abs(x - value) <= max(0.51, 0.005 * abs(value)) for x in shown_amounts(text))


def _added_text(before: str, after: str) -> str:
    """The lines of ``after`` that ``before`` did not have: what submitting added."""
    seen = set(before.splitlines())
    return "\n".join(line for line in after.splitlines() if line.strip() and line not in seen)


def grade_page(base_url: str, listing: dict) -> tuple[float, str]:
    """Points out of 10 and the sentence for the page at ``base_url``."""
    status, expected = post_json(base_url, listing)
    if status != 200 or not isinstance(expected, dict) or not _numbers_in(expected):
        expected = None
    executable, why = find_browser()
    if why:
        return http_check(base_url, listing, expected, why)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return http_check(base_url, listing, expected, "Playwright is not installed (`uv sync`)")
    facts: dict = {}
    thread = threading.Thread(
        target=_drive_safely, args=(executable, base_url, listing, expected, facts), daemon=True
    )
    thread.start()
    thread.join(SESSION_LIMIT_S)
    if thread.is_alive():
        return 0.0, f"The browser was still waiting for your page after {SESSION_LIMIT_S:g} s."
    if "launch_error" in facts:
        return http_check(
            base_url, listing, expected, f"Chromium did not start: {facts['launch_error']}"
        )
    return _verdict(facts, listing, expected, status)


def _numbers_in(answer: dict) -> bool:
    values = [answer.get(k) for k in ("price_usd", "low_usd", "high_usd")]
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _drive_safely(*args: Any) -> None:
    facts = args[-1]
    try:
        _drive(*args)
    except Exception as error:  # noqa: BLE001 - reported in the sentence
        facts.setdefault("error", f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")


def _drive(
    executable: str | None, base_url: str, listing: dict, expected: dict | None, facts: dict
) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, headless=True)
        except Exception as error:  # noqa: BLE001 - no usable browser: checked over HTTP
            facts["launch_error"] = str(error).splitlines()[0][:200]
            return
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            posted: list = []
            page.on("request", lambda r: posted.append(r.post_data) if r.method == "POST" else None)
            response = page.goto(f"{base_url}/")
            facts["page_status"] = response.status if response else 0
            facts["found"] = [f for f in DECISION_COLUMNS if _control(page, f) is not None]
            facts["valid"] = _submit(page, listing, None, expected)
            facts["posted"] = posted[:3]
            for field, value, _, words in BAD_INPUTS:
                page.goto(f"{base_url}/")
                facts[field] = _submit(page, listing, (field, value), None, words)
        finally:
            browser.close()


def _control(page: Any, field: str) -> Any:
    """The form control for ``field``: by name, by id, else by its label."""
    for selector in (f'[name="{field}"]:not([type=hidden])', f"#{field}"):
        found = page.locator(selector)
        if found.count():
            return found
    pattern = re.compile(LABELS[field], re.IGNORECASE)
    found = page.get_by_label(pattern).filter(visible=True)
    for index in range(found.count()):
        if found.nth(index).get_attribute("type") not in ("checkbox", "hidden", "submit"):
            return found.nth(index)
    return None


def _set(page: Any, field: str, value: str, tamper: bool) -> None:
    control = _control(page, field)
    if control is None:
        return
    first = control.first
    tag = first.evaluate("e => e.tagName.toLowerCase()")
    kind = (first.get_attribute("type") or "").lower()
    if tag == "select":
        if tamper:  # an option the page does not offer: what a stale page would send
            first.evaluate("(e, v) => e.add(new Option(v, v))", value)
        try:
            first.select_option(value=value, timeout=1_000)
        except Exception:  # noqa: BLE001 - options labelled, not valued
            first.select_option(label=re.compile(re.escape(value.replace("_", " ")), re.I))
    elif kind == "radio":
        choice = page.locator(f'[name="{field}"][value="{value}"]')
        if tamper or not choice.count():
            control.first.evaluate("(e, v) => { e.value = v; }", value)
            control.first.check()
        else:
            choice.first.check()
    else:
        first.fill(value)


def _fill(page: Any, listing: dict, bad: tuple[str, str] | None) -> None:
    for field in DECISION_COLUMNS:
        value = listing[field]
        if field == "condition_grade":
            ungraded = page.get_by_label(re.compile(r"ungraded", re.I)).filter(visible=True)
            if ungraded.count() and ungraded.first.get_attribute("type") == "checkbox":
                ungraded.first.set_checked(value is None and not bad)
            if value is None:
                continue
        if bad and bad[0] == field:
            _set(page, field, bad[1], tamper=True)
        else:
            _set(page, field, str(value), tamper=False)


def _submit(
    page: Any, listing: dict, bad: tuple[str, str] | None, expected: dict | None, words=()
) -> dict:
    """Fill, submit, wait; what the submission added to the page."""
    before = page.locator("body").inner_text()
    _fill(page, listing, bad)
    page.evaluate("document.querySelectorAll('form').forEach(f => { f.noValidate = true; })")
    button = page.locator("form [type=submit], form button:not([type=button]):not([type=reset])")
    if not button.count():
        button = page.get_by_role("button")
    if button.count():
        button.first.click()
    else:
        page.keyboard.press("Enter")
    added, last, since = "", None, time.monotonic()
    deadline = since + WAIT_S
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            added = _added_text(before, page.locator("body").inner_text(timeout=1_000))
        except Exception:  # noqa: BLE001 - the page is navigating: read it again
            continue
        if (
            expected
            and _shows(added, expected["price_usd"])
            and _shows(added, expected["high_usd"])
        ):
            break
        waiting = bool(WAITING.search(added))
        if words and not waiting and any(word in added.lower() for word in words):
            break  # a message about the field: what a bad input should get
        if added != last:
            last, since = added, time.monotonic()
        elif added and not waiting and time.monotonic() - since > SETTLE_S:
            break  # the page shows something that is not a price, and it has settled
    return {"added": added[:600]}


def _verdict(facts: dict, listing: dict, expected: dict | None, status: int) -> tuple[float, str]:
    if "page_status" not in facts:
        return 0.0, f"The browser could not use your page: {facts.get('error', 'no page')}."
    if facts["page_status"] != 200:
        return 0.0, f"`GET /` answered {facts['page_status']}: serve the page at `/`."
    found = facts.get("found", [])
    points = POINTS["form"] * len(found) / len(DECISION_COLUMNS)
    problems = []
    missing = [f for f in DECISION_COLUMNS if f not in found]
    if missing:
        problems.append(
            f"the form has no control for {', '.join(f'`{f}`' for f in missing)} (name each "
            'control after the contract\'s field, `name="rarity"`, and give it a <label>)'
        )
    added = facts.get("valid", {}).get("added", "")
    if expected is None:
        problems.append(
            f"`POST /predict` answered {status} for a valid listing, so the page has no price to show"
        )
    elif not _shows(added, expected["price_usd"]):
        problems.append(
            f"after submitting a valid listing the page did not show its price "
            f"(${expected['price_usd']:,.2f}); it showed {added[:120]!r}"
            + _posted_fields(facts.get("posted", []))
        )
    else:
        points += POINTS["price"]
        if _shows(added, expected["low_usd"]) and _shows(added, expected["high_usd"]):
            points += POINTS["interval"]
        else:
            problems.append(
                f"the page showed the price but not its interval (${expected['low_usd']:,.2f} – "
                f"${expected['high_usd']:,.2f}): {added[:120]!r}"
            )
    for field, _, what, words in BAD_INPUTS:
        message = facts.get(field, {}).get("added", "")
        leak = next((marker for marker in LEAKS if marker in message), None)
        priced = re.search(r"\$\s?\d", message)
        if priced:
            problems.append(
                f"for {what} the page showed a price: {message[:120]!r}; refuse it with a message"
            )
        elif leak:
            problems.append(
                f"for {what} the page showed {leak!r}: {message[:100]!r}; show a sentence instead"
            )
        elif not any(word in message.lower() for word in words) or any(
            word in message.lower() for word in _other_words(field)
        ):
            shown = repr(message[:160]) if message else "nothing new"
            problems.append(f"for {what} the page showed {shown}; say which field is wrong")
        else:
            points += POINTS[field]
    if facts.get("error"):
        problems.append(f"the browser stopped: {facts['error']}")
    if not problems:
        return points, (
            f"In a real browser the page priced a valid card ({added.strip()[:90]}) and explained "
            "both bad inputs (an unknown rarity, a grade of 10.5) in a sentence."
        )
    return points, "In a real browser " + "; ".join(problems[:3]) + "."


def _other_words(field: str) -> tuple[str, ...]:
    """Words naming the *other* bad input's field: a message for one must not blame both."""
    return tuple(w for f, _, _, words in BAD_INPUTS if f != field for w in words)


def _posted_fields(posted: list) -> str:
    """What the page sent, when it is not the contract's fields (a mistake worth naming)."""
    for body in posted:
        try:
            sent = json.loads(body or "")
        except (TypeError, ValueError):
            continue
        if isinstance(sent, dict) and set(sent) != set(DECISION_COLUMNS):
            unknown = ", ".join(f"`{k}`" for k in sorted(set(sent) - set(DECISION_COLUMNS)))
            wanted = ", ".join(f"`{k}`" for k in DECISION_COLUMNS if k not in sent)
            return f"; it posted {unknown or 'too few fields'} where the contract has {wanted}"
    return ""
