"""The shared bytes cache: a table or Redis, chosen by configuration; a failing cache is a miss."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from webapp.cache import DatabaseCache, RedisCache, build_cache

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_database_cache_stores_and_expires(app):
    from webapp.extensions import db
    from webapp.models import CacheEntry

    with app.app_context():
        store = DatabaseCache()
        assert store.get("k") is None
        store.set("k", b"one", ttl=60)
        store.set("k", b"two", ttl=60)  # overwrite
        assert store.get("k") == b"two"
        db.session.execute(update(CacheEntry).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
        assert store.get("k") is None


def _table_value(key: str) -> bytes | None:
    from webapp.extensions import db
    from webapp.models import CacheEntry

    return db.session.execute(select(CacheEntry.value).where(CacheEntry.key == key)).scalar_one_or_none()


def _redis_client() -> Any:
    """A client of the local Redis (its database 15, keys of this test's own), or the test is skipped."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@pytest.mark.parametrize("config", [{"CACHE_BACKEND": "database"}, {"CACHE_BACKEND": "redis", "REDIS_URL": ""}])
def test_without_a_redis_url_entries_are_kept_in_the_table(app, config):
    with app.app_context():
        build_cache(config).set("k", b"in the table", ttl=60)
        assert _table_value("k") == b"in the table"


def test_with_redis_configured_entries_are_kept_in_redis(app):
    client = _redis_client()
    key = f"test:{uuid.uuid4().hex}"
    with app.app_context():
        build_cache({"CACHE_BACKEND": "redis", "REDIS_URL": REDIS_URL}).set(key, b"in redis", ttl=30)
        assert client.get(key) == b"in redis"
        assert _table_value(key) is None


class _FailingClient:
    def get(self, key):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis is down")

    def set(self, key, value, ex=None):  # type: ignore[no-untyped-def]
        raise ConnectionError("redis is down")


def test_a_failing_redis_is_a_miss_not_an_error():
    store = RedisCache(_FailingClient())
    assert store.get("k") is None
    store.set("k", b"v", ttl=5)  # no exception


def test_redis_cache_round_trip():
    client = _redis_client()
    store = RedisCache(client)
    key = f"test:{uuid.uuid4().hex}"
    store.set(key, b"\x00pdf", ttl=30)
    assert store.get(key) == b"\x00pdf"
    assert 0 < client.ttl(key) <= 30
    client.delete(key)
