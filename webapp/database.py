"""Pooled connections are checked before use only when they sat idle.

SQLAlchemy's `pool_pre_ping` spends a round trip to the database before every checkout. Under
load a worker's connection was last used a few milliseconds ago, and that round trip costs about
as much as the questionnaire's lookup itself. The connections that a database restart, a failover
or a server-side idle timeout may have closed are the ones that sat unused. So a connection idle
for more than DATABASE_PING_AFTER seconds is pinged when it is checked out, and replaced by a new
one if the ping fails (raising DisconnectionError makes the pool retry). A connection that breaks
during a request is still caught by SQLAlchemy, which renews the whole pool; that one request
gets the "try again shortly" page.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

_LAST_USED = "reengage_last_used"


def ping_idle_connections(engine: Engine, after_seconds: float) -> None:
    """Ping a connection at checkout when it has been idle for more than `after_seconds` (0: always)."""

    @event.listens_for(engine, "connect")
    def fresh(dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection: Any, record: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        last_used = record.info.get(_LAST_USED)
        if last_used is not None and time.monotonic() - last_used <= after_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise DisconnectionError(f"an idle connection no longer answers: {error}") from error
        if not alive:
            raise DisconnectionError("an idle connection no longer answers")
