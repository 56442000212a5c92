"""The service pages in a real browser, in English and French: axe-core, the Nu checker, 320 px."""

from __future__ import annotations

import pytest

PAGES = ["contact", "privacy", "accessibility", "feedback"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_service_pages_pass_the_checks_and_link_each_other(page, check_page, language):
    page.goto(f"/language/{language}?next=/contact")
    for name in PAGES:
        page.locator("footer").get_by_role("link").nth(PAGES.index(name)).click()
        assert page.url.endswith(f"/{name}")
        assert page.locator("html").get_attribute("lang") == language
        check_page(page, f"service-{name}-{language}")
