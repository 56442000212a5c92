"""Bad input and faults: each gets a clear message and changes nothing already saved."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.exc import OperationalError

from tests.webapp.questionnaire.support import CASE, MINI, PROFILE, Respondent, only_record, only_response


@pytest.fixture
def at_case(app, respondent):  # type: ignore[no-untyped-def]
    """A respondent who saved the first step and stands on the second."""
    respondent.start()
    respondent.step("profile", PROFILE)
    respondent.get("/step/case")
    return respondent


def test_missing_required_answers_get_an_error_summary_and_keep_what_was_posted(app, at_case):
    before = only_response(app)
    response = at_case.step("case", {"partners": ["eu"], "security": "high"})
    assert response.status_code == 400
    page = response.text
    assert "<title>Error: The case" in page
    summary = page[page.index('<div class="error-summary"') : page.index("</div>", page.index('<div class="error-summary"'))]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert '<a href="#interest">' in summary and '<a href="#sanctions">' in summary
    assert "this question is required" in summary
    # The message is repeated beside the field and tied to it.
    assert '<p class="field-error" id="interest-error">' in page
    assert 'aria-describedby="interest-hint interest-error"' in page
    # What was posted is kept.
    assert 'value="eu" checked' in page and 'value="high" checked' in page
    assert only_response(app).answers == before.answers


def test_unknown_option_value_is_refused_by_name(app, at_case):
    before = only_response(app)
    response = at_case.step("case", {**CASE, "sanctions": "maybe-not"})
    assert response.status_code == 400
    assert "&#39;maybe-not&#39; is not one of the choices for &#39;Would this need sanctions relief?&#39;" in response.text
    assert only_response(app).answers == before.answers


def test_unknown_checkbox_value_is_refused(app, at_case):
    response = at_case.step("case", {**CASE, "partners": ["us", "china"]})
    assert response.status_code == 400 and "&#39;china&#39; is not one of the choices" in response.text


def test_none_of_these_ticked_with_another_option_is_refused_and_nothing_is_lost(app, at_case):
    before = only_response(app)
    response = at_case.step("case", {**CASE, "partners": ["us", "nobody"]})
    assert response.status_code == 400
    assert "&#39;Nobody&#39; cannot be ticked with another answer to &#39;Who already talks to them?&#39;" in response.text
    assert '<a href="#partners">' in response.text
    assert 'value="us" checked' in response.text and 'value="nobody" checked' in response.text
    assert only_response(app).answers == before.answers


def test_two_values_for_a_single_choice_are_refused(app, at_case):
    before = only_response(app)
    response = at_case.step("case", {**CASE, "sanctions": ["no", "yes"]})
    assert response.status_code == 400 and "Choose only one answer" in response.text
    assert only_response(app).answers == before.answers


def test_missing_csrf_token_is_refused_and_changes_nothing(app, at_case):
    before = only_response(app)
    response = at_case.post("/step/case", {**CASE, "action": "next"}, csrf=False)
    assert response.status_code == 400
    assert "Your form could not be accepted" in response.text and "Nothing you saved before was changed" in response.text
    assert "Traceback" not in response.text
    after = only_response(app)
    assert after.answers == before.answers and after.current_step == before.current_step


def test_forged_csrf_token_is_refused(app, at_case):
    response = at_case.client.post("/step/case", data={**CASE, "csrf_token": "forged"})
    assert response.status_code == 400 and "could not be accepted" in response.text


def test_oversized_text_is_refused_with_its_limit(app, respondent):
    respondent.start()
    response = respondent.step("profile", {**PROFILE, "organisation": "x" * 51})
    assert response.status_code == 400
    assert "is 51 characters long; the limit is 50" in response.text
    assert only_response(app).answers == {}


def test_oversized_body_is_refused(app, at_case):
    response = at_case.step("case", {**CASE, "notes": "x" * (300 * 1024)})
    assert response.status_code == 413 and "too large" in response.text


def test_step_posted_out_of_order_is_refused_and_changes_nothing(app, respondent):
    respondent.start()
    before = only_response(app)
    response = respondent.step("case", CASE)  # the first step was never completed
    assert response.status_code == 409
    assert "This page is not open" in response.text and "Nothing from it was saved" in response.text
    after = only_response(app)
    assert after.answers == before.answers and after.current_step == "profile"


def test_step_not_on_the_path_is_refused(app, respondent):
    respondent.complete()  # an NGO on the Arctic: no trade step
    before = only_response(app)
    response = respondent.step("trade", {"competitors": "yes"})
    assert response.status_code == 409
    assert only_response(app).answers == before.answers


def test_opening_a_later_step_by_address_goes_back_to_the_current_one(respondent):
    respondent.start()
    response = respondent.client.get("/step/case")
    assert response.status_code == 302 and response.location == "/step/profile"
    assert "Answer the questions on this page first." in respondent.get("/step/profile").text


def test_unknown_step_is_a_plain_404(respondent):
    respondent.start()
    response = respondent.client.get("/step/nope")
    assert response.status_code == 404 and "Page not found" in response.text


def test_answers_for_other_steps_in_a_post_are_ignored(app, at_case):
    at_case.step("case", {**CASE, "issue": "cyber", "competitors": "yes"})
    saved = only_response(app)
    assert saved.answers["issue"] == "arctic" and "competitors" not in saved.answers


def test_unknown_resume_link_gets_a_clear_page(client):
    for token in ("not-a-token", "x" * 500, "a/b"):
        response = client.get(f"/resume/{token}")
        assert response.status_code == 404, token
        assert "This link does not work" in response.text and "Traceback" not in response.text


def test_expired_resume_link_gets_a_clear_page(app, respondent):
    respondent.start()
    token = respondent.resume_token()
    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        db.session.execute(update(Response).values(updated_at=datetime.now(UTC) - timedelta(days=31)))
        db.session.commit()
    fresh = Respondent(app.test_client())
    response = fresh.client.get(f"/resume/{token}")
    assert response.status_code == 410
    assert "This link has expired" in response.text and "30 days" in response.text
    # The browser that held it is told the same, and forgets it.
    assert respondent.client.get("/step/profile").status_code == 410
    assert respondent.client.get("/step/profile").status_code == 302


def test_double_submit_stores_one_response(app, respondent):
    respondent.complete()
    first = respondent.submit()
    second = respondent.submit()  # a double click, or the back button and submit again
    assert first.location == "/result" and second.location == "/result"
    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Response).where(Response.status == "submitted")).scalar() == 1
    assert len(only_response(app).criterion_scores) == 4


def test_submit_from_two_tabs_at_once_stores_one(app, respondent):
    """Both requests loaded the draft before either wrote: the revision guard lets one through."""
    respondent.complete()
    from forms.loader import load_instrument
    from webapp.questionnaire.services import submit_response

    instrument = load_instrument(MINI)
    with app.app_context():
        tab_two = only_record()
        with app.app_context():
            assert submit_response(only_record(), instrument, "en") is True
        assert submit_response(tab_two, instrument, "en") is False
    assert len(only_response(app).criterion_scores) == 4


def test_save_from_a_stale_tab_merges_instead_of_losing_answers(app, respondent):
    respondent.complete()
    from forms.loader import load_instrument
    from webapp.questionnaire.services import save_step

    instrument = load_instrument(MINI)
    with app.app_context():
        stale = only_record()
        with app.app_context():
            save_step(only_record(), instrument, instrument.step("profile"), {**PROFILE, "organisation": "Changed"}, "en", advance=True)
        changed = {**CASE, "security": "high", "partners": ("us",)}
        save_step(stale, instrument, instrument.step("case"), changed, "en", advance=True)
    answers = only_response(app).answers
    assert answers["organisation"] == "Changed" and answers["security"] == "high"


def test_a_save_after_the_response_was_submitted_elsewhere_is_refused(app, respondent):
    respondent.complete()
    from forms.loader import load_instrument
    from webapp.questionnaire.services import ResponseLocked, save_step, submit_response

    instrument = load_instrument(MINI)
    with app.app_context():
        stale = only_record()
        with app.app_context():
            assert submit_response(only_record(), instrument, "en") is True
        with pytest.raises(ResponseLocked):
            save_step(stale, instrument, instrument.step("case"), {**CASE, "security": "high"}, "en", advance=True)
    assert only_response(app).answers["security"] == CASE["security"]


def test_submit_with_a_required_answer_missing_goes_back_to_review(app, respondent):
    respondent.complete()
    # The trade step joins the path after a profile change and has a required question.
    respondent.get("/step/profile?change=1")
    response = respondent.step("profile", {**PROFILE, "stakeholder_group": "exporter"}, query="?change=1")
    assert response.location == "/step/trade?change=1"
    response = respondent.submit()
    assert response.status_code == 400
    assert "<title>Error: Check your answers" in response.text
    assert 'href="/step/trade?change=1#competitors"' in response.text
    assert only_response(app).status == "draft"


def test_submit_before_reaching_review_is_refused(app, respondent):
    respondent.start()
    respondent.step("profile", PROFILE)
    assert respondent.submit().status_code == 409
    assert only_response(app).status == "draft"


@pytest.fixture
def broken_app(tmp_path):  # type: ignore[no-untyped-def]
    from webapp import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3",
            "INSTRUMENTS": [MINI],
            "WTF_CSRF_ENABLED": False,
        }
    )


def test_database_unavailable_gives_a_plain_503(broken_app):
    client = broken_app.test_client()
    response = client.post("/start")
    assert response.status_code == 503
    assert "try again shortly" in response.text and "Traceback" not in response.text
    assert response.headers["Retry-After"]
    from webapp.questionnaire.session_token import seal

    with broken_app.app_context():
        sealed = seal("some-token")
    with client.session_transaction() as session:
        session["response_token"] = sealed
    assert client.get("/step/profile").status_code == 503


def test_database_failing_during_a_save_loses_nothing_already_saved(app, at_case, monkeypatch):
    before = only_response(app)
    with database_failing_on(app, "UPDATE"):
        response = at_case.step("case", CASE)
    assert response.status_code == 503 and "try again shortly" in response.text
    after = only_response(app)
    assert after.answers == before.answers == PROFILE
    # And the respondent can carry on once the database is back.
    assert at_case.step("case", CASE).location == "/review"


def test_database_failing_during_a_submission_stores_nothing_of_it(app, respondent):
    """The result columns and the criterion scores are written in one statement: a failed write stores none of them."""
    respondent.complete()
    with database_failing_on(app, "UPDATE responses"):
        response = respondent.submit()
    assert response.status_code == 503
    draft = only_response(app)
    assert draft.status == "draft" and draft.criterion_scores is None and draft.benefit is None
    assert respondent.submit().location == "/result"
    assert only_response(app).status == "submitted"


@contextmanager
def database_failing_on(app, prefix: str) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Statements starting with `prefix` fail as if the connection dropped, while the block runs."""
    from webapp.extensions import db

    def fail(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(prefix.upper()):
            raise OperationalError(statement, parameters, Exception("connection lost"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", fail)


def test_no_error_page_shows_a_trace(client):
    for url in ("/resume/", "/step/", "/nope"):
        response = client.get(url)
        assert response.status_code == 404 and "Traceback" not in response.text
    assert re.search(r"<title>[^<]+</title>", client.get("/nope").text)


def test_two_tabs_submitting_at_the_same_moment_store_one(app, respondent):
    """Two requests in two threads, released together: one submission, stored once."""
    import threading

    respondent.complete()
    token = respondent.resume_token()
    tabs = []
    for _ in range(2):
        tab = Respondent(app.test_client())
        tab.client.get(f"/resume/{token}")
        tab.get("/review")
        tabs.append(tab)
    barrier = threading.Barrier(2)
    statuses = []

    def submit(tab):  # type: ignore[no-untyped-def]
        barrier.wait()
        statuses.append(tab.submit().status_code)

    threads = [threading.Thread(target=submit, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Response).where(Response.status == "submitted")).scalar() == 1
    assert len(only_response(app).criterion_scores) == 4


def test_every_questionnaire_post_demands_csrf(app, respondent):
    respondent.complete()
    posts = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("questionnaire.") and "POST" in rule.methods]
    assert {rule.rule for rule in posts} == {"/start", "/step/<step_id>", "/submit", "/result/pdf", "/resume/choose"}
    for url in ("/start", "/step/profile", "/submit", "/result/pdf", "/resume/choose"):
        assert respondent.post(url, {"action": "next"}, csrf=False).status_code == 400, url
    saved = only_response(app)  # no second draft, not submitted
    assert saved.status == "draft"
