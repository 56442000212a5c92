"""The responses list: each filter, sorting, pages; the detail page and its PDF."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest


def _references(client, query: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get("/admin/responses" + query)
    assert response.status_code == 200
    return re.findall(r">([TS]-\d{6})</a>", response.get_data(as_text=True))


@pytest.fixture
def mixed(make_response):  # type: ignore[no-untyped-def]
    march = lambda day: datetime(2026, 3, day, 12, tzinfo=UTC)  # noqa: E731
    return {
        "arctic_exporter": make_response(issue="arctic", group="exporter", tier_rank=3, benefit=90, submitted_at=march(1)),
        "arctic_ngo_gated": make_response(
            issue="arctic", group="ngo", tier_rank=0, gated=True, benefit=10, submitted_at=march(10)
        ),
        "cyber_exporter": make_response(issue="cyber", group="exporter", tier_rank=2, benefit=60, submitted_at=march(20)),
        "draft": make_response(issue="cyber", group="ngo", status="draft"),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {"arctic_exporter", "arctic_ngo_gated", "cyber_exporter"}),
        ("?status=", {"arctic_exporter", "arctic_ngo_gated", "cyber_exporter", "draft"}),
        ("?issue=arctic", {"arctic_exporter", "arctic_ngo_gated"}),
        ("?group=exporter", {"arctic_exporter", "cyber_exporter"}),
        ("?tier=pragmatic", {"arctic_exporter"}),
        ("?gated=yes", {"arctic_ngo_gated"}),
        ("?gated=no&status=submitted", {"arctic_exporter", "cyber_exporter"}),
        ("?status=draft", {"draft"}),
        ("?status=submitted", {"arctic_exporter", "arctic_ngo_gated", "cyber_exporter"}),
        ("?date_from=2026-03-05&date_to=2026-03-20&status=submitted", {"arctic_ngo_gated", "cyber_exporter"}),
        ("?date_to=2026-03-09&status=submitted", {"arctic_exporter"}),
        ("?issue=cyber&group=exporter&tier=officials", {"cyber_exporter"}),
    ],
)
def test_each_filter(admin_client, mixed, query, expected):
    assert set(_references(admin_client, query)) == {mixed[name] for name in expected}


def test_an_invalid_filter_value_is_shown_as_an_error_and_ignored(admin_client, mixed):
    response = admin_client.get("/admin/responses?issue=atlantis&date_from=2026-03-10&date_to=2026-03-01")
    body = response.get_data(as_text=True)
    assert "Not a valid choice" in body and "The end date must be the same as or after the start date" in body


def test_sorting_by_a_column_both_ways(admin_client, mixed):
    ascending = _references(admin_client, "?status=submitted&sort=benefit&order=asc")
    assert ascending == [mixed["arctic_ngo_gated"], mixed["cyber_exporter"], mixed["arctic_exporter"]]
    assert _references(admin_client, "?status=submitted&sort=benefit&order=desc") == ascending[::-1]
    newest_first = _references(admin_client, "?status=submitted")
    assert newest_first == [mixed["cyber_exporter"], mixed["arctic_ngo_gated"], mixed["arctic_exporter"]]


def test_the_list_is_paginated(admin_client, make_response):
    references = [make_response(benefit=i) for i in range(55)]
    first = _references(admin_client, "?sort=benefit&order=asc")
    second = _references(admin_client, "?sort=benefit&order=asc&page=2")
    assert first == references[:50] and second == references[50:]
    assert "Page 2 of 2" in admin_client.get("/admin/responses?page=2").get_data(as_text=True)


def test_detail_page_shows_the_respondents_result_and_pdf(admin_client, scored_response):
    reference = scored_response()
    body = admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert "Pragmatic re-engagement" in body and "Northern Institute" in body
    assert 'role="img"' in body and f"/admin/responses/{reference}/pdf" in body
    pdf = admin_client.get(f"/admin/responses/{reference}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")


def test_detail_of_a_draft_has_no_result(admin_client, make_response):
    reference = make_response(status="draft")
    body = admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert "This response is a draft" in body
    assert admin_client.get(f"/admin/responses/{reference}/pdf").status_code == 404
    assert admin_client.get("/admin/responses/NOPE-1").status_code == 404


def test_detail_of_a_draft_shows_the_answers_saved_so_far(admin_client, make_response):
    reference = make_response(status="draft", answers={"issue": "arctic", "stakeholder_group": "ngo", "organisation": "Friends of the Tundra"})
    body = admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert "Answers saved so far" in body
    assert "Friends of the Tundra" in body and "The Arctic" in body
    assert "Not answered" in body  # later questions on the path, not yet reached
