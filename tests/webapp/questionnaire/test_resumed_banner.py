"""After opening a private link, the page it leads to says once which response continues and
when it was last saved, in the respondent's language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from tests.webapp.questionnaire.support import PROFILE, Respondent, csrf_token, only_response

SAVED = (datetime.now(UTC) - timedelta(days=2)).replace(hour=15, minute=7, second=0, microsecond=0)


def saved_draft(app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A draft stopped on its second step, last saved at SAVED: its token and reference."""
    first = Respondent(app.test_client())
    first.start()
    first.step("profile", PROFILE, action="next")
    first.step("case", {"interest": "2"}, action="later")
    reference = re.search(r"RE-[0-9A-Z]{4}-[0-9A-Z]{4}", first.get("/saved").text).group(0)  # type: ignore[union-attr]
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Response

        db.session.execute(update(Response).where(Response.reference == reference).values(updated_at=SAVED))
        db.session.commit()
    return first.resume_token(), reference


def banner(page: str) -> str | None:
    match = re.search(r'<div class="notice" role="status">\s*<p>([^<]+)</p>', page)
    return match.group(1) if match else None


def test_the_page_a_link_opens_says_which_response_continues_and_when_it_was_saved(app, respondent):
    token, reference = saved_draft(app)
    assert respondent.client.get(f"/resume/{token}").location == "/step/case"
    text = banner(respondent.get("/step/case").text)
    assert text is not None and text.startswith(f"You are continuing response {reference}, last saved ")
    assert re.search(r"last saved \w+ \d{1,2}, \d{4} at 3:07\u202f(PM|p\.m\.) UTC\.$", text), text
    assert banner(respondent.get("/step/case").text) is None, "said once"


def test_the_banner_is_in_the_respondents_language(app, respondent):
    token, reference = saved_draft(app)
    respondent.client.get("/language/fr")
    respondent.client.get(f"/resume/{token}")
    text = banner(respondent.get("/step/case").text)
    assert text is not None and text.startswith(f"Vous poursuivez la réponse {reference}, enregistrée pour la dernière fois le ")
    assert re.search(r"le \d{1,2} [a-zéû]+ \d{4} à 15( h |:)07 (UTC|TU)\.$", text), text


def test_a_submitted_response_says_when_it_was_submitted(app, respondent):
    respondent.complete()
    respondent.submit()
    token = respondent.resume_token()
    later = Respondent(app.test_client())
    assert later.client.get(f"/resume/{token}").location == "/result"
    text = banner(later.get("/result").text)
    assert text is not None and text.startswith(f"You are reading the result of response {only_response(app).reference}, submitted ")


def test_taking_the_links_draft_over_ones_own_says_so(app, respondent):
    respondent.start()
    token, reference = saved_draft(app)
    choice = respondent.get(f"/resume/{token}")
    assert banner(choice.text) is None, "nothing is continued before the respondent chooses"
    respondent.client.post("/resume/choose", data={"continue": "opened", "csrf_token": csrf_token(choice.text)})
    respondent.client.get("/continue")
    assert f"You are continuing response {reference}" in (banner(respondent.get("/step/case").text) or "")


def test_keeping_ones_own_draft_shows_no_banner(app, respondent):
    respondent.start()
    token, _ = saved_draft(app)
    choice = respondent.get(f"/resume/{token}")
    respondent.client.post("/resume/choose", data={"continue": "held", "csrf_token": csrf_token(choice.text)})
    assert banner(respondent.get("/step/profile").text) is None
