"""Memoised HTML of choice questions, so a step page does not redraw every option per request.

A radio or checkbox group's HTML depends only on the question, the page's language, which
options are chosen and the field's errors: the same inputs always draw the same HTML, so it is
drawn once per process and reused. Text inputs (which carry the respondent's words) are never
memoised. The memo is a bounded per-process cache of derived output: no other process needs it.
"""

from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from webapp.i18n import current_language

MEMO_KEY = "questionnaire_choice_html"
MEMO_LIMIT = 4096


def choice_question_html(field) -> Markup:  # type: ignore[no-untyped-def]
    """The field drawn by `macros/fields.html`'s `draw_question`, memoised for choice questions."""
    memo: dict = current_app.extensions.setdefault(MEMO_KEY, {})
    question = field.question
    key = (id(question), question.id, current_language(), field.selected, tuple(field.errors))
    html = memo.get(key)
    if html is None:
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        template = current_app.jinja_env.get_template("macros/fields.html")
        html = memo[key] = Markup(template.module.draw_question(field))
    return html


def fields_html(fields: list) -> Markup:
    """A step's questions, one after the other: choice questions from the memo, text inputs drawn."""
    draw = current_app.jinja_env.get_template("macros/fields.html").module.draw_question
    return Markup("".join("\n  " + (choice_question_html(f) if f.question.is_choice else draw(f)) for f in fields))
