"""The capstone's reference page, used by a person: a real headless Chromium (Debian's,
driven by Playwright) over a real uvicorn server on 127.0.0.1, with the reference model
trained behind it. Fill the form, submit, read the price and its interval — the numbers
the model itself gives; mark the card ungraded; type a grade of 10.5 and see the
browser refuse it, and with the browser's own checks off see the service's message,
never a traceback or raw JSON. Screenshots land in the test's tmp folder.

Skipped where no Chromium is installed (``apt-get install chromium``), except in CI,
where ``.ci/run`` installs it and a missing browser fails.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest
import uvicorn

from pokemon_ml.grading.checks.capstone_service import training_listings
from pokemon_ml.grading.checks.capstone_service_page import find_browser
from tests.conftest import ROOT

CHROMIUM, WHY_NOT = find_browser()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason=f"no Chromium here ({WHY_NOT or 'apt-get install chromium'}); CI runs these",
)
SOLUTION = ROOT / "capstone" / "solution"
LISTING = {
    "listed_at": "2025-06-01",
    "pokemon_id": 25,
    "set_name": "Violet Crown",
    "rarity": "holo_rare",
    "edition": "first_edition",
    "condition_grade": 9.5,
    "language": "ja",
}


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_capstone_{name}", SOLUTION / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model():
    return _module("card_price").train_price_model(training_listings())


@pytest.fixture(scope="module")
def base_url(model) -> Iterator[str]:
    """The reference app under uvicorn on 127.0.0.1 (a thread), stopped after."""
    app = _module("price_service").create_price_app(model)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, base_url):
    page = browser.new_page(viewport={"width": 800, "height": 720})
    page.set_default_timeout(10_000)
    page.goto(f"{base_url}/")
    yield page
    page.close()


def fill(page, listing: dict) -> None:
    """Fill the form the way a person does: each control found by its label."""
    page.get_by_label("Listing date").fill(listing["listed_at"])
    page.get_by_label("Pokémon id").fill(str(listing["pokemon_id"]))
    page.get_by_label("Set", exact=True).select_option(listing["set_name"])
    page.get_by_label("Rarity").select_option(listing["rarity"])
    page.get_by_label("Edition").select_option(listing["edition"])
    if listing["condition_grade"] is None:
        page.get_by_label("Ungraded").check()
    else:
        page.get_by_label("Condition grade (1–10)").fill(str(listing["condition_grade"]))
    page.get_by_label("Language").select_option(listing["language"])


def expected_text(model, listing: dict) -> str:
    """What the page must say, from the model itself (not from the page's service)."""
    frame = pd.DataFrame([{**listing, "listed_at": pd.Timestamp(listing["listed_at"])}])
    frame = frame.astype({"condition_grade": "float64"})
    price = float(model.predict(frame)[0])
    low, high = (float(bound[0]) for bound in model.predict_interval(frame, 0.8))
    return f"≈ ${price:,.2f} (80% interval ${min(low, price):,.2f} – ${max(high, price):,.2f})"


def test_a_person_gets_the_models_price_and_interval(page, model, tmp_path: Path) -> None:
    fill(page, LISTING)
    page.get_by_role("button", name="Estimate the price").click()
    result = page.get_by_role("status")
    wanted = expected_text(model, LISTING)
    page.wait_for_function("w => document.getElementById('result').textContent === w", arg=wanted)
    assert result.inner_text() == wanted
    page.screenshot(path=tmp_path / "capstone_ui_price.png", full_page=True)
    print(f"\nscreenshot: {tmp_path / 'capstone_ui_price.png'}: {wanted}")


def test_an_ungraded_card_is_priced_as_ungraded(page, model) -> None:
    ungraded = {**LISTING, "condition_grade": None}
    fill(page, ungraded)
    assert page.get_by_label("Condition grade (1–10)").is_disabled()
    page.get_by_role("button", name="Estimate the price").click()
    wanted = expected_text(model, ungraded)
    page.wait_for_function("w => document.getElementById('result').textContent === w", arg=wanted)
    assert wanted != expected_text(model, LISTING)  # the grade matters, so this proves it was sent


def test_a_bad_grade_gets_a_message_never_a_traceback(page, tmp_path: Path) -> None:
    fill(page, {**LISTING, "condition_grade": 10.5})
    grade = page.get_by_label("Condition grade (1–10)")
    page.get_by_role("button", name="Estimate the price").click()
    assert grade.evaluate("e => e.validationMessage")  # the browser refuses it first
    assert page.get_by_role("status").inner_text() == ""  # and nothing was sent
    page.evaluate("document.getElementById('listing').noValidate = true")  # an old browser
    page.get_by_role("button", name="Estimate the price").click()
    result = page.get_by_role("status")
    page.wait_for_function("document.getElementById('result').className === 'error'")
    message = result.inner_text()
    assert "condition grade" in message and "10" in message, message
    for leak in ("Traceback", "Internal Server Error", "{", "detail", "[object"):
        assert leak not in message, message
    page.screenshot(path=tmp_path / "capstone_ui_error.png", full_page=True)
    print(f"\nscreenshot: {tmp_path / 'capstone_ui_error.png'}: {message}")


def test_an_unknown_rarity_is_named_in_the_message(page) -> None:
    fill(page, LISTING)
    page.get_by_label("Rarity").evaluate("e => e.add(new Option('mythic rare', 'mythic_rare'))")
    page.get_by_label("Rarity").select_option("mythic_rare")  # a stale page's option
    page.get_by_role("button", name="Estimate the price").click()
    page.wait_for_function("document.getElementById('result').className === 'error'")
    assert "rarity" in page.get_by_role("status").inner_text()
