"""Questionnaire views (placeholder start page; the flow is built in this package)."""

from flask import render_template

from webapp.instruments import registry
from webapp.questionnaire import blueprint


@blueprint.get("/")
def start():  # type: ignore[no-untyped-def]
    return render_template("questionnaire/start.html", instrument=registry().default)
