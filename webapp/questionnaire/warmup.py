"""Prepare what every step page reuses before the first respondent arrives.

Builds each step's form class and draws each choice question unanswered, in every language, so
that a worker forked after this serves its first step page as fast as its hundredth.
"""

from __future__ import annotations

from flask import Flask, session

from webapp.instruments import registry
from webapp.questionnaire.forms import step_form_class
from webapp.questionnaire.fragments import choice_question_html


def warm_step_pages(app: Flask) -> int:
    """Returns how many choice questions were drawn."""
    drawn = 0
    for language in app.config["LANGUAGES"]:
        with app.test_request_context("/"):
            session["lang"] = language
            for instrument in registry().instruments.values():
                for step in instrument.steps:
                    form = step_form_class(instrument, step, language)(meta={"csrf": False}, saved_answers={})
                    for field in form.answer_fields():
                        if field.question.is_choice:
                            choice_question_html(field)
                            drawn += 1
    return drawn
