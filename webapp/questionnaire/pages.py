"""The step page, drawn from a skeleton kept per place on the path (`webapp.skeletons`).

Respondents at the same step, on the same path, as far along, in the same language and at the
same address see the same page but for their inputs, CSRF token and private link: those are the
holes. A page with errors or a notice to show is drawn in full.

A page shown without a post draws its inputs from the saved answers, building the step's form
only when it has to (`fragments.saved_fields_html`); a refused post shows the posted form.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import request, session
from flask_wtf.csrf import generate_csrf

from forms.model import Step
from webapp.i18n import current_language
from webapp.questionnaire.fragments import fields_html, saved_fields_html
from webapp.questionnaire.loading import Current
from webapp.skeletons import render_with_holes

TEMPLATE = "questionnaire/step.html"


def step_page(current: Current, step: Step, *, make_form: Callable | None = None, posted=None) -> str:  # type: ignore[no-untyped-def]
    """The page for `step`: with the `posted` form's values and errors, else with the saved answers
    (`make_form()` builds the step's form holding them, should the page need it)."""
    questions = current.progress.questions(step.id)
    if posted is None:
        if make_form is None:
            raise TypeError("step_page needs the posted form or a way to make the form")
        faulty = []
        fields = lambda: saved_fields_html(questions, current.answers, make_form)  # noqa: E731
    else:
        shown = posted.answer_fields(questions)
        faulty = [field for field in shown if field.errors]
        fields = lambda: fields_html(shown)  # noqa: E731
    holes = {"csrf_token": generate_csrf, "fields": fields, "resume_link": current.resume_link}
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
