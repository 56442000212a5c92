"""The part of a response row the questionnaire works with, read in one statement.

Every questionnaire request starts by looking its response up. It is read with SQLAlchemy Core,
only the columns the pages use, on a connection in autocommit mode: one SELECT sees a consistent
row by itself, so the read needs no transaction (no BEGIN and ROLLBACK round trips) and no ORM
identity map. Writes never trust this copy: they are guarded UPDATEs on `id` and `revision`
(`services`), so a record read a moment ago can only make a write retry, never lose one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select

from webapp.extensions import db
from webapp.models import Response, ResponseStatus


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    id: int
    reference: str
    instrument_slug: str
    instrument_version: str
    language: str
    status: str
    organisation: str | None
    answers: dict[str, Any]
    current_step: str | None
    revision: int
    anonymised: bool
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED.value


# Built once: the same statement object every time reuses its compiled form and result layout.
_COLUMNS = select(*(getattr(Response, name) for name in ResponseRecord.__dataclass_fields__))
_BY_TOKEN_HASH = _COLUMNS.where(Response.token_hash == bindparam("token_hash"))
_BY_ID = _COLUMNS.where(Response.id == bindparam("id"))


def _fetch(statement: Select, parameters: dict[str, Any]) -> ResponseRecord | None:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        row = connection.execute(statement, parameters).one_or_none()
    return None if row is None else ResponseRecord(*row)


def record_by_token_hash(token_hash: str) -> ResponseRecord | None:
    return _fetch(_BY_TOKEN_HASH, {"token_hash": token_hash})


def record_by_id(response_id: int) -> ResponseRecord | None:
    return _fetch(_BY_ID, {"id": response_id})
