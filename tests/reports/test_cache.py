"""Cache keys name everything a PDF depends on; the memory cache renders once."""

from __future__ import annotations

import pytest

from reports.cache import MemoryPdfCache, get_or_render
from reports.pdf import TEMPLATE_VERSION, answers_digest, cache_key

BASE = ("RE-1", "a" * 64, "1.0.0", "en", "A4")


def test_key_is_stable_and_carries_the_template_version():
    assert cache_key(*BASE) == cache_key(*BASE)
    assert cache_key(*BASE).startswith(f"report-pdf:{TEMPLATE_VERSION}:")
    assert len(TEMPLATE_VERSION) == 16


@pytest.mark.parametrize("position", range(5))
def test_each_part_changes_the_key(position):
    changed = list(BASE)
    changed[position] = changed[position] + "x"
    assert cache_key(*changed) != cache_key(*BASE)


def test_salt_changes_the_key():
    assert cache_key(*BASE, salt="fr-catalogue-3") != cache_key(*BASE)


def test_answers_digest_ignores_order_and_sequence_type():
    assert answers_digest({"a": 1, "b": ("x", "y")}) == answers_digest({"b": ["x", "y"], "a": 1})
    assert answers_digest({"a": 1}) != answers_digest({"a": "1"})


def test_get_or_render_renders_once():
    cache, calls = MemoryPdfCache(), []

    def render():
        calls.append(1)
        return b"%PDF-1.7 ..."

    assert get_or_render(cache, "k", render) == get_or_render(cache, "k", render) == b"%PDF-1.7 ..."
    assert len(calls) == 1


def test_memory_cache_is_bounded():
    cache = MemoryPdfCache(max_bytes=10)
    for key in "abcd":
        cache.set(key, b"12345")
    assert len(cache) == 2 and cache.get("a") is None and cache.get("d") == b"12345"
