"""The result page and its PDF share one context; the PDF is cached on what it depends on."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.webapp.questionnaire.support import Respondent


@pytest.fixture
def submitted(respondent) -> Respondent:  # type: ignore[no-untyped-def]
    respondent.complete()
    respondent.submit()
    return respondent


def test_pdf_downloads_as_an_attachment_named_by_reference(app, submitted):
    response = submitted.client.get("/result/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.data.startswith(b"%PDF")
    from webapp.models import Response

    with app.app_context():
        reference = Response.query.one().reference
    assert response.headers["Content-Disposition"] == f'attachment; filename="recommendation-{reference}-en.pdf"'
    assert "no-store" in response.headers["Cache-Control"]


def test_pdf_is_rendered_once_then_served_from_the_cache(app, submitted, monkeypatch):
    import reports.pdf

    calls = []

    def fake_render(instrument, result, meta, language="en", page_size="A4", gettext=None):  # type: ignore[no-untyped-def]
        calls.append((meta.reference, language, page_size))
        return b"%PDF-fake " + meta.reference.encode()

    monkeypatch.setattr(reports.pdf, "render_recommendation_pdf", fake_render)
    first = submitted.client.get("/result/pdf")
    second = submitted.client.get("/result/pdf")
    assert first.data == second.data and len(calls) == 1
    from webapp.extensions import db
    from webapp.models import CacheEntry

    with app.app_context():
        keys = db.session.execute(select(CacheEntry.key)).scalars().all()
    assert len(keys) == 1  # in the cache every process shares


def test_each_language_gets_its_own_pdf_from_the_cache(submitted, monkeypatch):
    import reports.pdf

    def fake_render(instrument, result, meta, language, *args, **kwargs):  # type: ignore[no-untyped-def]
        return b"%PDF-" + language.encode()

    monkeypatch.setattr(reports.pdf, "render_recommendation_pdf", fake_render)
    english = submitted.client.get("/result/pdf").data
    submitted.client.get("/language/fr")
    french = submitted.client.get("/result/pdf").data
    submitted.client.get("/language/en")
    assert (english, french, submitted.client.get("/result/pdf").data) == (b"%PDF-en", b"%PDF-fr", b"%PDF-en")


def test_pdf_of_a_draft_is_not_available(respondent):
    respondent.start()
    assert respondent.client.get("/result/pdf").location == "/step/profile"


def test_result_page_and_pdf_share_the_report_context(app, submitted, monkeypatch):
    """The web page shows what build_report_context gives; the PDF renders from the same builder."""
    import webapp.questionnaire.results as results

    seen = []
    original = results.build_report_context

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        context = original(*args, **kwargs)
        seen.append(context)
        return context

    monkeypatch.setattr(results, "build_report_context", spy)
    page = submitted.get("/result").text
    context = seen[0]
    assert context["summary"]["verdict"] in page
    assert context["meta"]["reference"] in page
    for criterion in context["criteria"]:
        assert f'id="criterion-{criterion["id"]}"' in page
    for channel in context["channels"]:
        assert channel["title"] in page
    assert context["confidence"]["display"].replace("%", "") in page


def test_result_after_an_instrument_change_shows_the_stored_verdict(app, submitted):
    from sqlalchemy import update

    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        db.session.execute(update(Response).values(instrument_version="0.0-old"))
        db.session.commit()
    page = submitted.get("/result").text
    assert "The questionnaire has changed since you answered it" in page
    assert submitted.client.get("/result/pdf").status_code == 404
