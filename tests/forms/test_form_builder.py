"""Form classes from instrument steps: one builder per question type, answers checked as the API checks them."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.answers import AnswersError, clean_answers
from forms.form_builder import (
    FIELD_BUILDERS,
    CheckboxesField,
    LongTextAnswerField,
    RadioField,
    ScaleField,
    TextAnswerField,
    build_step_form,
)
from forms.model import QUESTION_TYPES
from tests.forms.support import edited_mini


def form_for(instrument, step_id, post=None, saved=None, require=True, **kwargs):  # type: ignore[no-untyped-def]
    form_class = build_step_form(instrument, instrument.step(step_id), **kwargs)
    formdata = MultiDict(post) if post is not None else None
    return form_class(formdata, saved_answers=saved or {}, require=require)


PROFILE = {"issue": "arctic", "stakeholder_group": "exporter"}


def test_there_is_one_builder_per_question_type():
    assert set(FIELD_BUILDERS) == set(QUESTION_TYPES)


def test_single_builds_radios_named_by_question_id(mini):
    field = form_for(mini, "profile").field_for("issue")
    assert isinstance(field, RadioField) and not isinstance(field, ScaleField)
    assert (field.name, field.id) == ("issue", "issue")
    assert field.label.text == "Which issue?"
    assert field.choices == (("arctic", "Arctic"), ("trade", "Trade"), ("cyber", "Cyber"))


def test_multiple_builds_checkboxes(mini):
    form = form_for(mini, "case", [("partners", "us"), ("partners", "eu")], saved=PROFILE)
    field = form.field_for("partners")
    assert isinstance(field, CheckboxesField) and field.multiple
    assert field.selected == {"us", "eu"}


def test_scale_builds_inline_radios_with_help(mini):
    field = form_for(mini, "case").field_for("interest")
    assert isinstance(field, ScaleField) and field.inline
    assert field.description == "From 1 (little) to 3 (a lot)."
    assert field.choices[0] == ("1", "Little") and field.choices[-1] == ("dont_know", "I don't know")


def test_text_builds_a_line(mini):
    field = form_for(mini, "profile", {"organisation": "Acme"}).field_for("organisation")
    assert isinstance(field, TextAnswerField) and not field.multiline
    assert field.text == "Acme"


def test_textarea_builds_several_lines(mini):
    field = form_for(mini, "trade", saved={**PROFILE, "notes": "Saved\ntext"}).field_for("notes")
    assert isinstance(field, LongTextAnswerField) and field.multiline
    assert field.text == "Saved\ntext"


def test_saved_answers_fill_the_form(mini):
    form = form_for(mini, "case", saved={**PROFILE, "interest": 2, "partners": ("us",)})
    assert form.field_for("interest").selected == {"2"}
    assert form.field_for("partners").selected == {"us"}


def test_a_good_post_gives_clean_answers_like_the_api(mini):
    post = [("interest", "3"), ("partners", "us"), ("partners", "eu"), ("sanctions", "no"), ("security", "low")]
    form = form_for(mini, "case", post, saved=PROFILE)
    assert form.validate()
    assert form.answers == {"interest": 3, "partners": ("us", "eu"), "sanctions": "no", "security": "low"}
    raw = {**PROFILE, "interest": "3", "partners": ["us", "eu"], "sanctions": "no", "security": "low"}
    api = clean_answers(mini, raw, require_complete=False)
    assert {k: api[k] for k in form.answers} == form.answers


@pytest.mark.parametrize(
    ("post", "question", "message"),
    [
        ([("interest", "9")], "interest", "'9' is not one of the choices for 'How much is at stake?'."),
        ([("sanctions", "no"), ("sanctions", "yes")], "sanctions", "Choose only one answer for 'Would this need sanctions relief?'."),  # noqa: E501
        ([("partners", "mars")], "partners", "'mars' is not one of the choices for 'Who already talks to them?'."),
        ([], "security", "Answer 'How sensitive for security?': this question is required."),
    ],
)
def test_bad_posts_get_the_message_of_the_table(mini, post, question, message):
    form = form_for(mini, "case", post, saved=PROFILE)
    assert not form.validate()
    assert form.field_for(question).errors == [message]
    raw = {**PROFILE, "interest": "3", "sanctions": "no", "security": "low"}
    values = [v for k, v in post if k == question]
    raw.pop(question, None)
    if values:
        raw[question] = values if len(values) > 1 or question == "partners" else values[0]
    with pytest.raises(AnswersError) as api:  # the score API refuses the same answer
        clean_answers(mini, raw, questions=[q.id for q in mini.step("case").questions])
    assert [p.question for p in api.value.problems] == [question]


def test_too_long_text_is_refused(mini):
    form = form_for(mini, "profile", {**PROFILE, "organisation": "x" * 51})
    assert not form.validate()
    assert form.field_for("organisation").errors == ["Your answer to 'Organisation' is 51 characters long; the limit is 50."]


def test_leaving_for_later_checks_values_but_not_required(mini):
    assert form_for(mini, "case", {"interest": "2"}, saved=PROFILE, require=False).validate()
    assert not form_for(mini, "case", {"interest": "7"}, saved=PROFILE, require=False).validate()


def test_only_questions_on_the_path_are_required_and_kept(mini):
    form = form_for(mini, "trade", {"market": "open"}, saved={"issue": "arctic", "stakeholder_group": "ngo"})
    assert form.validate()  # the step is off the path: nothing shown, nothing required
    assert form.answers == {} and form.visible_questions() == []
    form = form_for(mini, "trade", {"market": "open"}, saved=PROFILE)
    assert not form.validate() and form.field_for("competitors").errors


def test_messages_are_translated_and_labels_follow_the_language(mini):
    catalogue = {"Answer '%(label)s': this question is required.": "Répondez à « %(label)s » : question obligatoire."}
    form = form_for(mini, "case", [], saved=PROFILE, language="fr", gettext=lambda m: catalogue.get(m, m))
    assert not form.validate()
    assert form.field_for("security").errors == ["Répondez à « How sensitive for security? » : question obligatoire."]


ORGANISATION = "      - {id: organisation, type: text, label: {en: Organisation}, max_length: 50}\n"


@pytest.mark.parametrize("question_id", ["validate", "data", "errors", "meta", "process", "answers", "saved_answers", "step"])
def test_a_question_named_like_a_form_attribute_is_still_asked_and_answered(question_id):
    instrument = edited_mini((ORGANISATION, ORGANISATION + f"      - {{id: {question_id}, type: text, label: {{en: Clash}}}}\n"))
    form = form_for(instrument, "profile", {**PROFILE, question_id: "Acme"})
    assert form.validate()
    assert form.answers == {**PROFILE, question_id: "Acme"}
    assert [(f.name, f.text) for f in form.answer_fields()][-1] == (question_id, "Acme")
