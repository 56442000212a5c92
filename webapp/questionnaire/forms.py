"""The questionnaire's step forms, built from the instrument by `forms.form_builder`.

CSRFProtect checks every POST before any view runs, so the forms do not check the token a second
time (and the start and submit buttons need no form class at all).
"""

from __future__ import annotations

from flask_babel import gettext
from flask_wtf import FlaskForm

from forms.conditions import AnswerValue
from forms.form_builder import StepFormMixin, build_step_form
from forms.model import Instrument, Step


class StepFormBase(FlaskForm):
    class Meta:
        csrf = False  # checked by CSRFProtect for the whole app


def step_form(instrument: Instrument, step: Step, language: str, saved_answers: dict[str, AnswerValue], require: bool) -> StepFormMixin:
    """The step's form holding the saved answers and, on a POST, what was posted.

    `require` is False for "save and come back later": values are checked, missing answers are not.
    """
    form_class = build_step_form(instrument, step, language, gettext, StepFormBase)
    form: StepFormMixin = form_class(saved_answers=saved_answers, require=require)
    return form
