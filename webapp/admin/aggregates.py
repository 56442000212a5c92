"""Aggregate queries of the admin area, computed by the database (GROUP BY, window functions).

Portable between SQLite and PostgreSQL: the spread comes from sums of squares (SQLite has no
STDDEV) and medians from running counts over a histogram (window SUM). The database returns
one row per group and criterion (a few hundred at most); Python only adds those rows up and
derives the figures (mean, spread, agreement).

Definitions, shown on the pages as well:
- spread: the population standard deviation of the scores, 0 to 50 on a 0-100 scale;
- agreement: 1 - spread / 50, from 1 (everyone gave the same score) to 0 (half at 0, half at
  100); for an issue, the mean of the agreement on its benefit and its risk scores; an issue or
  criterion is "split" when agreement falls below SPLIT_BELOW;
- priority: net case (mean benefit - mean risk) minus half the mean spread of benefit and risk.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import CTE, Select, and_, case, func, literal, select, union_all

from webapp.admin.criterion_scores import criterion_sides, extracted
from webapp.extensions import db
from webapp.models import Response, ResponseStatus

SPLIT_BELOW = 0.5
MIN_RESPONSES = 10
RED_LINE_MAJORITY = 0.5
BENEFIT, RISK = "_benefit", "_risk"


# ---------------------------------------------------------------- running sums and their figures
@dataclass
class Moments:
    """Count, sum and sum of squares of a score: what SQL returns and what adds up exactly."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    low: float | None = None
    high: float | None = None
    median: float | None = None

    def add(
        self, n: int, total: float | None, squares: float | None, low: float | None = None, high: float | None = None
    ) -> None:
        self.n += int(n or 0)
        self.total += float(total or 0.0)
        self.squares += float(squares or 0.0)
        if low is not None:
            self.low = low if self.low is None else min(self.low, low)
        if high is not None:
            self.high = high if self.high is None else max(self.high, high)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def spread(self) -> float | None:
        """Population standard deviation."""
        if not self.n:
            return None
        mean = self.total / self.n
        return math.sqrt(max(0.0, self.squares / self.n - mean * mean))

    @property
    def agreement(self) -> float | None:
        return agreement_from_spread(self.spread)

    @property
    def split(self) -> bool:
        return self.agreement is not None and self.agreement < SPLIT_BELOW


def agreement_from_spread(spread: float | None) -> float | None:
    """1 - spread/50, clipped to 0..1: 1 when all agree, 0 when split half at 0 and half at 100."""
    if spread is None:
        return None
    return min(1.0, max(0.0, 1.0 - spread / 50.0))


