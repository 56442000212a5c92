"""An admin in a real browser: signs in, reads the priority list and an issue, filters the
responses, opens one, downloads every export; every page checked by axe and vnu."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest

EMAIL = "organiser@example.org"
PASSWORD = "a long pass phrase for the browser test"


@pytest.fixture
def admin_with_responses(app, runner):  # type: ignore[no-untyped-def]
    """An admin account and synthetic responses, made with the app's own commands."""
    created = runner.invoke(args=["admin", "create", EMAIL], env={"ADMIN_PASSWORD": PASSWORD})
    assert created.exit_code == 0, created.output
    seeded = runner.invoke(args=["admin", "seed", "120", "--seed", "7"])
    assert seeded.exit_code == 0, seeded.output


def _path(page) -> str:  # type: ignore[no-untyped-def]
    return urlsplit(page.url).path


def _download(page, link, save):  # type: ignore[no-untyped-def]
    with page.expect_download() as download:
        link.click()
    return save(download.value)


def test_admin_signs_in_filters_reads_aggregates_and_exports(page, check_page, downloads, admin_with_responses):
    page.goto("/admin/")
    assert _path(page) == "/admin/sign-in", "the admin area asks to sign in first"
    check_page(page, "admin-sign-in")

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.title().startswith("Error:")
    check_page(page, "admin-sign-in-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert _path(page) == "/admin/priorities"
    check_page(page, "admin-priorities")
    briefing = _download(page, page.get_by_role("link", name="Download the briefing (PDF)", exact=False), downloads)
    assert briefing.read_bytes().startswith(b"%PDF-")

    page.locator("table th[scope=row] a").first.click()
    assert _path(page).startswith("/admin/issues/")
    issue = _path(page).rsplit("/", 1)[1]
    check_page(page, "admin-issue")

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Responses").click()
    check_page(page, "admin-responses")
    page.get_by_label("Issue").select_option(issue)
    page.get_by_label("Status").select_option("submitted")
    page.get_by_role("button", name="Apply filters").click()
    assert parse_qs(urlsplit(page.url).query)["issue"] == [issue]
    check_page(page, "admin-responses-filtered")
    issue_label = page.get_by_label("Issue").locator("option:checked").inner_text()
    shown = page.locator("table.responses tbody tr td:nth-child(4)").all_inner_texts()
    assert shown and set(shown) == {issue_label}

    exports = page.locator("p.exports")
    table = _download(page, exports.get_by_role("link", name="CSV"), downloads).read_text("utf-8-sig")
    rows = list(csv.reader(io.StringIO(table)))
    assert len(rows) - 1 >= len(shown)
    document = json.loads(_download(page, exports.get_by_role("link", name="JSON"), downloads).read_text("utf-8"))
    assert document
    spreadsheet = _download(page, exports.get_by_role("link", name="Spreadsheet (.xlsx)"), downloads)
    assert spreadsheet.read_bytes().startswith(b"PK")  # a zip, as every .xlsx

    page.locator("table.responses tbody tr a").first.click()
    assert _path(page).startswith("/admin/responses/")
    reference = _path(page).rsplit("/", 1)[1]
    check_page(page, "admin-response")
    pdf = page.request.get(f"/admin/responses/{reference}/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF-")

    page.get_by_role("link", name="Anonymise").click()
    check_page(page, "admin-confirm-anonymise")
    page.get_by_role("button", name="Yes, anonymise it").click()
    assert _path(page) == f"/admin/responses/{reference}"
    check_page(page, "admin-response-anonymised")

    page.get_by_role("navigation", name="Admin").get_by_role("link", name="Audit log").click()
    check_page(page, "admin-audit")
    assert page.get_by_text(reference).count() >= 1

    page.get_by_role("button", name="Sign out").click()
    assert _path(page) == "/admin/sign-in"
    page.goto("/admin/priorities")
    assert _path(page) == "/admin/sign-in", "signed out means signed out"
