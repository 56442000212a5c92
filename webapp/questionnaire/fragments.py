"""Memoised HTML of choice questions, so a step page does not redraw every option per request.

A radio or checkbox group's HTML depends only on the question, the page's language, which
options are chosen and the field's errors: the same inputs always draw the same HTML, so it is
drawn once per process and reused. Text inputs (which carry the respondent's words) are never
memoised. The memo is a bounded per-process cache of derived output: no other process needs it.

A step page shown without a post (the usual GET) needs no form at all when every question on it
is a choice drawn before: its key comes from the saved answer (`saved_fields_html`). The step's
form is built only for what the memo lacks, or for a text input.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from flask import current_app
from markupsafe import Markup

from forms.conditions import AnswerValue
from forms.form_builder import saved_selection
from forms.model import Question
from webapp.i18n import current_language

MEMO_KEY = "questionnaire_choice_html"
MEMO_LIMIT = 4096


def _memo() -> dict:
    return current_app.extensions.setdefault(MEMO_KEY, {})


def _key(question: Question, language: str, selected: frozenset[str], errors: tuple[str, ...]) -> Hashable:
    return (id(question), question.id, language, selected, errors)


def _draw_question():  # type: ignore[no-untyped-def]
    return current_app.jinja_env.get_template("macros/fields.html").module.draw_question


def choice_question_html(field) -> Markup:  # type: ignore[no-untyped-def]
    """The field drawn by `macros/fields.html`'s `draw_question`, memoised for choice questions."""
    memo = _memo()
    key = _key(field.question, current_language(), field.selected, tuple(field.errors))
    html = memo.get(key)
    if html is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        html = memo[key] = Markup(_draw_question()(field))
    return html


def fields_html(fields: list) -> Markup:
    """A step's questions, one after the other: choice questions from the memo, text inputs drawn."""
    draw = _draw_question()
    return _joined(choice_question_html(f) if f.question.is_choice else draw(f) for f in fields)


def saved_fields_html(questions: list[Question], answers: Mapping[str, AnswerValue], make_form: Callable) -> Markup:
    """`questions` showing the saved `answers` (nothing posted, no errors), as `fields_html` draws
    them with the fields of `make_form()`; the form is built only if the memo cannot do without."""
    memo, language = _memo(), current_language()
    form = None
    parts = []
    for question in questions:
        html = None
        if question.is_choice:
            html = memo.get(_key(question, language, saved_selection(answers.get(question.id)), ()))
        if html is None:
            form = form or make_form()
            field = form.field_for(question.id)
            html = choice_question_html(field) if question.is_choice else _draw_question()(field)
        parts.append(html)
    return _joined(parts)


def _joined(parts) -> Markup:  # type: ignore[no-untyped-def]
    return Markup("".join("\n  " + part for part in parts))
