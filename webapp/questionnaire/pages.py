"""The step page, drawn from a skeleton kept per place on the path (`webapp.skeletons`).

Respondents at the same step, on the same path, as far along, in the same language and at the
same address see the same page but for their inputs, CSRF token and private link: those are the
holes. A page with errors or a notice to show is drawn in full.
"""

from __future__ import annotations

from collections.abc import Hashable

from flask import request, session
from flask_wtf.csrf import generate_csrf

from forms.model import Step
from webapp.i18n import current_language
from webapp.questionnaire.fragments import fields_html
from webapp.questionnaire.loading import Current
from webapp.skeletons import render_with_holes

TEMPLATE = "questionnaire/step.html"


def step_page(current: Current, step: Step, form) -> str:  # type: ignore[no-untyped-def]
    fields = form.answer_fields(current.progress.questions(step.id))
    faulty = [field for field in fields if field.errors]
    holes = {
        "csrf_token": generate_csrf,
        "fields": lambda: fields_html(fields),
        "resume_link": current.resume_link,
    }
    key = None if faulty or "_flashes" in session else skeleton_key(current, step)
    return render_with_holes(TEMPLATE, key, holes, current=current, step=step, faulty=faulty)


def skeleton_key(current: Current, step: Step) -> Hashable:
    """Everything the step page shows apart from its holes depends on these, and on nothing else."""
    instrument, progress = current.instrument, current.progress
    return (
        id(instrument),
        instrument.slug,
        instrument.version,
        step.id,
        current_language(),
        request.full_path,
        tuple(s.id for s in progress.steps),
        progress.furthest,
    )
