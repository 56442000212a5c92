"""A document to prepare in a worker: its identity (the job id, which is also its cache key), what
builds it, and where it stands (ready, being prepared, failed, or not started).

A job is enqueued under its document's key with `unique=True`, so two requests for the same
document, from any web process, make one job; a finished document is served from the cache, and
only a document that is neither cached nor queued is built again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from webapp.jobs import store
from webapp.jobs.connection import job_queue, redis_connection
from webapp.logging_setup import current_request_id

log = logging.getLogger(__name__)
TASK = "webapp.jobs.tasks.build_document"
FINISHED_JOB_SECONDS = 300  # the document outlives its job: it is in the cache
FAILED_JOB_SECONDS = 24 * 3600
WAITING = (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED, JobStatus.CREATED)


@dataclass(frozen=True)
class Document:
    """One document: `kind` names its builder (webapp/jobs/tasks.py), `params` what it takes."""

    key: str
    kind: str
    params: dict[str, Any]
    filename: str
    mimetype: str
    ttl: int
    description: str = ""


@dataclass
class State:
    """Where a document stands: "ready" (with `data`), "preparing", "failed" or "missing"."""

    name: str
    data: bytes | None = None
    progress: tuple[int, int] | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _job_meta(document: Document) -> dict[str, Any]:
    return {
        "request_id": current_request_id(),
        "filename": document.filename,
        "mimetype": document.mimetype,
        "kind": document.kind,
        "description": document.description,
    }


def enqueue(document: Document) -> Job:
    """The document's job: the one already queued, or a new one (never two for one key)."""
    queue = job_queue()
    try:
        return queue.enqueue_call(
            TASK,
            kwargs={"kind": document.kind, "key": document.key, "params": document.params, "ttl": document.ttl},
            job_id=document.key,
            unique=True,
            timeout=current_app.config.get("JOB_TIMEOUT", 600),
            result_ttl=FINISHED_JOB_SECONDS,
            failure_ttl=FAILED_JOB_SECONDS,
            meta=_job_meta(document),
            description=f"{document.kind} {document.key}",
        )
    except DuplicateJobError:
        return Job.fetch(document.key, connection=redis_connection())


def fetch_job(key: str) -> Job | None:
    try:
        return Job.fetch(key, connection=redis_connection())
    except NoSuchJobError:
        return None


def state_of(key: str) -> State:
    """The document's state: from its job while that waits or runs (one Redis read, what a page
    that polls costs), else from the cache."""
    job = fetch_job(key)
    meta = job.get_meta(refresh=False) if job is not None else {}
    status = job.get_status(refresh=False) if job is not None else None
    if status in WAITING:
        progress = meta.get("progress")
        return State("preparing", progress=tuple(progress) if progress else None, meta=meta)
    data = store.load(key)
    if data is not None:
        return State("ready", data=data, meta=meta)
    if job is None:
        return State("missing")
    if status == JobStatus.FINISHED:  # finished, but the document has since expired or been erased
        return State("missing", meta=meta)
    return State("failed", meta=meta)


def prepare(document: Document) -> State:
    """The document if ready; else its job, started now if it was neither queued nor running."""
    state = state_of(document.key)
    if state.name != "missing":
        return state
    stale = fetch_job(document.key)
    if stale is not None:  # a finished job whose document is gone: build it again under the same id
        stale.delete()
    enqueue(document)
    return state_of(document.key)


def retry(key: str) -> bool:
    """Put a failed job back on the queue (same id); False when it is not a failed job."""
    job = fetch_job(key)
    if job is None or job.get_status() not in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return False
    job.meta.pop("progress", None)
    job.save_meta()
    job.requeue()
    log.info("document job %s retried", key)
    return True
