"""Answers checked against the mini instrument: cleaned values, the path, and every problem named."""

from __future__ import annotations

import pytest

from forms.answers import AnswerProblem, AnswersError, clean_answers, clean_value, on_path, visible_steps, walk_path

# A complete, valid set of answers for an NGO on the Arctic: the trade step is not shown.
NGO = {"issue": "arctic", "stakeholder_group": "ngo", "interest": 2, "sanctions": "no", "security": "low"}
# An exporter sees the trade step and must answer its required question.
EXPORTER = {**NGO, "stakeholder_group": "exporter", "competitors": "yes"}


def problems_of(instrument, raw, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(AnswersError) as caught:
        clean_answers(instrument, raw, **kwargs)
    return [(p.question, p.code) for p in caught.value.problems]


def only_problem(instrument, raw, **kwargs) -> AnswerProblem:
    with pytest.raises(AnswersError) as caught:
        clean_answers(instrument, raw, **kwargs)
    (problem,) = caught.value.problems
    return problem


# -- valid answers -----------------------------------------------------------------------


def test_valid_answers_come_back_clean_and_in_instrument_order(mini):
    raw = {"security": "low", "sanctions": "no", "interest": 2, "stakeholder_group": "ngo", "issue": "arctic"}
    cleaned = clean_answers(mini, raw)
    assert cleaned == NGO
    assert list(cleaned) == ["issue", "stakeholder_group", "interest", "sanctions", "security"]


@pytest.mark.parametrize(
    ("question", "raw", "clean"),
    [
        ("interest", "3", 3),
        ("interest", " 2 ", 2),
        ("interest", 1, 1),
        ("interest", ["3"], 3),
        ("issue", ["trade"], "trade"),
        ("partners", "us", ("us",)),
        ("partners", ["eu", "us"], ("us", "eu")),
        ("partners", ["us", "us"], ("us",)),
        ("organisation", "  Acme Ltd \r\n", "Acme Ltd"),
        ("interest", "dont_know", "dont_know"),
    ],
    ids=[
        "scale as text",
        "scale as padded text",
        "scale as number",
        "scale in a one-item list",
        "single in a one-item list",
        "multiple as a single string",
        "multiple in option order",
        "multiple without repeats",
        "text stripped",
        "abstain",
    ],
)
def test_clean_value_normalises_what_a_form_or_json_sends(mini, question, raw, clean):
    assert clean_value(mini.question(question), raw) == clean


@pytest.mark.parametrize("blank", [None, "", "   ", [], ()])
def test_blank_answers_are_no_answer(mini, blank):
    assert clean_value(mini.question("partners"), blank) is None
    assert clean_value(mini.question("organisation"), blank) is None
    assert clean_answers(mini, {**NGO, "partners": blank, "organisation": blank}) == NGO


def test_a_multiple_choice_given_as_a_single_string_is_one_choice(mini):
    assert clean_answers(mini, {**NGO, "partners": "eu"})["partners"] == ("eu",)


def test_a_scale_answer_sent_as_text_is_the_number(mini):
    cleaned = clean_answers(mini, {**NGO, "interest": "3"})
    assert cleaned["interest"] == 3
    assert isinstance(cleaned["interest"], int)


def test_dont_know_is_a_valid_answer_to_a_required_question(mini):
    cleaned = clean_answers(mini, {**NGO, "interest": "dont_know"})
    assert cleaned["interest"] == "dont_know"


# -- problems ----------------------------------------------------------------------------


def test_an_unknown_question_is_named(mini):
    problem = only_problem(mini, {**NGO, "intrest": 2})
    assert (problem.question, problem.code) == ("intrest", "unknown_question")
    assert "'intrest' is not a question" in problem.message()


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("issue", "mars"),
        ("sanctions", "perhaps"),
        ("interest", 4),
        ("interest", "4"),
        ("interest", "3.5"),
        ("interest", True),
        ("partners", ["us", "china"]),
        ("partners", {"us": True}),
        ("security", 1),
    ],
)
def test_a_value_not_among_the_options_is_named(mini, question, value):
    problem = only_problem(mini, {**NGO, question: value})
    assert (problem.question, problem.code) == (question, "not_an_option")
    assert problem.params["label"] == mini.question(question).label["en"]


