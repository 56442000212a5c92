"""Questionnaire views: start, steps, save and return, resume, review, submit, result, PDF.

Thin: load (decorators in `loading`), validate (the step form), call a service, redirect; else render.
"""

from __future__ import annotations

import math
from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from forms.answers import AnswersError
from forms.path_length import step_count_range
from webapp.i18n import current_language
from webapp.instruments import registry
from webapp.jobs import specs
from webapp.jobs.connection import queue_configured
from webapp.jobs.delivery import deliver
from webapp.questionnaire import blueprint, language_switch, pages, results, services
from webapp.questionnaire.forms import step_form
from webapp.questionnaire.loading import Current, load_current, with_response
from webapp.questionnaire.progress import REVIEW, Progress
from webapp.questionnaire.resume_choice import open_resume_link
from webapp.questionnaire.session_token import SESSION_KEY, remember
from webapp.questionnaire.summary import review_sections

SECONDS_PER_QUESTION = 20


@blueprint.get("/")
def start():
    instrument = registry().default
    minutes = max(5, math.ceil(len(instrument.questions) * SECONDS_PER_QUESTION / 60 / 5) * 5)
    return render_template(
        "questionnaire/start.html",
        instrument=instrument,
        minutes=minutes,
        brief_date=format_date(date.fromisoformat(instrument.brief.date), "long"),
        in_progress=SESSION_KEY in session,
        step_range=step_count_range(instrument),
    )


@blueprint.post("/start")
def begin():
    instrument = registry().default
    response, token = services.start_response(instrument, current_language())
    remember(token)
    return redirect(url_for(".step", step_id=instrument.steps[0].id))


@blueprint.route("/step/<step_id>", methods=["GET", "POST"])
@with_response(editable=True)
def step(current: Current, step_id: str):
    step = current.step(step_id) or abort(404)
    if not current.progress.may_open(step_id):
        return _not_open(current)
    if language_switch.wants_switch():
        return language_switch.switch_on_step(current, step)
    later = request.form.get("action") == "later"
    form = step_form(current.instrument, step, current_language(), current.answers, require=not later)
    if not form.validate_on_submit():  # type: ignore[attr-defined]  # FlaskForm's, the form's base class
        return pages.step_page(current, step, form), 400 if request.method == "POST" else 200
    try:
        progress = services.save_step(current.response, current.instrument, step, form.answers, current_language(), advance=not later)
    except services.ResponseLocked:
        flash(_("Your answers have been submitted, so they can no longer be changed."))
        return redirect(url_for(".result"))
    return redirect(url_for(".saved") if later else _after_step(progress, step.id))


def _not_open(current: Current):
    """A step not reached yet: a post is refused (nothing saved), an address typed goes back."""
    if request.method == "POST":
        return render_template("questionnaire/not_open.html", current=current), 409
    flash(_("Answer the questions on this page first."))
    return redirect(current.resume_url())


def _after_step(progress: Progress, step_id: str) -> str:
    """Next step on the path; after a change from the review page, back there (or to a gap)."""
    if request.args.get("change"):
        gap = progress.first_incomplete()
        if gap is None and progress.reached_review:
            return url_for(".review")
        if gap is not None:
            return url_for(".step", step_id=gap.id, change=1)
    following = progress.next_step(step_id)
    return url_for(".step", step_id=following.id) if following else url_for(".review")


@blueprint.get("/saved")
@with_response(editable=True)
def saved(current: Current):
    return render_template("questionnaire/saved.html", current=current)


@blueprint.get("/resume/<path:token>")
def resume(token: str):
    current = load_current(token)
    if not isinstance(current, Current):
        return current
    return open_resume_link(current)


@blueprint.get("/continue")
@with_response()
def continue_(current: Current):
    return redirect(current.resume_url())


@blueprint.get("/review")
@with_response(editable=True)
def review(current: Current):
    if not current.progress.reached_review:
        return redirect(current.resume_url())
    return _render_review(current, [])


def _render_review(current: Current, problems: list, status: int = 200):
    sections = review_sections(current, problems, current_language())
    page = render_template("questionnaire/review.html", current=current, sections=sections, problems=problems)
    return page, status


@blueprint.post("/submit")
@with_response()
def submit(current: Current):
    if current.response.is_submitted:  # a double click or a second tab: the first submission stands
        return redirect(url_for(".result"))
    if current.progress.furthest != REVIEW:
        return render_template("questionnaire/not_open.html", current=current), 409
    try:
        services.submit_response(current.response, current.instrument, current_language())
    except AnswersError as error:
        return _render_review(current, error.problems, 400)
    return redirect(url_for(".result"))


@blueprint.get("/result")
@with_response(submitted=True)
def result(current: Current):
    if not results.same_version(current):
        return render_template("questionnaire/result_archived.html", current=current)
    report = results.report_context(current, current_language())
    return render_template("questionnaire/result.html", current=current, report=report)


@blueprint.route("/result/pdf", methods=["GET", "POST"])
@with_response(submitted=True)
def result_pdf(current: Current):
    if not results.same_version(current):
        abort(404)
    if queue_configured():  # rendered by a worker; POST retries a failed render
        return deliver(specs.recommendation(current, current_language()), "base.html", url_for(".result"))
    filename = f"recommendation-{current.response.reference}-{current_language()}.pdf"
    response = make_response(results.recommendation_pdf(current, current_language()))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response

