"""The private link's "Copy link" button: shown only where JavaScript runs, copies the link and
says so in a live region, in English and French; and the banner after resuming with the link."""

from __future__ import annotations

import re

import pytest

COPY = {"en": ("Copy link", "Link copied", "Save and come back later"), "fr": ("Copier le lien", "Lien copié", "Enregistrer et revenir plus tard")}


def save_and_stop(page, language: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/language/{language}?next=/")
    page.locator("button.button--start").click()
    page.get_by_role("button", name=COPY[language][2]).click()
    assert page.url.endswith("/saved")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_copy_link_copies_the_private_link_and_says_so(page, check_page, language):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    save_and_stop(page, language)
    button_name, copied, _ = COPY[language]
    button = page.get_by_role("button", name=button_name)
    button.wait_for(state="visible")  # shown by the deferred script once it has run
    check_page(page, f"saved-copy-link-{language}")
    button.click()
    status = page.locator(".copy-link__status")
    status.filter(has_text=copied).wait_for()
    assert status.get_attribute("aria-live") == "polite"
    link = page.locator("#private-link").input_value()
    assert "/resume/" in link and page.evaluate("navigator.clipboard.readText()") == link

    # The link opens the answers in another browser, which says which response continues.
    other = page.context.browser.new_context(base_url=page.url.split("/saved")[0], locale="en-GB")
    try:
        resumed = other.new_page()
        resumed.goto(f"/language/{language}?next=/")
        resumed.goto(link)
        notice = resumed.locator(".notice").inner_text()
        reference = re.search(r"RE-[0-9A-Z]{4}-[0-9A-Z]{4}", page.locator("main").inner_text()).group(0)  # type: ignore[union-attr]
        assert reference in notice
        assert notice.startswith("You are continuing response" if language == "en" else "Vous poursuivez la réponse")
        resumed.reload()
        assert resumed.locator(".notice").count() == 0, "said once"
    finally:
        other.close()


def test_without_javascript_there_is_no_copy_button(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        save_and_stop(page, "en")
        assert page.locator(".copy-link__actions button").count() == 1
        assert not page.locator(".copy-link__actions button").is_visible()
        assert page.locator("#private-link").is_visible(), "the link itself is there to copy by hand"
    finally:
        context.close()
