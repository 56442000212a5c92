"""A response row as the questionnaire reads and writes it: one statement each, prebuilt.

Every questionnaire request starts by looking its response up: only the columns the pages use,
on a connection in autocommit mode. One SELECT sees a consistent row by itself, so the read needs
no transaction (no BEGIN and ROLLBACK round trips) and no ORM identity map. Writes never trust
that copy: each is an UPDATE guarded by the draft status and the revision it was based on, so a
record read a moment ago can only make a write retry, never lose one. A step's save is that one
UPDATE (atomic by itself, so autocommit too); a submission adds the criterion rows, so it runs in
a transaction. The lookups and the step's save run as `DirectStatement`s (the hot path of every
request); the submission, rare, through SQLAlchemy Core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g
from sqlalchemy import Connection, bindparam, insert, select, update

from webapp.direct_statements import DirectStatement
from webapp.extensions import db
from webapp.models import CriterionResult, Response, ResponseStatus

DRAFT = ResponseStatus.DRAFT.value
_CONNECTION = "questionnaire_connection"


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


# Built once, compiled once per dialect.
_COLUMNS = select(*(getattr(Response, name) for name in ResponseRecord.__dataclass_fields__))
_BY_TOKEN_HASH = DirectStatement(_COLUMNS.where(Response.token_hash == bindparam("token_hash")))
_BY_ID = DirectStatement(_COLUMNS.where(Response.id == bindparam("id")))


# The SET clause comes from the parameters' names (columns); the guard's own names are not columns.
_RESPONSES = Response.__table__
_GUARDED_UPDATE = update(_RESPONSES).where(
    _RESPONSES.c.id == bindparam("guard_id"),
    _RESPONSES.c.status == DRAFT,
    _RESPONSES.c.revision == bindparam("guard_revision"),
)
_INSERT_CRITERIA = insert(CriterionResult.__table__)
_SAVES: dict[frozenset[str], DirectStatement] = {}  # the guarded UPDATE, by the columns it sets


def _autocommit() -> Connection:
    """The app context's autocommit connection: checked out once (a lookup then a save share it)
    and given back to the pool when the context ends (`release`)."""
    connection = g.get(_CONNECTION)
    if connection is None or connection.closed:
        connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        setattr(g, _CONNECTION, connection)
    return connection


def release(_error: BaseException | None = None) -> None:
    connection = g.pop(_CONNECTION, None)
    if connection is not None:
        connection.close()


def _fetch(statement: DirectStatement, parameters: dict[str, Any]) -> ResponseRecord | None:
    row = statement.fetch_one(_autocommit(), parameters)
    return None if row is None else ResponseRecord(*row)


def _guarded(record: ResponseRecord, values: dict[str, Any]) -> dict[str, Any]:
    return {**values, "revision": record.revision + 1, "guard_id": record.id, "guard_revision": record.revision}


def _save_statement(columns: frozenset[str]) -> DirectStatement:
    statement = _SAVES.get(columns)
    if statement is None:
        statement = _SAVES[columns] = DirectStatement(_GUARDED_UPDATE, column_keys=sorted(columns))
    return statement


def record_by_token_hash(token_hash: str) -> ResponseRecord | None:
    return _fetch(_BY_TOKEN_HASH, {"token_hash": token_hash})


def record_by_id(response_id: int) -> ResponseRecord | None:
    return _fetch(_BY_ID, {"id": response_id})


def save_draft(record: ResponseRecord, values: dict[str, Any]) -> bool:
    """Set `values` on the draft if it is still a draft at `record.revision`; False if it moved on."""
    parameters = _guarded(record, values)
    return _save_statement(frozenset(values) | {"revision"}).rowcount(_autocommit(), parameters) == 1


def submit_draft(record: ResponseRecord, values: dict[str, Any], criteria: list[dict[str, Any]]) -> bool:
    """`save_draft` plus the per-criterion rows, all or nothing."""
    with db.engine.begin() as connection:
        if connection.execute(_GUARDED_UPDATE, _guarded(record, values)).rowcount != 1:
            return False
        connection.execute(_INSERT_CRITERIA, [{"response_id": record.id, **row} for row in criteria])
        return True
