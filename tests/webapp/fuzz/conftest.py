"""The fuzzing tests' app: rate limits off (hundreds of requests from one address) and CSRF off
(the generated posts are to reach the views; CSRF has its own meta-test)."""

from __future__ import annotations

import pytest

from tests.conftest import migrated_app
from tests.webapp.admin.conftest import ADMIN_EMAIL, PASSWORD, accounts  # noqa: F401


@pytest.fixture(scope="module")
def app(database_url):  # type: ignore[no-untyped-def]
    yield from migrated_app(database_url, RATE_LIMITS_ENABLED=False, WTF_CSRF_ENABLED=False)


@pytest.fixture
def admin_client(app, accounts):  # type: ignore[no-untyped-def]  # noqa: F811
    client = app.test_client()
    assert client.post("/admin/sign-in", data={"email": ADMIN_EMAIL, "password": PASSWORD}).status_code == 302
    return client
