"""Reading responses for the admin list and the exports: filters, sorting, pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import load_only
from sqlalchemy.sql import Select

from webapp.extensions import db
from webapp.models import AuditEntry, Response

PER_PAGE = 50
AUDIT_PER_PAGE = 100
# Sort keys offered to the list: name -> column. Unknown keys fall back to the default.
SORTS = {
    "date": Response.submitted_at,
    "started": Response.created_at,
    "reference": Response.reference,
    "status": Response.status,
    "issue": Response.issue,
    "group": Response.stakeholder_group,
    "tier": Response.tier_rank,
    "benefit": Response.benefit,
    "risk": Response.risk,
    "confidence": Response.confidence,
}
DEFAULT_SORT = "date"


@dataclass(frozen=True)
class ResponseFilters:
    """What the list and the exports are narrowed to; None means "any"."""

    instrument: str | None = None
    issue: str | None = None
    group: str | None = None
    tier: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    gated: bool | None = None
    status: str | None = None
    sort: str = DEFAULT_SORT
    descending: bool = True


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def filter_conditions(filters: ResponseFilters) -> list:
    """The WHERE clauses of a filter set (the date range reads submission dates, drafts' start dates)."""
    where = []
    for column, value in (
        (Response.instrument_slug, filters.instrument),
        (Response.issue, filters.issue),
        (Response.stakeholder_group, filters.group),
        (Response.tier, filters.tier),
        (Response.status, filters.status),
    ):
        if value:
            where.append(column == value)
    if filters.gated is not None:
        where.append(Response.gated.is_(filters.gated))
    if filters.date_from:
        start = _day_start(filters.date_from)
        where.append(or_(Response.submitted_at >= start, and_(Response.submitted_at.is_(None), Response.created_at >= start)))
    if filters.date_to:
        end = _day_start(filters.date_to + timedelta(days=1))
        where.append(or_(Response.submitted_at < end, and_(Response.submitted_at.is_(None), Response.created_at < end)))
    return where


def filtered(filters: ResponseFilters, *columns) -> Select:
    """SELECT of responses (or of `columns`) matching the filters, in the filters' order."""
    statement = select(*columns) if columns else select(Response)
    statement = statement.where(*filter_conditions(filters))
    column = SORTS.get(filters.sort, SORTS[DEFAULT_SORT])
    order = column.desc() if filters.descending else column.asc()
    # Nulls (drafts have no date, tier or score) always last; the id keeps pages stable.
    return statement.order_by(column.is_(None), order, Response.id.desc() if filters.descending else Response.id.asc())


@dataclass(frozen=True)
class Page:
    items: list[Response]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


def response_count(filters: ResponseFilters) -> int:
    """How many responses the filters select."""
    return db.session.scalar(select(func.count()).select_from(Response).where(*filter_conditions(filters))) or 0


def response_page(filters: ResponseFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """One page of the filtered list, with the total count for the pager."""
    total = response_count(filters)
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    # Only the list's columns: the answers and result JSON stay in the database.
    statement = filtered(filters).options(_list_columns()).limit(per_page).offset((page - 1) * per_page)
    return Page(list(db.session.scalars(statement)), total, page, per_page)


def _list_columns():
    return load_only(
        Response.reference,
        Response.status,
        Response.issue,
        Response.stakeholder_group,
        Response.tier,
        Response.tier_rank,
        Response.gated,
        Response.benefit,
        Response.risk,
        Response.confidence,
        Response.anonymised,
        Response.created_at,
        Response.submitted_at,
    )


def response_by_reference(reference: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.reference == reference))


def audit_page(page: int) -> tuple[list[AuditEntry], bool]:
    """One page of the audit log, newest first, and whether older entries follow."""
    newest_first = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    entries = list(db.session.scalars(newest_first.limit(AUDIT_PER_PAGE + 1).offset((page - 1) * AUDIT_PER_PAGE)))
    return entries[:AUDIT_PER_PAGE], len(entries) > AUDIT_PER_PAGE
