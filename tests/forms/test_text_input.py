"""Text at the boundary: control characters never get through, ordinary text is untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.answers import AnswersError, clean_value
from forms.loader import parse_instrument
from forms.step_post import check_step_post
from forms.text_input import clean_text, has_control_characters, without_controls
from tests.forms.support import MINI_TEXT

SPREADSHEET_ILLEGAL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]}
CONTROLS = {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]} - {"\x85"}


@given(st.text(), st.booleans())
def test_clean_text_leaves_no_control_character(value, multiline):
    cleaned = clean_text(value, multiline)
    assert not CONTROLS & set(cleaned)
    assert not has_control_characters(cleaned, multiline)
    assert clean_text(cleaned, multiline) == cleaned
    cleaned.encode("utf-8")  # no lone surrogate left


@given(st.text())
def test_one_line_text_has_no_line_break(value):
    assert "\n" not in clean_text(value, multiline=False)


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_ordinary_text_is_untouched(value):
    assert clean_text(value) == value == without_controls(value)
    assert not has_control_characters(value)


def test_words_shift_enter_is_a_line_break_in_a_long_answer():
    assert clean_text("first\x0bsecond\r\nthird", multiline=True) == "first\nsecond\nthird"
    assert clean_text("first\x0bsecond", multiline=False) == "first second"


@given(st.text())
def test_exports_write_nothing_a_spreadsheet_refuses(value):
    assert not SPREADSHEET_ILLEGAL & set(without_controls(value))


MINI = parse_instrument(MINI_TEXT, "mini.yaml")


@pytest.mark.parametrize("question_id", ["organisation", "notes"])
def test_answers_lose_nul_and_escape(question_id):
    question = MINI.questions[question_id]
    assert clean_value(question, "Nor\x00thern\x1b Institute\x7f") == "Northern Institute"


@given(st.text(max_size=60))
def test_the_form_and_the_score_api_keep_the_same_text(raw):
    """The step form's check and the API's cleaning are one rule: same answer kept, or both refuse."""
    question = MINI.questions["organisation"]
    step = next(s for s in MINI.steps if s.id == question.step_id)
    try:
        expected = clean_value(question, raw)
    except AnswersError:
        expected = "refused"
    posted = check_step_post(MINI, step, {}, {question.id: raw}, require=False)
    kept = "refused" if question.id in posted.problems else posted.answers.get(question.id)
    assert kept == expected
