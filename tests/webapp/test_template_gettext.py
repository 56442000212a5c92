"""Templates' `_` and `ngettext` render exactly as Jinja's own i18n extension ("newstyle") would,
with the request's catalogue: translated, always formatted, values escaped in an HTML page."""

from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import get_translations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from webapp import create_app

LANGUAGES = ("en", "fr")
# Messages of the catalogue with and without placeholders, and one it does not have.
MESSAGES = ("Back", "Step %(number)s of %(total)s", "Up to %(limit)s characters.", "Not in the catalogue: %(number)s%%", "100%% <sure> & done")
PLURALS = (("%(num)d step", "%(num)d steps"), ("%(num)d answer", "%(num)d answers"))
VALUES = st.one_of(st.text(alphabet="<>&\"'ab 1%", max_size=8), st.integers(-3, 30))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def bare_app():  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def jinja_reference(source: str, autoescape: bool, **context: object) -> str:
    """`source` rendered by Jinja's i18n extension over the same catalogue."""
    environment = Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
    translations = get_translations()
    environment.install_gettext_callables(translations.ugettext, translations.ungettext, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    return environment.from_string(source).render(**context)


@SETTINGS
@given(language=st.sampled_from(LANGUAGES), message=st.sampled_from(MESSAGES), number=VALUES, total=VALUES)
def test_gettext_renders_as_jinja_does(bare_app, language, message, number, total):  # type: ignore[no-untyped-def]
    source = "{{ _(message, number=number, total=total, limit=number) }}|{{ gettext(message, number=number, total=total, limit=number) }}"
    if "%(" not in message:
        source += "|{{ _(message) }}"
    with bare_app.test_request_context(headers={"Accept-Language": language}):
        page = render_template_string(source, message=message, number=number, total=total)
        assert page == jinja_reference(source, True, message=message, number=number, total=total)


@SETTINGS
@given(language=st.sampled_from(LANGUAGES), forms=st.sampled_from(PLURALS), num=st.integers(0, 5), extra=VALUES)
def test_ngettext_renders_as_jinja_does(bare_app, language, forms, num, extra):  # type: ignore[no-untyped-def]
    source = "{{ ngettext(singular, plural, num, extra=extra) }}"
    with bare_app.test_request_context(headers={"Accept-Language": language}):
        page = render_template_string(source, singular=forms[0], plural=forms[1], num=num, extra=extra)
        assert page == jinja_reference(source, True, singular=forms[0], plural=forms[1], num=num, extra=extra)


def test_a_translation_in_french_and_values_escaped(bare_app):  # type: ignore[no-untyped-def]
    with bare_app.test_request_context(headers={"Accept-Language": "fr"}):
        page = render_template_string('{{ _("Step %(number)s of %(total)s", number="<b>", total=3) }}')
    assert page == "Étape &lt;b&gt; sur 3"
