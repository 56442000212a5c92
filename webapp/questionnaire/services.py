"""The writes of the questionnaire: start a response, save a step, submit.

Every write is one guarded UPDATE whose row count decides: a save applies only to a draft at the
revision it was based on (else it is merged again on the fresh row), and a submission only to a
draft, so a double submit stores one response. No row locks: the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError

from forms.answers import AnswersError, clean_answers, clean_value, on_path, path_and_answers
from forms.conditions import AnswerValue
from forms.engine import score_clean
from forms.model import Instrument, Step
from webapp.extensions import db
from webapp.models import Response, ResponseStatus
from webapp.models.responses import utcnow
from webapp.questionnaire.progress import REVIEW, Progress
from webapp.questionnaire.records import DRAFT, ResponseRecord, record_by_id, save_draft, submit_draft
from webapp.questionnaire.tokens import hash_token, new_reference, new_token
from webapp.responses.scoring import criterion_rows, result_columns

SUBMITTED = ResponseStatus.SUBMITTED.value
SAVE_ATTEMPTS = 5


class ResponseLocked(Exception):
    """The response was submitted (in another tab, say): it can no longer change."""


def stored_answers(raw: Mapping | None) -> dict[str, AnswerValue]:
    """Answers as the engine knows them: JSON lists back to tuples (multiple choices)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (raw or {}).items()}


def answers_for(response: ResponseRecord, instrument: Instrument) -> dict[str, AnswerValue]:
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


def start_response(instrument: Instrument, language: str) -> tuple[Response, str]:
    """A new draft with a fresh private token; returns it and the token (never stored)."""
    for _ in range(5):
        token = new_token()
        response = Response(
            reference=new_reference(),
            token_hash=hash_token(token),
            instrument_slug=instrument.slug,
            instrument_version=instrument.version,
            language=language,
            status=DRAFT,
            answers={},
            current_step=instrument.steps[0].id,
        )
        db.session.add(response)
        try:
            db.session.commit()
        except IntegrityError:  # a reference already taken: draw again
            db.session.rollback()
            continue
        return response, token
    raise RuntimeError("could not draw a unique reference")


def _profile(answers: Mapping[str, AnswerValue]) -> dict:
    organisation = answers.get("organisation")
    return {
        "issue": answers.get("issue"),
        "stakeholder_group": answers.get("stakeholder_group"),
        "organisation": organisation[:200] if isinstance(organisation, str) else None,
    }


def save_step(
    response: ResponseRecord, instrument: Instrument, step: Step, step_answers: Mapping[str, AnswerValue], language: str, advance: bool
) -> Progress:
    """Replace one step's answers, drop those that leave the path; returns where the response now stands.

    `advance` (a completed step) moves the furthest step reached on. Raises ResponseLocked when
    the response was submitted meanwhile.
    """
    step_ids = {q.id for q in step.questions}
    for _ in range(SAVE_ATTEMPTS):
        merged = {k: v for k, v in answers_for(response, instrument).items() if k not in step_ids}
        merged.update(step_answers)
        path, kept = path_and_answers(instrument, merged)
        progress = Progress(instrument, kept, response.current_step, path)
        furthest = progress.advanced(step.id) if advance else progress.furthest
        values = {
            "answers": kept,
            "current_step": furthest,
            "language": language,
            "instrument_version": instrument.version,
            "updated_at": utcnow(),
            **_profile(kept),
        }
        if save_draft(response, values):
            return progress.reaching(furthest)
        response = _reload(response)
    raise RuntimeError("the response kept changing while it was saved")


def _reload(response: ResponseRecord) -> ResponseRecord:
    fresh = record_by_id(response.id)
    if fresh is None or fresh.status != DRAFT:
        raise ResponseLocked(response.reference)
    return fresh


def submit_response(response: ResponseRecord, instrument: Instrument, language: str) -> bool:
    """Score the saved answers and store the result once: True if this call submitted it.

    Raises AnswersError when a required answer is missing. A second call (double click, second
    tab) finds the row no longer a draft and changes nothing.
    """
    for _ in range(SAVE_ATTEMPTS):
        if response.status != DRAFT:
            return False
        answers = clean_answers(instrument, answers_for(response, instrument), require_complete=True)
        result = score_clean(instrument, answers)
        now = utcnow()
        values = {
            "status": SUBMITTED,
            "submitted_at": now,
            "updated_at": now,
            "answers": answers,
            "current_step": REVIEW,
            "language": language,
            "instrument_version": instrument.version,
            **_profile(answers),
            **result_columns(result),
        }
        if submit_draft(response, values, criterion_rows(result)):
            return True
        try:
            response = _reload(response)
        except ResponseLocked:
            return False
    raise RuntimeError("the response kept changing while it was submitted")
