"""Input at the edge of the app: URL paths and one-line form fields hold no control characters,
numbers from the query string stay in range.

A NUL in a response reference would reach PostgreSQL, which refuses it with an error; an address
holding control characters names no page, so it is a 404 before any view runs. Form fields use
`NoControlCharacters`, which says what is wrong.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from forms.text_input import has_control_characters


class NoControlCharacters:
    """A WTForms validator for a one-line field: refuse invisible control characters, with a message."""

    def __init__(self, message: str | None = None) -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data):
            raise ValidationError(self.message or _l("Type this again: it holds characters that cannot be typed, such as a line break."))


# The largest page number a list accepts: far beyond any real list, small enough for any database's OFFSET.
MAX_PAGE = 1_000_000


def page_number(name: str = "page") -> int:
    """A page number from the query string, clamped to 1..MAX_PAGE (junk or absent: 1)."""
    value = request.args.get(name, "")
    if not (value.isascii() and value.isdigit()):
        return 1
    return MAX_PAGE if len(value) > len(str(MAX_PAGE)) else min(max(1, int(value)), MAX_PAGE)


def link_args(**overrides: object) -> dict:
    """The query string to pass on to a link (filters), with `overrides`: never a key `url_for`
    reads itself (`_external`, `_scheme`, `endpoint`...), which a crafted address could send."""
    kept = {k: v for k, v in request.args.to_dict().items() if not k.startswith("_") and k not in ("endpoint", "values")}
    return {**kept, **overrides}


def init_app(app: Flask) -> None:
    app.jinja_env.globals["link_args"] = link_args

    @app.before_request
    def refuse_control_characters_in_the_path():
        if has_control_characters(request.path):
            abort(404)
