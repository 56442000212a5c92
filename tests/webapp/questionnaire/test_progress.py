"""Where a respondent stands: open steps, next steps, where to resume (plain Python, no database)."""

from __future__ import annotations

from forms.loader import load_instrument
from tests.webapp.questionnaire.support import MINI
from webapp.questionnaire.progress import REVIEW, Progress

MINI_INSTRUMENT = load_instrument(MINI)
NGO = {"issue": "arctic", "stakeholder_group": "ngo"}
EXPORTER = {"issue": "arctic", "stakeholder_group": "exporter"}


def test_a_fresh_response_may_open_only_the_first_step():
    progress = Progress(MINI_INSTRUMENT, {}, None)
    assert progress.may_open("profile") and not progress.may_open("case")
    assert progress.resume_at() == "profile"


def test_completing_a_step_opens_the_next_on_the_path():
    progress = Progress(MINI_INSTRUMENT, NGO, "profile")
    assert progress.advanced("profile") == "case"
    assert Progress(MINI_INSTRUMENT, NGO, "case").advanced("case") == REVIEW
    assert Progress(MINI_INSTRUMENT, EXPORTER, "case").advanced("case") == "trade"


def test_going_back_never_moves_the_furthest_step_back():
    assert Progress(MINI_INSTRUMENT, NGO, REVIEW).advanced("profile") == REVIEW


def test_a_step_that_leaves_the_path_is_skipped_on_resume():
    progress = Progress(MINI_INSTRUMENT, NGO, "trade")
    assert not progress.on_path("trade") and progress.resume_at() == REVIEW
    assert [s.id for s in progress.steps] == ["profile", "case"]


def test_first_incomplete_step_finds_a_gap_left_by_a_new_step():
    progress = Progress(MINI_INSTRUMENT, {**EXPORTER, "interest": 2, "sanctions": "no", "security": "low"}, REVIEW)
    assert progress.first_incomplete().id == "trade"


def test_an_unknown_furthest_step_starts_again_at_the_first():
    assert Progress(MINI_INSTRUMENT, NGO, "removed-step").furthest == "profile"
