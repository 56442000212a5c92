"""Erasure and retention: anonymise and delete drop the response's cached PDFs (database and
Redis); `flask purge` deletes stale drafts and expired cache entries."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.webapp.admin.conftest import post_confirmed


def cache_keys(app) -> list[str]:  # type: ignore[no-untyped-def]
    from webapp.extensions import db
    from webapp.models import CacheEntry

    with app.app_context():
        return sorted(db.session.scalars(select(CacheEntry.key)))


def cache_pdf(app, reference: str) -> None:  # type: ignore[no-untyped-def]
    from webapp.cache import DatabaseCache, response_key

    with app.app_context():
        DatabaseCache().set(response_key(reference, "report-pdf:v1:abc"), b"%PDF organisation inside", 3600)


@pytest.mark.parametrize("action", ["anonymise", "delete"])
def test_erasing_a_response_drops_its_cached_pdfs_only(app, admin_client, scored_response, action):
    erased, kept = scored_response(), scored_response()
    cache_pdf(app, erased)
    cache_pdf(app, kept)
    assert post_confirmed(admin_client, f"/admin/responses/{erased}/{action}").status_code == 302
    assert cache_keys(app) == [f"report-pdf:v1:abc:response:{kept}"]


def test_the_pdf_the_respondent_downloads_is_cached_under_its_response(app):
    from webapp.cache import response_key

    assert response_key("RE-AAAA-BBBB", "report-pdf:x").endswith(":response:RE-AAAA-BBBB")


def test_redis_copies_are_dropped_too(app):
    redis = pytest.importorskip("redis")
    from webapp.cache import RedisCache

    client = redis.Redis.from_url("redis://127.0.0.1:6379/13", socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    store, tag = RedisCache(client), uuid.uuid4().hex
    store.set(f"report-pdf:1:{tag}:response:RE-*[x]", b"a", 60)
    store.set(f"report-pdf:2:{tag}:response:RE-*[x]", b"b", 60)
    store.set(f"report-pdf:3:{tag}:response:RE-OTHER", b"c", 60)
    assert store.forget_suffix(f"{tag}:response:RE-*") == 0  # the suffix is literal, not a pattern
    assert store.forget_suffix(f"{tag}:response:RE-*[x]") == 2
    assert store.get(f"report-pdf:3:{tag}:response:RE-OTHER") == b"c"
    client.delete(f"report-pdf:3:{tag}:response:RE-OTHER")


def test_purge_deletes_stale_drafts_and_expired_cache_entries(app, runner, make_response):
    from webapp.extensions import db
    from webapp.models import CacheEntry, Response

    stale = make_response(status="draft")
    fresh = make_response(status="draft")
    old_submitted = make_response(status="submitted")
    cache_pdf(app, stale)  # (a cache write drops expired entries: this one comes first)
    long_ago = datetime.now(UTC) - timedelta(days=app.config["DRAFT_RETENTION_DAYS"] + 1)
    with app.app_context():
        for reference in (stale, old_submitted):
            db.session.execute(Response.__table__.update().where(Response.reference == reference).values(updated_at=long_ago))
        db.session.add(CacheEntry(key="old", value=b"x", expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.add(CacheEntry(key="new", value=b"x", expires_at=datetime.now(UTC) + timedelta(hours=1)))
        db.session.commit()
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 drafts" in result.output and "1 expired cache entries" in result.output
    with app.app_context():
        left = set(db.session.scalars(select(Response.reference)))
    assert left == {fresh, old_submitted}
    assert cache_keys(app) == ["new"]
    again = runner.invoke(args=["purge"])  # cron-safe: a second run finds nothing and succeeds
    assert again.exit_code == 0 and "Deleted 0 drafts" in again.output


def test_the_start_page_says_what_is_kept_and_for_how_long(app, client):
    page = client.get("/").get_data(as_text=True)
    assert f"deleted {app.config['DRAFT_RETENTION_DAYS']} days after their last change" in page
    french = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "jamais soumises sont supprimées" in french
