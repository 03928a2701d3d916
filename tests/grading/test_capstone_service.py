"""The capstone's service criteria (5: the API under a hostile corpus; 6: the page in a
real browser), proven three ways: the reference earns every point, the untouched stub
earns none (not attempted), and services a hurried learner writes lose points with a
sentence that names the mistake — while a correct service in another style (a plain
HTML form, a JSON endpoint validated by hand) earns them all.

Criterion 6 drives headless Chromium; without one (a laptop) it checks the page over
HTTP and says so: proven here by pointing ``POKEMON_ML_CHROMIUM`` at nothing.
"""

from __future__ import annotations

import pytest

from pokemon_ml.grading.calling import NotAttempted
from pokemon_ml.grading.checks.capstone import CRITERIA
from pokemon_ml.grading.checks.capstone_service import training_listings
from pokemon_ml.grading.checks.capstone_service_corpus import KIND_POINTS, hostile_corpus
from pokemon_ml.grading.checks.capstone_service_page import BROWSER_ENV, find_browser
from pokemon_ml.grading.sandbox import LearnerFunction, Sandbox
from tests.conftest import ROOT, pristine_copy
from tests.grading import capstone_services as services

API, UI = 5, 6
NUMPY_REPRS = ("np.str_(", "np.int64(", "np.float64(", "np.bool_(")


def score(order: int, candidate: LearnerFunction) -> tuple[int | None, str]:
    """One criterion as ``grade_capstone`` runs it: its own worker; None if not attempted."""
    item = next(c for c in CRITERIA if c.order == order)
    with Sandbox(candidate, candidate.name, item.time_limit_s) as box:
        try:
            earned, sentence = item.grade(box, candidate.notebook.parent)
        except NotAttempted as untouched:
            return None, str(untouched)
    assert not any(r in sentence for r in NUMPY_REPRS), sentence
    return round(min(max(earned, 0.0), item.points)), sentence


def reference() -> LearnerFunction:
    folder = ROOT / "capstone" / "solution"
    return LearnerFunction(
        folder / "card_price.py",
        "train_price_model",
        (),
        (("create_price_app", folder / "price_service.py"),),
    )


needs_browser = pytest.mark.skipif(
    find_browser()[0] is None and not __import__("os").environ.get("CI"),
    reason="no Chromium here (apt-get install chromium); CI installs it and runs these",
)


def test_the_corpus_covers_every_kind_and_the_points_add_up() -> None:
    corpus = hostile_corpus(training_listings())
    assert sum(KIND_POINTS.values()) == 15
    assert {r.kind for r in corpus} == set(KIND_POINTS)
    assert len({r.wire() for r in corpus}) == len(corpus)  # no request twice
    assert sum(r.expect == "ok" for r in corpus) >= 8
    grades = [r.payload["condition_grade"] for r in corpus if r.expect == "ok" and r.payload]
    assert {1.0, 10.0, None} <= set(grades)  # both bounds and ungraded are valid


@pytest.mark.parametrize("order", [API, UI])
def test_the_reference_earns_every_point(order: int) -> None:
    if order == UI and find_browser()[0] is None and not __import__("os").environ.get("CI"):
        pytest.skip("no Chromium here: the UI criterion would check over HTTP only")
    points, sentence = score(order, reference())
    assert points == {API: 15, UI: 10}[order], sentence
    assert "stand-in" not in sentence  # graded with the reference's own model


@pytest.mark.parametrize("order", [API, UI])
def test_the_untouched_stub_is_not_attempted(order: int) -> None:
    folder = pristine_copy("capstone/card_price.py").parent
    pristine_copy("capstone/price_service.py")
    candidate = LearnerFunction(
        folder / "card_price.py",
        "train_price_model",
        (),
        (("create_price_app", folder / "price_service.py"),),
    )
    points, sentence = score(order, candidate)
    assert points is None, sentence
    assert "create_price_app" in sentence


WRONG_APIS = {  # service → what the sentence must say
    "hand_parsed": (services.HAND_PARSED, "a listing without `rarity` got 500"),
    "no_grade_bounds": (services.NO_GRADE_BOUNDS, "a grade of 10.5 got 200"),
    "default_422": (services.DEFAULT_422, "a grade of NaN got 500"),
    "no_interval": (services.NO_INTERVAL, "ignores the model's interval"),
    "extra_ignored": (
        services.EXTRA_IGNORED,
        "`sold_price_usd` (known only after the sale) got 200",
    ),
    "ungraded_as_zero": (
        services.UNGRADED_AS_ZERO,
        "condition_grade=0.0, but the listing says None",
    ),
}


