"""What is kept and for how long: drafts never submitted are deleted after DRAFT_RETENTION_DAYS,
expired cache entries go too. `flask purge` runs it; safe to run from cron at any time and as
often as wanted (it deletes in batches, repeats nothing harmful, and says what it did)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, select

from webapp.cache import DatabaseCache, forget_response
from webapp.extensions import db
from webapp.models import Response, ResponseStatus

BATCH = 500


@dataclass(frozen=True)
class Purged:
    drafts: int
    cache_entries: int


def stale_drafts_before(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def purge_stale_drafts(days: int) -> int:
    """Delete drafts last saved more than `days` ago (and their cached documents), in batches."""
    cutoff = stale_drafts_before(days)
    deleted = 0
    while True:
        batch = db.session.execute(
            select(Response.id, Response.reference)
            .where(Response.status == ResponseStatus.DRAFT.value, Response.updated_at < cutoff)
            .limit(BATCH)
        ).all()
        if not batch:
            return deleted
        ids = [row.id for row in batch]
        for row in batch:
            forget_response(row.reference)
        db.session.execute(delete(Response).where(Response.id.in_(ids), Response.status == ResponseStatus.DRAFT.value))
        db.session.commit()
        deleted += len(ids)


def purge(days: int) -> Purged:
    drafts = purge_stale_drafts(days)
    expired = DatabaseCache().purge_expired()
    db.session.commit()
    return Purged(drafts, expired)


@click.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None, help="Override DRAFT_RETENTION_DAYS for this run.")
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete drafts never submitted after DRAFT_RETENTION_DAYS, and expired cache entries."""
    days = days or current_app.config["DRAFT_RETENTION_DAYS"]
    purged = purge(days)
    if purged.drafts:
        from webapp.admin.services import record

        record("purge", None, None, f"{purged.drafts} drafts last saved over {days} days ago")
        db.session.commit()
    click.echo(f"Deleted {purged.drafts} drafts last saved over {days} days ago and {purged.cache_entries} expired cache entries.")
