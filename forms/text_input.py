"""Text as it may enter the app: no NUL, no invisible control characters, line breaks only where
a field has several lines.

Pasted text brings characters nobody typed on purpose: Word's Shift+Enter is a vertical tab, a
terminal leaves ESC, a broken client sends NUL. PostgreSQL refuses NUL outright and a spreadsheet
refuses most C0 controls, so one response holding them would break a page or an export for
everyone. Every text input is cleaned here before it is checked, stored or compared.
"""

from __future__ import annotations

import re

# Line separators of every kind, Word's vertical tab and the form feed: one line break each.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab and line feed, DEL, C1 controls, and lone surrogates (JSON "\ud800").
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


def clean_text(value: str, multiline: bool = False) -> str:
    """`value` with line breaks unified as "\\n" (spaces in a one-line field) and every other
    control character but the tab removed."""
    if value.isprintable():  # most text: nothing to do, found without a regular expression
        return value
    value = _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
    return value if multiline else value.replace("\n", " ")


def without_controls(value: str) -> str:
    """`value` with its control characters removed but its line breaks as they are (Word's
    vertical tab and the form feed become line feeds): what an export writes."""
    if value.isprintable():
        return value
    return _CONTROLS.sub("", value.replace("\x0b", "\n").replace("\x0c", "\n"))


def has_control_characters(value: str, multiline: bool = False) -> bool:
    """True when `value` holds a character `clean_text` would remove (line breaks count in a one-line field)."""
    if _CONTROLS.search(value):
        return True
    return not multiline and bool(_LINE_BREAKS.search(value))
