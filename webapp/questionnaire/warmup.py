"""Prepare what every step page reuses before the first respondent arrives.

Builds each step's form class and draws each choice question unanswered and with each option
chosen, in every language, so that a worker forked after this serves its first step page (of a
new or a resumed draft) about as fast as its hundredth.
"""

from __future__ import annotations

from flask import Flask, session

from webapp.instruments import registry
from webapp.questionnaire.forms import step_form_class
from webapp.questionnaire.fragments import choice_question_html


def warm_step_pages(app: Flask) -> int:
    """Returns how many choice questions were drawn (most are drawn again from the memo)."""
    drawn = 0
    for language in app.config["LANGUAGES"]:
        with app.test_request_context("/"):
            session["lang"] = language
            for instrument in registry().instruments.values():
                for step in instrument.steps:
                    drawn += _draw_step(instrument, step, language)
    return drawn


def _draw_step(instrument, step, language: str) -> int:  # type: ignore[no-untyped-def]
    """Draw the step's choice questions unanswered, then with each single option chosen."""
    form_class = step_form_class(instrument, step, language)
    choice_questions = [q for q in step.questions if q.is_choice]
    variants = [{}] + [{q.id: o.value} for q in choice_questions for o in q.options]
    for saved in variants:
        form = form_class(meta={"csrf": False}, saved_answers=saved)
        for field in form.answer_fields(choice_questions):
            choice_question_html(field)
    return len(variants) * len(choice_questions)
