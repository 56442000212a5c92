"""One log record per request with its id, method, route, status and duration; the id comes from
X-Request-ID when sensible, else is made, and is sent back; records are JSON lines when asked."""

from __future__ import annotations

import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.logging_setup import REQUEST_ID_HEADER, bind_request_id, json_handler, unbind_request_id


def request_records(caplog) -> list[logging.LogRecord]:  # type: ignore[no-untyped-def]
    return [r for r in caplog.records if r.name == "webapp.requests"]


def test_one_record_per_request_with_its_fields(client, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="webapp.requests")
    reply = client.get("/healthz", headers={REQUEST_ID_HEADER: "abc-123"})
    assert reply.headers[REQUEST_ID_HEADER] == "abc-123"
    [record] = request_records(caplog)
    assert (record.request_id, record.method, record.route, record.status) == ("abc-123", "GET", "/healthz", 200)
    assert record.duration_ms >= 0


def test_the_route_is_logged_never_the_path(client, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="webapp.requests")
    client.get("/resume/secret-token-value")
    [record] = request_records(caplog)
    assert record.route == "/resume/<path:token>"
    assert "secret-token-value" not in record.getMessage()


def test_an_unknown_path_is_logged_without_a_route(client, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="webapp.requests")
    assert client.get("/no-such-page").status_code == 404
    [record] = request_records(caplog)
    assert (record.route, record.status) == (None, 404)


@pytest.mark.parametrize("offered", ["", "has spaces", "x" * 129, "semi;colon", "new\\nline"])
def test_an_unusable_incoming_id_is_replaced(client, caplog, offered):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="webapp.requests")
    reply = client.get("/healthz", headers={REQUEST_ID_HEADER: offered})
    made = reply.headers[REQUEST_ID_HEADER]
    assert made != offered and len(made) == 32
    assert request_records(caplog)[0].request_id == made


def test_each_request_gets_an_id_of_its_own(client):  # type: ignore[no-untyped-def]
    ids = {client.get("/healthz").headers[REQUEST_ID_HEADER] for _ in range(5)}
    assert len(ids) == 5


def test_records_logged_during_a_request_carry_its_id(app, client, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING, logger="webapp.health")
    from unittest import mock

    with mock.patch("webapp.health._database", side_effect=RuntimeError("down")):
        client.get("/readyz", headers={REQUEST_ID_HEADER: "req-7"})
    warning = next(r for r in caplog.records if r.name == "webapp.health")
    stream = io.StringIO()
    json_handler(stream).handle(warning)
    assert json.loads(stream.getvalue())["request_id"] == "req-7"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=60), st.dictionaries(st.sampled_from(["method", "route", "status"]), st.text(max_size=20)))
def test_every_record_is_one_line_of_json(message, fields):  # type: ignore[no-untyped-def]
    stream = io.StringIO()
    record = logging.LogRecord("webapp.requests", logging.INFO, __file__, 1, "%s", (message,), None)
    record.__dict__.update(fields)
    token = bind_request_id("rid")
    try:
        json_handler(stream).handle(record)
    finally:
        unbind_request_id(token)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    parsed = json.loads(lines[0])
    assert parsed["message"] == message and parsed["level"] == "INFO" and parsed["logger"] == "webapp.requests"
    assert parsed["request_id"] == "rid" and "time" in parsed
    assert all(parsed[key] == value for key, value in fields.items())
