"""WTForms classes built from one step of an instrument: a dict from question type to builder.

Plain WTForms (the web app passes `FlaskForm` as `base` for CSRF). Each input is named by its
question id, and every posted value is checked by `forms.answers.clean_value`, so a form post and
the score API accept and refuse the same answers; the fields' messages are the short ones of
`forms.question_messages`.
Templates draw the inputs themselves from `field.options` and `field.selected`: no widget call
per option.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wtforms import Field, Form
from wtforms.fields.core import UnboundField

from forms.answers import AnswerProblem, walk_path
from forms.conditions import AnswerValue
from forms.i18n import text_for
from forms.model import Instrument, Question, Step
from forms.question_messages import question_message
from forms.step_post import check_step_post, posted_answer
from forms.text_input import clean_text

Gettext = Callable[[str], str]
FIELD_PREFIX = "answer__"  # Python attribute names only; the HTML name and id are the question id


def identity(message: str) -> str:
    return message


def saved_selection(value: object) -> frozenset[str]:
    """The option values a saved answer chooses, as the page posts them (text): what a choice
    field shows as chosen when nothing was posted."""
    values = value if isinstance(value, (list, tuple)) else [value]
    return frozenset(str(v) for v in values if v is not None)


class AnswerField(Field):
    """One question's input. Keeps every raw value posted, so a tampered post is seen as such."""

    multiple = False
    multiline = False
    inline = False

    def __init__(
        self, label: str | None = None, question: Question | None = None, choices: tuple = (), options: tuple = (), **kwargs: Any
    ) -> None:
        super().__init__(label, **kwargs)
        self.question = question
        self.choices = choices  # ((value as posted, label), ...)
        self.options = options  # ((value as posted, label, input id), ...)

    def process_data(self, value: Any) -> None:
        self.data = list(value) if isinstance(value, (list, tuple)) else value

    def process_formdata(self, valuelist: list[str]) -> None:
        if self.multiple:
            self.data = list(valuelist)
        else:
            self.data = valuelist[0] if valuelist else None

    def raw_answer(self) -> object:
        """What was posted, in the shape `clean_value` expects (several values stay a list)."""
        return posted_answer(self.question, self.raw_data or [])  # type: ignore[arg-type]  # every field the builder makes has its question

    @property
    def selected(self) -> frozenset[str]:
        """The option values to show as chosen: those posted, else those saved."""
        if self.raw_data is not None:
            return frozenset(self.raw_data)
        return saved_selection(self.data)

    @property
    def text(self) -> str:
        """The text to show in a text input: what was posted, else what was saved."""
        if self.raw_data:
            return clean_text(self.raw_data[0], self.multiline)
        return "" if self.data is None else str(self.data)

    def _value(self) -> str:
        return self.text


class RadioField(AnswerField):
    """One choice among options (single, scale)."""


class ScaleField(RadioField):
    """A scale: radios laid out in a row."""

    inline = True


class CheckboxesField(AnswerField):
    """Any number of options (multiple)."""

    multiple = True


class TextAnswerField(AnswerField):
    """A line of text (line breaks and control characters are cleaned by `clean_value` and `text`)."""


class LongTextAnswerField(TextAnswerField):
    """Several lines of text."""

    multiline = True


def option_id(question_id: str, number: int) -> str:
    """The HTML id of a question's `number`th option (1-based): the first one's is the question's,
    so that the error summary links to it."""
    return question_id if number == 1 else f"{question_id}-{number}"


def _choices(question: Question, language: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(option.value), text_for(option.label, language)) for option in question.options)


def _field(field_class: type[AnswerField], question: Question, language: str) -> UnboundField:
    choices = _choices(question, language)
    return field_class(
        label=text_for(question.label, language),
        description=text_for(question.help, language),
        question=question,
        choices=choices,
        options=tuple((value, label, option_id(question.id, n)) for n, (value, label) in enumerate(choices, 1)),
        name=question.id,
    )


