"""The questionnaire's step forms, built from the instrument by `forms.form_builder`.

CSRFProtect checks every POST before any view runs, so the forms do not check the token a second
time (and the start and submit buttons need no form class at all). A step's form class is built
once per instrument, step and language: instruments do not change once loaded.
"""

from __future__ import annotations

from functools import lru_cache

from flask_babel import gettext
from flask_wtf import FlaskForm

from forms.conditions import AnswerValue
from forms.form_builder import StepFormMixin, build_step_form
from forms.model import Instrument, InstrumentKey, Step


class StepFormBase(FlaskForm):
    class Meta:
        csrf = False  # checked by CSRFProtect for the whole app


@lru_cache(maxsize=256)
def step_form_class(key: InstrumentKey, step_id: str, language: str) -> type:
    """The form class of one step in one language (`gettext` translates its messages per request)."""
    instrument = key.instrument
    return build_step_form(instrument, instrument.step(step_id), language, gettext, StepFormBase)


def step_form(instrument: Instrument, step: Step, language: str, saved_answers: dict[str, AnswerValue], require: bool) -> StepFormMixin:
    """The step's form holding the saved answers and, on a POST, what was posted.

    `require` is False for "save and come back later": values are checked, missing answers are not.
    """
    form_class = step_form_class(InstrumentKey(instrument), step.id, language)
    form: StepFormMixin = form_class(saved_answers=saved_answers, require=require)
    return form
