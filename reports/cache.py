"""Where rendered PDFs are kept: any store with `get(key)` and `set(key, value)` will do.

A Redis client fits as it is (`get` returns bytes or None); `MemoryPdfCache` serves tests, the
benchmark and a single process. Keys come from `reports.pdf.cache_key`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol


class PdfCache(Protocol):
    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> object: ...


class MemoryPdfCache:
    """A small in-process LRU of rendered PDFs, bounded by total bytes."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: str) -> bytes | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def set(self, key: str, value: bytes) -> None:
        if key in self._items:
            self._size -= len(self._items.pop(key))
        self._items[key] = value
        self._size += len(value)
        while self._size > self.max_bytes and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


def get_or_render(cache: PdfCache, key: str, render: Callable[[], bytes]) -> bytes:
    """The cached PDF under `key`, rendering and storing it on a miss."""
    pdf = cache.get(key)
    if pdf is None:
        pdf = render()
        cache.set(key, pdf)
    return pdf
