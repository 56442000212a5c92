"""What respondents wrote in their own words about an issue: the free-text answers of submitted,
non-anonymised responses, with the group and tier of each, filterable, a page at a time.

Each response stores how many free-text answers it holds (`free_text_answers`, set at
submission), and an index holds that count with the columns the section filters and orders on.
Two statements read the index alone: the counts per group (which give the total), and the
responses holding the page's answers, found by a running sum of those counts newest first. Only
those responses' rows (a page's worth) are read for the text itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select

from forms.model import Instrument
from webapp.extensions import db
from webapp.instruments import registry
from webapp.models import Response, ResponseStatus
from webapp.responses.scoring import free_text_answers

PER_PAGE = 20
NEWEST_FIRST = (Response.submitted_at.desc(), Response.id.desc())


@dataclass(frozen=True)
class FreeTextFilters:
    issue: str
    group: str | None = None
    tier: str | None = None


@dataclass(frozen=True)
class FreeTextAnswer:
    reference: str
    group: str | None
    tier: str | None
    gated: bool
    question: str
    text: str
    submitted_at: datetime | None


@dataclass(frozen=True)
class FreeTextPage:
    items: list[FreeTextAnswer]
    total: int
    page: int
    per_page: int
    by_group: dict[str | None, int]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def _where(instrument_slug: str, filters: FreeTextFilters, with_group_filter: bool = True) -> list[ColumnElement[bool]]:
    """The responses of the issue with free text to show (the group's filter only if asked)."""
    where = [
        Response.instrument_slug == instrument_slug,
        Response.status == ResponseStatus.SUBMITTED.value,
        Response.issue == filters.issue,
        Response.anonymised.is_(False),
        Response.free_text_answers > 0,
    ]
    if filters.group and with_group_filter:
        where.append(Response.stakeholder_group == filters.group)
    if filters.tier:
        where.append(Response.tier == filters.tier)
    return where


def _answers_from(instrument: Instrument, filters: FreeTextFilters, offset: int, count: int) -> list[FreeTextAnswer]:
    """`count` answers from the `offset`-th on, newest response first, in question order within one.

    A running sum of the responses' counts gives, for each, how many answers come before it; the
    responses whose answers overlap the range are read, and their answers cut to it.
    """
    numbered = (
        select(
            Response.id,
            (func.sum(Response.free_text_answers).over(order_by=NEWEST_FIRST, rows=(None, 0)) - Response.free_text_answers).label("before"),
            Response.free_text_answers.label("written"),
        )
        .where(*_where(instrument.slug, filters))
        .subquery()
    )
    shown = select(numbered.c.id, numbered.c.before).where(numbered.c.before < offset + count, numbered.c.before + numbered.c.written > offset).subquery()
    rows = db.session.execute(select(Response, shown.c.before).join(shown, shown.c.id == Response.id).order_by(*NEWEST_FIRST)).all()
    items = []
    for response, _before in rows:
        answered_on = registry().answered_on(response.instrument_slug, response.instrument_version) or instrument
        for question, text in free_text_answers(answered_on, response.answers or {}):
            items.append(FreeTextAnswer(response.reference, response.stakeholder_group, response.tier, response.gated, question, text, response.submitted_at))
    skip = offset - rows[0].before if rows else 0
    return items[skip : skip + count]


def free_text_page(instrument: Instrument, filters: FreeTextFilters, page: int = 1, per_page: int = PER_PAGE) -> FreeTextPage:
    """A page of free-text answers, newest first, the total, and the count per group (tier filter only)."""
    counts = select(Response.stakeholder_group, func.sum(Response.free_text_answers)).where(*_where(instrument.slug, filters, with_group_filter=False))
    by_group = {group: int(n) for group, n in db.session.execute(counts.group_by(Response.stakeholder_group))}
    # The counts per group carry every filter but the group's: the total is the chosen group's count, or their sum.
    total = by_group.get(filters.group, 0) if filters.group else sum(by_group.values())
    page = min(max(1, page), max(1, math.ceil(total / per_page)))
    items = _answers_from(instrument, filters, (page - 1) * per_page, per_page) if total else []
    return FreeTextPage(items, total, page, per_page, by_group)
