"""The stakeholder's path through the questionnaire, driven through Flask's test client on the mini instrument."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import func, select

from tests.webapp.questionnaire.support import CASE, PROFILE, Respondent, only_response


def test_start_page_says_what_which_brief_how_long_and_what_happens(client):
    page = client.get("/").text
    assert "<h1>Mini consultation</h1>" in page
    assert "What this tool is for" in page
    assert "A test brief" in page and "Test authors" in page and "November 5, 2020" in page
    assert re.search(r"About \d+ minutes", page)
    assert "What happens to your answers" in page and "private link" in page
    assert 'action="/start"' in page and 'method="post"' in page and 'name="csrf_token"' in page


def test_start_creates_a_draft_and_opens_the_first_step(app, respondent):
    page = respondent.start()
    assert page.request.path == "/step/profile"
    response = only_response(app)
    assert response.status == "draft" and response.instrument_slug == "mini" and response.instrument_version == "0.1"
    assert re.fullmatch(r"RE-[346789ABCDEFGHJKMNPQRTUVWXY]{4}-[346789ABCDEFGHJKMNPQRTUVWXY]{4}", response.reference)


def test_step_page_has_progress_help_fieldsets_and_inputs_named_by_question_id(respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    page = respondent.get("/step/case").text
    assert "Step 2 of 2" in page
    assert '<span aria-current="step">The case</span>' in page
    assert '<a href="/step/profile">About you</a>' in page  # a step already reached
    assert "<legend class=\"legend\">How much is at stake?</legend>" in page
    assert '<p class="hint" id="interest-hint">From 1 (little) to 3 (a lot).</p>' in page
    assert 'aria-describedby="interest-hint"' in page
    assert '<input type="radio" id="interest" name="interest" value="1">' in page
    assert '<input type="checkbox" id="partners" name="partners" value="us">' in page
    assert "Save and continue" in page and 'class="back-link" href="/step/profile"' in page
    assert "<title>The case – Step 2 of 2 – " in page


def test_every_next_saves_the_step_at_once(app, respondent):
    respondent.start()
    response = respondent.step("profile", PROFILE)
    assert response.location == "/step/case"
    saved = only_response(app)
    assert saved.answers == PROFILE
    assert (saved.issue, saved.stakeholder_group, saved.organisation) == ("arctic", "ngo", "Northern Institute")
    assert saved.current_step == "case"


def test_the_whole_flow_stores_one_scored_response(app, respondent):
    review = respondent.complete().text
    assert "Check your answers before you submit" in review
    for label in ("Which issue?", "Arctic", "Who are you?", "NGO", "Northern Institute", "The US", "The EU"):
        assert label in review
    assert 'href="/step/case?change=1#interest"' in review

    response = respondent.submit()
    assert response.status_code == 302 and response.location == "/result"
    saved = only_response(app)
    assert saved.status == "submitted" and saved.submitted_at is not None
    assert saved.tier is not None and saved.benefit is not None and saved.risk is not None
    assert saved.instrument_version == "0.1" and saved.result["tier"]["id"] == saved.tier

    from webapp.extensions import db
    from webapp.models import Response

    scores = saved.criterion_scores
    assert set(scores) == {"B1", "B2", "R1", "R2"}
    for shown in saved.result["criteria"]:  # the result JSON shows them to one decimal
        assert scores[shown["id"]] == pytest.approx(shown["score"], abs=0.05)
    # The channels and safeguards called for, by id, for the admin's counts.
    assert saved.called_for == {kind: [item["id"] for item in saved.result[kind]] for kind in ("channels", "safeguards")}
    with app.app_context():  # SQL can aggregate the scores per criterion.
        mean_b1 = db.session.execute(select(func.avg(Response.criterion_scores["B1"].as_float()))).scalar()
    assert mean_b1 == pytest.approx(scores["B1"])


def test_result_page_explains_the_recommendation(respondent):
    respondent.complete()
    respondent.submit()
    page = respondent.get("/result").text
    reference = re.search(r'<strong class="reference">([^<]+)</strong>', page).group(1)
    assert reference.startswith("RE-")
    assert "Tier " in page and "The recommendation" in page
    assert "Benefit" in page and "Risk" in page and "out of 100" in page
    # Each criterion with the answers that drove it and its passage of the brief.
    assert 'id="criterion-B1"' in page and "The answers that drove each criterion" in page and "In the brief: Introduction" in page
    assert "How much is at stake?" in page
    # Channels and safeguards with their reasons, confidence, the answers, the download.
    assert "How to engage" in page and "You answered for an NGO, which can host informal platforms." in page
    assert "How sure this result is" in page and "of the weighted questions shown were answered" in page
    assert "Northern Institute" in page
    assert 'href="/result/pdf"' in page
    # Charts are SVG with a text equivalent.
    assert 'role="img"' in page and "<desc" in page and "<table" in page


def test_gated_result_shows_the_red_line(respondent):
    respondent.complete(case={**CASE, "sanctions": "yes"})
    respondent.submit()
    page = respondent.get("/result").text
    assert "Red line hit" in page and "re-scope it without sanctions relief" in page
    assert "No channel is recommended while a red line is hit." in page


def test_conditional_step_joins_and_leaves_the_path(app, respondent):
    respondent.start()
    respondent.step("profile", {**PROFILE, "stakeholder_group": "exporter"})
    page = respondent.get("/step/case").text
    assert "Step 2 of 3" in page
    assert respondent.step("case", CASE).location == "/step/trade"
    assert respondent.step("trade", {"competitors": "yes"}).location == "/review"
    assert only_response(app).answers["competitors"] == "yes"
    # A change of profile that closes the trade step drops its answers.
    respondent.get("/step/profile?change=1")
    assert respondent.step("profile", PROFILE, query="?change=1").location == "/review"
    saved = only_response(app)
    assert "competitors" not in saved.answers
    assert "Step 1 of 2" in respondent.get("/step/profile").text


def test_change_link_returns_to_review(respondent):
    respondent.complete()
    respondent.get("/step/case?change=1")
    response = respondent.step("case", {**CASE, "security": "high"}, query="?change=1")
    assert response.location == "/review"
    assert "High" in respondent.get("/review").text


def test_save_and_come_back_later_gives_a_private_link_that_resumes(app, client, respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    response = respondent.step("case", {"interest": "2"}, action="later")  # incomplete is fine when leaving
    assert response.location == "/saved"
    page = respondent.get("/saved").text
    link = re.search(r'id="private-link"[^>]*>([^<]+)</textarea>', page).group(1)
    token = link.rsplit("/resume/", 1)[1]
    saved = only_response(app)
    assert saved.answers["interest"] == 2 and saved.current_step == "case"
    # Stored hashed, never in clear.
    assert saved.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(saved.answers) and token != saved.reference

    other_browser = Respondent(app.test_client())
    response = other_browser.client.get(f"/resume/{token}")
    assert response.status_code == 302 and response.location == "/step/case"
    page = other_browser.get("/step/case").text
    assert '<input type="radio" id="interest-2" name="interest" value="2" checked>' in page
    assert other_browser.step("case", CASE).location == "/review"


def test_start_page_offers_to_continue_in_the_same_browser(respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    assert "Continue where you left off" in respondent.get("/").text
    assert respondent.client.get("/continue").location == "/step/case"


def test_back_link_goes_to_the_previous_step(respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    assert 'class="back-link" href="/step/profile"' in respondent.get("/step/case").text
    assert 'class="back-link" href="/"' in respondent.get("/step/profile").text


def test_submitted_response_reads_again_from_its_link_but_cannot_change(app, respondent):
    respondent.complete()
    respondent.submit()
    token = respondent.resume_token()
    before = only_response(app)

    later = Respondent(app.test_client())
    assert later.client.get(f"/resume/{token}").location == "/result"
    assert "Your answers have been submitted" in later.get("/result").text
    # Editing is refused: the step and review pages send the respondent to the result.
    assert later.client.get("/step/case").location == "/result"
    assert later.client.get("/review").location == "/result"
    later.get("/")  # a page with a form, for a CSRF token
    response = later.step("case", {**CASE, "security": "high"})
    assert response.status_code == 302 and response.location == "/result"
    assert "can no longer be changed" in later.get("/result").text
    after = only_response(app)
    assert after.answers == before.answers and after.updated_at == before.updated_at


def test_result_and_review_wait_for_their_turn(respondent):
    respondent.start()
    assert respondent.client.get("/result").location == "/step/profile"
    assert respondent.client.get("/review").location == "/step/profile"


def test_pages_without_a_response_go_to_the_start_page(client):
    for url in ("/step/profile", "/review", "/result", "/saved", "/result/pdf"):
        response = client.get(url)
        assert response.status_code == 302 and response.location == "/", url
    assert "open your private link" in client.get("/").text


def test_step_page_follows_the_language_toggle(app, respondent):
    respondent.start()
    respondent.client.get("/language/fr")
    page = respondent.get("/step/profile").text
    assert '<html lang="fr">' in page and 'name="issue"' in page
    assert "Enregistrer et continuer" in page
    assert respondent.step("profile", PROFILE).location == "/step/case"
    assert only_response(app).language == "fr"


@pytest.mark.parametrize("notes, counted", [("Start with the fisheries.", 1), ("   ", 0), (None, 0)])
def test_the_submission_counts_the_answers_written_in_the_respondents_own_words(app, respondent, notes, counted):
    trade = {"competitors": "yes", "market": "open", **({"notes": notes} if notes is not None else {})}
    respondent.complete(profile={**PROFILE, "stakeholder_group": "exporter"}, trade=trade)
    respondent.submit()
    saved = only_response(app)
    assert saved.status == "submitted"
    assert saved.free_text_answers == counted, "the organisation's name is not free text; blanks are not an answer"
