"""A response keeps the instrument version it was answered on: shown and scored with it after a new version ships."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import migrated_app
from tests.webapp.questionnaire.support import MINI, Respondent, only_response

OLD_VERDICT = "Re-open informally."
NEW_VERDICT = "Re-open informally and step by step."


@pytest.fixture(scope="module")
def app(database_url, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The app serving mini 0.2, with 0.1 kept as an archived version."""
    folder = tmp_path_factory.mktemp("versions")
    text = Path(MINI).read_text(encoding="utf-8")
    old = folder / "mini-0.1.yaml"
    old.write_text(text.replace('version: "0.1"\n', 'version: "0.1"\narchived: true\n'), encoding="utf-8")
    new = folder / "mini.yaml"
    new.write_text(text.replace('version: "0.1"', 'version: "0.2"').replace(OLD_VERDICT, NEW_VERDICT), encoding="utf-8")
    yield from migrated_app(database_url, INSTRUMENTS=[str(old), str(new)], RESUME_DAYS=30)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def submit_informal(client) -> Respondent:  # type: ignore[no-untyped-def]
    respondent = Respondent(client)
    respondent.complete(case={"interest": "2", "partners": ["us"], "sanctions": "no", "security": "low"})
    assert respondent.submit().status_code == 302
    return respondent


def test_the_newest_version_not_archived_is_served(app):
    from webapp.instruments import registry

    with app.app_context():
        assert registry().default.version == "0.2"
        assert registry().version("mini", "0.1").archived
        assert registry().answered_on("mini", "0.1").version == "0.1"
        assert registry().answered_on("mini", "9.9").version == "0.2"


def test_a_new_response_is_answered_on_the_newest_version(app, client):
    respondent = submit_informal(client)
    assert only_response(app).instrument_version == "0.2"
    assert NEW_VERDICT in respondent.get("/result").text


def test_a_response_answered_on_the_archived_version_is_shown_and_scored_with_it(app, client):
    from sqlalchemy import update

    from webapp.extensions import db
    from webapp.models import Response

    respondent = submit_informal(client)
    with app.app_context():
        db.session.execute(update(Response).values(instrument_version="0.1"))
        db.session.commit()
    page = respondent.get("/result").text
    assert OLD_VERDICT in page and NEW_VERDICT not in page
    assert "The questionnaire has changed since you answered it" not in page
    assert respondent.client.get("/result/pdf").status_code == 200
