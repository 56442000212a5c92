"""Shared fixtures: the app on a throwaway database (SQLite, or PostgreSQL when TEST_DATABASE_URL says so)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def _postgres_database(base_url: str):  # type: ignore[no-untyped-def]
    """Create a database of our own on the server named by base_url; returns (url, drop)."""
    import sqlalchemy as sa

    name = f"reengage_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):  # type: ignore[no-untyped-def]
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    url, drop = _postgres_database(base)
    yield url
    drop()


def migrated_app(database_url: str, **overrides):  # type: ignore[no-untyped-def]
    """An app on `database_url` with the schema migrated; yields it, then closes its connections."""
    from flask_migrate import upgrade

    from webapp import create_app

    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        "CACHE_BACKEND": "database",
        "SERVER_NAME": None,
    }
    app = create_app({**settings, **overrides})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url)


@pytest.fixture(autouse=True)
def _clean_tables(request):  # type: ignore[no-untyped-def]
    """Each web test starts with empty tables; plain-Python tests never touch the database."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from webapp import limits
    from webapp.extensions import db

    with app.app_context():
        limits.reset()  # rate-limit counts (in memory) start afresh too
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()
