"""The review page's content: every step on the path with each question, its answer and a change link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from flask_babel import gettext

from forms.answers import AnswerProblem
from forms.conditions import AnswerValue
from forms.i18n import text_for
from forms.model import Question
from forms.question_messages import question_message
from webapp.questionnaire.loading import Current


def answer_text(question: Question, value: AnswerValue | None, language: str) -> list[str]:
    """An answer as the respondent saw it: option labels, or the text; empty when blank."""
    if value is None:
        return []
    if not question.is_choice:
        return [str(value)]
    chosen = value if isinstance(value, tuple) else (value,)
    return [text_for(o.label, language) if (o := question.option(v)) is not None else str(v) for v in chosen]


def review_sections(current: Current, problems: Sequence[AnswerProblem], language: str) -> list[dict[str, Any]]:
    messages: dict[str, str] = {}
    for problem in problems:
        question = current.instrument.questions.get(problem.question)
        if question is not None:
            messages.setdefault(problem.question, question_message(problem, question, language, gettext))
    sections = []
    for number, (step, questions) in enumerate(current.progress.path, 1):
        change = url_for("questionnaire.step", step_id=step.id, change=1)
        sections.append(
            {
                "number": number,
                "id": step.id,
                "title": text_for(step.title, language),
                "change_url": change,
                "rows": [
                    {
                        "id": q.id,
                        "label": text_for(q.label, language),
                        "answer": answer_text(q, current.answers.get(q.id), language),
                        "multiline": q.type == "textarea",
                        "error": messages.get(q.id),
                        "change_url": f"{change}#{q.id}",
                    }
                    for q in questions
                ],
            }
        )
    return sections
