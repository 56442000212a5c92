"""Answers checked against an instrument: cleaned values, the path they open, and named problems.

Raw answers come from a web form or a JSON body; both mean the same thing. Answers on questions
that the path no longer shows are dropped, never scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from forms.conditions import AnswersOnly, AnswerValue
from forms.i18n import text_for
from forms.messages import ANSWER_MESSAGES
from forms.model import Instrument, Question, Step
from forms.text_input import clean_text


@dataclass(frozen=True)
class AnswerProblem:
    """One thing wrong with the answers, as a message code and its parameters."""

    question: str
    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def message(self, translate=lambda template: template) -> str:
        return translate(ANSWER_MESSAGES[self.code]) % self.params

    def params_in(self, question: Question | None, language: str) -> dict[str, object]:
        """The parameters with the question's label, and the option a message names, in `language`."""
        params = dict(self.params)
        if question is None:
            return params
        if "label" in params:
            params["label"] = text_for(question.label, language)
        value = params.get("option_value")
        option = question.option(value) if isinstance(value, str | int) else None
        if option is not None:
            params["option"] = text_for(option.label, language)
        return params


class AnswersError(ValueError):
    """Answers that do not fit the instrument; `problems` names each one."""

    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message() for problem in problems))


def _is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, (list, tuple)) and not raw)


def clean_value(question: Question, raw: object) -> AnswerValue | None:
    """The stored form of one raw answer (None when blank); raises AnswersError when it cannot be."""
    if _is_blank(raw):
        return None
    label = text_for(question.label)
    problem = lambda code, **params: AnswersError([AnswerProblem(question.id, code, {"label": label, **params})])  # noqa: E731
    if question.type in ("text", "textarea"):
        if not isinstance(raw, str):
            raise problem("not_text")
        value = clean_text(raw, multiline=question.type == "textarea").strip()
        if question.max_length and len(value) > question.max_length:
            raise problem("too_long", length=len(value), limit=question.max_length)
        return value
    if question.type == "multiple":
        choices = [raw] if isinstance(raw, (str, int)) else raw
        if not isinstance(choices, (list, tuple)):
            raise problem("not_an_option", value=raw)
        chosen = {_option_value(question, choice, problem) for choice in choices}
        exclusive = [o for o in question.options if o.exclusive and o.value in chosen]
        if exclusive and len(chosen) > 1:
            raise problem("exclusive_option", option=text_for(exclusive[0].label), option_value=exclusive[0].value)
        return tuple(o.value for o in question.options if o.value in chosen)
    if isinstance(raw, (list, tuple)):
        if len(raw) != 1:
            raise problem("one_choice_only")
        raw = raw[0]
    return _option_value(question, raw, problem)


def _option_value(question: Question, raw: object, problem) -> str | int:
    """Match a raw choice to an option, accepting "3" for the scale value 3 (HTML posts text)."""
    if isinstance(raw, bool):  # JSON true is not the scale value 1
        raise problem("not_an_option", value=str(raw))
    for option in question.options:
        if raw == option.value or (isinstance(option.value, int) and isinstance(raw, str) and raw.strip() == str(option.value)):
            return option.value
    raise problem("not_an_option", value=str(raw)[:80])


def visible_steps(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> list[Step]:
    """The steps the path shows for these answers."""
    return [step for step, _ in walk_path(instrument, answers)]


def walk_path(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> list[tuple[Step, list[Question]]]:
    """Each visible step with its visible questions, judged on the answers that stay on the path."""
    kept: dict[str, AnswerValue] = {}
    context = AnswersOnly(kept)
    path = []
    for step in instrument.steps:
        if step.show_if is not None and not step.show_if.holds(context):
            continue
        questions = [q for q in step.questions if q.show_if is None or q.show_if.holds(context)]
        for question in questions:
            if answers.get(question.id) is not None:
                kept[question.id] = answers[question.id]
        path.append((step, questions))
    return path


def on_path(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Only the answers to questions the path shows, in the instrument's order."""
    return path_and_answers(instrument, answers)[1]


def path_and_answers(
    instrument: Instrument, answers: Mapping[str, AnswerValue]
) -> tuple[list[tuple[Step, list[Question]]], dict[str, AnswerValue]]:
    """`walk_path` and `on_path` at once. The path is also the path of the answers kept (those off
    the path never decide what shows)."""
    path = walk_path(instrument, answers)
    visible = {q.id for _, questions in path for q in questions}
    return path, {qid: answers[qid] for qid in instrument.questions if qid in visible and answers.get(qid) is not None}


def clean_answers(
    instrument: Instrument, raw: object, require_complete: bool = True, questions: Iterable[str] | None = None
) -> dict[str, AnswerValue]:
    """Check raw answers and return those on the path; every problem found is raised together.

    `questions` limits the required-answer check to some questions (one step of a draft).
    """
    if not isinstance(raw, Mapping):
        raise AnswersError([AnswerProblem("", "not_an_object")])
    problems: list[AnswerProblem] = []
    cleaned: dict[str, AnswerValue] = {}
    for question_id, value in raw.items():
        question = instrument.questions.get(question_id) if isinstance(question_id, str) else None
        if question is None:
            problems.append(AnswerProblem(str(question_id)[:80], "unknown_question", {"question": str(question_id)[:80]}))
            continue
        try:
            clean = clean_value(question, value)
        except AnswersError as error:
            problems.extend(error.problems)
            continue
        if clean is not None:
            cleaned[question_id] = clean
    kept = on_path(instrument, cleaned)
    if require_complete:
        scope = set(questions) if questions is not None else None
        for _, visible in walk_path(instrument, kept):
            for question in visible:
                faulty = any(p.question == question.id for p in problems)
                if question.required and question.id not in kept and not faulty and (scope is None or question.id in scope):
                    problems.append(AnswerProblem(question.id, "required", {"label": text_for(question.label)}))
    if problems:
        raise AnswersError(problems)
    return kept
