"""How many documents jobs wait, run and failed: for the metrics and the deploy notes."""

from __future__ import annotations

from flask import Flask
from rq.registry import FailedJobRegistry, StartedJobRegistry

from webapp.jobs.connection import job_queue


def queue_depths(app: Flask) -> dict[str, int]:
    queue = job_queue(app)
    return {
        "queued": len(queue),
        "started": StartedJobRegistry(queue=queue).count,
        "failed": FailedJobRegistry(queue=queue).count,
    }
