"""Reading and writing responses, in the request's one SQLAlchemy session.

Every request works in the Flask-SQLAlchemy session: one pooled connection, checked out on the
first query and given back when the request ends. Writes go through the ORM. `Response.revision`
is the mapper's version counter, so the UPDATE of a row that another request changed since it was
read (a second tab, a double click) matches nothing and raises StaleDataError: `change_draft`
then reloads the row and applies the change again, or finds the response submitted. No row
locks: the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from forms.model import Instrument
from webapp.extensions import db
from webapp.responses.model import Response, ResponseStatus
from webapp.responses.tokens import hash_token, new_reference, new_token
from webapp.timestamps import utcnow

SAVE_ATTEMPTS = 5
REFERENCE_ATTEMPTS = 5
T = TypeVar("T")


class ResponseLocked(Exception):
    """The response was submitted (in another tab, say) or deleted: it can no longer change."""


# Built once: every questionnaire request runs it, and building a statement costs about as much as
# SQLAlchemy's cached execution of it.
_BY_TOKEN_HASH = select(Response).where(Response.token_hash == bindparam("token_hash"))


def by_token_hash(token_hash: str) -> Response | None:
    return db.session.execute(_BY_TOKEN_HASH, {"token_hash": token_hash}).scalar_one_or_none()


def by_id(response_id: int) -> Response | None:
    return db.session.get(Response, response_id)


def start_draft(instrument: Instrument, language: str) -> tuple[Response, str]:
    """A new draft with a fresh private token; returns it and the token (never stored)."""
    for _ in range(REFERENCE_ATTEMPTS):
        token = new_token()
        response = Response(
            reference=new_reference(),
            token_hash=hash_token(token),
            instrument_slug=instrument.slug,
            instrument_version=instrument.version,
            language=language,
            status=ResponseStatus.DRAFT.value,
            answers={},
            current_step=instrument.steps[0].id,
        )
        db.session.add(response)
        try:
            db.session.commit()
        except IntegrityError:  # a reference already taken: draw again
            db.session.rollback()
            continue
        return response, token
    raise RuntimeError("could not draw a unique reference")


def change_draft(response: Response, change: Callable[[Response], T]) -> T:
    """Apply `change` to the draft and commit it, all in one transaction; returns what `change` returns.

    When another request changed the row meanwhile, the row is read again and `change` applied to
    it afresh (so nothing saved by the other request is lost). Raises ResponseLocked when the
    response is no longer a draft.
    """
    response_id = response.id
    for _ in range(SAVE_ATTEMPTS):
        if response.is_submitted:
            raise ResponseLocked(response.reference)
        try:
            with db.session.no_autoflush:  # the UPDATE is sent once, at the commit
                outcome = change(response)
                response.updated_at = utcnow()
            db.session.commit()
        except StaleDataError:
            db.session.rollback()
            response = _reloaded(response_id)
            continue
        return outcome
    raise RuntimeError("the response kept changing while it was saved")


def _reloaded(response_id: int) -> Response:
    fresh = db.session.get(Response, response_id, populate_existing=True)
    if fresh is None:
        raise ResponseLocked(str(response_id))
    return fresh
