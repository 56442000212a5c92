"""The jobs a worker runs: build one document, in its language, and store it under its key.

`build_document` is what RQ calls (by name: webapp.jobs.tasks.build_document). It runs inside the
worker's app (`flask worker` sets it; `rq worker` builds one from the environment), in a request
context of the document's language, with the request id of the request that asked for it. It
returns how long the build took, never the document (that goes to the cache, not to RQ's results).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app
from rq import get_current_job

from webapp.jobs import store
from webapp.logging_setup import bind_request_id, unbind_request_id

log = logging.getLogger(__name__)
PROGRESS_EVERY = 1000
_app: Flask | None = None


class DocumentUnavailable(RuntimeError):
    """What the document is built from is gone (deleted) or can no longer be built (instrument changed)."""


def use_app(app: Flask | None) -> None:
    """The app whose configuration and database the jobs of this process use."""
    global _app
    _app = app


def worker_app() -> Flask:
    global _app
    if _app is None:
        from webapp import create_app

        _app = create_app()
    return _app


def build_document(kind: str, key: str, params: dict[str, Any], ttl: int) -> dict[str, Any]:
    job = get_current_job()
    token = bind_request_id(job.meta.get("request_id") if job is not None else None)
    app = worker_app()
    try:
        with app.test_request_context("/", headers={"Accept-Language": params.get("language", "en")}):
            started = time.perf_counter()
            data = BUILDERS[kind](params)
            seconds = time.perf_counter() - started
            store.save(key, data, ttl)
        log.info("built %s %s (%d bytes) in %.2f s", kind, key, len(data), seconds)
        return {"render_seconds": seconds, "bytes": len(data)}
    finally:
        unbind_request_id(token)


def _recommendation(params: dict[str, Any]) -> bytes:
    from webapp.admin import detail
    from webapp.admin.queries import response_by_reference

    response = response_by_reference(params["reference"])
    if response is None or response.anonymised != params["anonymised"]:
        raise DocumentUnavailable(f"response {params['reference']} was deleted or anonymised since the PDF was asked for")
    pdf = detail.response_pdf(response, params["language"], params["page_size"])
    if pdf is None:
        raise DocumentUnavailable(f"response {params['reference']} cannot be scored on the instrument the app has now")
    return pdf


def _briefing(params: dict[str, Any]) -> bytes:
    from flask_babel import gettext

    from reports.briefing import render_briefing_pdf
    from webapp.admin import pages
    from webapp.i18n import organisation_name

    instrument = _instrument(params["instrument"])
    briefing = pages.briefing(instrument, params["language"], organisation_name())
    return render_briefing_pdf(briefing, gettext, params["page_size"])


def _spreadsheet(params: dict[str, Any]) -> bytes:
    from webapp.admin import exports, queries

    instrument = _instrument(params["instrument"])
    filters = params["filters"]
    total = queries.response_count(filters)
    report = _progress_reporter(total)
    report(0)
    with exports.xlsx_file(instrument, filters, progress=report) as output:
        data = output.read()
    report(total)
    return data


def _progress_reporter(total: int) -> Callable[[int], None]:
    """Saves (done, total) in the job's meta for the page that waits on it."""
    job = get_current_job()

    def report(done: int) -> None:
        if job is not None:
            job.meta["progress"] = [done, total]
            job.save_meta()

    return report


def _instrument(slug: str):
    from webapp.instruments import registry

    instrument = registry().get(slug)
    if instrument is None:
        raise DocumentUnavailable(f"no instrument {slug} in {current_app.name}")
    return instrument


BUILDERS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "recommendation": _recommendation,
    "briefing": _briefing,
    "spreadsheet": _spreadsheet,
}
