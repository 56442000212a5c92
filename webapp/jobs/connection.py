"""The Redis connection and the RQ queue that the web processes and the workers share.

A queue exists only when JOB_QUEUE is "rq" and REDIS_URL is set (the default once REDIS_URL is
set); otherwise every document is rendered inline in the web request, so the app needs nothing
beyond Python and its database.
"""

from __future__ import annotations

from flask import Flask, current_app
from redis import Redis
from rq import Queue

_REDIS = "jobs.redis"


def queue_configured(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return config.get("JOB_QUEUE") == "rq" and bool(config.get("REDIS_URL"))


def redis_connection(app: Flask | None = None) -> Redis | None:
    """One client per app (it pools its connections); None without REDIS_URL.

    Short timeouts: a Redis that does not answer makes a page say "try again", never hang a worker."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's documented way to reach the app
    url = app.config.get("REDIS_URL")
    if not url:
        return None
    if _REDIS not in app.extensions:
        app.extensions[_REDIS] = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2, health_check_interval=30)
    return app.extensions[_REDIS]


def job_queue(app: Flask | None = None) -> Queue:
    """The documents queue (only when `queue_configured`)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's documented way to reach the app
    connection = redis_connection(app)
    if connection is None:
        raise RuntimeError("no REDIS_URL: there is no job queue")
    return Queue(app.config.get("JOB_QUEUE_NAME", "documents"), connection=connection, default_timeout=app.config.get("JOB_TIMEOUT", 600))
