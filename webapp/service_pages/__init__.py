"""Service pages every public service owes its users: contact, privacy, accessibility, feedback."""

from flask import Blueprint

blueprint = Blueprint("service", __name__)

from webapp.service_pages import views  # noqa: E402,F401
