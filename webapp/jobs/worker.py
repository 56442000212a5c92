"""`flask worker`: an RQ worker on the documents queue, with the app's settings, and its metrics.

Each job runs in a fresh fork of the worker (RQ's default), so whatever memory a render leaves
behind goes back to the system when the job ends; the app, its instruments and templates are
loaded once, before the fork. The worker itself times each job and its render
(webapp/metrics.py); the forked child records nothing, so no metrics file is written per job.
"""

from __future__ import annotations

import logging
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import SimpleWorker, Worker
from rq.job import Job, JobStatus
from rq.worker import BaseWorker

from webapp import metrics
from webapp.jobs import tasks
from webapp.jobs.connection import job_queue, queue_configured, redis_connection

log = logging.getLogger(__name__)


class MeteredJobs:
    """Times every job it executes, by the kind of document and its outcome."""

    def execute_job(self, job: Job, queue) -> None:
        started = time.perf_counter()
        try:
            super().execute_job(job, queue)  # type: ignore[misc]  # mixed into an rq worker class, whose execute_job it wraps
        finally:
            record_job(job, time.perf_counter() - started)


def record_job(job: Job, seconds: float) -> None:
    kind = (job.kwargs or {}).get("kind", "other")
    try:
        status = job.get_status()
        outcome = "finished" if status == JobStatus.FINISHED else str(status.value if status else "gone")
        metrics.JOB_SECONDS.labels(kind, outcome).observe(seconds)
        if status == JobStatus.FINISHED:
            result = job.return_value() or {}
            if "render_seconds" in result:
                metrics.RENDER_SECONDS.labels(kind, "worker").observe(result["render_seconds"])
    except Exception as error:  # noqa: BLE001 - a metric is never worth a failed worker
        log.warning("could not record job %s: %s", job.id, error)


class DocumentWorker(MeteredJobs, Worker):
    """A job in a fork of its own (production)."""


class InProcessDocumentWorker(MeteredJobs, SimpleWorker):
    """A job in the worker's own process (tests, or a platform without fork)."""


def document_worker(app, simple: bool = False) -> BaseWorker:
    tasks.use_app(app)
    worker_class: type[BaseWorker] = InProcessDocumentWorker if simple else DocumentWorker
    return worker_class([job_queue(app)], connection=redis_connection(app))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Work until the queue is empty, then stop.")
@click.option("--in-process", "simple", is_flag=True, help="Run jobs in this process instead of a fork per job.")
@click.option("--metrics-port", type=int, default=None, help="Serve this worker's metrics on this port (when not summed with the web's).")
@with_appcontext
def worker_command(burst: bool, simple: bool, metrics_port: int | None) -> None:
    """Run a worker that renders PDFs and builds spreadsheets (needs REDIS_URL and JOB_QUEUE=rq)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's documented way to reach the app
    if not queue_configured(app):
        raise click.ClickException("No job queue: set REDIS_URL (and leave JOB_QUEUE unset or 'rq').")
    if metrics_port is not None:
        from prometheus_client import start_http_server

        start_http_server(metrics_port, addr="127.0.0.1")
    warm_up()
    document_worker(app, simple).work(burst=burst, logging_level=app.config.get("LOG_LEVEL", "INFO"))


def warm_up() -> None:
    """Load WeasyPrint, Pango and the report fonts once, before the first fork, so no job pays for them."""
    try:
        from reports.fetcher import PackageFetcher
        from reports.pdf import html_to_pdf

        html_to_pdf('<html lang="en"><title>warm-up</title><p style="font-family: sans-serif">warm-up</p></html>', PackageFetcher())
    except Exception as error:  # noqa: BLE001 - a cold first job is slower, not wrong
        log.warning("warming up the PDF renderer failed: %s", error)
