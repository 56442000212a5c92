"""A real Redis for the queue tests: REDIS_TEST_URL (default 127.0.0.1:6379/0).

Missing, the tests that need it are skipped on a developer's machine and fail under CI=true. Each
test session uses a queue name of its own and never flushes the server, which others may share.
"""

from __future__ import annotations

import os
import uuid

import pytest

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")


def redis_answers(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        return bool(Redis.from_url(url, socket_connect_timeout=1).ping())
    except RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    if not redis_answers(REDIS_TEST_URL):
        message = f"Redis is not answering on {REDIS_TEST_URL}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + ": CI needs it")
        pytest.skip(message)
    return REDIS_TEST_URL


@pytest.fixture(scope="session")
def queue_name() -> str:
    return f"documents-test-{uuid.uuid4().hex[:8]}"
