"""Opening a resume link while another draft is in progress: ask which one to continue, never
switch silently. Whoever sent a link can read what is typed under it, so a respondent must not
be moved onto someone else's draft without seeing it happen."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_datetime

from webapp.questionnaire import blueprint
from webapp.questionnaire.loading import Current, find_by_token, is_expired
from webapp.questionnaire.session_token import PENDING_KEY, forget, recall, remember
from webapp.responses.model import Response


def draft_in_progress(token: str | None) -> Response | None:
    """The draft a token opens, if it is still a draft that could be continued."""
    response = find_by_token(token) if token else None
    if response is None or response.is_submitted or is_expired(response):
        return None
    return response


def open_resume_link(opened: Current) -> ResponseReturnValue:
    """Continue the link's draft, unless another draft is in progress in this browser: then ask."""
    held_token = recall()
    held = draft_in_progress(held_token) if held_token != opened.token else None
    if held is not None and not opened.response.is_submitted:
        remember(opened.token, PENDING_KEY)
        saved = lambda response: format_datetime(response.updated_at, "short")  # noqa: E731
        page = render_template(
            "questionnaire/resume_choice.html", held=held, opened=opened.response, held_saved=saved(held), opened_saved=saved(opened.response)
        )
        return page
    remember(opened.token)
    forget(PENDING_KEY)
    return redirect(opened.resume_url())


@blueprint.post("/resume/choose")
def choose_draft() -> ResponseReturnValue:
    """The respondent's answer: the link's draft ("opened") or the one they had ("held")."""
    pending = recall(PENDING_KEY)
    forget(PENDING_KEY)
    if request.form.get("continue") == "opened" and pending:
        remember(pending)
    return redirect(url_for("questionnaire.continue_"))
