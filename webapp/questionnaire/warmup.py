"""Prepare what every step page reuses before the first respondent arrives.

Builds each step's form class, draws each choice question unanswered and with each option
chosen, and draws each step page for a new draft, in every language, so that a worker forked
after this serves its first step page (of a new or a resumed draft) about as fast as its
hundredth: the code each page runs has run, and a new draft's first page is kept as a skeleton.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, session

from webapp.instruments import registry
from webapp.questionnaire.forms import step_form_class
from webapp.questionnaire.fragments import choice_question_html
from webapp.questionnaire.loading import Current
from webapp.questionnaire.pages import step_page
from webapp.questionnaire.progress import Progress
from webapp.questionnaire.records import DRAFT, ResponseRecord


def warm_step_pages(app: Flask, every_choice: bool = True) -> int:
    """Returns how many choice questions were drawn (most are drawn again from the memo).

    Without `every_choice` (a worker after the fork, whose memo the master filled), only each
    page is drawn."""
    drawn = 0
    with app.app_context():
        instruments = list(registry().instruments.values())
    for language in app.config["LANGUAGES"]:
        for instrument in instruments:
            for step in instrument.steps:
                with app.test_request_context(f"/step/{step.id}"):
                    session["lang"] = language
                    if every_choice:
                        drawn += _draw_step(instrument, step, language)
                    _draw_page(instrument, step, language)
    return drawn


def _draw_page(instrument, step, language: str) -> None:  # type: ignore[no-untyped-def]
    """The step page as a new draft sees it (no database: the draft is made up)."""
    first = instrument.steps[0].id
    now = datetime.now(UTC)
    record = ResponseRecord(
        id=0, reference="WARM-UP", instrument_slug=instrument.slug, instrument_version=instrument.version,
        language=language, status=DRAFT, organisation=None, answers={}, current_step=first, revision=0,
        anonymised=False, created_at=now, updated_at=now, submitted_at=None,
    )
    current = Current(record, instrument, {}, Progress(instrument, {}, first), token="warm-up")
    form_class = step_form_class(instrument, step, language)
    step_page(current, step, make_form=lambda: form_class(saved_answers={}))


def _draw_step(instrument, step, language: str) -> int:  # type: ignore[no-untyped-def]
    """Draw the step's choice questions unanswered, then with each single option chosen."""
    form_class = step_form_class(instrument, step, language)
    choice_questions = [q for q in step.questions if q.is_choice]
    variants = [{}] + [{q.id: o.value} for q in choice_questions for o in q.options]
    for saved in variants:
        form = form_class(saved_answers=saved)
        for field in form.answer_fields(choice_questions):
            choice_question_html(field)
    return len(variants) * len(choice_questions)
