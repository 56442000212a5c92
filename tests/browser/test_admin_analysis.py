"""The analysts' pages in French in a real browser: the issue-by-group view, what respondents wrote
and the channels and safeguards called for; axe-core, the Nu checker, 320 px."""

from __future__ import annotations

from tests.browser.test_admin_flow import EMAIL, PASSWORD, admin_with_responses  # noqa: F401 - the fixture


def test_analysis_sections_in_french(page, check_page, admin_with_responses):  # noqa: F811
    page.goto("/language/fr?next=/admin/sign-in")
    page.get_by_label("Adresse courriel").fill(EMAIL)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/admin/priorities")
    assert page.locator("#by-group-caption").is_visible()
    check_page(page, "admin-priorities-fr")
    page.locator("table.by-group th[scope=row] a").first.click()
    assert page.locator("#said").is_visible() and page.locator("#called-for").is_visible()
    check_page(page, "admin-issue-fr")
    page.locator("#said ~ form select").first.select_option(index=1)
    page.locator("#said ~ form button").click()
    assert page.url.endswith("#said")
    check_page(page, "admin-issue-said-filtered-fr")
