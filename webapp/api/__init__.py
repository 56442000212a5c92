"""The JSON API other tools rely on: instruments, stateless scoring, and its OpenAPI document."""

from flask import Blueprint

blueprint = Blueprint("api", __name__)

from webapp.api import views  # noqa: E402,F401
