"""Page data of the admin area: aggregates turned into labelled rows and charts.

One builder per page, shared by the web page and the PDF briefing, so both show the same figures.
Plain dicts out; no queries here beyond calling `aggregates`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask_babel import format_percent, gettext

from forms.i18n import text_for
from forms.model import Instrument
from reports.i18n import long_date
from webapp.admin import aggregates, charts
from webapp.admin.aggregates import GroupFigures, Moments


def _(message: str, **params: object) -> str:
    return gettext(message, **params)


@dataclass(frozen=True)
class Labels:
    """Instrument texts in the page's language: issues, groups, tiers, criteria."""

    issues: dict[str, str]
    groups: dict[str, str]
    tiers: list[str]
    tier_ids: list[str]
    tier_ranks: list[int]
    criteria: dict[str, str]

    def tier_for_rank(self, rank: int | None) -> str | None:
        return self.tiers[self.tier_ranks.index(rank)] if rank in self.tier_ranks else None

    def issue(self, key: str | None) -> str:
        return self.issues.get(key or "", key or _("(no issue)"))

    def group(self, key: str | None) -> str:
        return self.groups.get(key or "", key or _("(no group)"))

    def tier(self, tier_id: str | None) -> str:
        if tier_id in self.tier_ids:
            return self.tiers[self.tier_ids.index(tier_id)]
        return tier_id or "–"


def labels(instrument: Instrument, language: str) -> Labels:
    def options(question_id: str) -> dict[str, str]:
        if question_id not in instrument.questions:
            return {}
        return {str(o.value): text_for(o.label, language) for o in instrument.question(question_id).options}

    tiers = sorted(instrument.tiers, key=lambda t: t.rank)
    return Labels(
        issues=options("issue"),
        groups=options("stakeholder_group"),
        tiers=[text_for(t.title, language) for t in tiers],
        tier_ids=[t.id for t in tiers],
        tier_ranks=[t.rank for t in tiers],
        criteria={c.id: text_for(c.title, language) for c in instrument.criteria},
    )


def issue_order(instrument: Instrument) -> list[str]:
    if "issue" not in instrument.questions:
        return []
    return [str(o.value) for o in instrument.question("issue").options]


def _moments(m: Moments) -> dict[str, Any]:
    return {
        "n": m.n,
        "mean": m.mean,
        "median": m.median,
        "spread": m.spread,
        "low": m.low,
        "high": m.high,
        "agreement": m.agreement,
        "split": m.split,
    }


def _figures(instrument: Instrument, figures: GroupFigures, names: Labels, label: str) -> dict[str, Any]:
    counts = [figures.tiers.get(rank, 0) for rank in names.tier_ranks]
    criteria = []
    for criterion in instrument.criteria:
        row = _moments(figures.criteria.get(criterion.id, Moments()))
        row.update(id=criterion.id, title=names.criteria[criterion.id], side=criterion.side)
        criteria.append(row)
    return {
        "key": figures.key,
        "label": label,
        "n": figures.n,
        "tier_counts": [
            {"title": title, "count": count, "share": count / figures.n if figures.n else 0.0}
            for title, count in zip(names.tiers, counts, strict=True)
        ],
        "counts": counts,
        "gated": figures.gated,
        "gated_share": figures.gated_share,
        "benefit": _moments(figures.benefit),
        "risk": _moments(figures.risk),
        "agreement": figures.agreement,
        "split": figures.split,
        "modal_tier_share": figures.modal_tier_share,
        "modal_tier": names.tier_for_rank(max(figures.tiers, key=lambda k: (figures.tiers[k], k))) if figures.tiers else None,
        "criteria": criteria,
    }


