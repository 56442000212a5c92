"""The shared bytes cache: a table or Redis, chosen by configuration; a failing cache is a miss."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from webapp.cache import DatabaseCache, RedisCache, build_cache


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


def test_backend_follows_configuration():
    assert isinstance(build_cache({"CACHE_BACKEND": "database"}), DatabaseCache)
    assert isinstance(build_cache({"CACHE_BACKEND": "redis", "REDIS_URL": "redis://127.0.0.1:6379/0"}), RedisCache)
    assert isinstance(build_cache({"CACHE_BACKEND": "redis", "REDIS_URL": ""}), DatabaseCache)


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
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    store = RedisCache(client)
    key = f"test:{uuid.uuid4().hex}"
    store.set(key, b"\x00pdf", ttl=30)
    assert store.get(key) == b"\x00pdf"
    assert 0 < client.ttl(key) <= 30
    client.delete(key)
