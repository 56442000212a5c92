"""Prepare what every step page reuses before the first respondent arrives.

Builds each step's form class, draws each choice question unanswered and with each option
chosen, and draws each step page as a new draft sees it and as a draft that reached the review
sees it (on each path the profile answers lead to), in every language. A worker forked after
this serves its first step page about as fast as its hundredth: the code each page runs has
run, and those pages are kept as skeletons.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from datetime import UTC, datetime

from flask import Flask, session

from forms.answers import walk_path
from forms.conditions import AnswerValue
from forms.model import Instrument
from webapp.instruments import registry
from webapp.questionnaire.forms import step_form_class
from webapp.questionnaire.fragments import choice_question_html
from webapp.questionnaire.loading import Current
from webapp.questionnaire.pages import step_page
from webapp.questionnaire.progress import REVIEW, Progress
from webapp.questionnaire.records import DRAFT, ResponseRecord


def warm_step_pages(app: Flask, every_choice: bool = True) -> int:
    """Returns how many choice questions were drawn (most are drawn again from the memo).

    Without `every_choice` (a worker after the fork, whose memo the master filled), only each
    page is drawn."""
    drawn = 0
    with app.app_context():
        instruments = list(registry().instruments.values())
    drafts = {id(i): [({}, i.steps[0].id)] + [(answers, REVIEW) for answers in profile_paths(i)] for i in instruments}
    for language in app.config["LANGUAGES"]:
        for instrument in instruments:
            for step in instrument.steps:
                with app.test_request_context(f"/step/{step.id}"):
                    session["lang"] = language
                    if every_choice:
                        drawn += _draw_step(instrument, step, language)
                    for answers, furthest in drafts[id(instrument)]:
                        _draw_page(instrument, step, language, answers, furthest)
    return drawn


def profile_paths(instrument: Instrument, limit: int = 1000) -> list[dict[str, AnswerValue]]:
    """Answers to the first step's single-choice questions, one set for each path through the
    instrument that they lead to (the steps some profiles skip), from the first `limit` combinations."""
    questions = [q for q in instrument.steps[0].questions if q.is_choice and q.type != "multiple"]
    paths: dict[tuple[str, ...], dict[str, AnswerValue]] = {}
    for values in itertools.islice(itertools.product(*[[o.value for o in q.options] for q in questions]), limit):
        answers = {q.id: value for q, value in zip(questions, values, strict=True)}
        paths.setdefault(tuple(step.id for step, _ in walk_path(instrument, answers)), answers)
    return list(paths.values())


def _draw_page(instrument: Instrument, step, language: str, answers: Mapping[str, AnswerValue], furthest: str) -> None:  # type: ignore[no-untyped-def]
    """The step page as a draft with `answers` that may open up to `furthest` sees it, if its path
    shows that step (no database: the draft is made up)."""
    progress = Progress(instrument, answers, furthest)
    if not progress.on_path(step.id):
        return
    now = datetime.now(UTC)
    record = ResponseRecord(
        id=0, reference="WARM-UP", instrument_slug=instrument.slug, instrument_version=instrument.version,
        language=language, status=DRAFT, organisation=None, answers=dict(answers), current_step=furthest, revision=0,
        anonymised=False, created_at=now, updated_at=now, submitted_at=None,
    )
    current = Current(record, instrument, dict(answers), progress, token="warm-up")
    form_class = step_form_class(instrument, step, language)
    step_page(current, step, make_form=lambda: form_class(saved_answers=answers))


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