@pytest.mark.parametrize("name", WRONG_APIS)
def test_a_wrong_api_loses_points_and_is_named(name: str, tmp_path) -> None:
    service, named = WRONG_APIS[name]
    points, sentence = score(API, services.service_folder(tmp_path / name, service))
    assert points is not None and points < 15, sentence
    assert named in sentence, sentence


def test_a_service_that_refuses_everything_earns_nothing_for_refusing(tmp_path) -> None:
    candidate = services.service_folder(tmp_path / "closed", services.REFUSES_EVERYTHING)
    points, sentence = score(API, candidate)
    assert points == 0, sentence
    assert "a valid listing (" in sentence and "was refused with 422" in sentence, sentence


def test_a_hand_validated_api_in_another_style_earns_every_point(tmp_path) -> None:
    candidate = services.service_folder(tmp_path / "plain", services.PLAIN_FORM_SERVICE)
    points, sentence = score(API, candidate)
    assert points == 15, sentence


def test_without_the_learners_model_the_service_is_graded_with_a_stand_in(tmp_path) -> None:
    stub_model = "def train_price_model(listings):\n    raise NotImplementedError\n"
    candidate = services.service_folder(tmp_path / "s", services.REFERENCE_SERVICE, stub_model)
    points, sentence = score(API, candidate)
    assert points == 15 and "stand-in model" in sentence and "not written yet" in sentence


WRONG_PAGES = {  # page → what the sentence must say (every fragment)
    "raw_json_and_no_interval": (
        services.RAW_JSON_PRICE_ONLY_PAGE,
        ("the page showed '\"detail\":'", "showed the price but not its interval"),
    ),
    "wrong_field_names": (
        services.WRONG_FIELD_NAMES_PAGE,
        (
            "did not show its price",
            "posted `date`, `grade` where the contract has `listed_at`, `condition_grade`",
        ),
    ),
}


@needs_browser
@pytest.mark.parametrize("name", WRONG_PAGES)
def test_a_wrong_page_loses_points_and_is_named(name: str, tmp_path) -> None:
    service, named = WRONG_PAGES[name]
    points, sentence = score(UI, services.service_folder(tmp_path / name, service))
    assert points is not None and points < 10, sentence
    assert all(fragment in sentence for fragment in named), sentence


@needs_browser
def test_a_plain_html_form_in_another_style_earns_every_point(tmp_path) -> None:
    candidate = services.service_folder(tmp_path / "plain", services.PLAIN_FORM_SERVICE)
    points, sentence = score(UI, candidate)
    assert points == 10, sentence


def test_without_a_browser_the_page_is_checked_over_http_and_says_so(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-chromium"))
    candidate = services.service_folder(tmp_path / "ref", services.REFERENCE_SERVICE)
    points, sentence = score(UI, candidate)
    assert points == 5, sentence  # unproven in a browser: half the points at most
    assert "browser part was not run" in sentence and "apt-get install chromium" in sentence
    assert "at most 5 of the 10 points" in sentence
    wrong = services.service_folder(tmp_path / "wrong", services.NO_GRADE_BOUNDS)
    points, sentence = score(UI, wrong)
    assert points < 5 and "a grade of 10.5 got 200" in sentence, sentence


def test_a_page_that_shows_a_traceback_or_a_server_error_is_named() -> None:
    """The page's verdict from what a browser read (no browser needed to prove it)."""
    from pokemon_ml.data.cards import DECISION_COLUMNS
    from pokemon_ml.grading.checks.capstone_service_browser import _verdict

    facts = {
        "page_status": 200,
        "found": list(DECISION_COLUMNS),
        "valid": {"added": "Estimated: $1,234.56 (80%: $1,000.00 to $1,500.00)"},
        "rarity": {"added": "Traceback (most recent call last):\nValueError: rarity"},
        "condition_grade": {"added": "Internal Server Error"},
    }
    expected = {"price_usd": 1234.557, "low_usd": 1000.0, "high_usd": 1500.004}
    points, sentence = _verdict(facts, {}, expected, 200)
    assert points == 7, sentence  # the form, the price and the interval; no message point
    assert "page showed 'Traceback'" in sentence and "'Internal Server Error'" in sentence


def test_amounts_are_read_as_a_person_reads_them() -> None:
    from pokemon_ml.grading.checks.capstone_service_page import shown_amounts

    assert shown_amounts("≈ $1,234.56 (80% interval $90.10 – $1,600)") == [1234.56, 80, 90.1, 1600]
