"""The three documents a worker builds, each named by what it shows, so that the same request
from any web process names the same document (and so the same job).

- the respondent's recommendation PDF: by response, answers, instrument version, language, page
  size, scoring engine, anonymisation, catalogue and template versions;
- the admins' briefing PDF and spreadsheet: by instrument, language (and filters), and the state
  of the responses table (how many rows, the last change), so that new answers make a new one.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from forms.engine import ENGINE_VERSION
from forms.model import Instrument
from reports.pdf import TEMPLATE_VERSION, answers_digest  # imported with the app (before gunicorn forks), not in a request
from webapp.i18n import catalogue_version
from webapp.jobs.documents import Document
from webapp.jobs.store import ADMIN_OWNER, document_key, owner_of

RECOMMENDATION_SECONDS = 7 * 24 * 3600
ADMIN_DOCUMENT_SECONDS = 6 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def recommendation(current, language: str) -> Document:
    """The respondent's PDF (`current`: the questionnaire's loaded response)."""
    response = current.response
    page_size = current_app.config.get("PDF_PAGE_SIZE", "A4")
    parts = [
        response.reference, answers_digest(current.answers), response.instrument_version, language, page_size,
        ENGINE_VERSION, response.anonymised, catalogue_version(language), TEMPLATE_VERSION,
    ]
    params = {"reference": response.reference, "language": language, "page_size": page_size, "anonymised": response.anonymised}
    return Document(
        key=document_key(owner_of(response.reference), "recommendation", parts),
        kind="recommendation",
        params=params,
        filename=f"recommendation-{response.reference}-{language}.pdf",
        mimetype="application/pdf",
        ttl=RECOMMENDATION_SECONDS,
        description=_("Your recommendation (PDF)"),
    )


def responses_fingerprint() -> list:
    """How many responses there are and when the last one changed: any answer, deletion or
    anonymisation changes it."""
    from webapp.extensions import db
    from webapp.models import Response

    count, latest = db.session.execute(select(func.count(Response.id), func.max(Response.updated_at))).one()
    return [count, latest.isoformat() if latest else None]


def briefing(instrument: Instrument, language: str) -> Document:
    page_size = current_app.config.get("PDF_PAGE_SIZE", "A4")
    parts = [instrument.slug, instrument.version, language, page_size, catalogue_version(language), responses_fingerprint()]
    return Document(
        key=document_key(ADMIN_OWNER, "briefing", parts),
        kind="briefing",
        params={"instrument": instrument.slug, "language": language, "page_size": page_size},
        filename=f"briefing-{datetime.now(UTC):%Y%m%d}.pdf",
        mimetype="application/pdf",
        ttl=ADMIN_DOCUMENT_SECONDS,
        description=_("The consultation briefing (PDF)"),
    )


def spreadsheet(instrument: Instrument, filters, language: str) -> Document:
    parts = [instrument.slug, instrument.version, language, asdict(filters), responses_fingerprint()]
    return Document(
        key=document_key(ADMIN_OWNER, "spreadsheet", parts),
        kind="spreadsheet",
        params={"instrument": instrument.slug, "language": language, "filters": filters},
        filename=f"responses-{datetime.now(UTC):%Y%m%d-%H%M}.xlsx",
        mimetype=XLSX,
        ttl=ADMIN_DOCUMENT_SECONDS,
        description=_("The responses as a spreadsheet (.xlsx)"),
    )
