"""A submitted response's result for the web page and the PDF: one context, from `reports.context`.

The result is scored again from the stored answers with the instrument version they were given
on (the engine is deterministic, so it is the result that was stored); the web page and the PDF
are both built from `build_report_context`, so they show the same content.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext

from forms.engine import ENGINE_VERSION, score_clean
from forms.result import Result
from reports.context import build_report_context
from webapp.cache import cache, response_key
from webapp.i18n import catalogue_version
from webapp.questionnaire.loading import Current
from webapp.responses.report import report_meta

PDF_CACHE_SECONDS = 7 * 24 * 3600


def same_version(current: Current) -> bool:
    """The result can be rebuilt only on the instrument version it was answered on."""
    return current.response.instrument_version == current.instrument.version


def scored(current: Current) -> Result:
    return score_clean(current.instrument, current.answers)


def report_context(current: Current, language: str, result: Result | None = None) -> dict[str, Any]:
    """What `questionnaire/_result_body.html` (and the PDF) shows."""
    result = result or scored(current)
    return build_report_context(current.instrument, result, report_meta(current.response, current.instrument, language), language, gettext)


def recommendation_pdf(current: Current, language: str) -> bytes:
    """The PDF, from the shared cache when this exact document was rendered before."""
    from reports.pdf import answers_digest, cache_key, render_recommendation_pdf

    page_size = current_app.config.get("PDF_PAGE_SIZE", "A4")
    key = response_key(current.response.reference, cache_key(
        current.response.reference,
        answers_digest(current.answers),
        current.response.instrument_version,
        language,
        page_size,
        salt=f"engine {ENGINE_VERSION}; anonymised {current.response.anonymised}; catalogue {catalogue_version(language)}",
    ))  # tied to the response: erasing it drops its PDFs
    store = cache()
    pdf = store.get(key)
    if pdf is None:
        meta = report_meta(current.response, current.instrument, language)
        pdf = render_recommendation_pdf(current.instrument, scored(current), meta, language, page_size, gettext)
        store.set(key, pdf, current_app.config.get("PDF_CACHE_SECONDS", PDF_CACHE_SECONDS))
    return pdf
