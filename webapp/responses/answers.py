"""A response's answers as the engine knows them, on the instrument the app has now."""

from __future__ import annotations

from collections.abc import Mapping

from forms.answers import AnswersError, clean_value, on_path
from forms.conditions import AnswerValue
from forms.model import Instrument
from webapp.responses.model import Response


def stored_answers(raw: Mapping | None) -> dict[str, AnswerValue]:
    """Answers as the engine knows them: JSON lists back to tuples (multiple choices)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (raw or {}).items()}


def answers_for(response: Response, instrument: Instrument) -> dict[str, AnswerValue]:
    """A response's answers; when they were given on another instrument version, only those that still fit."""
    answers = stored_answers(response.answers)
    if response.instrument_version == instrument.version:
        return answers
    kept = {}
    for question_id, value in answers.items():
        question = instrument.questions.get(question_id)
        if question is None:
            continue
        try:
            clean = clean_value(question, value)
        except AnswersError:
            continue
        if clean is not None:
            kept[question_id] = clean
    return on_path(instrument, kept)


def profile_columns(answers: Mapping[str, AnswerValue]) -> dict[str, object]:
    """The profile answers kept in columns of their own, for the admin's filters and aggregates."""
    organisation = answers.get("organisation")
    return {
        "issue": answers.get("issue"),
        "stakeholder_group": answers.get("stakeholder_group"),
        "organisation": organisation[:200] if isinstance(organisation, str) else None,
    }
