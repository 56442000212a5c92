"""A step's post is checked by one function, whether it comes through the form or straight from the request."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.loader import load_instrument
from forms.step_post import check_step_post, posted_answer
from tests.forms.support import MINI_PATH

MINI = load_instrument(MINI_PATH)
PROFILE = {"issue": "arctic", "stakeholder_group": "ngo"}


def step(step_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in MINI.steps if s.id == step_id)


def test_a_complete_post_gives_the_clean_answers():
    posted = {"interest": "3", "partners": ["eu", "us"], "sanctions": "no", "security": "low"}
    checked = check_step_post(MINI, step("case"), PROFILE, posted)
    assert checked.ok and checked.problems == {}
    assert checked.answers == {"interest": 3, "partners": ("us", "eu"), "sanctions": "no", "security": "low"}


def test_each_refused_or_missing_answer_is_named_and_the_rest_still_cleaned():
    checked = check_step_post(MINI, step("case"), PROFILE, {"interest": "7", "sanctions": "no"})
    assert not checked.ok
    assert {qid: [p.code for p in problems] for qid, problems in checked.problems.items()} == {
        "interest": ["not_an_option"],
        "security": ["required"],
    }
    assert checked.answers == {"sanctions": "no"}


def test_saving_for_later_checks_values_but_not_what_is_missing():
    checked = check_step_post(MINI, step("case"), PROFILE, {"sanctions": "maybe"}, require=False)
    assert checked.ok and checked.answers == {"sanctions": "maybe"}
    refused = check_step_post(MINI, step("case"), PROFILE, {"sanctions": "perhaps"}, require=False)
    assert [p.code for p in refused.problems["sanctions"]] == ["not_an_option"]


def test_a_post_for_a_step_the_path_does_not_show_keeps_nothing_and_refuses_nothing():
    posted = {"competitors": "not an option", "notes": "x" * 1000}
    checked = check_step_post(MINI, step("trade"), PROFILE, posted)
    assert checked.ok and checked.answers == {}
    shown = check_step_post(MINI, step("trade"), {**PROFILE, "issue": "trade"}, posted)
    assert set(shown.problems) == {"competitors", "notes"}


def test_the_profile_step_is_judged_on_its_new_answers_not_the_saved_ones():
    saved = {"issue": "trade", "stakeholder_group": "ngo", "competitors": "yes"}
    checked = check_step_post(MINI, step("profile"), saved, {"issue": "cyber", "stakeholder_group": "exporter"})
    assert checked.ok and checked.answers == {"issue": "cyber", "stakeholder_group": "exporter"}


@pytest.mark.parametrize(
    ("question", "values", "shaped"),
    [
        ("partners", [], []),
        ("partners", ["us"], ["us"]),
        ("sanctions", [], None),
        ("sanctions", ["no"], "no"),
        ("sanctions", ["no", "yes"], ["no", "yes"]),  # refused by clean_value as one choice only
    ],
)
def test_posted_values_are_shaped_as_clean_value_expects(question, values, shaped):
    assert posted_answer(MINI.questions[question], values) == shaped


@given(st.lists(st.sampled_from(["3", "1", "dont_know", "", "9"]), max_size=2))
def test_a_single_answer_is_kept_only_when_exactly_one_known_option_came(values):
    checked = check_step_post(MINI, step("case"), PROFILE, {"interest": posted_answer(MINI.questions["interest"], values)})
    kept = "interest" in checked.answers
    assert kept == (len(values) == 1 and values[0] in {"3", "1", "dont_know"})
    assert kept or "interest" in checked.problems
