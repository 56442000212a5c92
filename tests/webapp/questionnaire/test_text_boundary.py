"""Control characters posted in answers are cleaned before they are stored (PostgreSQL refuses NUL)."""

from __future__ import annotations

from tests.webapp.questionnaire.support import PROFILE, only_response


def test_nul_and_controls_in_an_answer_are_removed_and_the_step_is_saved(app, respondent):
    respondent.start()
    answer = respondent.step("profile", {**PROFILE, "organisation": "North\x00ern\x1b Insti\x0btute"})
    assert answer.status_code == 302
    stored = only_response(app)
    assert stored.organisation == "Northern Insti tute"
    assert stored.answers["organisation"] == "Northern Insti tute"


def test_a_response_address_with_control_characters_is_not_found(client):
    assert client.get("/resume/abc%00def").status_code == 404
    assert client.get("/step/profile%00").status_code == 404
