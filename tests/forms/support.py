"""What several forms tests build from: the mini instrument's text, and edited copies of it."""

from __future__ import annotations

from forms.loader import parse_instrument
from tests.conftest import FIXTURES

MINI_PATH = FIXTURES / "mini.yaml"
MINI_TEXT = MINI_PATH.read_text(encoding="utf-8")


def edited_mini(*replacements: tuple[str, str]):  # type: ignore[no-untyped-def]
    """The mini instrument with some of its text replaced (each replacement must apply once)."""
    text = MINI_TEXT
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return parse_instrument(text, "edited-mini.yaml")
