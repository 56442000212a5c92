"""UI strings and locale formatting for reports: gettext callables, dates and numbers per language.

Templates call `_()` for every user-facing string; the caller supplies the `gettext` (identity by
default, a catalogue later). Dates and numbers follow the report's language through Babel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

Gettext = Callable[[str], str]


def identity(message: str) -> str:
    """The default gettext: English source strings as they are (module-level, so it pickles)."""
    return message


class CatalogueGettext:
    """A picklable gettext over a plain msgid -> msgstr mapping, for worker processes."""

    def __init__(self, catalogue: Mapping[str, str]) -> None:
        self.catalogue = dict(catalogue)

    def __call__(self, message: str) -> str:
        return self.catalogue.get(message) or message


class Translator:
    """`_()` in templates: translate, then fill `%(name)s` placeholders from keyword arguments."""

    def __init__(self, gettext: Gettext) -> None:
        self.gettext = gettext

    def __call__(self, message: str, **params: object) -> str:
        text = self.gettext(message)
        return text % params if params else text


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def language_name(language: str) -> str:
    """The language's own name for itself: English, français."""
    name = _locale(language).get_display_name(_locale(language)) or language
    return name[:1].upper() + name[1:] if language.startswith("en") else name


def long_date(moment: datetime, language: str) -> str:
    """25 November 2025 / 25 novembre 2025."""
    return format_date(moment.date(), format="long", locale=_locale(language))


def iso_date(value: str, language: str) -> str:
    """An ISO date from an instrument (2020-11-05) in the language's long form; other text as it is."""
    try:
        return format_date(date.fromisoformat(value), format="long", locale=_locale(language))
    except ValueError:
        return value


def whole_number(value: float | None, language: str) -> str | None:
    """A score shown as a whole number in the language's digits; None stays None."""
    if value is None:
        return None
    return format_decimal(round(value), locale=_locale(language))


def number(value: float, language: str, digits: int = 1) -> str:
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(language))


def percent(share: float, language: str) -> str:
    """0.83 -> 83% (English) or 83 % (French)."""
    return format_percent(share, locale=_locale(language))
