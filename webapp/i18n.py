"""Languages: Flask-Babel's locale chosen from the toggle (session), else the browser's preference.

Instrument texts are maps from language to text; the `t` template filter picks the current one.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask, g, request, session
from flask_babel import get_locale, get_translations, refresh
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

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


@pass_eval_context
def template_gettext(eval_context: EvalContext, message: str, **variables: Any) -> str:
    """`_("...", name=value)` in a template: Jinja's i18n extension's "newstyle" gettext."""
    return _formatted(eval_context, _page_translations().ugettext(message), variables)


@pass_eval_context
def template_ngettext(eval_context: EvalContext, singular: str, plural: str, num: int, **variables: Any) -> str:
    """`ngettext("%(num)d step", "%(num)d steps", n)` in a template, as Jinja's newstyle ngettext."""
    variables.setdefault("num", num)
    return _formatted(eval_context, _page_translations().ungettext(singular, plural, num), variables)


def _formatted(eval_context: EvalContext, text: str, variables: dict[str, Any]) -> str:
    """Always a format string (a text without "%" is its own result); in an autoescaped template the
    translation is markup and the values are escaped."""
    if eval_context.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


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
    # Templates translate through the request's catalogue, looked up once per request, and call
    # these directly: a step page has dozens of strings.
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)
    app.jinja_env.filters["t"] = translate_text
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
