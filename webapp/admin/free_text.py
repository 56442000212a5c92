"""What respondents wrote in their own words about an issue: the free-text answers of submitted,
non-anonymised responses, with the group and tier of each, filterable, a page at a time.

The text is read out of the answers' JSON by the database (JSON_EXTRACT on SQLite, ->> on
PostgreSQL, both through SQLAlchemy's JSON type), one SELECT per free-text question joined by
UNION ALL; two statements: the counts per group (which give the total), then the page shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Subquery, func, literal, select, union_all

from forms.model import Instrument
from webapp.extensions import db
from webapp.models import Response, ResponseStatus

PER_PAGE = 20


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


def free_text_questions(instrument: Instrument) -> list[str]:
    """The questions answered in the respondent's own words (long text; not the organisation's name,
    which identifies rather than explains)."""
    return [q.id for q in instrument.questions.values() if q.type == "textarea"]


def _answers_query(instrument_slug: str, question_ids: list[str], filters: FreeTextFilters, with_group_filter: bool = True) -> Subquery:
    """One row per non-empty free-text answer: reference, group, tier, gated, question, text, date."""
    parts = []
    for question_id in question_ids:
        text = Response.answers[question_id].as_string()
        where = [
            Response.instrument_slug == instrument_slug,
            Response.status == ResponseStatus.SUBMITTED.value,
            Response.issue == filters.issue,
            Response.anonymised.is_(False),
            text.is_not(None),
            func.trim(text) != "",
        ]
        if filters.group and with_group_filter:
            where.append(Response.stakeholder_group == filters.group)
        if filters.tier:
            where.append(Response.tier == filters.tier)
        parts.append(
            select(
                Response.id.label("id"),
                Response.reference.label("reference"),
                Response.stakeholder_group.label("grp"),
                Response.tier.label("tier"),
                Response.gated.label("gated"),
                literal(question_id).label("question"),
                text.label("text"),
                Response.submitted_at.label("submitted_at"),
            ).where(*where)
        )
    return union_all(*parts).subquery()


def free_text_page(instrument: Instrument, filters: FreeTextFilters, page: int = 1, per_page: int = PER_PAGE) -> FreeTextPage:
    """A page of free-text answers, newest first, the total, and the count per group (tier filter only)."""
    question_ids = free_text_questions(instrument)
    if not question_ids:
        return FreeTextPage([], 0, 1, per_page, {})
    every_group = _answers_query(instrument.slug, question_ids, filters, with_group_filter=False)
    by_group = {grp: n for grp, n in db.session.execute(select(every_group.c.grp, func.count()).group_by(every_group.c.grp))}
    # The counts per group carry every filter but the group's: the total is the chosen group's count, or their sum.
    total = by_group.get(filters.group, 0) if filters.group else sum(by_group.values())
    page = min(max(1, page), max(1, math.ceil(total / per_page)))
    answers = _answers_query(instrument.slug, question_ids, filters)
    rows = db.session.execute(
        select(answers).order_by(answers.c.submitted_at.desc(), answers.c.id.desc(), answers.c.question)
        .limit(per_page).offset((page - 1) * per_page)
    )
    items = [FreeTextAnswer(r.reference, r.grp, r.tier, bool(r.gated), r.question, r.text, r.submitted_at) for r in rows]
    return FreeTextPage(items, total, page, per_page, by_group)
