"""Service pages: contact, privacy, accessibility and feedback, in both languages, from the
organisers' settings, linked from every page's footer and from the result page."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import migrated_app
from webapp.service_pages.details import service_details

PAGES = {
    "/contact": "Contact the organisers",
    "/privacy": "Privacy notice",
    "/accessibility": "Accessibility statement",
    "/feedback": "Give feedback on this service",
}
FRENCH = {
    "/contact": "Joindre l'équipe organisatrice",
    "/privacy": "Avis de confidentialité",
    "/accessibility": "Déclaration d'accessibilité",
    "/feedback": "Donner votre avis sur ce service",
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_answers_in_english_and_in_french(client, path):
    english = client.get(path, headers={"Accept-Language": "en"})
    assert english.status_code == 200
    assert f"<h1>{PAGES[path]}</h1>" in english.text
    client.get("/language/fr?next=/")
    french = client.get(path)
    assert '<html lang="fr">' in french.text
    assert f"<h1>{FRENCH[path]}</h1>" in french.text


@pytest.mark.parametrize("path", ["/", "/contact", "/admin/sign-in"])
def test_every_page_footer_links_the_four_pages(client, path):
    page = client.get(path).text
    footer = page[page.index('<footer'):]
    for target in PAGES:
        assert f'href="{target}"' in footer


def test_the_defaults_give_an_email_and_the_retention_periods(client):
    assert 'href="mailto:consultation@example.org"' in client.get("/contact").text
    privacy = client.get("/privacy").text
    assert "Your private link works for 60 days after your last save." in privacy
    assert "kept for 24 months after the consultation closes" in privacy
    assert "deleted after 30 days" in privacy
    feedback = client.get("/feedback").text
    assert 'href="mailto:consultation@example.org?subject=Feedback%20on%20the%20service"' in feedback


@pytest.fixture
def configured_app(database_url):  # type: ignore[no-untyped-def]
    settings = {
        "CONTACT_EMAIL": "team@consult.example",
        "CONTACT_PHONE": "+1 613 555 0100",
        "CONTACT_ADDRESS": "Consultation team | 1 Main Street | Ottawa",
        "CONTACT_ADDRESS_FR": "Équipe de la consultation | 1, rue Main | Ottawa",
        "CONTACT_REPLY_DAYS": 1,
        "FEEDBACK_URL": "https://forms.example/feedback",
        "RETENTION_MONTHS": 1,
        "RESUME_DAYS": 14,
        "ACCESSIBILITY_REVIEWED": "2026-11-30",
    }
    yield from migrated_app(database_url, **settings)


def test_the_organisers_settings_fill_the_pages(configured_app):
    client = configured_app.test_client()
    contact = client.get("/contact").text
    assert 'href="mailto:team@consult.example"' in contact and 'href="tel:+16135550100"' in contact
    assert "Consultation team<br>1 Main Street<br>Ottawa" in contact
    assert "We reply within 1 working day." in contact
    privacy = client.get("/privacy").text
    assert "works for 14 days" in privacy and "kept for 1 month after" in privacy
    assert 'href="https://forms.example/feedback"' in client.get("/feedback").text
    assert "last reviewed on November 30, 2026" in client.get("/accessibility").text
    client.get("/language/fr?next=/")
    contact = client.get("/contact").text
    assert "Équipe de la consultation<br>1, rue Main<br>Ottawa" in contact
    assert "Nous répondons dans un délai de 1 jour ouvrable." in contact
    assert "revue pour la dernière fois le 30 novembre 2026" in client.get("/accessibility").text


def test_a_malformed_review_date_is_left_out():
    config = {"CONTACT_EMAIL": "a@b.c", "CONTACT_REPLY_DAYS": 5, "FEEDBACK_URL": "", "RETENTION_MONTHS": 24,
              "ACCESS_LOG_DAYS": 30, "RESUME_DAYS": 60, "ACCESSIBILITY_REVIEWED": "30/11/2026"}
    assert service_details(config, "en").reviewed is None
    assert service_details({**config, "ACCESSIBILITY_REVIEWED": "2026-11-30"}, "fr").reviewed == date(2026, 11, 30)
