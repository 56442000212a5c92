"""The questionnaire's step forms, built from the instrument and cached per app.

CSRFProtect checks every POST before any view runs, so the forms do not check the token a second
time (and the start and submit buttons need no form class at all).

A step form class depends only on (instrument slug, version, step, language), so it is built
once per process and kept in `app.extensions`; nothing another process needs lives there.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from flask_wtf import FlaskForm

from forms.form_builder import build_step_form
from forms.model import Instrument, Step

CACHE_KEY = "questionnaire_step_forms"


class StepFormBase(FlaskForm):
    class Meta:
        csrf = False  # checked by CSRFProtect for the whole app


def step_form_class(instrument: Instrument, step: Step, language: str) -> type:
    forms = current_app.extensions.setdefault(CACHE_KEY, {})
    key = (instrument.slug, instrument.version, step.id, language)
    form_class = forms.get(key)
    if form_class is None:
        form_class = forms[key] = build_step_form(instrument, step, language, gettext, StepFormBase)
    return form_class
