"""Optional tracing with OpenTelemetry: a span per request (Flask) and per SQL statement (SQLAlchemy).

Off unless OTEL_ENABLED is set; the packages come with the `otel` extra. Spans go to the tracer
provider the process already has (one set up by the operator's own code); when it has none, the
app sets one up that sends spans over OTLP/HTTP to the collector that the standard
OTEL_EXPORTER_OTLP_* variables name (default http://localhost:4318), as service OTEL_SERVICE_NAME
(default "reengage"). Tests pass their own provider as the OTEL_TRACER_PROVIDER setting.

The SQLAlchemy instrumentation declares SQLAlchemy < 2.1 as its requirement; it works with 2.1
as used here, so it is attached with `skip_dep_check=True` (see docs/operations.md).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Instrument the app and its database engine when OTEL_ENABLED says so."""
    if not app.config.get("OTEL_ENABLED"):
        return
    from opentelemetry.instrumentation.flask import FlaskInstrumentor
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

    from webapp.extensions import db

    provider = app.config.get("OTEL_TRACER_PROVIDER") or _process_provider()
    FlaskInstrumentor.instrument_app(app, tracer_provider=provider)
    with app.app_context():
        engine = db.engine
    instrumentor = SQLAlchemyInstrumentor()
    if instrumentor.is_instrumented_by_opentelemetry:  # one app per process: the newest one is traced
        instrumentor.uninstrument()
    instrumentor.instrument(engine=engine, tracer_provider=provider, skip_dep_check=True)
    log.info("OpenTelemetry tracing on")


def _process_provider() -> Any:
    """The process's tracer provider; an OTLP-exporting one is installed when there is none yet."""
    from opentelemetry import trace
    from opentelemetry.sdk.trace import TracerProvider

    current = trace.get_tracer_provider()
    if isinstance(current, TracerProvider):
        return current
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: os.environ.get("OTEL_SERVICE_NAME", "reengage")}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider
