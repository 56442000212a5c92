"""Aggregate queries of the admin area, computed by the database (GROUP BY) where it can.

Portable between SQLite and PostgreSQL: the spread comes from sums of squares (SQLite has no
STDDEV). Counts and sums come back one row per group (a few hundred rows at most), and Python
adds them up and derives the figures (mean, spread, agreement). The figures of each criterion on
an issue's page need medians, which SQLite cannot compute: the database reads each response's
scores from a covering index and Python takes every figure from the sorted values.

Definitions, shown on the pages as well:
- spread: the population standard deviation of the scores, 0 to 50 on a 0-100 scale;
- agreement: 1 - spread / 50, from 1 (everyone gave the same score) to 0 (half at 0, half at
  100); for an issue, the mean of the agreement on its benefit and its risk scores; an issue or
  criterion is "split" when agreement falls below SPLIT_BELOW;
- priority: net case (mean benefit - mean risk) minus half the mean spread of benefit and risk.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, and_, func, select

from webapp.admin.criterion_scores import criterion_sides, stored_score
from webapp.extensions import db
from webapp.models import Response, ResponseStatus

SPLIT_BELOW = 0.5
MIN_RESPONSES = 10
RED_LINE_MAJORITY = 0.5
BENEFIT, RISK = "_benefit", "_risk"


# ---------------------------------------------------------------- running sums and their figures
@dataclass
class Moments:
    """Count, sum and sum of squares of a score (what SQL returns and what adds up exactly), with its extremes and median."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    low: float | None = None
    high: float | None = None
    median: float | None = None

    def add(self, n: int, total: float | None, squares: float | None) -> None:
        self.n += int(n or 0)
        self.total += float(total or 0.0)
        self.squares += float(squares or 0.0)

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


# One read of an issue's responses for every criterion figure, from the covering index
# `ix_responses_scores`: a row per response with its group, benefit, risk and each criterion's
# score (extracted once). Python sorts each score's values per group and overall and takes the
# count, sum, sum of squares, extremes and median from them: one pass over the values, where SQL
# needs a GROUP BY and two window sums per score for the medians (SQLite has no MEDIAN).
ALL_GROUPS = "*"  # the key of everyone's figures (no stakeholder group id is "*")


def score_rows_query(instrument_slug: str, issue: str, criteria: Sequence[str]) -> Select:
    """(grp, benefit, risk, score of each criterion in `criteria`'s order) per submitted response of the issue."""
    return select(
        func.coalesce(Response.stakeholder_group, "").label("grp"),
        Response.benefit,
        Response.risk,
        *(stored_score(criterion) for criterion in criteria),
    ).where(submitted(instrument_slug), Response.issue == issue)


def sorted_moments(values: list[float]) -> Moments:
    """The figures of `values`, sorted in ascending order: count, sum, squares, extremes and median."""
    n = len(values)
    half = n // 2
    median = values[half] if n % 2 else (values[half - 1] + values[half]) / 2
    return Moments(n, math.fsum(values), math.fsum(map(operator.mul, values, values)), values[0], values[-1], median)


def score_figures(rows: Iterable[Sequence], names: Sequence[str]) -> dict[tuple[str, str], Moments]:
    """Per (group, or ALL_GROUPS for everyone; name): the Moments of that column's non-null values.

    `rows`: (grp, value per name...), as `score_rows_query` returns them ('' for no group).
    """
    by_group: dict[str, list[Sequence]] = {}
    for row in rows:
        by_group.setdefault(row[0], []).append(row)
    columns: dict[tuple[str, str], list[float]] = {}
    for group, group_rows in by_group.items():
        for name, column in zip(names, list(zip(*group_rows, strict=True))[1:], strict=True):
            values = sorted(v for v in column if v is not None)
            if values:
                columns[(group, name)] = values
                columns.setdefault((ALL_GROUPS, name), []).extend(values)
    # Each group's values are sorted already; everyone's are those lists end to end.
    return {(group, name): sorted_moments(sorted(values) if group == ALL_GROUPS else values) for (group, name), values in columns.items()}


def _add_response_row(figures: GroupFigures, row) -> None:
    figures.n += row.n
    if row.tier_rank is not None:
        figures.tiers[row.tier_rank] = figures.tiers.get(row.tier_rank, 0) + row.n
    if row.gated:
        figures.gated += row.n
    figures.benefit.add(row.benefit_n, row.benefit_sum, row.benefit_squares)
    figures.risk.add(row.risk_n, row.risk_sum, row.risk_squares)


def issue_aggregate(instrument_slug: str, issue: str) -> IssueAggregate:
    """The per-issue figures: two statements, the counts and sums per group and tier, then the scores of each response."""
    overall = GroupFigures(issue)
    groups: dict[str | None, GroupFigures] = {}
    for row in db.session.execute(response_sums_query(instrument_slug, issue, (Response.stakeholder_group,))):
        _add_response_row(overall, row)
        _add_response_row(groups.setdefault(row.stakeholder_group, GroupFigures(row.stakeholder_group)), row)
    criteria = list(criterion_sides(instrument_slug))
    rows = db.session.connection().execute(score_rows_query(instrument_slug, issue, criteria)).all()  # Core: plain rows, fetched at once
    for (key, name), found in score_figures(rows, (BENEFIT, RISK, *criteria)).items():
        group = key or None
        figures = overall if key == ALL_GROUPS else groups.setdefault(group, GroupFigures(group))
        if name in (BENEFIT, RISK):  # counts and sums already come from the responses' columns
            moments = figures.benefit if name == BENEFIT else figures.risk
            moments.low, moments.high, moments.median = found.low, found.high, found.median
        else:
            figures.criteria[name] = found
    ordered = sorted(groups.values(), key=lambda g: (-g.n, g.key or ""))
    return IssueAggregate(issue, overall, ordered)


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
