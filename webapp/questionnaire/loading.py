"""Load the respondent's response for a request: one query, then access checks, then the view.

The browser holds its private token in the session, sealed (`session_token`); the database holds the token's hash.
Unknown or expired tokens get a plain page, never a trace.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from forms.conditions import AnswerValue
from forms.model import Instrument, Step
from webapp.instruments import registry
from webapp.questionnaire.progress import REVIEW, Progress
from webapp.questionnaire.session_token import forget, recall
from webapp.responses.answers import answers_for
from webapp.responses.model import Response
from webapp.responses.store import by_token_hash
from webapp.responses.tokens import MAX_TOKEN_LENGTH, hash_token


@dataclass
class Current:
    """The response this request works on, with its instrument, answers and progress."""

    response: Response
    instrument: Instrument
    answers: dict[str, AnswerValue]
    progress: Progress
    token: str

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.instrument.steps if s.id == step_id), None)

    def resume_url(self) -> str:
        if self.response.is_submitted:
            return url_for("questionnaire.result")
        target = self.progress.resume_at()
        return url_for("questionnaire.review") if target == REVIEW else url_for("questionnaire.step", step_id=target)

    def resume_link(self) -> str:
        return url_for("questionnaire.resume", token=self.token, _external=True)


def find_by_token(token: str) -> Response | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return by_token_hash(hash_token(token))


def is_expired(response: Response) -> bool:
    return datetime.now(UTC) - response.updated_at > timedelta(days=current_app.config["RESUME_DAYS"])


def link_problem(kind: str):
    """The page for a link that does not open anything: unknown (404), expired (410), retired instrument (410)."""
    forget()
    status = 404 if kind == "unknown" else 410
    return render_template("questionnaire/link_problem.html", kind=kind, days=current_app.config["RESUME_DAYS"]), status


def load_current(token: str) -> Current | Any:
    """The Current for a token, or the page to show instead."""
    response = find_by_token(token)
    if response is None:
        return link_problem("unknown")
    if is_expired(response):
        return link_problem("expired")
    # The version the response was started on, so that it is finished, shown and scored with it.
    instrument = registry().answered_on(response.instrument_slug, response.instrument_version)
    if instrument is None:
        return link_problem("retired")
    answers = answers_for(response, instrument)
    return Current(response, instrument, answers, Progress(instrument, answers, response.current_step), token)


def with_response(editable: bool = False, submitted: bool = False) -> Callable:
    """Decorate a view to receive `current`; `editable` views send a submitted response to its
    result, `submitted` views send a draft back to where it stands."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = recall()
            if not token:
                flash(_("Start the questionnaire, or open your private link to continue where you left off."))
                return redirect(url_for("questionnaire.start"))
            current = load_current(token)
            if not isinstance(current, Current):
                return current
            if editable and current.response.is_submitted:
                flash(_("Your answers have been submitted, so they can no longer be changed."))
                return redirect(url_for("questionnaire.result"))
            if submitted and not current.response.is_submitted:
                return redirect(current.resume_url())
            return view(current, *args, **kwargs)

        return wrapper

    return decorator
