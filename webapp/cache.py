"""A small bytes cache shared by every process: Redis (CACHE_BACKEND=redis, REDIS_URL) or a table.

Used for rendered PDFs. A cache that fails is a cache miss: it never breaks the page it serves.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Protocol, cast

from flask import Flask, current_app
from sqlalchemy import delete, select
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import SQLAlchemyError

from webapp.extensions import db

log = logging.getLogger(__name__)
EXTENSION_KEY = "cache"


class Cache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def forget_suffix(self, suffix: str) -> int: ...


class RedisCache:
    def __init__(self, client) -> None:
        self.client = client

    @classmethod
    def from_url(cls, url: str) -> RedisCache:
        import redis

        return cls(redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2))

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get(key)
        except Exception as error:  # noqa: BLE001 - any Redis fault is a miss
            log.warning("cache get failed: %s", error)
            return None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        try:
            self.client.set(key, value, ex=ttl)
        except Exception as error:  # noqa: BLE001
            log.warning("cache set failed: %s", error)

    def forget_suffix(self, suffix: str) -> int:
        """Delete every key ending with `suffix` (erasure of a response's PDFs); raises on failure."""
        pattern = "*" + "".join("\\" + c if c in "*?[]\\" else c for c in suffix)
        keys = list(self.client.scan_iter(match=pattern, count=500))
        return int(self.client.delete(*keys)) if keys else 0


class DatabaseCache:
    """Entries in `cache_entries`; expired ones are ignored and purged on the next write."""

    def get(self, key: str) -> bytes | None:
        from webapp.models import CacheEntry

        now = datetime.now(UTC)
        try:
            return db.session.execute(
                select(CacheEntry.value).where(CacheEntry.key == key, CacheEntry.expires_at > now)
            ).scalar_one_or_none()
        except SQLAlchemyError as error:
            db.session.rollback()
            log.warning("cache get failed: %s", error)
            return None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        from webapp.models import CacheEntry

        now = datetime.now(UTC)
        try:
            db.session.execute(delete(CacheEntry).where((CacheEntry.key == key) | (CacheEntry.expires_at <= now)))
            db.session.add(CacheEntry(key=key, value=value, expires_at=now + timedelta(seconds=ttl)))
            db.session.commit()
        except SQLAlchemyError as error:  # another process wrote the same key first: fine
            db.session.rollback()
            log.warning("cache set failed: %s", error)

    def forget_suffix(self, suffix: str) -> int:
        """Delete every entry whose key ends with `suffix`; the caller commits."""
        from webapp.models import CacheEntry

        escaped = suffix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        deleted = db.session.execute(delete(CacheEntry).where(CacheEntry.key.like("%" + escaped, escape="\\")))
        return cast(CursorResult, deleted).rowcount  # a DELETE's result is a CursorResult

    def purge_expired(self) -> int:
        """Delete the entries past their expiry; the caller commits."""
        from webapp.models import CacheEntry

        deleted = db.session.execute(delete(CacheEntry).where(CacheEntry.expires_at <= datetime.now(UTC)))
        return cast(CursorResult, deleted).rowcount  # a DELETE's result is a CursorResult


def response_key(reference: str, key: str) -> str:
    """A cache key tied to one response (by a suffix), so that erasing the response can find and drop it."""
    return f"{key}:response:{reference}"


def forget_response(reference: str) -> int:
    """Drop every cached document of a response (its PDFs hold its organisation and free text),
    from the database table and from Redis alike; the caller commits."""
    suffix = response_key(reference, "")
    dropped = DatabaseCache().forget_suffix(suffix)
    store = cache()
    if not isinstance(store, DatabaseCache):
        try:
            dropped += store.forget_suffix(suffix)
        except Exception as error:  # noqa: BLE001 - Redis down: its copies expire with PDF_CACHE_SECONDS
            log.error("could not drop the cached documents of %s from Redis: %s", reference, error)
    return dropped


def build_cache(config: dict) -> Cache:
    if config.get("CACHE_BACKEND") == "redis" and config.get("REDIS_URL"):
        return RedisCache.from_url(config["REDIS_URL"])
    return DatabaseCache()


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = build_cache(app.config)


def cache() -> Cache:
    """The app's cache (built on first use when `init_app` was not called)."""
    extensions = current_app.extensions
    if EXTENSION_KEY not in extensions:
        init_app(current_app)
    return extensions[EXTENSION_KEY]
