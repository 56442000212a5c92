"""With OTEL_ENABLED, a respondent's whole visit is traced: a span per request, one per SQL statement."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from sqlalchemy import event

from tests.conftest import migrated_app
from tests.webapp.questionnaire.support import MINI, Respondent

EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module")
def app(database_url):  # type: ignore[no-untyped-def]
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
    yield from migrated_app(database_url, INSTRUMENTS=[MINI], OTEL_ENABLED=True, OTEL_TRACER_PROVIDER=provider)
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    SQLAlchemyInstrumentor().uninstrument()


class RecordingClient(FlaskClient):
    """A test client that keeps the status of every request it makes."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.statuses: list[int] = []

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().open(*args, **kwargs)
        self.statuses.append(response.status_code)
        return response


def test_a_whole_visit_is_traced_request_by_request_and_statement_by_statement(app):
    from webapp.extensions import db

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    record = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    EXPORTER.clear()
    client = RecordingClient(app, app.response_class, use_cookies=True)
    visit = Respondent(client)
    try:
        visit.complete()  # start page, start, every step, the review
        visit.submit()
        visit.get("/result")
        pdf = client.get("/result/pdf")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert pdf.data.startswith(b"%PDF")
    assert len(client.statuses) >= 8 and all(status < 400 for status in client.statuses), client.statuses

    spans = EXPORTER.get_finished_spans()
    requests = [span for span in spans if span.kind == SpanKind.SERVER]
    database = [span for span in spans if span.kind == SpanKind.CLIENT]  # connections checked out, and statements
    queries = [span for span in database if {"db.statement", "db.query.text"} & set(span.attributes or {})]
    assert len(requests) == len(client.statuses)
    assert all(span.status.status_code != StatusCode.ERROR for span in spans)
    assert [span.attributes.get("http.response.status_code", span.attributes.get("http.status_code")) for span in requests] == client.statuses
    assert len(queries) == len(statements) > 0
    request_ids = {span.context.span_id for span in requests}
    assert all(span.parent is not None and span.parent.span_id in request_ids for span in database)