def build_single(question: Question, language: str) -> UnboundField:
    return _field(RadioField, question, language)


def build_multiple(question: Question, language: str) -> UnboundField:
    return _field(CheckboxesField, question, language)


def build_scale(question: Question, language: str) -> UnboundField:
    return _field(ScaleField, question, language)


def build_text(question: Question, language: str) -> UnboundField:
    return _field(TextAnswerField, question, language)


def build_textarea(question: Question, language: str) -> UnboundField:
    return _field(LongTextAnswerField, question, language)


FIELD_BUILDERS: Mapping[str, Callable[[Question, str], UnboundField]] = {
    "single": build_single,
    "multiple": build_multiple,
    "scale": build_scale,
    "text": build_text,
    "textarea": build_textarea,
}


class StepFormMixin:
    """What every step form does: take the saved answers, check a post, give the clean answers.

    Construct with `saved_answers` (all answers saved so far, cleaned) and `require` (False for
    "save and come back later": values are checked, missing answers are not). After `validate()`,
    `answers` holds this step's clean answers on the path.
    """

    instrument: Instrument
    step: Step
    language: str
    gettext: Gettext

    def __init__(
        self, *args: Any, saved_answers: Mapping[str, AnswerValue] | None = None, require: bool = True, **kwargs: Any
    ) -> None:
        self.saved_answers = dict(saved_answers or {})
        self.require = require
        self.answers: dict[str, AnswerValue] = {}
        data = {FIELD_PREFIX + q.id: self.saved_answers[q.id] for q in self.step.questions if q.id in self.saved_answers}
        super().__init__(*args, data=data, **kwargs)  # type: ignore[call-arg]  # the mixin's other base is the WTForms form class given to build_step_form

    def field_for(self, question_id: str) -> AnswerField:
        return self[FIELD_PREFIX + question_id]  # type: ignore[index]  # WTForms' Form indexes its fields; it is the mixin's other base

    def answer_fields(self, questions: list[Question] | None = None) -> list[AnswerField]:
        """The fields of `questions` (default: every question of the step), in order."""
        return [self.field_for(q.id) for q in (self.step.questions if questions is None else questions)]

    def visible_questions(self, answers: Mapping[str, AnswerValue] | None = None) -> list[Question]:
        """This step's questions that the path shows for `answers` (default: the saved ones)."""
        answers = self.saved_answers if answers is None else answers
        for step, questions in walk_path(self.instrument, answers):
            if step.id == self.step.id:
                return questions
        return []

    def validate(self, extra_validators: Any = None) -> bool:
        fields_ok = super().validate(extra_validators)  # type: ignore[misc]  # WTForms' Form.validate, the mixin's other base
        return self._check_answers() and fields_ok

    def _check_answers(self) -> bool:
        """The post checked by `check_step_post`; its problems become the fields' messages."""
        posted = {q.id: self.field_for(q.id).raw_answer() for q in self.step.questions}
        checked = check_step_post(self.instrument, self.step, self.saved_answers, posted, self.require)
        for question in self.step.questions:
            problems = checked.problems.get(question.id, [])
            self.field_for(question.id).errors = [self._message(problem, question) for problem in problems]
        self.answers = checked.answers
        return checked.ok

    def _message(self, problem: AnswerProblem, question: Question) -> str:
        """The question's short message in the form's language."""
        return question_message(problem, question, self.language, self.gettext)


def build_step_form(
    instrument: Instrument, step: Step, language: str = "en", gettext: Gettext = identity, base: type = Form
) -> type:
    """A form class for `step` with one field per question, labels in `language`."""
    attributes: dict[str, Any] = {
        "instrument": instrument,
        "step": step,
        "language": language,
        "gettext": staticmethod(gettext),
    }
    for question in step.questions:
        attributes[FIELD_PREFIX + question.id] = FIELD_BUILDERS[question.type](question, language)
    name = f"StepForm_{instrument.slug}_{step.id}_{language}".replace("-", "_")
    return type(base)(name, (StepFormMixin, base), attributes)
