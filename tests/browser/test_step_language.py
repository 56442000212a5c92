"""The language toggle on a step page, in a real browser and by keyboard: a button of the step's
form that keeps what was typed; Enter in a field still means "Save and continue"."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser.keyboard import focused, press_enter_and_wait, tab_to

TYPED = "Northern Research Network"


def _on_first_step(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    tab_to(page, "Start now")
    press_enter_and_wait(page)
    assert urlsplit(page.url).path == "/step/profile"


def _type_organisation(page) -> None:  # type: ignore[no-untyped-def]
    page.focus("#organisation")
    page.keyboard.type(TYPED)


def test_the_toggle_on_a_step_is_a_button_that_keeps_what_was_typed_both_ways(open_page, check_page):
    page = open_page()
    _on_first_step(page)
    page.check("#issue")  # the first issue, by its radio
    _type_organisation(page)

    toggle = tab_to(page, "Français", key="Shift+Tab")  # the header is above the form
    assert toggle["tag"] == "button" and toggle["type"] == "submit" and toggle["name"] == "language"
    press_enter_and_wait(page)
    assert urlsplit(page.url).path == "/step/profile"
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#organisation").input_value() == TYPED
    assert page.locator("#issue").is_checked()
    check_page(page, "step-profile-after-switch-fr")

    tab_to(page, "English")  # from the top of the new page
    with page.expect_navigation():
        page.keyboard.press("Space")  # a button answers Space as well as Enter
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#organisation").input_value() == TYPED and page.locator("#issue").is_checked()


def test_enter_in_a_field_still_saves_and_continues(open_page):
    page = open_page()
    _on_first_step(page)
    _type_organisation(page)
    assert focused(page)["id"] == "organisation"
    press_enter_and_wait(page)
    assert page.locator("html").get_attribute("lang") == "en", "Enter did not press the language button"
    assert page.title().startswith("Error:"), "Enter pressed 'Save and continue': the required answers are missing"
