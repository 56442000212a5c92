"""The step page: the step's form drawn by the `draw_question` macro, with progress and help."""

from __future__ import annotations

from flask import render_template

from forms.form_builder import StepFormMixin
from forms.model import Step
from webapp.questionnaire.loading import Current


def step_page(current: Current, step: Step, form: StepFormMixin) -> str:
    """The page for `step` showing `form`: the saved answers, or what was posted and its errors."""
    fields = form.answer_fields(current.progress.questions(step.id))
    faulty = [field for field in fields if field.errors]
    return render_template("questionnaire/step.html", current=current, step=step, fields=fields, faulty=faulty)
