"""Languages: Flask-Babel's locale chosen from the toggle (session), else the browser's preference.

Instrument texts are maps from language to text; the `t` template filter picks the current one.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, g, request, session
from flask_babel import get_locale, get_translations, refresh

from forms.i18n import Text, text_for
from webapp.extensions import babel


def select_locale() -> str:
    """The page's language and, for dates and numbers, the consultation's region (en_CA, fr_CA)."""
    from flask import current_app

    languages = _languages()
    chosen = session.get("lang")
    if chosen not in languages:
        chosen = request.accept_languages.best_match(languages) or languages[0]
    region = current_app.config.get("LOCALE_REGION")
    return f"{chosen}_{region}" if region else chosen


def _page_translations():
    try:
        return g.page_translations
    except AttributeError:
        g.page_translations = translations = get_translations()
        return translations


def current_language() -> str:
    """The language code (`en`, `fr`) that instrument texts and catalogues are keyed on.

    Kept in `g` for the request, as Flask-Babel keeps its locale: a step page asks for it often.
    """
    try:
        return g.page_language
    except AttributeError:
        locale = get_locale()
        g.page_language = language = locale.language if locale else "en"
        return language


def use_language(code: str) -> bool:
    """Switch the session to `code`, for the rest of this request too (False: not a language offered)."""
    if code not in _languages():
        return False
    session["lang"] = code
    refresh()
    g.pop("page_language", None)
    g.pop("page_translations", None)
    return True


def translate_text(text: Text | None) -> str:
    """An instrument text in the page's language (English where no translation exists yet)."""
    return text_for(text, current_language())


def organisation_name() -> str:
    """The organisation's name in the page's language (ORGANISATION_NAME_FR...), else ORGANISATION_NAME."""
    from flask import current_app

    config = current_app.config
    return config.get(f"ORGANISATION_NAME_{current_language().upper()}") or config["ORGANISATION_NAME"]


def catalogue_version(language: str) -> str:
    """A digest of the language's compiled catalogue ("none" without one): part of the PDF cache key,
    so that a new translation is not hidden behind PDFs rendered with the old one."""
    from flask import current_app

    path = Path(current_app.root_path) / "translations" / language / "LC_MESSAGES" / "messages.mo"
    try:
        return _file_digest(str(path), path.stat().st_mtime_ns)
    except OSError:
        return "none"


@lru_cache(maxsize=8)
def _file_digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def _languages() -> list[str]:
    from flask import current_app

    return current_app.config["LANGUAGES"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    # Templates look the catalogue up once per request, not once per string (Flask-Babel's default):
    # a step page has dozens of strings. Same lifetime as Flask-Babel's own locale cache (`g`).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension at run time
        gettext=lambda s: _page_translations().ugettext(s),
        ngettext=lambda s, p, n: _page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _page_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["t"] = translate_text
    app.jinja_env.add_extension("jinja2.ext.i18n")
    register_routes(app)

    @app.context_processor
    def language_context() -> dict:
        language = current_language()
        return {
            "page_language": language,
            "other_languages": [code for code in app.config["LANGUAGES"] if code != language],
            "organisation_name": organisation_name(),
        }


def switch_language(code: str):
    """The language toggle: a plain link, so it works without JavaScript (on a step page, a button
    of the step's form instead: `webapp.questionnaire.language_switch`)."""
    from flask import abort, redirect, url_for

    if not use_language(code):
        abort(404)
    from webapp.redirects import safe_target

    return redirect(safe_target(request.args.get("next"), url_for("questionnaire.start")))


def register_routes(app: Flask) -> None:
    app.add_url_rule("/language/<code>", "switch_language", switch_language)
