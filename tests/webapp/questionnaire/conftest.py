"""Fixtures for the questionnaire tests: an app on the mini instrument, and a respondent.

`app` and `client` override the shared ones for this folder, so tables are still emptied after
each test by the shared `_clean_tables`.
"""

from __future__ import annotations

import pytest

from tests.webapp.questionnaire.support import MINI, Respondent


@pytest.fixture(scope="module")
def app(database_url):  # type: ignore[no-untyped-def]
    from flask_migrate import upgrade

    from webapp import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": True,
            "CACHE_BACKEND": "database",
            "INSTRUMENTS": [MINI],
            "RESUME_DAYS": 30,
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        from webapp.extensions import db

        db.engine.dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def respondent(client) -> Respondent:  # type: ignore[no-untyped-def]
    return Respondent(client)
