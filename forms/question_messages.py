"""The message shown beside a question and in the page's error summary: short, saying what to do.

A required question left blank shows the question's own `error`; any other problem, or a blank
answer without one, a template of `SHORT_MESSAGES` filled with the question's `short_label`. A
question with neither (an instrument written before short labels) gets the `ANSWER_MESSAGES`
template, which quotes its whole label. Computed only when a post has a problem: a page without
errors costs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable

from forms.answers import AnswerProblem
from forms.i18n import text_for
from forms.messages import ANSWER_MESSAGES, SHORT_MESSAGES
from forms.model import Question

Gettext = Callable[[str], str]


def _identity(message: str) -> str:
    return message


def short_template(code: str, question_type: str) -> str | None:
    """The `SHORT_MESSAGES` template for a problem on a question of this type, if any."""
    return SHORT_MESSAGES.get((code, question_type)) or SHORT_MESSAGES.get(code)


def question_message(problem: AnswerProblem, question: Question, language: str, gettext: Gettext = _identity) -> str:
    """`problem` on `question` in `language`; `gettext` translates the templates into it."""
    if problem.code == "required" and question.error is not None:
        return text_for(question.error, language)
    params = problem.params_in(question, language)
    template = short_template(problem.code, question.type)
    if question.short_label is None or template is None:
        return gettext(ANSWER_MESSAGES[problem.code]) % {**params, "label": text_for(question.label, language)}
    short = text_for(question.short_label, language)
    return gettext(template) % {**params, "short_label": short, "Short_label": short[:1].upper() + short[1:]}
