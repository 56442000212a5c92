"""Pooled connections: pinged only after sitting idle, and replaced when they no longer answer."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.conftest import migrated_app
from webapp.database import _LAST_USED
from webapp.extensions import db


@pytest.fixture
def pinging_app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url, DATABASE_PING_AFTER=60)


@pytest.fixture
def pings(pinging_app, monkeypatch) -> list[object]:  # type: ignore[no-untyped-def]
    """Every ping the pool sends, as the DBAPI connection it was sent on."""
    sent: list[object] = []
    with pinging_app.app_context():
        dialect = db.engine.dialect
    original = dialect.do_ping

    def counted(dbapi_connection):  # type: ignore[no-untyped-def]
        sent.append(dbapi_connection)
        return original(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return sent


def select_one(app) -> int:  # type: ignore[no-untyped-def]
    with app.app_context(), db.engine.connect() as connection:
        return connection.execute(text("SELECT 1")).scalar_one()


def idle_for_ever(app) -> None:  # type: ignore[no-untyped-def]
    """Make every pooled connection look unused since long ago."""
    with app.app_context():
        pool = db.engine.pool
    for record in list(pool._pool.queue):  # type: ignore[attr-defined]
        record.info[_LAST_USED] = 0.0


def test_a_connection_used_moments_ago_is_not_pinged(pinging_app, pings):
    select_one(pinging_app)
    select_one(pinging_app)
    select_one(pinging_app)
    assert pings == []


def test_a_connection_that_sat_idle_is_pinged_before_use(pinging_app, pings):
    select_one(pinging_app)
    idle_for_ever(pinging_app)
    assert select_one(pinging_app) == 1
    assert len(pings) == 1
    select_one(pinging_app)
    assert len(pings) == 1  # used again just now


def test_an_idle_connection_that_no_longer_answers_is_replaced(pinging_app, pings):
    """As after a database restart or a server-side idle timeout: the request never sees it."""
    with pinging_app.app_context(), db.engine.connect() as connection:
        dead = connection.connection.dbapi_connection
    dead.close()
    idle_for_ever(pinging_app)
    assert select_one(pinging_app) == 1
    assert pings and pings[0] is dead
    with pinging_app.app_context(), db.engine.connect() as connection:
        assert connection.connection.dbapi_connection is not dead
