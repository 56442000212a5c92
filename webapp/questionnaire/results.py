"""A submitted response's result for the web page and the PDF: one context, from `reports.context`.

The result is scored again from the stored answers with the instrument version they were given
on (the engine is deterministic, so it is the result that was stored); the web page and the PDF
are both built from `build_report_context`, so they show the same content.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask import current_app
from flask_babel import gettext

from forms.engine import ENGINE_VERSION, score_clean
from forms.i18n import text_for
from forms.result import Result
from reports.context import ReportMeta, build_report_context
from webapp.cache import cache, response_key
from webapp.i18n import catalogue_version
from webapp.questionnaire.loading import Current

PDF_CACHE_SECONDS = 7 * 24 * 3600


def same_version(current: Current) -> bool:
    """The result can be rebuilt only on the instrument version it was answered on."""
    return current.response.instrument_version == current.instrument.version


def scored(current: Current) -> Result:
    return score_clean(current.instrument, current.answers)


def option_label(current: Current, question_id: str, language: str) -> str:
    value = current.answers.get(question_id)
    question = current.instrument.questions.get(question_id)
    option = question.option(value) if question is not None and value is not None else None  # type: ignore[arg-type]
    return text_for(option.label, language) if option is not None else ""


def report_meta(current: Current, language: str) -> ReportMeta:
    response = current.response
    moment = response.submitted_at or response.created_at
    if moment.tzinfo is None:  # SQLite returns naive UTC datetimes
        moment = moment.replace(tzinfo=UTC)
    return ReportMeta(
        reference=response.reference,
        created_at=moment,
        issue_label=option_label(current, "issue", language),
        group_label=option_label(current, "stakeholder_group", language),
        organisation=None if response.anonymised else response.organisation,
        language=language,
    )


def report_context(current: Current, language: str, result: Result | None = None) -> dict[str, Any]:
    """What `questionnaire/_result_body.html` (and the PDF) shows."""
    result = result or scored(current)
    return build_report_context(current.instrument, result, report_meta(current, language), language, gettext)


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
        meta = report_meta(current, language)
        pdf = render_recommendation_pdf(current.instrument, scored(current), meta, language, page_size, gettext)
        store.set(key, pdf, current_app.config.get("PDF_CACHE_SECONDS", PDF_CACHE_SECONDS))
    return pdf
