"""Text at the admin boundary: sign-in, URL parts, and exports of data stored before the rule."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.webapp.admin.conftest import csrf_from
from tests.webapp.admin.test_admin_exports import column_names


def test_a_nul_in_the_sign_in_email_is_refused_with_a_message(client, accounts):
    page = client.get("/admin/sign-in")
    answer = client.post(
        "/admin/sign-in",
        data={"email": "admin@example.org\x00", "password": "x", "csrf_token": csrf_from(page.get_data(as_text=True))},
    )
    assert answer.status_code == 400
    assert "characters that cannot be typed" in answer.get_data(as_text=True)


def test_a_response_reference_with_nul_is_not_found(admin_client):
    assert admin_client.get("/admin/responses/RE-AAAA%00").status_code == 404
    assert admin_client.get("/admin/responses/RE-AAAA%00/pdf").status_code == 404


def test_the_spreadsheet_export_cleans_controls_stored_before_the_rule(admin_client, make_response):
    # Vertical tab (Word's Shift+Enter) and ESC: PostgreSQL stores them, a spreadsheet refuses them.
    make_response(organisation="Line one\x0bline two\x1b", answers={"issue": "arctic", "organisation": "a\x1bb"})
    with admin_client.get("/admin/export/responses.xlsx") as answer:
        assert answer.status_code == 200
        workbook = load_workbook(io.BytesIO(answer.data))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = column_names(workbook)
    assert rows[1][header.index("organisation")] == "Line one\nline two"
    assert rows[1][header.index("answer_organisation")] == "ab"
    csv_text = admin_client.get("/admin/export/responses.csv").get_data(as_text=True)
    assert "\x1b" not in csv_text and "\x0b" not in csv_text
