"""The language toggle on a step page: a submit button of the step's form, so that what was typed
survives the switch without JavaScript.

The post is saved as a draft of the step without asking for the required answers, and the
furthest step reached does not move. An answer that cannot be kept (text over its limit, a value
that is not an option) is not saved, so the answer saved before it stays; the page is then shown
again in the new language with what was typed and its message. Otherwise the browser goes back to
the same step, in the new language.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from forms.model import Step
from webapp.i18n import current_language, use_language
from webapp.questionnaire import pages, services
from webapp.questionnaire.forms import step_form
from webapp.questionnaire.loading import Current

FIELD = "language"  # the toggle button's name; its value is the language to switch to


def wants_switch() -> bool:
    """The post came from the language toggle rather than from one of the step's own buttons."""
    return request.method == "POST" and FIELD in request.form


def switch_on_step(current: Current, step: Step):
    """Save what the step's form holds as a draft, switch the language, and show the step again."""
    if not use_language(request.form[FIELD]):
        abort(400)
    language = current_language()
    form = step_form(current.instrument, step, language, current.answers, require=False)
    form.validate()
    refused = {q.id for q in step.questions if form.field_for(q.id).errors}
    kept = {qid: value for qid, value in current.answers.items() if qid in refused}
    try:
        current.progress = services.save_step(
            current.response, current.instrument, step, {**kept, **form.answers}, language, advance=False
        )
    except services.ResponseLocked:
        flash(_("Your answers have been submitted, so they can no longer be changed."))
        return redirect(url_for(".result"))
    if refused:
        return pages.step_page(current, step, form), 400
    return redirect(url_for(".step", step_id=step.id, change=request.args.get("change")))
