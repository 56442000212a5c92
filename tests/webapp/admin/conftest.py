"""Fixtures of the admin tests: accounts, signed-in clients, and a response factory."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest

ADMIN_EMAIL, VIEWER_EMAIL = "admin@example.org", "viewer@example.org"
PASSWORD = "a long enough password"
SLUG = "canada-russia-2020"
_numbers = itertools.count(1)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD, next_url: str | None = None):  # type: ignore[no-untyped-def]
    page = client.get("/admin/sign-in")
    url = "/admin/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": csrf_from(page.get_data(as_text=True))})


def post_confirmed(client, url: str):  # type: ignore[no-untyped-def]
    """GET the confirmation page, then POST its form with the CSRF token."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True))})


@pytest.fixture
def accounts(app):  # type: ignore[no-untyped-def]
    from webapp.admin import services

    with app.app_context():
        services.create_admin(ADMIN_EMAIL, PASSWORD, "admin")
        services.create_admin(VIEWER_EMAIL, PASSWORD, "viewer")


@pytest.fixture
def admin_client(app, accounts):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, ADMIN_EMAIL).status_code == 302
    return client


@pytest.fixture
def viewer_client(app, accounts):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert sign_in(client, VIEWER_EMAIL).status_code == 302
    return client


@pytest.fixture
def make_response(app):  # type: ignore[no-untyped-def]
    """Insert a response with chosen figures (not scored by the engine): for exact aggregates."""
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response
    from webapp.responses.scoring import free_text_answers

    tiers = {0: "hold", 1: "informal", 2: "officials", 3: "pragmatic"}

    def make(
        issue: str = "arctic",
        group: str = "exporter",
        benefit: float | None = 50.0,
        risk: float | None = 50.0,
        tier_rank: int | None = 1,
        gated: bool = False,
        criteria: dict[str, float | None] | None = None,
        status: str = "submitted",
        submitted_at: datetime | None = None,
        organisation: str | None = None,
        answers: dict | None = None,
        slug: str = SLUG,
        result: dict | None = None,
        anonymised: bool = False,
    ) -> str:
        number = next(_numbers)
        reference = f"T-{number:06d}"
        when = submitted_at or datetime(2026, 3, 1, 12, 0, tzinfo=UTC) + timedelta(minutes=number)
        draft = status == "draft"
        stored_answers = answers if answers is not None else {"issue": issue, "stakeholder_group": group}
        with app.app_context():
            written = len(free_text_answers(registry().default, stored_answers))
            response = Response(
                reference=reference,
                token_hash=f"{number:064d}",
                instrument_slug=slug,
                instrument_version="1.0.0",
                language="en",
                status=status,
                issue=issue,
                stakeholder_group=group,
                organisation=organisation,
                answers=stored_answers,
                benefit=None if draft else benefit,
                risk=None if draft else risk,
                tier=None if draft else tiers.get(tier_rank or 0),
                tier_rank=None if draft else tier_rank,
                gated=gated,
                confidence=None if draft else 1.0,
                criterion_scores=None if draft else dict(criteria or {}),
                called_for=None if draft else {kind: [a["id"] for a in (result or {}).get(kind, [])] for kind in ("channels", "safeguards")},
                result=None if draft else result,
                anonymised=anonymised,
                free_text_answers=0 if draft or anonymised else written,
                created_at=when - timedelta(minutes=20),
                submitted_at=None if draft else when,
            )
            db.session.add(response)
            db.session.commit()
        return reference

    return make


@pytest.fixture
def scored_response(app):  # type: ignore[no-untyped-def]
    """A response scored by the engine, stored as the questionnaire stores it."""
    from forms.checks import extreme_answers
    from forms.engine import score_clean
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response
    from webapp.responses.scoring import result_columns

    def make(
        favourable: bool = True,
        organisation: str = "Northern Institute",
        comment: str = "Call me on 555-0100",
        reference: str | None = None,
        **answer_overrides: object,
    ) -> str:
        number = next(_numbers)
        reference = reference or f"S-{number:06d}"
        with app.app_context():
            instrument = registry().default
            answers = dict(extreme_answers(instrument, favourable=favourable))
            answers["organisation"] = organisation
            answers["anything_else"] = comment
            answers.update(answer_overrides)
            result = score_clean(instrument, answers)
            now = datetime.now(UTC)
            response = Response(
                reference=reference,
                token_hash=f"s{number:063d}",
                instrument_slug=instrument.slug,
                instrument_version=instrument.version,
                language="en",
                status="submitted",
                issue=answers["issue"],
                stakeholder_group=answers["stakeholder_group"],
                organisation=organisation,
                answers={k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
                created_at=now - timedelta(minutes=15),
                submitted_at=now,
                **result_columns(instrument, answers, result),
            )
            db.session.add(response)
            db.session.commit()
        return reference

    return make
