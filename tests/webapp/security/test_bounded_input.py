"""Numbers and JSON bodies from outside stay within limits: a clear 4xx or a clamp, never a 500."""

from __future__ import annotations

import pytest

SCORE = "/api/v1/instruments/canada-russia-2020/score"


@pytest.mark.parametrize("page", ["9" * 20, "-5", "0", "abc", "1e9", "١٢", ""])
def test_audit_and_response_pages_accept_any_page_number(admin_client, page):
    assert admin_client.get("/admin/audit", query_string={"page": page}).status_code == 200
    assert admin_client.get("/admin/responses", query_string={"page": page}).status_code == 200


def test_page_numbers_are_clamped(app):
    from webapp.boundary import MAX_PAGE, page_number

    for raw, expected in (("9" * 20, MAX_PAGE), ("3", 3), ("0", 1), ("x", 1)):
        with app.test_request_context(query_string={"page": raw}):
            assert page_number() == expected


def test_deeply_nested_json_is_a_400_naming_the_depth(client):
    body = '{"answers": ' + "[" * 20_000 + "]" * 20_000 + "}"
    answer = client.post(SCORE, data=body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "too_deep"
    assert "nested more than" in answer.get_json()["message"]


def test_brackets_inside_strings_do_not_count_as_depth(client):
    answer = client.post(SCORE, json={"answers": {"organisation": "[" * 100}})
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "invalid_answers"  # the answers are checked, not the brackets


def test_a_body_over_the_api_limit_is_a_400_naming_the_size(app, client):
    body = '{"answers": {"organisation": "' + "x" * (app.config["API_MAX_BODY_BYTES"] + 10) + '"}}'
    answer = client.post(SCORE, data=body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "body_too_large"


@pytest.mark.parametrize("body", [b"\xff\xfe{", b"{'answers': 1}", b"", b"NaN-ish"])
def test_a_body_that_is_not_json_is_a_400(client, body):
    answer = client.post(SCORE, data=body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.get_json()["error"] in ("not_json", "bad_request")


def test_query_keys_that_url_for_reads_itself_are_not_passed_on(admin_client, make_response):
    make_response(issue="arctic")
    for query in ("issue=arctic", "_scheme=javascript", "_external=1", "endpoint=x"):
        for url in ("/admin/priorities", "/admin/responses"):
            answer = admin_client.get(f"{url}?{query}")
            assert answer.status_code == 200, (url, query)
            assert "javascript:" not in answer.get_data(as_text=True)