def test_the_bad_value_is_quoted_in_the_message(mini):
    problem = only_problem(mini, {**NGO, "issue": "mars"})
    assert problem.message() == "'mars' is not one of the choices for 'Which issue?'."


def test_two_values_for_a_single_choice_are_refused(mini):
    problem = only_problem(mini, {**NGO, "sanctions": ["no", "yes"]})
    assert (problem.question, problem.code) == ("sanctions", "one_choice_only")


@pytest.mark.parametrize("missing", ["issue", "stakeholder_group", "interest", "sanctions", "security"])
def test_a_missing_required_answer_is_named(mini, missing):
    raw = {k: v for k, v in NGO.items() if k != missing}
    problem = only_problem(mini, raw)
    assert (problem.question, problem.code) == (missing, "required")
    assert problem.message() == f"Answer '{mini.question(missing).label['en']}': this question is required."


def test_a_required_question_on_a_shown_step_is_required(mini):
    raw = {**EXPORTER}
    del raw["competitors"]
    assert problems_of(mini, raw) == [("competitors", "required")]


def test_a_required_question_on_a_hidden_step_is_not_required(mini):
    assert "competitors" not in clean_answers(mini, NGO)


def test_an_optional_question_may_be_left_blank(mini):
    assert clean_answers(mini, {**EXPORTER, "market": "", "notes": ""}) == EXPORTER


def test_require_complete_false_accepts_a_partial_draft(mini):
    assert clean_answers(mini, {"issue": "trade"}, require_complete=False) == {"issue": "trade"}


def test_the_required_check_can_be_limited_to_one_step(mini):
    raw = {"issue": "trade", "stakeholder_group": "ngo"}
    assert clean_answers(mini, raw, questions=["issue", "stakeholder_group", "organisation"]) == raw
    assert problems_of(mini, raw, questions=["interest", "sanctions"]) == [("interest", "required"), ("sanctions", "required")]


@pytest.mark.parametrize(("length", "ok"), [(50, True), (51, False)])
def test_text_longer_than_its_limit_is_refused(mini, length, ok):
    raw = {**NGO, "organisation": "x" * length}
    if ok:
        assert clean_answers(mini, raw)["organisation"] == "x" * length
    else:
        problem = only_problem(mini, raw)
        assert (problem.question, problem.code) == ("organisation", "too_long")
        assert problem.params["length"] == 51 and problem.params["limit"] == 50
        assert "is 51 characters long; the limit is 50" in problem.message()


def test_text_given_as_a_number_is_refused(mini):
    problem = only_problem(mini, {**NGO, "organisation": 42})
    assert (problem.question, problem.code) == ("organisation", "not_text")


@pytest.mark.parametrize("raw", [None, [], "issue=arctic", 3])
def test_answers_that_are_not_an_object_are_refused(mini, raw):
    problem = only_problem(mini, raw)
    assert problem.code == "not_an_object"


def test_every_problem_is_reported_at_once(mini):
    raw = {
        "issue": "mars",  # not an option
        "stakeholder_group": "exporter",
        "organisation": "y" * 80,  # too long
        "interest": "7",  # not an option
        "partners": ["us", "mars"],  # not an option
        "security": "low",
        # sanctions: missing, required
        "colour": "blue",  # unknown
    }
    with pytest.raises(AnswersError) as caught:
        clean_answers(mini, raw)
    found = sorted((p.question, p.code) for p in caught.value.problems)
    assert found == sorted(
        [
            ("issue", "not_an_option"),
            ("organisation", "too_long"),
            ("interest", "not_an_option"),
            ("partners", "not_an_option"),
            ("sanctions", "required"),
            ("colour", "unknown_question"),
            ("competitors", "required"),  # the exporter is shown the trade step
        ]
    )
    # The error's own message lists every problem.
    for problem in caught.value.problems:
        assert problem.message() in str(caught.value)


