"""Error messages in the house style: short, saying what to do, never the whole question.

A question's `short_label` and `error` are read and checked by the loader; `question_message`
builds the message a page shows beside the field and in its error summary.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from babel.support import Translations
from hypothesis import given
from hypothesis import strategies as st

from forms.answers import AnswerProblem, AnswersError, clean_value
from forms.form_builder import build_step_form
from forms.loader import InstrumentError, default_instrument_path, load_instrument
from forms.model import Question
from forms.question_messages import question_message
from tests.forms.support import edited_mini

CATALOGUES = Path(__file__).resolve().parents[2] / "webapp" / "translations"
SHORT_LABELS = (
    ('label: {en: "How sensitive for security?"}', 'label: {en: "How sensitive for security?"}\n        error: {en: "Select how sensitive the issue is for security", fr: "Indiquez la sensibilité pour la sécurité"}'),  # noqa: E501
    ('label: {en: "How much is at stake?"}', 'label: {en: "How much is at stake?"}\n        short_label: {en: "how much Canada has at stake"}'),
    ('label: {en: "Who already talks to them?"}', 'label: {en: "Who already talks to them?"}\n        short_label: {en: "the partners who talk to them"}'),
    ('label: {en: "Would this need sanctions relief?"}', 'label: {en: "Would this need sanctions relief?"}\n        short_label: {en: "whether this needs sanctions relief"}'),  # noqa: E501
    ("label: {en: Organisation}, max_length: 50}", "label: {en: Organisation}, max_length: 50, short_label: {en: the name of your organisation}}"),
)


@pytest.fixture(scope="module")
def labelled():  # type: ignore[no-untyped-def]
    """The mini instrument with short labels on some questions and an error on one."""
    return edited_mini(*SHORT_LABELS)


def errors_of(instrument, step_id: str, post: list, saved: dict | None = None) -> dict:  # type: ignore[no-untyped-def]
    from werkzeug.datastructures import MultiDict

    form = build_step_form(instrument, instrument.step(step_id))(MultiDict(post), saved_answers=saved or {}, require=True)
    form.validate()
    return {q.id: form.field_for(q.id).errors for q in instrument.step(step_id).questions if form.field_for(q.id).errors}


def refused(*replacements: tuple[str, str]) -> InstrumentError:
    with pytest.raises(InstrumentError) as caught:
        edited_mini(*replacements)
    return caught.value


# -- the loader ------------------------------------------------------------------------


def test_short_labels_and_errors_are_optional_and_loaded_into_the_model(mini, labelled):
    assert mini.question("security").error is None and mini.question("security").short_label is None
    assert labelled.question("security").error == {"en": "Select how sensitive the issue is for security", "fr": "Indiquez la sensibilité pour la sécurité"}
    assert labelled.question("interest").short_label == {"en": "how much Canada has at stake"}


def test_the_archived_instrument_loads_without_short_labels():
    archived = load_instrument(sorted((default_instrument_path().parent / "archive").glob("*.yaml"))[0])
    assert archived.archived and all(q.short_label is None for q in archived.questions.values())


SECURITY = 'label: {en: "How sensitive for security?"}'
MESSAGE_FAULTS = [
    # (name, key and value added to the `security` question, place, fault)
    ("not a text map", 'error: "Select how sensitive"', "steps[1].questions[3].error", "must be a map from language to text"),
    ("no English", "short_label: {fr: sensibilité}", "steps[1].questions[3].short_label", "has no English text ('en')"),
    ("too long", f"short_label: {{en: {'very ' * 17}sensitive}}", "steps[1].questions[3].short_label.en", "1 to 80 characters"),
    ("error too long", f"error: {{en: Select {'very ' * 24}sensitive}}", "steps[1].questions[3].error.en", "1 to 120 characters"),
    ("blank", 'short_label: {en: "x", fr: "  "}', "steps[1].questions[3].short_label.fr", "1 to 80 characters"),
    ("two lines", 'error: {en: "Select one\\nanswer"}', "steps[1].questions[3].error.en", "must be one line"),
    ("full stop", 'error: {en: "Select how sensitive it is."}', "steps[1].questions[3].error.en", "must not end with '.'"),
    ("question mark", 'short_label: {en: "how sensitive?"}', "steps[1].questions[3].short_label.en", "must not end with '?'"),
    ("repeats the label", 'error: {en: "Answer how sensitive for security"}', "steps[1].questions[3].error.en", "repeats the question's label"),
]


@pytest.mark.parametrize(("added", "place", "fault"), [f[1:] for f in MESSAGE_FAULTS], ids=[f[0] for f in MESSAGE_FAULTS])
def test_a_malformed_message_is_refused_naming_its_place(added, place, fault):
    error = refused((SECURITY, f"{SECURITY}\n        {added}"))
    assert error.place == place and fault in error.fault, str(error)


def test_a_message_missing_a_language_of_the_label_is_refused():
    error = refused((SECURITY, 'label: {en: "How sensitive for security?", fr: "Sensibilité ?"}\n        error: {en: "Select how sensitive"}'))
    assert error.place == "steps[1].questions[3].error" and "has no text in 'fr'" in error.fault


def test_an_error_on_a_question_that_is_not_required_is_refused():
    market = 'label: {en: "How open is the market?"}'
    error = refused((market, f'{market}\n        error: {{en: "Select how open the market is"}}'))
    assert error.place == "steps[2].questions[1].error" and "only a required question" in error.fault


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp"), max_codepoint=0xFFFD), min_size=1, max_size=100))
def test_any_short_label_is_loaded_as_written_or_refused_by_name(short):
    text = short.replace("\\", "\\\\").replace('"', '\\"')
    try:
        instrument = edited_mini((SECURITY, f'{SECURITY}\n        short_label: {{en: "{text}"}}'))
    except InstrumentError as error:
        assert error.place.startswith("steps[1].questions[3].short_label")
        return
    assert instrument.question("security").short_label == {"en": short.strip()}
    assert question_message(AnswerProblem("security", "required"), instrument.question("security"), "en") == f"Select {short.strip()}"


# -- the messages ----------------------------------------------------------------------


def test_a_blank_required_answer_shows_the_question_s_error_else_one_built_from_its_short_label(labelled):
    errors = errors_of(labelled, "case", [("partners", "us")], saved={"issue": "arctic", "stakeholder_group": "ngo"})
    assert errors == {
        "interest": ["Select how much Canada has at stake"],
        "sanctions": ["Select whether this needs sanctions relief"],
        "security": ["Select how sensitive the issue is for security"],
    }


@pytest.mark.parametrize(
    ("post", "question", "message"),
    [
        ([("organisation", "x" * 51)], "organisation", "The name of your organisation must be 50 characters or fewer"),
        ([("sanctions", "no"), ("sanctions", "yes")], "sanctions", "Select only one answer for whether this needs sanctions relief"),
        ([("sanctions", "maybe-not")], "sanctions", "Select whether this needs sanctions relief from the answers shown"),
        ([("partners", "us"), ("partners", "nobody")], "partners", "Select 'Nobody' or other answers, not both"),
    ],
)
def test_other_problems_are_named_by_the_short_label(labelled, post, question, message):
    step = labelled.question(question).step_id
    answers = {"interest": "2", "sanctions": "no", "security": "low", "issue": "arctic", "stakeholder_group": "ngo"}
    posted = [(k, v) for k, v in answers.items() if labelled.question(k).step_id == step and k not in dict(post)] + post
    assert errors_of(labelled, step, posted, saved={"issue": "arctic", "stakeholder_group": "ngo"})[question] == [message]


@pytest.mark.parametrize(("kind", "message"), [("multiple", "Select at least one answer for the partners"), ("text", "Enter the partners")])
def test_the_default_for_a_blank_answer_depends_on_the_question_type(mini, kind, message):
    question = dataclasses.replace(mini.question("partners"), type=kind, required=True, short_label={"en": "the partners"})
    assert question_message(AnswerProblem("partners", "required"), question, "en") == message


def test_without_a_short_label_the_message_quotes_the_whole_label(labelled):
    assert errors_of(labelled, "profile", [])["issue"] == ["Answer 'Which issue?': this question is required."]


def test_the_templates_are_translated_and_filled_with_the_text_in_the_page_s_language(mini):
    question = dataclasses.replace(mini.question("organisation"), short_label={"en": "the name", "fr": "le nom"})
    catalogue = {"%(Short_label)s must be %(limit)d characters or fewer": "%(Short_label)s doit compter au plus %(limit)d caractères"}
    problem = AnswerProblem("organisation", "too_long", {"length": 51, "limit": 50})
    assert question_message(problem, question, "fr", lambda s: catalogue.get(s, s)) == "Le nom doit compter au plus 50 caractères"


# -- the brief's instrument: every question gets a short message in both languages -------------


def problems_of(question: Question) -> list[AnswerProblem]:
    """A problem of each kind the question can have, raised as a post would raise it."""
    raws: list[object] = []
    if question.type in ("text", "textarea"):
        raws.append("x" * ((question.max_length or 0) + 1))
    else:
        raws.append("not-an-option")
        exclusive = [o.value for o in question.options if o.exclusive]
        if question.type == "multiple" and exclusive:
            raws.append([exclusive[0], next(o.value for o in question.options if o.value != exclusive[0])])
        if question.type != "multiple":
            raws.append([question.options[0].value, question.options[1].value])
    problems = [AnswerProblem(question.id, "required")] if question.required else []
    for raw in raws:
        with pytest.raises(AnswersError) as caught:
            clean_value(question, raw)
        problems.extend(caught.value.problems)
    return problems


def plain(text: str) -> str:
    return text.casefold().rstrip(" ?!.:;\u00a0\u202f")


def test_every_question_of_the_brief_gets_short_messages_in_english_and_french(brief_instrument):
    french = Translations.load(str(CATALOGUES), ["fr"]).ugettext
    checked = 0
    for question in brief_instrument.questions.values():
        assert question.short_label is not None, f"{question.id} has no short label"
        assert not question.required or question.error is not None, f"{question.id} is required and has no error message"
        for problem in problems_of(question):
            english = question_message(problem, question, "en")
            in_french = question_message(problem, question, "fr", french)
            for language, message in (("en", english), ("fr", in_french)):
                assert plain(question.label[language]) not in plain(message), (question.id, problem.code, message)
                assert len(message) <= 140 and "%(" not in message and "'" + question.label[language] not in message
            assert text_of(question.short_label, "en") not in in_french, (question.id, in_french)
            assert not re.search(r"\b(Select|Enter|must|answers?|or fewer)\b", in_french), f"not translated: {in_french}"
            assert not re.search(r" [:;?!»]|« ", in_french), f"French typography: {in_french}"
            checked += 1
    assert checked > 100


def text_of(text, language: str) -> str:  # type: ignore[no-untyped-def]
    return text[language]
