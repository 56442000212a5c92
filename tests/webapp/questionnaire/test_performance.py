"""A step costs one query to show and two to save, whatever was answered before."""

from __future__ import annotations

from tests.webapp.questionnaire.support import CASE, PROFILE, counted_queries


def _selects_and_writes(statements: list[str]) -> tuple[int, int]:
    selects = sum(1 for s in statements if s.lstrip().upper().startswith("SELECT"))
    return selects, len(statements) - selects


def test_showing_a_step_is_one_query(app, respondent):
    respondent.start()
    with counted_queries(app) as first:
        assert respondent.client.get("/step/profile").status_code == 200
    respondent.step("profile", PROFILE)
    respondent.step("case", CASE)
    with counted_queries(app) as later:
        assert respondent.client.get("/step/case").status_code == 200
    assert len(first) == 1 and len(later) == 1


def test_saving_a_step_is_one_read_and_one_guarded_write(app, respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    with counted_queries(app) as statements:
        assert respondent.step("case", CASE).status_code == 302
    assert _selects_and_writes(statements) == (1, 1)
    assert "revision" in statements[1]


def test_a_refused_step_writes_nothing(app, respondent):
    respondent.start()
    with counted_queries(app) as statements:
        assert respondent.step("profile", {}).status_code == 400
    assert _selects_and_writes(statements) == (1, 0)


def test_showing_pages_leaves_the_session_cookie_alone(respondent):
    """Once the session holds its token, reading pages neither re-signs nor clears a cookie."""
    respondent.start()
    for path in ("/", "/step/profile", "/step/profile"):
        response = respondent.client.get(path)
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == [], path
