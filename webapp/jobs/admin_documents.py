"""The admins' queued documents (briefing, spreadsheet): started from their export links, then
followed at /admin/documents/<key> (behind the admin area's sign-in, like every admin page)."""

from __future__ import annotations

from flask import abort, redirect, url_for
from redis.exceptions import RedisError

from webapp.admin import blueprint
from webapp.jobs.connection import queue_configured
from webapp.jobs.delivery import deliver, deliver_by_key
from webapp.jobs.documents import Document, prepare
from webapp.jobs.store import ADMIN_OWNER

LAYOUT = "admin/_layout.html"


def queued(document: Document):
    """The document if a worker has it ready, else its page (its job started if need be)."""
    try:
        state = prepare(document)
    except RedisError:
        return deliver(document, LAYOUT)  # which says that the queue is unavailable
    if state.name == "ready":
        return deliver(document, LAYOUT)
    return redirect(url_for("admin.document", key=document.key), code=303)


@blueprint.route("/documents/<key>", methods=["GET", "POST"])
def document(key: str):
    if not key.startswith(f"doc-{ADMIN_OWNER}-") or not queue_configured():
        abort(404)
    return deliver_by_key(key, LAYOUT, url_for("admin.responses"))
