"""Printing the review and result pages: no header, navigation, toggle, buttons or contents list,
the decision first; the print button appears only where JavaScript runs."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from forms.checks import extreme_answers
from tests.browser.checks import ARTIFACTS
from webapp.instruments import registry

# Elements that the print stylesheet hides; each must be on the screen version of the page.
SCREEN_ONLY = ["header.site-header", ".language-toggle", "footer.site-footer", "button[type=submit]"]
VISIBLE = "(selector) => Array.from(document.querySelectorAll(selector)).some(e => e.getClientRects().length > 0)"
FIRST_HEADINGS = """() => Array.from(document.querySelectorAll("main h1, main h2"))
  .filter(e => e.getClientRects().length > 0).slice(0, 2).map(e => e.textContent.trim())"""


@pytest.fixture
def answers(app) -> dict:  # type: ignore[no-untyped-def]
    with app.app_context():
        return dict(extreme_answers(registry().default, favourable=True))


def _fill_and_continue(page, answers: dict) -> None:  # type: ignore[no-untyped-def]
    """Answer the questions of this step found in `answers` (by mouse: keyboard use is tested elsewhere)."""
    for field in page.locator("main input[type=radio], main input[type=checkbox]").all():
        name, value = field.get_attribute("name"), field.get_attribute("value")
        wanted = answers.get(name)
        if wanted is not None and (value == str(wanted) or (isinstance(wanted, list | tuple) and value in map(str, wanted))):
            field.check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def _reach_review(page, answers: dict) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_role("button", name="Start now").click()
    for _ in range(12):
        if urlsplit(page.url).path == "/review":
            return
        _fill_and_continue(page, answers)
    raise AssertionError(f"the review page was not reached; stuck on {page.url}")


def _check_printed(page, name: str, first_heading: str) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_role("button", name=page.locator("[data-print]").inner_text()).is_visible(), "JavaScript shows the print button"
    for selector in SCREEN_ONLY + [".contents"]:
        if page.locator(selector).count():
            assert page.evaluate(VISIBLE, selector), f"{selector} is on the screen"
    page.emulate_media(media="print")
    for selector in SCREEN_ONLY + [".contents", "[data-print]", ".back-link", ".details"]:
        assert not page.evaluate(VISIBLE, selector), f"{selector} is printed"
    assert first_heading in page.evaluate(FIRST_HEADINGS)[:2]
    (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
    page.pdf(path=ARTIFACTS / "print" / f"{name}.pdf")
    page.emulate_media(media="screen")


def test_review_and_result_print_without_the_page_controls(page, answers):
    _reach_review(page, answers)
    _check_printed(page, "review", "Check your answers before you submit")
    page.get_by_role("button", name="Submit your answers").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/result"
    _check_printed(page, "result", "The recommendation")


def test_without_javascript_there_is_no_print_button(browser, live_server, answers):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        _reach_review(page, answers)
        assert page.locator("[data-print]").count() == 1
        assert not page.locator("[data-print]").is_visible()
    finally:
        context.close()
