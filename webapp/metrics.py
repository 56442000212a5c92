"""Prometheus metrics (prometheus_client): requests by route and status, their latency, the job
queue's depth, job durations and document render times, at /metrics for a bearer token.

/metrics is not public: it answers only a request with `Authorization: Bearer <METRICS_TOKEN>`,
and is not there at all (404) while METRICS_TOKEN is unset. Under gunicorn, set
PROMETHEUS_MULTIPROC_DIR to an empty directory before the server starts: every process then keeps
its figures in files there and a scrape of any one worker sums them all (prometheus_client's
multiprocess mode; gunicorn.conf.py clears the folder at start and tells it when a worker exits).
The queue's depth is read from Redis at each scrape. See docs/deploy.md.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric

REQUESTS = Counter("webapp_http_requests_total", "HTTP requests answered, by route pattern and status", ["method", "route", "status"])
REQUEST_SECONDS = Histogram(
    "webapp_http_request_duration_seconds",
    "Time to answer a request (to the first byte of a streamed body), by route pattern",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
JOB_SECONDS = Histogram(
    "webapp_job_duration_seconds",
    "Time a queued job took in a worker, by kind of document and outcome",
    ["document", "outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
RENDER_SECONDS = Histogram(
    "webapp_document_render_seconds",
    "Time to render a document, by kind and where it ran (inline in a request, or in a worker)",
    ["document", "where"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class QueueDepthCollector:
    """Jobs waiting, running and failed in the documents queue, read from Redis when scraped."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        from webapp.jobs.connection import queue_configured
        from webapp.jobs.status import queue_depths

        if not queue_configured(self.app):
            return
        family = GaugeMetricFamily("webapp_job_queue_depth", "Jobs in the documents queue, by state", labels=["state"])
        try:
            depths = queue_depths(self.app)
        except Exception:  # noqa: BLE001 - Redis down: no figure rather than a failed scrape
            return
        for state, count in depths.items():
            family.add_metric([state], count)
        yield family


class _Scrape:
    """What one scrape reports: every process's figures (multiprocess mode) or this one's, and the queue."""

    def __init__(self, app: Flask) -> None:
        self.sources: list = []
        if multiprocess_dir():
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            self.sources.append(registry)
        else:
            self.sources.append(REGISTRY)
        self.sources.append(QueueDepthCollector(app))

    def collect(self) -> Iterator[Metric]:
        for source in self.sources:
            yield from source.collect()


def record_request(response: Response) -> Response:
    started = g.get("request_started")
    route = request.url_rule.rule if request.url_rule is not None else "(no route)"
    REQUESTS.labels(request.method, route, str(response.status_code)).inc()
    if started is not None:
        REQUEST_SECONDS.labels(route).observe(time.perf_counter() - started)
    return response


def metrics_view():
    token = current_app.config.get("METRICS_TOKEN") or ""
    if not token:
        abort(404)
    offered = request.headers.get("Authorization", "")
    if not hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return Response("a bearer token is required\n", 401, {"WWW-Authenticate": "Bearer", "Cache-Control": "no-store"})
    body = generate_latest(_Scrape(current_app._get_current_object()))  # type: ignore[attr-defined]  # the proxy's documented way to reach the app
    return Response(body, 200, {"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    app.after_request(record_request)
    app.add_url_rule("/metrics", "metrics", metrics_view)
