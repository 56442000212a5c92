"""Error pages: a plain explanation and a way on, never a trace; the database down gives 503."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from webapp.extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _page(status: int, title: str, message: str):
    if _wants_json():
        return jsonify({"error": title, "message": message}), status
    return render_template("error.html", title=title, message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        return _page(
            400,
            _("Your form could not be accepted"),
            _("The page was open too long or was sent from somewhere else. Nothing you saved before was changed. Go back, reload the page and try again."),
        )

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(error: Exception):
        app.logger.error("database unavailable: %s", error)
        db.session.rollback()
        body, status = _page(
            503,
            _("Sorry, the service is unavailable"),
            _("Please try again shortly. Everything you saved before is safe; the last page you sent may need to be sent again."),
        )
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            403: (_("You cannot do this"), _("Your account does not allow this action. Ask an administrator if you need it.")),
            404: (_("Page not found"), _("The address may be mistyped, or the page may have moved.")),
            405: (_("This action is not allowed here"), _("Go back and use the buttons on the page.")),
            413: (_("What you sent is too large"), _("Shorten your answers and try again. Nothing you saved before was changed.")),
            429: (_("Too many requests"), _("Wait a few minutes and try again. Nothing you saved before was changed.")),
        }
        title, message = messages.get(error.code or 500, (error.name, _("Go back and try again.")))
        body, status = _page(error.code or 500, title, message)
        # The exception's own headers (Allow on a 405, Retry-After on a 429) stay; the body is ours.
        headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
        return body, status, headers
