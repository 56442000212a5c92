"""Opening a resume link while another draft is in progress: ask which one to continue, never
switch silently. Whoever sent a link can read what is typed under it, so a respondent must not
be moved onto someone else's draft without seeing it happen. The page a link leads to says once
which response it continues and when it was last saved."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_datetime, format_time
from flask_babel import gettext as _

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


def when(moment: datetime) -> str:
    """A moment as people write it in the page's language, with its time zone ("November 5, 2020 at 3:04 PM UTC")."""
    time = f"{format_time(moment, 'short')} {format_datetime(moment, 'z')}"
    return _("%(date)s at %(time)s", date=format_date(moment, "long"), time=time)


def announce_resumed(response: Response) -> None:
    """Say once, on the page the link leads to, which response this is and when it was last saved."""
    if response.is_submitted and response.submitted_at is not None:
        flash(_("You are reading the result of response %(reference)s, submitted %(when)s.", reference=response.reference, when=when(response.submitted_at)))
    else:
        flash(_("You are continuing response %(reference)s, last saved %(when)s.", reference=response.reference, when=when(response.updated_at)))


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
    announce_resumed(opened.response)
    return redirect(opened.resume_url())


@blueprint.post("/resume/choose")
def choose_draft() -> ResponseReturnValue:
    """The respondent's answer: the link's draft ("opened") or the one they had ("held")."""
    pending = recall(PENDING_KEY)
    forget(PENDING_KEY)
    if request.form.get("continue") == "opened" and pending:
        remember(pending)
        opened = find_by_token(pending)
        if opened is not None:
            announce_resumed(opened)
    return redirect(url_for("questionnaire.continue_"))
