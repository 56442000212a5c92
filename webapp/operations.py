"""What running the app on several servers needs: probes, request logs, metrics, the job queue."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from webapp import health, logging_setup, metrics
    from webapp.jobs.store import watch_erasures
    from webapp.jobs.worker import worker_command

    logging_setup.init_app(app)
    metrics.init_app(app)
    health.init_app(app)
    watch_erasures()
    app.cli.add_command(worker_command)
