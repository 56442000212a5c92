"""A step costs one query to show and two to save, whatever was answered before."""

from __future__ import annotations

import pytest

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


def test_on_postgresql_a_step_page_reads_outside_a_transaction_and_a_save_writes_in_one(app, respondent):
    """One round trip for the page (no BEGIN, no ROLLBACK); the save's read and write stay one transaction."""
    from psycopg.pq import TransactionStatus
    from sqlalchemy import event

    from webapp.extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no round trips to save")
    with app.app_context():
        engine = db.engine
    states: list[TransactionStatus] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        states.append(conn.connection.dbapi_connection.info.transaction_status)

    respondent.start()
    event.listen(engine, "after_cursor_execute", record)
    try:
        assert respondent.client.get("/step/profile").status_code == 200
        page_states = list(states)
        states.clear()
        assert respondent.step("profile", PROFILE).status_code == 302
    finally:
        event.remove(engine, "after_cursor_execute", record)
    assert page_states == [TransactionStatus.IDLE]
    assert states == [TransactionStatus.INTRANS, TransactionStatus.INTRANS]
