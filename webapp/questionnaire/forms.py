"""The questionnaire's step forms, built from the instrument and cached per app.

The start and submit buttons need no form class: CSRFProtect checks every post.

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


def step_form_class(instrument: Instrument, step: Step, language: str) -> type:
    forms = current_app.extensions.setdefault(CACHE_KEY, {})
    key = (instrument.slug, instrument.version, step.id, language)
    form_class = forms.get(key)
    if form_class is None:
        form_class = forms[key] = build_step_form(instrument, step, language, gettext, FlaskForm)
    return form_class
