"""Page sections that turn figures into the "so what" for analysts: the issue-by-group view of the
priority page, and on an issue's page the channels and safeguards called for and what
respondents wrote. Labelled plain dicts out; the queries live in `aggregates`, `called_for` and
`free_text`.
"""

from __future__ import annotations

from typing import Any

from forms.i18n import text_for
from forms.model import Action, Instrument
from webapp.admin import aggregates
from webapp.admin.called_for import ALL, called_for
from webapp.admin.free_text import FreeTextFilters, free_text_page
from webapp.admin.pages import Labels, issue_order, labels


def _group_order(instrument: Instrument, present: set[str | None]) -> list[str | None]:
    """The groups that answered, in the instrument's order (unknown or missing groups last)."""
    known = []
    if "stakeholder_group" in instrument.questions:
        known = [str(o.value) for o in instrument.question("stakeholder_group").options]
    return [g for g in known if g in present] + sorted((g for g in present if g not in known), key=lambda g: g or "")


def _cell(figures: aggregates.GroupFigures | None, names: Labels) -> dict[str, Any]:
    if figures is None or not figures.n:
        return {"n": 0}
    modal = max(figures.tiers, key=lambda k: (figures.tiers[k], k)) if figures.tiers else None
    return {
        "n": figures.n,
        "net": figures.net,
        "gated": figures.gated,
        "split": figures.split,
        "modal_tier": names.tier_for_rank(modal),
        "too_few": figures.n < aggregates.MIN_RESPONSES,
    }


def issue_by_group(instrument: Instrument, language: str, issue_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Rows: the issues in priority order; columns: the stakeholder groups; a cell: that group's
    net case (mean benefit minus mean risk), its most common tier (a red line counts as the
    weakest), its red lines and its count."""
    names = labels(instrument, language)
    table = aggregates.issue_group_figures(instrument.slug)
    groups = _group_order(instrument, {g for by_group in table.values() for g in by_group})
    rows = [
        {
            "issue": row["issue"],
            "label": row["label"],
            "cells": [_cell(table.get(row["issue"], {}).get(group), names) for group in groups],
        }
        for row in issue_rows
    ]
    return {"groups": [{"key": g, "label": names.group(g)} for g in groups], "rows": rows}


def called_for_section(instrument: Instrument, issue: str, language: str, groups: list[dict[str, Any]], n: int) -> dict[str, Any]:
    """The channels and safeguards, each with the count (and share) of responses calling for it,
    overall and in each group (`groups`: the issue page's group figures: key, label, n)."""
    counts = called_for(instrument.slug, issue)
    columns = [{"key": ALL, "n": n}] + [{"key": g["key"], "label": g["label"], "n": g["n"]} for g in groups]

    def rows(kind: str, actions: tuple[Action, ...]) -> list[dict[str, Any]]:
        return [
            {
                "id": action.id,
                "title": text_for(action.title, language),
                "cells": [
                    {"count": (c := counts.count(kind, action.id, col["key"])), "share": c / col["n"] if col["n"] else None}
                    for col in columns
                ],
            }
            for action in actions
        ]

    return {"columns": columns, "channels": rows("channels", instrument.channels), "safeguards": rows("safeguards", instrument.safeguards)}


def free_text_section(instrument: Instrument, filters: FreeTextFilters, page: int, language: str) -> dict[str, Any]:
    """What respondents wrote, with each answer's question, group and tier labelled."""
    names = labels(instrument, language)
    found = free_text_page(instrument, filters, page)
    question_labels = {qid: text_for(instrument.question(qid).label, language) for qid in instrument.questions}
    return {
        "page": found,
        "answers": [
            {
                "reference": item.reference,
                "group": names.group(item.group),
                "tier": names.tier(item.tier),
                "gated": item.gated,
                "question": question_labels.get(item.question, item.question),
                "text": item.text,
                "submitted_at": item.submitted_at,
            }
            for item in found.items
        ],
        "by_group": [{"key": g, "label": names.group(g), "count": found.by_group[g]} for g in _group_order(instrument, set(found.by_group))],
        "filters": filters,
        "issues": issue_order(instrument),
    }
