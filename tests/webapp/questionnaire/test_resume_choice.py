"""A resume link opened while another draft is in progress: the respondent chooses, nothing is
switched silently; and the session cookie holds no readable token."""

from __future__ import annotations

import base64
import json
import zlib

from tests.webapp.questionnaire.support import PROFILE, Respondent, csrf_token


def other_persons_link(app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A draft started in another browser: its link and reference."""
    other = Respondent(app.test_client())
    other.start()
    other.step("profile", PROFILE, action="later")
    page = other.get("/saved").text
    reference = page.split("RE-", 1)[1][:9]
    return other.resume_token(), "RE-" + reference


def test_opening_another_draft_asks_which_to_continue(app, respondent):
    respondent.start()
    respondent.step("profile", {**PROFILE, "organisation": "Mine"}, action="later")
    mine = respondent.resume_token()
    token, reference = other_persons_link(app)
    page = respondent.get(f"/resume/{token}")
    assert page.status_code == 200
    assert "Which answers do you want to continue?" in page.text
    assert reference in page.text and "last saved" in page.text
    assert respondent.resume_token() == mine  # nothing switched yet
    assert page.headers["Cache-Control"] == "no-store"


def test_keeping_my_draft(app, respondent):
    respondent.start()
    mine = respondent.resume_token()
    token, _ = other_persons_link(app)
    page = respondent.get(f"/resume/{token}")
    answer = respondent.client.post("/resume/choose", data={"continue": "held", "csrf_token": csrf_token(page.text)})
    assert answer.status_code == 302
    assert respondent.resume_token() == mine


def test_taking_the_links_draft(app, respondent):
    respondent.start()
    token, _ = other_persons_link(app)
    page = respondent.get(f"/resume/{token}")
    answer = respondent.client.post("/resume/choose", data={"continue": "opened", "csrf_token": csrf_token(page.text)})
    assert answer.status_code == 302
    assert respondent.resume_token() == token


def test_no_question_when_no_other_draft_is_in_progress(app, respondent):
    token, _ = other_persons_link(app)
    answer = respondent.get(f"/resume/{token}")
    assert answer.status_code == 302
    assert respondent.resume_token() == token


def test_reopening_my_own_link_just_continues(respondent):
    respondent.start()
    token = respondent.resume_token()
    assert respondent.get(f"/resume/{token}").status_code == 302


def decoded_session(client) -> str:  # type: ignore[no-untyped-def]
    """What anyone holding the cookie can read: Flask's session is signed, not encrypted."""
    payload = client.get_cookie("session").value.split(".")
    compressed = payload[0] == ""
    data = payload[1] if compressed else payload[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return (zlib.decompress(raw) if compressed else raw).decode("utf-8", "replace")


def test_the_session_cookie_holds_no_readable_token(respondent):
    respondent.start()
    token = respondent.resume_token()
    readable = decoded_session(respondent.client)
    assert token not in readable
    json.loads(readable)  # it is the session, decoded: the token is simply not in it
