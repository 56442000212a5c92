"""Where a `next`-style parameter may send the browser: a path on this site, else a safe default.

Browsers clean a Location before they follow it (they drop tabs and line breaks, trim control
characters and spaces, read a backslash as a slash), so `/\\t/evil.example` becomes
`//evil.example`, another site. The target is therefore judged as the browser would read it, and
after percent-decoding, and any target that is not plainly a local path is replaced.
"""

from __future__ import annotations

import re
from typing import TypeGuard
from urllib.parse import unquote, urlsplit

from werkzeug.urls import iri_to_uri

# Control characters (C0, DEL, C1) and every kind of whitespace: none belongs in a local path.
_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
MAX_TARGET_LENGTH = 2000
_DECODE_ROUNDS = 3  # %252F decoded twice is still a slash: judge every layer


def _layers(target: str) -> list[str]:
    """The target and its percent-decoded forms, until decoding changes nothing."""
    layers = [target]
    for _ in range(_DECODE_ROUNDS):
        decoded = unquote(layers[-1])
        if decoded == layers[-1]:
            break
        layers.append(decoded)
    return layers


def _is_local_path(text: str) -> bool:
    if _UNSAFE.search(text) or "\\" in text:
        return False
    if not text.startswith("/") or text.startswith("//"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def is_safe_target(target: object) -> TypeGuard[str]:
    """True when `target` is a path on this site in every reading a browser could make of it."""
    if not isinstance(target, str) or not target or len(target) > MAX_TARGET_LENGTH:
        return False
    return all(_is_local_path(layer) for layer in _layers(target))


def safe_target(target: object, default: str) -> str:
    """`target` if it is a local path (non-ASCII letters percent-encoded), else `default`; never raises."""
    return iri_to_uri(target) if is_safe_target(target) else default
