"""Logs through the standard `logging` module: one line per request, each line with its request id.

With LOG_FORMAT=json (the default in production) every record is one JSON object on stdout
(python-json-logger), for a log collector; otherwise logging is left as Python sets it up. The
request id comes from the X-Request-ID header when a proxy sent a sensible one, else a fresh one;
it is sent back in X-Request-ID, carried by every record logged while the request runs, and passed
to the jobs the request starts (webapp/jobs), whose records carry it too. The request line names
the route pattern, never the path, so private resume tokens stay out of the logs.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from flask import Flask, Response, g, request
from flask.logging import default_handler
from pythonjsonlogger.json import JsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
request_log = logging.getLogger("webapp.requests")


def current_request_id() -> str | None:
    """The id of the request (or job) this code runs for, if any."""
    return _request_id.get()


def bind_request_id(value: str | None):
    """Make `value` the current request id; returns the token that `unbind_request_id` takes."""
    return _request_id.set(value)


def unbind_request_id(token) -> None:
    _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to a record made before `install_record_factory` (None outside a request or a job)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


def install_record_factory() -> None:
    """Every record made in this process carries the current request id, whichever handler gets it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def make_record(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = _request_id.get()
        return record

    make_record.adds_request_id = True  # type: ignore[attr-defined]  # a marker attribute on the function
    logging.setLogRecordFactory(make_record)


def json_handler(stream=None) -> logging.Handler:
    handler = logging.StreamHandler(stream or sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}{request_id}",
            style="{",
            datefmt="%Y-%m-%dT%H:%M:%S%z",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(RequestIdFilter())
    handler.set_name("webapp-json")
    return handler


def configure_logging(level: str = "INFO", stream=None) -> None:
    """JSON lines on the root logger, once per process (a second call changes nothing)."""
    root = logging.getLogger()
    if any(h.get_name() == "webapp-json" for h in root.handlers):
        return
    root.addHandler(json_handler(stream))
    root.setLevel(level)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per layout step of every PDF


def incoming_request_id() -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex


def init_app(app: Flask) -> None:
    install_record_factory()
    if app.config.get("LOG_FORMAT") == "json":
        configure_logging(app.config.get("LOG_LEVEL", "INFO"))
        app.logger.removeHandler(default_handler)
    request_log.setLevel(logging.INFO)

    def start_request() -> None:
        g.request_started = time.perf_counter()
        g.request_id_token = bind_request_id(incoming_request_id())

    # First of all the app's before-request functions, so that no other one runs without an id.
    app.before_request_funcs.setdefault(None, []).insert(0, start_request)
    app.after_request(log_request)
    app.teardown_request(_forget_request_id)


def log_request(response: Response) -> Response:
    request_id = current_request_id()
    if request_id is None:  # a request that never went through start_request
        return response
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 2) if started is not None else None
    route = request.url_rule.rule if request.url_rule is not None else None
    request_log.info(
        "%s %s %s", request.method, route or "(no route)", response.status_code,
        extra={"method": request.method, "route": route, "status": response.status_code, "duration_ms": duration_ms},
    )
    return response


def _forget_request_id(error: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        try:
            unbind_request_id(token)
        except ValueError:  # torn down in another context (a test client keeping the context): it ends with it
            pass
