"""Translatable text as data: instrument texts are maps from language to text.

`N_` marks a message for extraction without translating it; the web app translates with
Flask-Babel, a script reads the English.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_LANGUAGE = "en"

Text = Mapping[str, str]


def N_(message: str) -> str:
    """Mark `message` for the translation catalogue; it is translated where it is shown."""
    return message


def text_for(text: Text | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The text in `language`, falling back to English (always present in a valid instrument)."""
    if not text:
        return ""
    return text.get(language) or text.get(DEFAULT_LANGUAGE, "")
