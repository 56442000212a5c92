"""Exports: CSV (formula cells neutralised), spreadsheet, JSON, and the PDF briefing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

DANGEROUS = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture
def exported(make_response):  # type: ignore[no-untyped-def]
    refs = [
        make_response(
            issue="arctic",
            organisation=value,
            answers={"issue": "arctic", "anything_else": value, "stake_areas": ["economic", "security"]},
            criteria={"B1": 75.5, "R1": 10.0},
            benefit=70,
            risk=-0.0,
        )
        for value in DANGEROUS
    ]
    refs.append(make_response(issue="cyber", organisation="Plain Org", criteria={"B1": 20.0}))
    return refs


def _csv_rows(client, query: str = "") -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get("/admin/export/responses.csv" + query)
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.is_streamed
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_has_one_row_per_response_with_every_answer_and_score(admin_client, exported):
    rows = _csv_rows(admin_client)
    assert len(rows) == len(exported)
    header = set(rows[0])
    assert {
        "reference",
        "issue",
        "tier",
        "benefit",
        "risk",
        "score_B1",
        "score_R7",
        "answer_stake_areas",
        "answer_anything_else",
    } <= header
    arctic = [row for row in rows if row["issue"] == "arctic"]
    assert all(row["score_B1"] == "75.5" and row["score_R1"] == "10.0" and row["score_B2"] == "" for row in arctic)
    assert arctic[0]["answer_stake_areas"] == "economic; security"


def test_csv_neutralises_formula_cells(admin_client, exported):
    rows = _csv_rows(admin_client, "?issue=arctic")
    organisations = sorted(row["organisation"] for row in rows)
    assert organisations == sorted("'" + value for value in DANGEROUS)
    assert all(row["answer_anything_else"].startswith("'") for row in rows)
    assert all(not row[key].startswith(("=", "+", "@", "\t", "\r")) for row in rows for key in row)


def test_csv_follows_the_list_filters(admin_client, exported):
    rows = _csv_rows(admin_client, "?issue=cyber")
    assert [row["reference"] for row in rows] == [exported[-1]]


def test_spreadsheet_has_the_same_rows_and_no_formulas(admin_client, exported):
    with admin_client.get("/admin/export/responses.xlsx") as response:  # closing it closes its file
        assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
        assert response.headers["Content-Disposition"].startswith("attachment; filename=responses-")
        workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = column_names(workbook)
    assert len(rows) == len(exported) + 1 and "score_B1" in header
    organisation = header.index("organisation")
    # (XML turns a carriage return into a line feed on reading; the apostrophe is what matters.)
    expected = sorted("'" + v.replace("\r", "\n") for v in DANGEROUS)
    assert sorted(str(row[organisation]) for row in rows[1:] if row[organisation] != "Plain Org") == expected
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][header.index("score_B1")] in (75.5, 20.0)


def column_names(workbook) -> list[str]:  # type: ignore[no-untyped-def]
    """The responses sheet's columns by their codebook names (the headings are labels)."""
    by_heading = {row[1]: row[0] for row in workbook["codebook"].iter_rows(min_row=2, values_only=True) if row[0]}
    return [by_heading[heading] for heading in next(workbook["responses"].iter_rows(max_row=1, values_only=True))]


def test_spreadsheet_is_streamed_from_a_temporary_file_closed_once_sent(admin_client, exported, monkeypatch):
    from webapp.admin import exports

    files, build = [], exports.xlsx_file

    def recording(instrument, filters, **options):  # type: ignore[no-untyped-def]
        files.append(build(instrument, filters, **options))
        return files[-1]

    monkeypatch.setattr(exports, "xlsx_file", recording)
    response = admin_client.get("/admin/export/responses.xlsx", buffered=False)
    assert response.is_streamed and not files[0].closed
    assert response.headers["Cache-Control"] == "no-store"  # personal data, whatever send_file would set
    body = b"".join(response.response)
    response.close()
    assert files[0].closed
    assert len(list(load_workbook(io.BytesIO(body)).active.iter_rows())) == len(exported) + 1


def test_a_spreadsheet_over_the_limit_is_refused_with_a_message_on_the_filtered_list(app, admin_client, exported, monkeypatch):
    monkeypatch.setitem(app.config, "SPREADSHEET_MAX_RESPONSES", 3)
    refused = admin_client.get("/admin/export/responses.xlsx?issue=arctic")
    assert refused.status_code == 302
    assert refused.location == "/admin/responses?issue=arctic"
    page = admin_client.get(refused.location).get_data(as_text=True)
    assert "A spreadsheet holds at most 3 responses, and these filters select 6." in page
    assert 'class="notice notice--warning"' in page
    with admin_client.get("/admin/export/responses.xlsx?issue=cyber") as within:  # 1 response: under the limit
        assert within.status_code == 200 and within.mimetype.endswith("spreadsheetml.sheet")
    assert _csv_rows(admin_client, "?issue=arctic")  # the CSV has no limit


def test_json_export_streams_every_answer_and_score(admin_client, exported):
    response = admin_client.get("/admin/export/responses.json")
    assert response.status_code == 200 and response.is_streamed
    document = json.loads(response.get_data(as_text=True))
    assert document["instrument"] == "canada-russia-2020" and len(document["responses"]) == len(exported)
    first = next(r for r in document["responses"] if r["issue"] == "arctic")
    assert first["scores"] == {"B1": 75.5, "R1": 10.0} and first["answers"]["stake_areas"] == ["economic", "security"]
    assert first["organisation"] in DANGEROUS  # JSON is data, not a spreadsheet: kept as given


def test_json_export_writes_each_response_as_the_data_it_holds(admin_client, make_response):
    """Text beyond ASCII as itself, a draft's missing scores as {}, times in ISO form with their offset."""
    answers = {"issue": "arctic", "anything_else": "Déjà vu\x1b, « oui »", "stake_areas": ["economic"]}
    make_response(issue="arctic", organisation="Société", answers=answers, criteria={"B1": 75.5, "R1": None})
    make_response(issue="cyber", status="draft", answers={})
    text = admin_client.get("/admin/export/responses.json?status=").get_data(as_text=True)  # drafts too
    assert '"organisation": "Société"' in text and '"anything_else": "Déjà vu\\u001b, « oui »"' in text
    submitted, draft = json.loads(text)["responses"]
    assert submitted["answers"] == answers and submitted["scores"] == {"B1": 75.5, "R1": None}
    assert submitted["submitted_at"].startswith("2026-03-01T") and submitted["submitted_at"].endswith(":00+00:00")
    assert draft["answers"] == {} and draft["scores"] == {} and draft["submitted_at"] is None and draft["status"] == "draft"


def test_an_empty_export_has_just_the_header(admin_client):
    assert _csv_rows(admin_client) == []
    assert json.loads(admin_client.get("/admin/export/responses.json").get_data(as_text=True))["responses"] == []


def test_briefing_pdf_has_the_priority_list_and_a_page_per_issue(admin_client, make_response):
    from pypdf import PdfReader

    for _ in range(3):
        make_response(issue="arctic", benefit=70, risk=20, criteria={"B1": 80})
    make_response(issue="cyber", benefit=30, risk=60)
    response = admin_client.get("/admin/export/briefing.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Priority list" in text and "The Arctic" in text and "Cybersecurity" in text
    assert len(reader.pages) >= 3  # the list, then one page per issue with responses


def test_briefing_pdf_without_responses_still_renders(admin_client):
    response = admin_client.get("/admin/export/briefing.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
