"""Fixtures for the questionnaire tests: an app on the mini instrument, and a respondent.

`app` and `client` override the shared ones for this folder, so tables are still emptied after
each test by the shared `_clean_tables`.
"""

from __future__ import annotations

import pytest

from tests.conftest import migrated_app
from tests.webapp.questionnaire.support import MINI, Respondent


@pytest.fixture(scope="module")
def app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url, INSTRUMENTS=[MINI], RESUME_DAYS=30)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def respondent(client) -> Respondent:  # type: ignore[no-untyped-def]
    return Respondent(client)
