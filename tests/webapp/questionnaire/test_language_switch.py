"""The language toggle on a step page keeps what was typed: a button of the step's form that saves
the answers as a draft of the step (without asking for the required ones) and comes back to the
same step in the other language."""

from __future__ import annotations

import pytest

from tests.webapp.questionnaire.support import CASE, PROFILE, Respondent, only_response

TOGGLE = '<button type="submit" form="step-form" name="language" value="{code}" formnovalidate lang="{code}">'


def switch(respondent: Respondent, step_id: str, answers: dict, code: str, query: str = ""):  # type: ignore[no-untyped-def]
    """Press the header's toggle on a step page holding `answers` (as the browser posts the form)."""
    return respondent.post(f"/step/{step_id}{query}", {**answers, "language": code})


def in_language(respondent: Respondent, code: str) -> None:
    assert respondent.get(f"/language/{code}?next=/").status_code == 302


@pytest.fixture
def at_case(respondent):  # type: ignore[no-untyped-def]
    """A respondent who completed the first step and stands on the second."""
    respondent.start()
    assert respondent.step("profile", PROFILE).status_code == 302
    respondent.get("/step/case")
    return respondent


def test_on_a_step_the_toggle_is_a_button_of_the_step_form_and_elsewhere_a_link(respondent):
    start = respondent.get("/").text
    assert 'href="/language/fr?next=/" lang="fr" hreflang="fr">Français</a>' in start
    page = respondent.start().text
    assert TOGGLE.format(code="fr") in page
    assert '<form method="post" id="step-form" novalidate>' in page
    assert 'href="/language/fr' not in page


def test_typed_answers_survive_a_switch_to_french_and_back(app, respondent):
    respondent.start()
    typed = {"organisation": "Northern Institute", "stakeholder_group": "ngo"}
    response = switch(respondent, "profile", typed, "fr")
    assert response.status_code == 302 and response.location == "/step/profile"
    page = respondent.get("/step/profile").text
    assert '<html lang="fr">' in page and "Enregistrer et continuer" in page
    assert 'value="Northern Institute"' in page and 'value="ngo" checked' in page
    assert TOGGLE.format(code="en") in page

    response = switch(respondent, "profile", {**typed, "issue": "cyber"}, "en")
    assert response.location == "/step/profile"
    page = respondent.get("/step/profile").text
    assert '<html lang="en">' in page and "Save and continue" in page
    assert 'value="Northern Institute"' in page and 'value="ngo" checked' in page and 'value="cyber" checked' in page


def test_the_switch_works_from_french_to_english(app, respondent):
    in_language(respondent, "fr")
    assert '<html lang="fr">' in respondent.start().text
    response = switch(respondent, "profile", {"organisation": "Institut du Nord"}, "en")
    assert response.location == "/step/profile"
    page = respondent.get("/step/profile").text
    assert '<html lang="en">' in page and 'value="Institut du Nord"' in page
    assert only_response(app).answers == {"organisation": "Institut du Nord"}


def test_an_incomplete_step_is_saved_as_a_draft_without_advancing(app, at_case):
    response = switch(at_case, "case", {"interest": "2"}, "fr")
    assert response.status_code == 302 and response.location == "/step/case"
    saved = only_response(app)
    assert saved.current_step == "case", "a switch never counts as completing the step"
    assert saved.answers == {**PROFILE, "interest": 2}
    page = at_case.get("/step/case").text
    assert "Il y a un problème" not in page, "the required answers still missing are not reported"
    assert 'value="2" checked' in page


def test_a_switch_on_a_completed_step_keeps_the_furthest_step_reached(app, at_case):
    switch(at_case, "profile", {**PROFILE, "organisation": "Renamed"}, "fr")
    saved = only_response(app)
    assert saved.current_step == "case" and saved.answers["organisation"] == "Renamed"


def test_an_answer_that_cannot_be_kept_is_shown_as_typed_and_the_saved_one_stays(app, at_case):
    long_text = "x" * 51
    response = switch(at_case, "profile", {**PROFILE, "stakeholder_group": "exporter", "organisation": long_text}, "fr")
    assert response.status_code == 400
    page = response.text
    assert '<html lang="fr">' in page and "Il y a un problème" in page
    assert f'value="{long_text}"' in page, "what was typed is on the page"
    assert '<a href="#organisation">' in page
    saved = only_response(app)
    assert saved.answers["organisation"] == PROFILE["organisation"], "the answer saved before is not lost"
    assert saved.answers["stakeholder_group"] == "exporter", "the answers that could be kept are saved"


def test_the_change_link_query_survives_a_switch(app, at_case):
    response = switch(at_case, "profile", PROFILE, "fr", query="?change=1")
    assert response.location == "/step/profile?change=1"


@pytest.mark.parametrize("code", ["de", ""])
def test_a_language_not_offered_is_refused_and_nothing_saved(app, at_case, code):
    before = only_response(app)
    response = switch(at_case, "case", CASE, code)
    assert response.status_code == 400
    after = only_response(app)
    assert after.answers == before.answers and after.current_step == before.current_step


def test_a_switch_without_the_csrf_token_is_refused_and_nothing_saved(app, at_case):
    before = only_response(app)
    response = at_case.post("/step/case", {**CASE, "language": "fr"}, csrf=False)
    assert response.status_code == 400 and "could not be accepted" in response.text
    assert only_response(app).answers == before.answers
    assert '<html lang="en">' in at_case.get("/step/case").text
