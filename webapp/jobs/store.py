"""Finished documents in the shared cache (webapp/cache.py), where every web process can serve them.

A document's key is its job's id: `doc-<owner>-<kind>-<digest>`, the owner being the response's
reference for a respondent's PDF and `admin` for what admins export (briefing, spreadsheet), which
holds every response. Deleting or anonymising a response erases its own documents and every admin
document, in whatever code path the ORM deletes or anonymises it (`watch_erasures`): in the same
transaction for the database cache, once it is committed for Redis.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re

from sqlalchemy import delete, event, inspect
from sqlalchemy.orm import Session

from webapp.cache import DatabaseCache, RedisCache, cache

log = logging.getLogger(__name__)
ADMIN_OWNER = "admin"
_ERASE = "jobs.erase_owners"


def owner_of(reference: str) -> str:
    """A reference as it appears in keys: letters and digits only, so no owner is a prefix of another's keys."""
    return re.sub(r"[^A-Za-z0-9]", "", reference) or "none"


def document_key(owner: str, kind: str, parts: object) -> str:
    """The cache key and job id of one document: the same inputs give the same key in every process
    of one deployment (its queue's name is part of it, so two apps sharing a Redis never share one)."""
    from flask import current_app

    named = [current_app.config.get("JOB_QUEUE_NAME", "documents"), parts]
    digest = hashlib.sha256(json.dumps(named, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]
    return f"doc-{owner}-{kind}-{digest}"


def load(key: str) -> bytes | None:
    return cache().get(key)


def save(key: str, data: bytes, ttl: int) -> None:
    cache().set(key, data, ttl)


def erase_owner(owner: str, session: Session | None = None) -> None:
    """Remove every stored document of `owner` (and, through the cache, nothing else)."""
    prefix = f"doc-{owner}-"
    backend = cache()
    if isinstance(backend, RedisCache):
        try:
            keys = list(backend.client.scan_iter(match=prefix + "*", count=1000))
            if keys:
                backend.client.delete(*keys)
        except Exception as error:  # noqa: BLE001 - logged loudly: erasure must be retried by hand
            log.error("erasing documents %s* from Redis failed: %s", prefix, error)
    elif isinstance(backend, DatabaseCache):
        from webapp.extensions import db
        from webapp.models import CacheEntry

        (session or db.session).execute(delete(CacheEntry).where(CacheEntry.key.startswith(prefix, autoescape=True)))


def _erased_references(session: Session) -> set[str]:
    """References of the responses this flush deletes or anonymises."""
    found = set()
    for instance in session.deleted:
        if getattr(instance, "__tablename__", None) == "responses":
            found.add(instance.reference)
    for instance in session.dirty:
        if getattr(instance, "__tablename__", None) == "responses" and inspect(instance).attrs.anonymised.history.added == [True]:
            found.add(instance.reference)
    return found


def watch_erasures() -> None:
    """Erase the documents of every response deleted or anonymised through the ORM (once per process)."""
    if event.contains(Session, "before_flush", _before_flush):
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)


def _before_flush(session: Session, flush_context, instances) -> None:
    references = _erased_references(session)
    if references:
        session.info.setdefault(_ERASE, set()).update({owner_of(r) for r in references} | {ADMIN_OWNER})


def _after_flush(session: Session, flush_context) -> None:
    """The database cache's entries go in the same transaction as the response."""
    if session.info.get(_ERASE) and isinstance(cache(), DatabaseCache):
        for owner in session.info[_ERASE]:
            erase_owner(owner, session)


def _after_commit(session: Session) -> None:
    owners = session.info.pop(_ERASE, set())
    if owners and isinstance(cache(), RedisCache):
        for owner in owners:
            erase_owner(owner)


def _after_rollback(session: Session) -> None:
    session.info.pop(_ERASE, None)
