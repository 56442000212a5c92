"""A queued document as an HTTP answer: the file when it is ready, else a page that says where it
stands, with a plain "check again" link (no JavaScript needed) that static/documents.js turns into
a live status; a failed document offers a retry (a POST to the same address).
"""

from __future__ import annotations

import io
import logging

from flask import jsonify, redirect, render_template, request, send_file
from flask_babel import gettext as _
from redis.exceptions import RedisError

from webapp.jobs.documents import Document, State, prepare, retry, state_of

log = logging.getLogger(__name__)
STATUS_CODES = {"preparing": 202, "failed": 500, "missing": 404}


def deliver(document: Document, layout: str, back_url: str | None = None):
    """GET: the document, or its state (its job started if need be); POST: retry a failed job."""
    try:
        if request.method == "POST":
            retry(document.key)
            return redirect(request.full_path.rstrip("?"), code=303)
        state = prepare(document)
    except RedisError as error:
        return _queue_unavailable(error, layout)
    return answer(state, document.filename, document.mimetype, layout, back_url, document.description)


def deliver_by_key(key: str, layout: str, back_url: str | None = None):
    """The same for a document known only by its key (admin exports): never started again here."""
    try:
        if request.method == "POST":
            retry(key)
            return redirect(request.full_path.rstrip("?"), code=303)
        state = state_of(key)
    except RedisError as error:
        return _queue_unavailable(error, layout)
    meta = state.meta
    return answer(state, meta.get("filename", "document"), meta.get("mimetype", "application/octet-stream"), layout, back_url, meta.get("description", ""))


def answer(state: State, filename: str, mimetype: str, layout: str, back_url: str | None, description: str):
    wants_json = request.accept_mimetypes.best == "application/json"
    if state.name == "ready" and not wants_json:
        response = send_file(io.BytesIO(state.data or b""), mimetype=mimetype, as_attachment=True, download_name=filename)
        response.headers["Cache-Control"] = "private, no-store"
        return response
    status = STATUS_CODES.get(state.name, 200)  # "ready", as JSON: 200
    if wants_json:
        done, total = state.progress or (None, None)
        return jsonify(state=state.name, done=done, total=total), status
    page = render_template("jobs/document.html", layout=layout, state=state, description=description, back_url=back_url)
    return page, status, {"Cache-Control": "no-store"}


def _queue_unavailable(error: Exception, layout: str):
    log.error("the job queue is unavailable: %s", error)
    page = render_template(
        "error.html",
        title=_("Sorry, the service is unavailable"),
        message=_("Your document cannot be prepared at the moment. Please try again in a few minutes."),
        status=503,
    )
    return page, 503, {"Retry-After": "30"}
