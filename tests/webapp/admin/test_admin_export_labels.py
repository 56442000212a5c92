"""Exports people open: the spreadsheet in the reader's language with a codebook sheet, a frozen
header row, a filter and sensible widths; the CSV keeps the codes and has its codebook beside it."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from webapp.admin.codebook import Column, Labeller


@pytest.fixture
def arctic(make_response):  # type: ignore[no-untyped-def]
    answers = {"issue": "arctic", "stakeholder_group": "ngo", "stake_areas": ["economic", "security"], "anything_else": "Start small."}
    return make_response(issue="arctic", group="ngo", tier_rank=0, gated=True, answers=answers, criteria={"B1": 40.0})


def _workbook(client, query: str = ""):  # type: ignore[no-untyped-def]
    with client.get("/admin/export/responses.xlsx" + query) as response:
        assert response.status_code == 200
        return load_workbook(io.BytesIO(response.data))


def test_the_spreadsheet_shows_labels_not_codes(admin_client, arctic):
    workbook = _workbook(admin_client)
    sheet = workbook["responses"]
    header, row = (list(r) for r in sheet.iter_rows(max_row=2, values_only=True))
    record = dict(zip(header, row, strict=True))
    assert record["Issue"] == "The Arctic" and record["Stakeholder group"] == "A non-governmental organisation"
    assert record["Tier"] == "Hold" and record["Red line hit"] == "Yes" and record["Status"] == "Submitted"
    assert "issue" not in header and "tier" not in header
    stakes = next(value for heading, value in record.items() if heading and heading.startswith("Which Canadian interests"))
    assert "; " in stakes and "economic" not in stakes, "each choice by its label"
    assert any(heading.startswith("Score: B1 ") for heading in header)


def test_the_spreadsheet_has_a_frozen_filtered_header_and_widths(admin_client, arctic):
    sheet = _workbook(admin_client)["responses"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.auto_filter.ref.endswith("2")
    assert sheet["A1"].font.b and sheet["A1"].alignment.wrap_text
    widths = {sheet.column_dimensions[letter].width for letter in ("A", "F", "L")}
    assert len(widths) > 1 and all(width and width >= 10 for width in widths)


def test_the_codebook_explains_every_column_and_code(admin_client, arctic):
    workbook = _workbook(admin_client)
    headings = next(workbook["responses"].iter_rows(max_row=1, values_only=True))
    book = list(workbook["codebook"].iter_rows(values_only=True))
    described = [row for row in book[1:] if row[0]]
    assert [row[1] for row in described] == list(headings), "one entry per column, in the same order"
    assert all(row[2] for row in described), "every column says what it holds"
    codes = {(row[3], row[4]) for row in book[1:] if row[3]}
    assert {("arctic", "The Arctic"), ("hold", "Hold"), ("submitted", "Submitted"), ("economic", "Jobs, trade or investment")} <= codes
    assert workbook["codebook"].freeze_panes == "A2"


def test_the_spreadsheet_is_in_french_for_a_french_reader(admin_client, arctic):
    admin_client.get("/language/fr?next=/")
    workbook = _workbook(admin_client)
    header, row = (list(r) for r in workbook["responses"].iter_rows(max_row=2, values_only=True))
    record = dict(zip(header, row, strict=True))
    assert record["Enjeu"].endswith("Arctique") and record["Ligne rouge franchie"] == "Oui"
    assert workbook["codebook"]["A1"].value == "Colonne"


def test_the_csv_keeps_codes_and_its_codebook_is_beside_it(admin_client, arctic):
    listing = admin_client.get("/admin/responses").get_data(as_text=True)
    assert 'href="/admin/export/codebook.csv"' in listing
    response = admin_client.get("/admin/export/codebook.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    names = [row[0] for row in rows[1:] if row[0]]
    data = admin_client.get("/admin/export/responses.csv").get_data(as_text=True).lstrip("\ufeff")
    assert names == next(csv.reader(io.StringIO(data))), "the codebook names the CSV's columns, in order"


def test_the_labeller_leaves_unknown_codes_and_empty_cells_alone():
    labeller = Labeller([Column("issue", "Issue", "", (("arctic", "The Arctic"),)), Column("gated", "Red line", "", yes_no=True)])
    with_app = labeller.row(["atlantis", None])
    assert with_app == ["atlantis", None]
    assert labeller.row([["arctic", "x"], True])[0] == ["The Arctic", "x"]