def issue_page(instrument: Instrument, issue: str, language: str) -> dict[str, Any]:
    """The per-issue page (and a briefing page): figures overall and per stakeholder group, charts."""
    names = labels(instrument, language)
    aggregate = aggregates.issue_aggregate(instrument.slug, issue)
    overall = _figures(instrument, aggregate.overall, names, _("All respondents"))
    groups = [_figures(instrument, g, names, names.group(g.key)) for g in aggregate.groups]
    tier_rows = [{"label": f["label"], "n": f["n"], "counts": f["counts"]} for f in (overall, *groups)]
    return {
        "issue": issue,
        "title": names.issue(issue),
        "overall": overall,
        "groups": groups,
        "tiers": names.tiers,
        "split_below": aggregates.SPLIT_BELOW,
        "min_responses": aggregates.MIN_RESPONSES,
        "charts": {
            "tiers": charts.tier_chart(f"chart-tiers-{issue}", tier_rows, names.tiers, _),
            "criteria": charts.criteria_chart(f"chart-criteria-{issue}", overall["criteria"], _),
        },
    }


def priority_page(instrument: Instrument, language: str) -> dict[str, Any]:
    """The priority list: every issue ranked, with the figures the rule reads."""
    names = labels(instrument, language)
    rows = []
    for row in aggregates.priority_list(instrument.slug, issue_order(instrument)):
        f = row.figures
        rows.append(
            {
                "rank": row.rank,
                "issue": row.issue,
                "label": names.issue(row.issue),
                "n": f.n,
                "benefit": f.benefit.mean,
                "risk": f.risk.mean,
                "net": f.net,
                "spread": f.mean_spread,
                "agreement": f.agreement,
                "split": f.split,
                "gated": f.gated,
                "gated_share": f.gated_share,
                "red_lined": row.red_lined,
                "too_few": row.too_few,
                "score": row.score,
                "modal_tier": names.tier_for_rank(max(f.tiers, key=lambda k: (f.tiers[k], k))) if f.tiers else None,
            }
        )
    return {
        "rows": rows,
        "min_responses": aggregates.MIN_RESPONSES,
        "split_below": aggregates.SPLIT_BELOW,
        "red_line_majority": aggregates.RED_LINE_MAJORITY,
        "chart": charts.priority_chart("chart-priority", rows, _),
    }


def ranking_rule() -> list[str]:
    """The ranking rule in words: on the priority page and in the briefing."""
    return [
        _(
            "Each issue's priority score is its net case, the mean benefit score minus the mean risk score of its "
            "submitted responses (from -100 to +100), less half the mean spread of those two scores. The spread is the "
            "standard deviation between respondents (0 when all agree, up to 50 when they are split between 0 and 100), "
            "so an issue on which respondents disagree ranks below one with the same net case on which they agree."
        ),
        _(
            "Agreement is 1 minus the spread divided by 50, from 100%% (everyone gave the same score) to 0%%; an issue "
            "is marked split when its agreement is below %(split)s.",
            split=format_percent(aggregates.SPLIT_BELOW),
        ),
        _(
            "Issues on which at least %(share)s of responses hit a red line (sanctions relief) come after all others: "
            "they are not on the agenda as scoped. Ties go to the issue with more responses. An issue resting on fewer "
            "than %(n)s responses is ranked but marked: too few to rely on.",
            share=format_percent(aggregates.RED_LINE_MAJORITY),
            n=aggregates.MIN_RESPONSES,
        ),
    ]


def briefing(instrument: Instrument, language: str, organisation: str) -> dict[str, Any]:
    """Plain data for `reports.briefing`: the priority list and a page per issue with responses."""
    priority = priority_page(instrument, language)
    issues = [issue_page(instrument, row["issue"], language) for row in priority["rows"] if row["n"]]
    now = datetime.now(UTC)
    return {
        "title": _("Consultation briefing: priority list of issues"),
        "organisation": organisation,
        "instrument_title": text_for(instrument.title, language),
        "language": language,
        "generated": long_date(now, language),
        "generated_iso": now.isoformat(timespec="seconds"),
        "total": sum(row["n"] for row in priority["rows"]),
        "rule": ranking_rule(),
        "priority": {"rows": priority["rows"], "chart": str(priority["chart"]), "min_responses": priority["min_responses"]},
        "issues": [
            {
                "title": page["title"],
                "overall": page["overall"],
                "groups": page["groups"],
                "tiers": page["tiers"],
                "min_responses": page["min_responses"],
                "charts": {k: str(v) for k, v in page["charts"].items()},
            }
            for page in issues
        ],
    }
