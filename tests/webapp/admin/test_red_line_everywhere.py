"""A red line overrides the scores everywhere: no consumer reports or counts a tier above the weakest.

Each response here is scored by the engine on the brief's instrument with answers whose scores
alone give the strongest tier, but that need sanctions relief.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from tests.webapp.admin.conftest import SLUG


@pytest.fixture
def gated_response(app, scored_response):  # type: ignore[no-untyped-def]
    """Store a gated response exactly as the questionnaire does (result_columns of the engine's result)."""
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response

    def make(reference: str = "RED-000001", issue: str = "arctic") -> str:
        scored_response(reference=reference, issue=issue, sanctions_relief="needs_it")
        with app.app_context():
            stored = db.session.execute(sa.select(Response).filter_by(reference=reference)).scalar_one()
            assert stored.gated and stored.scored_tier == registry().default.tiers[-1].id
        return reference

    return make


def test_the_stored_response_holds_the_weakest_tier_and_the_scored_one_apart(app, gated_response):
    from webapp.models import Response

    reference = gated_response()
    with app.app_context():
        stored = Response.query.filter_by(reference=reference).one()
        assert (stored.tier, stored.tier_rank, stored.gated) == ("hold", 0, True)
        assert (stored.scored_tier, stored.scored_tier_rank) == ("pragmatic", 3)
        assert stored.result["tier"]["id"] == "hold" and stored.result["scored_tier"]["id"] == "pragmatic"


def test_the_database_refuses_a_gated_response_above_the_weakest_tier(app, gated_response):
    from webapp.extensions import db

    reference = gated_response()
    with app.app_context():
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(sa.text("UPDATE responses SET tier_rank = 3 WHERE reference = :r"), {"r": reference})
            db.session.commit()
        db.session.rollback()


def test_aggregates_count_a_gated_response_on_the_weakest_tier(app, gated_response):
    from webapp.admin.aggregates import issue_aggregate, priority_list

    gated_response("RED-000001")
    gated_response("RED-000002")
    with app.app_context():
        overall = issue_aggregate(SLUG, "arctic").overall
        rows = {row.issue: row for row in priority_list(SLUG, ["arctic"])}
    assert overall.tiers == {0: 2} and overall.gated == 2
    assert rows["arctic"].red_lined


def test_exports_give_the_weakest_tier_and_name_the_scored_one(admin_client, gated_response):
    gated_response()
    rows = list(csv.DictReader(io.StringIO(admin_client.get("/admin/export/responses.csv").get_data(as_text=True).lstrip("\ufeff"))))
    (row,) = rows
    assert (row["tier"], row["tier_rank"], row["gated"]) == ("hold", "0", "True")
    assert (row["scored_tier"], row["scored_tier_rank"]) == ("pragmatic", "3")
    (record,) = json.loads(admin_client.get("/admin/export/responses.json").get_data(as_text=True))["responses"]
    assert (record["tier"], record["tier_rank"], record["scored_tier"]) == ("hold", 0, "pragmatic")


def test_the_briefing_counts_a_gated_response_under_the_weakest_tier(app, gated_response):
    from webapp.admin.pages import briefing
    from webapp.instruments import registry

    gated_response()
    with app.app_context(), app.test_request_context():
        data = briefing(registry().default, "en", "Test")
    arctic = next(issue for issue in data["issues"] if issue["overall"]["n"])
    counts = [t["count"] for t in arctic["overall"]["tier_counts"]]
    assert counts == [1, 0, 0, 0]


def test_the_admin_response_page_shows_the_red_line_not_the_scored_tier_as_the_outcome(admin_client, gated_response):
    reference = gated_response()
    body = admin_client.get(f"/admin/responses/{reference}").get_data(as_text=True)
    assert "Not on the agenda as scoped" in body
    assert "Tier from the scores alone, before the red line: Pragmatic re-engagement" in body


def test_a_gated_response_stored_before_the_red_line_overrode_is_migrated(app):
    """The migration moves an old gated row to the weakest tier and keeps its scored tier apart."""
    from flask_migrate import downgrade, upgrade

    from webapp.extensions import db

    with app.app_context():
        downgrade(revision="5e1c0a7d9b21")
        try:
            db.session.execute(
                sa.text(
                    "INSERT INTO responses (reference, token_hash, instrument_slug, instrument_version, language, status, "
                    "answers, revision, tier, tier_rank, gated, anonymised, created_at, updated_at, submitted_at) VALUES "
                    "('OLD-1', :hash1, :slug, '1.0.0', 'en', 'submitted', '{}', 0, 'pragmatic', 3, :yes, :no, :now, :now, :now), "
                    "('OLD-2', :hash2, :slug, '1.0.0', 'en', 'submitted', '{}', 0, 'hold', 0, :no, :no, :now, :now, :now)"
                ),
                {"hash1": "1" * 64, "hash2": "2" * 64, "slug": SLUG, "yes": True, "no": False, "now": datetime.now(UTC)},
            )
            db.session.commit()
        finally:
            db.session.rollback()
            db.session.close()
            upgrade()
        rows = db.session.execute(
            sa.text("SELECT reference, tier, tier_rank, scored_tier, scored_tier_rank FROM responses ORDER BY reference")
        ).all()
    assert [tuple(r) for r in rows] == [("OLD-1", "hold", 0, "pragmatic", 3), ("OLD-2", "hold", 0, "hold", 0)]
