"""One step's post checked against the instrument: what it answers, and what is wrong with it.

The rule the step form (`forms.form_builder`) validates with: which questions the path shows once
this step's answers replace the saved ones, which of them are required, and which posted values
are refused (by `forms.answers.clean_value`, as the score API refuses them). Plain data in and
out, so it is tested on its own, properties included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from forms.answers import AnswerProblem, AnswersError, clean_value, walk_path
from forms.conditions import AnswerValue
from forms.model import Instrument, Question, Step


@dataclass
class StepPost:
    """`answers`: the step's clean answers to the questions its path shows. `problems`: for each
    shown question that cannot be kept, what is wrong."""

    answers: dict[str, AnswerValue] = field(default_factory=dict)
    problems: dict[str, list[AnswerProblem]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def posted_answer(question: Question, values: list[str]) -> object:
    """A question's posted values in the shape `clean_value` expects: a list for a multiple choice
    (or when several values came for one), else the one value, or None when nothing came."""
    if question.type == "multiple" or len(values) > 1:
        return list(values)
    return values[0] if values else None


def check_step_post(
    instrument: Instrument,
    step: Step,
    saved_answers: Mapping[str, AnswerValue],
    posted: Mapping[str, object],
    require: bool = True,
) -> StepPost:
    """Check `posted` (raw answers by question id, as `posted_answer` shapes them) for `step`.

    The path is judged on the saved answers with this step's replaced: a question it no longer
    shows is ignored, whatever was posted for it. With `require` (not for "save and come back
    later"), a shown required question left blank is a problem too.
    """
    cleaned: dict[str, AnswerValue] = {}
    refused: dict[str, list[AnswerProblem]] = {}
    for question in step.questions:
        try:
            value = clean_value(question, posted.get(question.id))
        except AnswersError as error:
            refused[question.id] = error.problems
            continue
        if value is not None:
            cleaned[question.id] = value
    ids = {q.id for q in step.questions}
    merged = {k: v for k, v in saved_answers.items() if k not in ids} | cleaned
    shown = next((questions for s, questions in walk_path(instrument, merged) if s.id == step.id), [])
    result = StepPost()
    for question in shown:
        if question.id in refused:
            result.problems[question.id] = refused[question.id]
        elif question.id in cleaned:
            result.answers[question.id] = cleaned[question.id]
        elif require and question.required:
            result.problems[question.id] = [AnswerProblem(question.id, "required")]
    return result
