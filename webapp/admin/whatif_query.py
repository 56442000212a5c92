"""The priority list re-ranked under other criterion weights, from the criterion scores already stored.

A response's benefit (or risk) score is the weighted mean of its scored criteria on that side, so
with other weights the database recomputes it from the scores stored with each response (each
criterion extracted once per row, see `criterion_scores`) and sums it per issue and red-line flag
in the same statement, exactly as the stored scores are summed for the published list. A
criterion the weights do not name, or weigh 0, counts for nothing. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Float, and_, case, func, literal, null, select

from webapp.admin.aggregates import GroupFigures, PriorityRow, priority_key
from webapp.admin.criterion_scores import ExtractedScores, criterion_sides, extracted
from webapp.extensions import db
from webapp.models import Response, ResponseStatus


def _side_mean(rows: ExtractedScores, weighted: Mapping[str, float]):
    """sum(w * score) / sum(w) over the criteria of `weighted` that the response scored; NULL when none."""
    if not weighted:
        return null()
    terms = [(rows.score(c), literal(w, Float)) for c, w in weighted.items()]
    total = sum((func.coalesce(score * weight, 0.0) for score, weight in terms), literal(0.0, Float))
    weights = sum((case((score.is_not(None), weight), else_=0.0) for score, weight in terms), literal(0.0, Float))
    return total / func.nullif(weights, 0.0)


def reweighted_issue_figures(instrument_slug: str, weights: Mapping[str, float]) -> dict[str, GroupFigures]:
    """Per issue: count, red lines and the sums of the benefit and risk scores recomputed under `weights`."""
    sides = criterion_sides(instrument_slug)
    weighted = {c: float(w) for c, w in weights.items() if w and c in sides}
    where = and_(Response.instrument_slug == instrument_slug, Response.status == ResponseStatus.SUBMITTED.value)
    rows = extracted("scored", list(weighted), (Response.issue, Response.gated), where)
    per_response = select(
        rows.cte.c.issue,
        rows.cte.c.gated,
        _side_mean(rows, {c: w for c, w in weighted.items() if sides[c] == "benefit"}).label("benefit"),
        _side_mean(rows, {c: w for c, w in weighted.items() if sides[c] == "risk"}).label("risk"),
    ).cte("reweighted").prefix_with("MATERIALIZED")
    benefit, risk = per_response.c.benefit, per_response.c.risk
    statement = select(
        per_response.c.issue,
        per_response.c.gated,
        func.count().label("n"),
        func.count(benefit).label("benefit_n"),
        func.sum(benefit).label("benefit_sum"),
        func.sum(benefit * benefit).label("benefit_squares"),
        func.count(risk).label("risk_n"),
        func.sum(risk).label("risk_sum"),
        func.sum(risk * risk).label("risk_squares"),
    ).group_by(per_response.c.issue, per_response.c.gated)
    issues: dict[str, GroupFigures] = {}
    for row in db.session.execute(statement):
        figures = issues.setdefault(row.issue or "", GroupFigures(row.issue or ""))
        figures.n += row.n
        figures.gated += row.n if row.gated else 0
        figures.benefit.add(row.benefit_n, row.benefit_sum, row.benefit_squares)
        figures.risk.add(row.risk_n, row.risk_sum, row.risk_squares)
    return issues


def reweighted_priority_list(instrument_slug: str, weights: Mapping[str, float], issue_order: list[str]) -> list[PriorityRow]:
    """The priority list under `weights`, ranked by the published rule (`aggregates.priority_key`)."""
    figures = reweighted_issue_figures(instrument_slug, weights)
    for issue in issue_order:
        figures.setdefault(issue, GroupFigures(issue))
    rows = sorted((PriorityRow(issue, f) for issue, f in figures.items()), key=priority_key)
    for position, row in enumerate(rows, 1):
        row.rank = position if row.score is not None else 0
    return rows


def versions_answered(instrument_slug: str) -> list[tuple[str, int]]:
    """The instrument versions the submitted responses were scored on, with how many each (most first)."""
    statement = (
        select(Response.instrument_version, func.count())
        .where(Response.instrument_slug == instrument_slug, Response.status == ResponseStatus.SUBMITTED.value)
        .group_by(Response.instrument_version)
        .order_by(func.count().desc(), Response.instrument_version)
    )
    return [(version, count) for version, count in db.session.execute(statement)]
