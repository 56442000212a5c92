"""Probes for a load balancer or an orchestrator: `/healthz` (this process answers) and `/readyz`
(what a request needs answers too: the database, and Redis and the job queue when configured).

Plain JSON, no session, no translation; a failing dependency gives 503 with the name of the check
that failed (the error itself goes to the log, not to whoever asks).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Blueprint, Flask, current_app, jsonify
from sqlalchemy import text

from webapp.extensions import db
from webapp.jobs.connection import job_queue, queue_configured, redis_connection

blueprint = Blueprint("health", __name__)
log = logging.getLogger(__name__)


def _database() -> None:
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.rollback()


def _redis() -> None:
    connection = redis_connection()
    assert connection is not None  # nosec B101 # a programming check: the probe runs only when Redis is configured
    connection.ping()


def _queue() -> None:
    len(job_queue())  # the queue's list is readable


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks: dict[str, Callable[[], None]] = {"database": _database}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis
    if queue_configured():
        checks["queue"] = _queue
    return checks


@blueprint.get("/healthz")
def healthz():
    return _no_store(jsonify(status="ok"), 200)


@blueprint.get("/readyz")
def readyz():
    results = {}
    for name, check in readiness_checks().items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness check %s failed: %s", name, error)
            results[name] = "failed"
    ready = all(value == "ok" for value in results.values())
    return _no_store(jsonify(status="ok" if ready else "unavailable", checks=results), 200 if ready else 503)


def _no_store(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