def test_a_faulty_answer_is_not_also_reported_as_missing(mini):
    """One message per question: a wrong value is not also 'required'."""
    assert problems_of(mini, {**NGO, "sanctions": "perhaps"}) == [("sanctions", "not_an_option")]


# -- the path ----------------------------------------------------------------------------


def test_answers_off_the_path_are_dropped(mini):
    """Trade answers are dropped when the respondent is not an exporter and the issue is not trade."""
    raw = {**NGO, "competitors": "yes", "market": "closed", "notes": "hello"}
    cleaned = clean_answers(mini, raw)
    assert cleaned == NGO
    assert not {"competitors", "market", "notes"} & set(cleaned)


@pytest.mark.parametrize(
    "profile",
    [{"stakeholder_group": "exporter"}, {"issue": "trade"}, {"issue": "trade", "stakeholder_group": "exporter"}],
    ids=["exporter", "trade issue", "both"],
)
def test_answers_on_an_opened_step_are_kept(mini, profile):
    raw = {**NGO, **profile, "competitors": "no", "market": "closed", "notes": "hello"}
    cleaned = clean_answers(mini, raw)
    assert cleaned["competitors"] == "no"
    assert cleaned["market"] == "closed"
    assert cleaned["notes"] == "hello"


def test_invalid_answers_off_the_path_are_still_refused(mini):
    """A value that is not an option is named even on a hidden step: it is a malformed post."""
    assert problems_of(mini, {**NGO, "competitors": "maybe"}) == [("competitors", "not_an_option")]


def test_walk_path_shows_the_steps_the_answers_open(mini):
    assert [s.id for s in visible_steps(mini, NGO)] == ["profile", "case"]
    assert [s.id for s in visible_steps(mini, EXPORTER)] == ["profile", "case", "trade"]
    assert [s.id for s in visible_steps(mini, {})] == ["profile", "case"]
    path = walk_path(mini, EXPORTER)
    assert [[q.id for q in questions] for _, questions in path] == [
        ["issue", "stakeholder_group", "organisation"],
        ["interest", "partners", "sanctions", "security"],
        ["competitors", "market", "notes"],
    ]


def test_on_path_keeps_only_shown_answers_in_instrument_order(mini):
    answers = {"market": "open", "security": "high", "issue": "arctic", "stakeholder_group": "ngo", "partners": None}
    assert on_path(mini, answers) == {"issue": "arctic", "stakeholder_group": "ngo", "security": "high"}
    assert list(on_path(mini, {**answers, "stakeholder_group": "exporter"})) == [
        "issue",
        "stakeholder_group",
        "security",
        "market",
    ]


# -- exclusive options ("None of these") --------------------------------------------------


@pytest.mark.parametrize("raw", [["nobody", "us"], ["eu", "nobody"], ["us", "eu", "nobody"]])
def test_none_of_these_cannot_be_ticked_with_another_option(mini, raw):
    with pytest.raises(AnswersError) as caught:
        clean_value(mini.question("partners"), raw)
    (problem,) = caught.value.problems
    assert (problem.question, problem.code) == ("partners", "exclusive_option")
    assert problem.message() == "'Nobody' cannot be ticked with another answer to 'Who already talks to them?': untick one of them."


def test_none_of_these_alone_or_other_options_together_are_accepted(mini):
    assert clean_value(mini.question("partners"), ["nobody"]) == ("nobody",)
    assert clean_value(mini.question("partners"), ["eu", "us"]) == ("us", "eu")


def test_the_exclusive_check_applies_to_whole_answer_sets_as_the_api_sends_them(mini):
    with pytest.raises(AnswersError) as caught:
        clean_answers(mini, {"issue": "arctic", "stakeholder_group": "ngo", "interest": 2, "sanctions": "no", "security": "low", "partners": ["us", "nobody"]})
    assert [p.code for p in caught.value.problems] == ["exclusive_option"]
