"""The four service pages: plain pages rendered from the organisers' details."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import format_date

from webapp.i18n import current_language
from webapp.service_pages import blueprint
from webapp.service_pages.details import service_details

PAGES = ("contact", "privacy", "accessibility", "feedback")


def _render(page: str) -> str:
    details = service_details(current_app.config, current_language())
    reviewed_on = format_date(details.reviewed, "long") if details.reviewed else None
    return render_template(f"service/{page}.html", details=details, reviewed_on=reviewed_on)


@blueprint.get("/contact")
def contact() -> str:
    return _render("contact")


@blueprint.get("/privacy")
def privacy() -> str:
    return _render("privacy")


@blueprint.get("/accessibility")
def accessibility() -> str:
    return _render("accessibility")


@blueprint.get("/feedback")
def feedback() -> str:
    return _render("feedback")
