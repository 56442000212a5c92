"""What a response's report (web result page or PDF) says about the response itself."""

from __future__ import annotations

from forms.i18n import text_for
from forms.model import Instrument
from reports.context import ReportMeta
from webapp.responses.model import Response


def option_label(instrument: Instrument, question_id: str, value: str | int | None, language: str) -> str:
    """The label of the option `value` of a question, in `language`; empty when there is none."""
    question = instrument.questions.get(question_id)
    option = question.option(value) if question is not None and value is not None else None
    return text_for(option.label, language) if option is not None else ""


def report_meta(response: Response, instrument: Instrument, language: str) -> ReportMeta:
    """Reference, date, profile labels and (unless anonymised) organisation of the response."""
    return ReportMeta(
        reference=response.reference,
        created_at=response.submitted_at or response.created_at,
        issue_label=option_label(instrument, "issue", response.issue, language),
        group_label=option_label(instrument, "stakeholder_group", response.stakeholder_group, language),
        organisation=None if response.anonymised else response.organisation,
        language=language,
    )