def _mean_of(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@dataclass
class GroupFigures:
    """The figures of one set of responses: an issue, or one stakeholder group within it."""

    key: str | None
    n: int = 0
    tiers: dict[int, int] = field(default_factory=dict)
    gated: int = 0
    benefit: Moments = field(default_factory=Moments)
    risk: Moments = field(default_factory=Moments)
    criteria: dict[str, Moments] = field(default_factory=dict)

    @property
    def agreement(self) -> float | None:
        """Mean agreement on the benefit and the risk scores."""
        return _mean_of([self.benefit.agreement, self.risk.agreement])

    @property
    def split(self) -> bool:
        return self.agreement is not None and self.agreement < SPLIT_BELOW

    @property
    def mean_spread(self) -> float | None:
        return _mean_of([self.benefit.spread, self.risk.spread])

    @property
    def net(self) -> float | None:
        if self.benefit.mean is None or self.risk.mean is None:
            return None
        return self.benefit.mean - self.risk.mean

    @property
    def modal_tier_share(self) -> float | None:
        return max(self.tiers.values()) / self.n if self.n and self.tiers else None

    @property
    def gated_share(self) -> float:
        return self.gated / self.n if self.n else 0.0

    def criterion(self, criterion_id: str) -> Moments:
        return self.criteria.setdefault(criterion_id, Moments())


@dataclass
class IssueAggregate:
    """Everything the per-issue page shows: the issue as a whole and each stakeholder group."""

    issue: str
    overall: GroupFigures
    groups: list[GroupFigures]


@dataclass
class PriorityRow:
    issue: str
    figures: GroupFigures
    rank: int = 0

    @property
    def red_lined(self) -> bool:
        """Most responses hit a red line: not on the agenda as scoped."""
        return self.figures.n > 0 and self.figures.gated_share >= RED_LINE_MAJORITY

    @property
    def too_few(self) -> bool:
        return self.figures.n < MIN_RESPONSES

    @property
    def score(self) -> float | None:
        """Net case minus half the mean spread of benefit and risk."""
        net, spread = self.figures.net, self.figures.mean_spread
        if net is None or spread is None:
            return None
        return net - spread / 2


# ---------------------------------------------------------------- the queries
def submitted(instrument_slug: str):
    """The rows every aggregate reads: submitted responses to one instrument."""
    return and_(Response.instrument_slug == instrument_slug, Response.status == ResponseStatus.SUBMITTED.value)


def response_sums_query(instrument_slug: str, issue: str | None, by: tuple) -> Select:
    """Counts and sums of benefit and risk per (by..., tier_rank, gated)."""
    columns = (*by, Response.tier_rank, Response.gated)
    where = submitted(instrument_slug) if issue is None else and_(submitted(instrument_slug), Response.issue == issue)
    return (
        select(
            *columns,
            func.count().label("n"),
            func.count(Response.benefit).label("benefit_n"),
            func.sum(Response.benefit).label("benefit_sum"),
            func.sum(Response.benefit * Response.benefit).label("benefit_squares"),
            func.count(Response.risk).label("risk_n"),
            func.sum(Response.risk).label("risk_sum"),
            func.sum(Response.risk * Response.risk).label("risk_squares"),
        )
        .where(where)
        .group_by(*columns)
    )


# One read of an issue's responses for every criterion figure, from a covering index: each
# response's scores (its criteria, extracted once, benefit and risk) are counted per distinct value
# (a histogram, one GROUP BY per score: criterion scores take a few dozen values), per group, then
# added up over the groups. Sums, extremes and medians come from the histogram. The median is the
# value (or the mean of the two values) whose running count crosses half the total:
#   2 * running >= total AND 2 * (running - count) <= total.
# Portable SQL (SQLite >= 3.35 and PostgreSQL >= 12): CTEs, SUM() OVER with ROWS frames.
ALL_GROUPS = "*"  # the marker of the overall rows (no stakeholder group id is "*")


def _histogram(instrument_slug: str, issue: str, criteria: Sequence[str]) -> CTE:
    """(grp, name, value, c): how many responses of each group gave each score to each criterion, benefit and risk."""
    rows = extracted(
        "issue_responses",
        criteria,
        (func.coalesce(Response.stakeholder_group, "").label("grp"), Response.benefit, Response.risk),
        and_(submitted(instrument_slug), Response.issue == issue),
    )
    grp = rows.cte.c.grp
    named = [(BENEFIT, rows.cte.c.benefit), (RISK, rows.cte.c.risk), *((c, rows.score(c)) for c in rows.names)]
    counts = (
        select(grp, literal(name).label("name"), value.label("value"), func.count().label("c")).where(value.is_not(None)).group_by(grp, value)
        for name, value in named
    )
    return union_all(*counts).cte("by_group")


def score_figures_query(instrument_slug: str, issue: str, criteria: Sequence[str] | None = None) -> Select:
    """Per (group or ALL_GROUPS, criterion / BENEFIT / RISK): n, sum, sum of squares, min, max, median.

    `criteria`: the criterion ids to read (by default the served instrument's).
    """
    g = _histogram(instrument_slug, issue, list(criterion_sides(instrument_slug)) if criteria is None else criteria).c
    overall = select(literal(ALL_GROUPS).label("grp"), g.name, g.value, func.sum(g.c).label("c")).group_by(g.name, g.value)
    b = union_all(select(g.grp, g.name, g.value, g.c), overall).subquery("both_levels").c
    key = (b.grp, b.name)
    r = select(
        b.grp, b.name, b.value, b.c,
        func.sum(b.c).over(partition_by=key, order_by=b.value, rows=(None, 0)).label("upto"),
        func.sum(b.c).over(partition_by=key, order_by=b.value, rows=(None, None)).label("total"),
    ).subquery("running").c
    crosses_half = and_(2 * r.upto >= r.total, 2 * (r.upto - r.c) <= r.total)
    return select(
        r.grp, r.name, func.sum(r.c).label("n"), func.sum(r.c * r.value).label("total"),
        func.sum(r.c * r.value * r.value).label("squares"), func.min(r.value).label("low"), func.max(r.value).label("high"),
        func.avg(case((crosses_half, r.value))).label("median"),
    ).group_by(r.grp, r.name)


def _add_response_row(figures: GroupFigures, row) -> None:
    figures.n += row.n
    if row.tier_rank is not None:
        figures.tiers[row.tier_rank] = figures.tiers.get(row.tier_rank, 0) + row.n
    if row.gated:
        figures.gated += row.n
    figures.benefit.add(row.benefit_n, row.benefit_sum, row.benefit_squares)
    figures.risk.add(row.risk_n, row.risk_sum, row.risk_squares)


def issue_aggregate(instrument_slug: str, issue: str) -> IssueAggregate:
    """The per-issue figures: two statements, a few hundred rows back at most."""
    overall = GroupFigures(issue)
    groups: dict[str | None, GroupFigures] = {}
    for row in db.session.execute(response_sums_query(instrument_slug, issue, (Response.stakeholder_group,))):
        _add_response_row(overall, row)
        _add_response_row(groups.setdefault(row.stakeholder_group, GroupFigures(row.stakeholder_group)), row)
    for row in db.session.execute(score_figures_query(instrument_slug, issue)):
        if row.grp == ALL_GROUPS:
            figures = overall
        else:
            key = row.grp or None
            figures = groups.setdefault(key, GroupFigures(key))
        moments = _moments(figures, row.name)
        if row.name in (BENEFIT, RISK):  # counts and sums already come from the responses' columns
            moments.low, moments.high = _float(row.low), _float(row.high)
        else:
            moments.add(row.n, _float(row.total), _float(row.squares), _float(row.low), _float(row.high))
        moments.median = _float(row.median)
    ordered = sorted(groups.values(), key=lambda g: (-g.n, g.key or ""))
    return IssueAggregate(issue, overall, ordered)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _moments(figures: GroupFigures, key: str) -> Moments:
    if key == BENEFIT:
        return figures.benefit
    if key == RISK:
        return figures.risk
    return figures.criterion(key)


def issue_figures(instrument_slug: str) -> dict[str, GroupFigures]:
    """Per issue: count, tiers, red lines, benefit and risk sums (one grouped query)."""
    issues: dict[str, GroupFigures] = {}
    # Grouped in the covering index's own order (issue, group, tier, red line): no sort needed.
    for row in db.session.execute(response_sums_query(instrument_slug, None, (Response.issue, Response.stakeholder_group))):
        key = row.issue or ""
        _add_response_row(issues.setdefault(key, GroupFigures(key)), row)
    return issues


def issue_group_figures(instrument_slug: str) -> dict[str, dict[str | None, GroupFigures]]:
    """Per issue, per stakeholder group: count, tiers, red lines, benefit and risk (one grouped query)."""
    table: dict[str, dict[str | None, GroupFigures]] = {}
    for row in db.session.execute(response_sums_query(instrument_slug, None, (Response.issue, Response.stakeholder_group))):
        groups = table.setdefault(row.issue or "", {})
        _add_response_row(groups.setdefault(row.stakeholder_group, GroupFigures(row.stakeholder_group)), row)
    return table


def priority_list(instrument_slug: str, issue_order: list[str] | None = None) -> list[PriorityRow]:
    """Every issue ranked: red-lined issues last, then by priority score, then by more responses.

    `issue_order` lists the instrument's issues so that issues nobody answered appear (unranked).
    """
    figures = issue_figures(instrument_slug)
    for issue in issue_order or []:
        figures.setdefault(issue, GroupFigures(issue))
    rows = [PriorityRow(issue, f) for issue, f in figures.items()]
    rows.sort(key=priority_key)
    for position, row in enumerate(rows, 1):
        row.rank = position if row.score is not None else 0
    return rows


def priority_key(row: PriorityRow) -> tuple:
    """The ranking rule, as a sort key (explained on the page)."""
    unscored = row.score is None
    return (unscored, row.red_lined, -(row.score or 0.0), -row.figures.n, row.issue)
