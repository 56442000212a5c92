"""A stakeholder in a real browser, keyboard only: every page checked by axe and vnu."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from forms.checks import extreme_answers
from tests.browser.keyboard import fill_form_by_keyboard, focused, press_enter_and_wait, tab_to
from webapp.instruments import registry

CONTINUE = "Save and continue"
LATER = "Save and come back later"


@pytest.fixture
def answers(app) -> dict:  # type: ignore[no-untyped-def]
    """Every question answered (the most favourable options), with text in the free-text fields."""
    with app.app_context():
        instrument = registry().default
        chosen = dict(extreme_answers(instrument, favourable=True))
        steps = [step.id for step in instrument.steps]
    chosen.update(organisation="Northern Research Network", anything_else="Start with the Arctic Council's working groups.")
    return {"values": chosen, "steps": steps}


def test_stakeholder_answers_stops_resumes_submits_and_downloads_by_keyboard(open_page, check_page, downloads, answers):
    page = open_page()
    page.goto("/")
    check_page(page, "stakeholder-start")
    tab_to(page, "Start now")
    press_enter_and_wait(page)
    steps = answers["steps"]
    assert _step_of(page) == steps[0]
    check_page(page, f"step-{steps[0]}")

    # Continue without answering: the error summary takes the focus and leads to the field.
    fill_form_by_keyboard(page, {}, CONTINUE)
    assert page.title().startswith("Error:")
    # The browser moves focus to an autofocus element at its next rendering opportunity, just after load.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'", timeout=5000)
    assert focused(page)["id"] == "error-summary"
    check_page(page, f"step-{steps[0]}-errors")
    page.keyboard.press("Tab")
    target = focused(page)["href"]
    page.keyboard.press("Enter")
    assert "#" + focused(page)["id"] == target

    # Half-way: answer the first steps, save the next one and stop.
    half = len(steps) // 2
    for step_id in steps[:half]:
        fill_form_by_keyboard(page, answers["values"], CONTINUE)
        assert _step_of(page) != step_id, f"step {step_id} was not accepted"
        check_page(page, f"step-{_step_of(page)}")
    stop_at = _step_of(page)
    fill_form_by_keyboard(page, answers["values"], LATER)
    assert _path(page) == "/saved"
    check_page(page, "saved")
    link = page.locator("#private-link").input_value()
    assert "/resume/" in link
    page.context.close()

    # Another day, another browser: the private link opens the answers where they were left.
    page = open_page()
    page.goto(link)
    assert "/resume/" not in page.url, "the link redirects, so the token leaves the address bar"
    assert _step_of(page) == stop_at
    saved_answers = page.locator("input[type=radio]:checked, input[type=checkbox]:checked")
    assert saved_answers.count() > 0, "what was saved before stopping is there again"
    check_page(page, "resumed")
    while _path(page).startswith("/step/"):
        step_id = _step_of(page)
        fill_form_by_keyboard(page, answers["values"], CONTINUE)
        assert _step_of(page) != step_id, f"step {step_id} was not accepted"
        if _path(page).startswith("/step/"):
            check_page(page, f"step-{_step_of(page)}")
    assert _path(page) == "/review"
    check_page(page, "review")

    tab_to(page, "Submit your answers")
    press_enter_and_wait(page)
    assert _path(page) == "/result"
    check_page(page, "result")
    reference = page.locator(".reference").inner_text()
    assert reference.startswith("RE-")

    tab_to(page, "Download this recommendation (PDF)")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = downloads(download.value)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert reference in pdf.name


def _path(page) -> str:  # type: ignore[no-untyped-def]
    """The page's path: a fragment survives redirects in the address bar, so compare paths only."""
    return urlsplit(page.url).path


def _step_of(page) -> str:  # type: ignore[no-untyped-def]
    return _path(page).rsplit("/step/", 1)[-1]


def test_start_page_skip_link_moves_focus_to_the_content(page):
    response = page.goto("/")
    assert response.status == 200
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"


def test_language_toggle_by_keyboard_keeps_the_page(page, check_page):
    page.goto("/")
    tab_to(page, "Français")
    press_enter_and_wait(page)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert _path(page) == "/", "the toggle returns to the page it was used on"
    check_page(page, "stakeholder-start-fr")


def test_unknown_address_explains_and_leads_back_to_the_start(page, check_page):
    response = page.goto("/no-such-page")
    assert response.status == 404
    check_page(page, "error-404")
    tab_to(page, "Go to the start page")
    press_enter_and_wait(page)
    assert _path(page) == "/"
    assert page.locator("h1").is_visible()


def test_api_answers_through_the_production_server(page):
    instruments = page.request.get("/api/v1/instruments")
    assert instruments.ok
    default = next(i for i in instruments.json()["instruments"] if i["default"])
    document = page.request.get("/api/v1/openapi.json").json()
    assert "/api/v1/instruments/{slug}/score" in document["paths"]
    refused = page.request.post(f"/api/v1/instruments/{default['slug']}/score", data={"answers": {"colour": "blue"}})
    assert refused.status == 400
    assert "colour" in refused.json()["message"]
