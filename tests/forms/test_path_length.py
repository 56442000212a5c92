"""The fewest and most steps the path can show, from the instrument and from the answers so far."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.answers import walk_path
from forms.path_length import step_count_range
from tests.forms.support import edited_mini

TRADE_SHOWS = "show_if: {any: [{q: stakeholder_group, in: [exporter]}, {q: issue, in: [trade]}]}"


def test_the_mini_instrument_has_two_or_three_steps(mini):
    assert step_count_range(mini) == (2, 3)


def test_answers_given_narrow_the_range(mini):
    assert step_count_range(mini, {"stakeholder_group": "exporter"}) == (3, 3)
    assert step_count_range(mini, {"stakeholder_group": "ngo"}) == (2, 3), "the trade issue would still add the step"
    assert step_count_range(mini, {"stakeholder_group": "ngo", "issue": "arctic"}) == (2, 2)
    assert step_count_range(mini, {"interest": 3, "sanctions": "no"}) == (2, 3), "answers that decide nothing change nothing"


def test_the_brief_has_six_or_seven_steps(brief_instrument):
    assert step_count_range(brief_instrument) == (6, 7)


def test_an_instrument_without_conditional_steps_has_one_length():
    plain = edited_mini(("    " + TRADE_SHOWS + "\n", ""))
    assert step_count_range(plain) == (3, 3)


def test_a_multiple_choice_counts_the_options_ticked_together():
    both = edited_mini((TRADE_SHOWS, "show_if: {all: [{q: partners, in: [us]}, {q: partners, in: [eu]}]}"))
    assert step_count_range(both) == (2, 3)
    assert step_count_range(both, {"partners": ("us",)}) == (2, 2)
    assert step_count_range(both, {"partners": ["us", "eu"]}) == (3, 3), "a list from JSON counts as the tuple"


def test_an_exclusive_option_is_never_ticked_with_another():
    impossible = edited_mini((TRADE_SHOWS, "show_if: {all: [{q: partners, in: [nobody]}, {q: partners, in: [us]}]}"))
    assert step_count_range(impossible) == (2, 2)


def test_a_text_answer_counts_as_answered_or_not():
    named = edited_mini((TRADE_SHOWS, "show_if: {q: organisation, answered: true}"))
    assert step_count_range(named) == (2, 3)
    assert step_count_range(named, {"organisation": "Northern Institute"}) == (3, 3)


profile_answers = st.fixed_dictionaries(
    {},
    optional={
        "issue": st.sampled_from(["arctic", "trade", "cyber"]),
        "stakeholder_group": st.sampled_from(["exporter", "province_territory", "ngo"]),
    },
)


@settings(max_examples=60, deadline=None)
@given(answers=profile_answers, keep=st.sets(st.sampled_from(["issue", "stakeholder_group"])))
def test_the_range_from_some_answers_holds_the_path_of_every_completion(mini, answers, keep):
    """Whatever is answered later, the path's length stays within the range said earlier; once
    every deciding question is answered, the range is that length alone."""
    length = len(walk_path(mini, answers))
    earlier = {k: v for k, v in answers.items() if k in keep}
    low, high = step_count_range(mini, earlier)
    assert low <= length <= high
    if set(answers) == {"issue", "stakeholder_group"}:
        assert step_count_range(mini, answers) == (length, length)
