"""The priority list re-ranked under other criterion weights, from the criterion scores already stored.

A response's benefit (or risk) score is the weighted mean of its scored criteria on that side, so
with other weights the database recomputes it from `criterion_results` (one row per response and
criterion, grouped by response along the primary key) and sums it per issue in the same statement,
exactly as the stored scores are summed for the published list. Nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Float, and_, case, cast, func, literal, select

from webapp.admin.aggregates import GroupFigures, PriorityRow, priority_key
from webapp.extensions import db
from webapp.models import CriterionResult, Response, ResponseStatus


def _weight(weights: Mapping[str, float]):
    """The weight of each stored row's criterion (0 for a criterion the weights do not name)."""
    return case({cid: literal(float(w), Float) for cid, w in weights.items()}, value=CriterionResult.criterion, else_=literal(0.0, Float))


def _side_mean(side: str, weights: Mapping[str, float]):
    weight = _weight(weights)
    on_side = and_(CriterionResult.side == side, CriterionResult.score.is_not(None))
    total = func.sum(case((on_side, weight), else_=None))
    return func.sum(case((on_side, weight * CriterionResult.score), else_=None)) / func.nullif(cast(total, Float), 0.0)


def reweighted_issue_figures(instrument_slug: str, weights: Mapping[str, float]) -> dict[str, GroupFigures]:
    """Per issue: count, red lines and the sums of the benefit and risk scores recomputed under `weights`."""
    per_response = (
        select(
            CriterionResult.response_id.label("response_id"),
            _side_mean("benefit", weights).label("benefit"),
            _side_mean("risk", weights).label("risk"),
        )
        .group_by(CriterionResult.response_id)
        .subquery()
    )
    benefit, risk = per_response.c.benefit, per_response.c.risk
    statement = (
        select(
            Response.issue,
            Response.gated,
            func.count().label("n"),
            func.count(benefit).label("benefit_n"),
            func.sum(benefit).label("benefit_sum"),
            func.sum(benefit * benefit).label("benefit_squares"),
            func.count(risk).label("risk_n"),
            func.sum(risk).label("risk_sum"),
            func.sum(risk * risk).label("risk_squares"),
        )
        .select_from(Response)
        .outerjoin(per_response, per_response.c.response_id == Response.id)
        .where(Response.instrument_slug == instrument_slug, Response.status == ResponseStatus.SUBMITTED.value)
        .group_by(Response.issue, Response.gated)
    )
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
