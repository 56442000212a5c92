"""/healthz answers whenever the process does; /readyz only when the database (and Redis and the
queue, when configured) answer, else 503 naming what failed."""

from __future__ import annotations

import pytest

from tests.conftest import migrated_app

CLOSED_REDIS = "redis://127.0.0.1:1/0"


def test_healthz_answers(client):  # type: ignore[no-untyped-def]
    reply = client.get("/healthz")
    assert reply.status_code == 200
    assert reply.get_json() == {"status": "ok"}
    assert reply.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in reply.headers


def test_readyz_checks_the_database_only_without_redis(client):  # type: ignore[no-untyped-def]
    reply = client.get("/readyz")
    assert reply.status_code == 200
    assert reply.get_json() == {"status": "ok", "checks": {"database": "ok"}}


def test_readyz_is_503_when_the_database_does_not_answer(tmp_path):  # type: ignore[no-untyped-def]
    from webapp import create_app

    missing = tmp_path / "no-such-folder" / "db.sqlite3"  # SQLite cannot create a file in a missing folder
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 503
    assert reply.get_json() == {"status": "unavailable", "checks": {"database": "failed"}}
    assert app.test_client().get("/healthz").status_code == 200  # the process itself still answers


@pytest.fixture
def app_with(database_url):  # type: ignore[no-untyped-def]
    apps = []

    def build(**overrides):  # type: ignore[no-untyped-def]
        generator = migrated_app(database_url, **overrides)
        apps.append(generator)
        return next(generator)

    yield build
    for generator in apps:
        next(generator, None)


def test_readyz_checks_redis_and_the_queue_when_configured(app_with, redis_url, queue_name):  # type: ignore[no-untyped-def]
    app = app_with(REDIS_URL=redis_url, JOB_QUEUE="rq", JOB_QUEUE_NAME=queue_name)
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 200
    assert reply.get_json()["checks"] == {"database": "ok", "redis": "ok", "queue": "ok"}


def test_readyz_is_503_when_redis_does_not_answer(app_with):  # type: ignore[no-untyped-def]
    app = app_with(REDIS_URL=CLOSED_REDIS, JOB_QUEUE="rq")
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 503
    assert reply.get_json() == {"status": "unavailable", "checks": {"database": "ok", "redis": "failed", "queue": "failed"}}


def test_readyz_checks_redis_without_a_queue_when_it_is_the_cache(app_with):  # type: ignore[no-untyped-def]
    app = app_with(REDIS_URL=CLOSED_REDIS, JOB_QUEUE="inline")
    reply = app.test_client().get("/readyz")
    assert reply.status_code == 503
    assert reply.get_json()["checks"] == {"database": "ok", "redis": "failed"}
