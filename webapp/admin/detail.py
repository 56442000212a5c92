"""One response as its respondent saw it: the report context rebuilt from the stored answers, and its PDF.

The result is re-scored from the stored answers only on the instrument version they were given
on (the engine is deterministic, so the figures are those of the submission); otherwise the page
shows the stored result's headline figures only. The PDF comes from `reports.pdf`.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext

from forms.answers import AnswersError, clean_answers, walk_path
from forms.engine import score_clean
from forms.i18n import text_for
from forms.model import Instrument
from forms.result import Result
from reports.context import build_report_context
from webapp.instruments import registry
from webapp.models import Response
from webapp.questionnaire.summary import answer_text
from webapp.responses.answers import answers_for
from webapp.responses.report import report_meta


def instrument_of(response: Response) -> Instrument | None:
    """The instrument the response was answered on, when the app still has that version."""
    return registry().version(response.instrument_slug, response.instrument_version)


def rescored(response: Response) -> tuple[Instrument, Result] | None:
    instrument = instrument_of(response)
    if instrument is None or not response.is_submitted:
        return None
    try:
        answers = clean_answers(instrument, dict(response.answers or {}), require_complete=False)
    except AnswersError:
        return None
    return instrument, score_clean(instrument, answers)


def report_context(response: Response, language: str) -> dict[str, Any] | None:
    """The same context the respondent's result page and PDF are built from (None for a draft)."""
    scored = rescored(response)
    if scored is None:
        return None
    instrument, result = scored
    return build_report_context(instrument, result, report_meta(response, instrument, language), language, gettext)


def response_pdf(response: Response, language: str, page_size: str = "A4") -> bytes | None:
    """The respondent's PDF, laid out by reports/ from the same result (None for a draft)."""
    from reports.pdf import render_recommendation_pdf

    scored = rescored(response)
    if scored is None:
        return None
    instrument, result = scored
    return render_recommendation_pdf(
        instrument, result, report_meta(response, instrument, language), language, page_size, gettext
    )


def draft_rows(response: Response, language: str) -> list[dict[str, Any]]:
    """A draft's saved answers on its path, as summary-list rows (question, answer)."""
    instrument = registry().answered_on(response.instrument_slug, response.instrument_version)
    if instrument is None or response.is_submitted:
        return []
    answers = answers_for(response, instrument)
    return [
        {"label": text_for(q.label, language), "answer": answer_text(q, answers.get(q.id), language), "multiline": q.type == "textarea"}
        for _, questions in walk_path(instrument, answers)
        for q in questions
    ]
