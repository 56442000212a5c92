"""Headers: 405 keeps Allow, HSTS in production only, no caching of private pages, trusted hosts."""

from __future__ import annotations

import pytest

from tests.conftest import migrated_app
from webapp.config import ConfigError, check_safe


def test_a_405_keeps_the_allow_header(client):
    answer = client.delete("/api/v1/instruments")
    assert answer.status_code == 405
    assert "GET" in answer.headers["Allow"]
    assert client.put("/admin/sign-in").headers["Allow"]


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_when_configured(database_url):
    for app in migrated_app(database_url, HSTS_MAX_AGE=600):
        header = app.test_client().get("/").headers["Strict-Transport-Security"]
        assert header.startswith("max-age=600")


def test_production_sends_hsts_by_default(monkeypatch):
    from webapp.config import from_environment

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("HSTS_MAX_AGE", raising=False)
    assert from_environment()["HSTS_MAX_AGE"] >= 31536000


def test_production_refuses_to_start_without_trusted_hosts():
    config = {"APP_ENV": "production", "SECRET_KEY": "x" * 40, "TRUSTED_HOSTS": None}
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS"):
        check_safe(config)
    check_safe({**config, "TRUSTED_HOSTS": ["consult.example.org"]})


def test_an_untrusted_host_gets_no_page_and_no_link(database_url):
    for app in migrated_app(database_url, TRUSTED_HOSTS=["consult.example.org"]):
        client = app.test_client()
        refused = client.get("/", headers={"Host": "evil.example", "Accept-Language": "fr"})
        assert refused.status_code == 400 and "evil.example" not in refused.get_data(as_text=True)
        assert "nom d" in refused.get_data(as_text=True)
        assert client.get("/", headers={"Host": "consult.example.org"}).status_code == 200


def test_the_client_address_comes_from_the_configured_number_of_proxies(database_url):
    from flask import request

    for app in migrated_app(database_url, PROXY_COUNT=1):
        app.add_url_rule("/_address", "_address", lambda: request.remote_addr or "")
        answer = app.test_client().get("/_address", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
        assert answer.get_data(as_text=True) == "203.0.113.9"


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


@pytest.mark.parametrize("path", ["/", "/privacy", "/api/v1/instruments", "/no-such-page"])
def test_every_answer_carries_each_security_header_once(client, path):
    headers = client.get(path).headers
    for name in SECURITY_HEADERS:
        assert len(headers.getlist(name)) == 1, name
    assert headers["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_a_header_the_view_set_itself_is_kept(database_url):
    from flask import Response

    for app in migrated_app(database_url):
        app.add_url_rule("/_framed", "_framed", lambda: Response("x", headers={"x-frame-options": "SAMEORIGIN"}))
        headers = app.test_client().get("/_framed").headers
        assert headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
        assert headers["Referrer-Policy"] == "no-referrer"
