"""Column types shared by every model, and the SQL that writes their moments as ISO text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, stored in UTC and always read back timezone-aware (UTC).

    PostgreSQL keeps the zone itself (`timestamp with time zone`); SQLite keeps the text without
    it, so a value is converted to UTC before it is stored and marked as UTC when it is read.
    A naive value given to it is taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC) if dialect.name != "sqlite" else value
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class iso_seconds(FunctionElement[str]):  # noqa: N801 - an SQL function, named as one
    """A `UTCDateTime` column's moment as ISO 8601 text to the second with its offset, made by the
    database: `2026-03-01T12:00:00+00:00`, as `datetime.isoformat(timespec="seconds")` writes it
    in UTC. Exports write it as it comes, without a datetime object per value."""

    type = String()
    inherit_cache = True


@compiles(iso_seconds, "postgresql")
def _iso_seconds_postgresql(element: iso_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"""to_char({moment} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')"""


@compiles(iso_seconds, "sqlite")
def _iso_seconds_sqlite(element: iso_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps the moment as UTC text without its zone (see UTCDateTime).
    return f"strftime('%Y-%m-%dT%H:%M:%S+00:00', {compiler.process(element.clauses, **kw)})"
