"""Which channels and safeguards the respondents' results called for on an issue, counted by
stakeholder group.

Each submitted response keeps the ids of the channels and safeguards its rules fired in
`called_for` ({"channels": [...], "safeguards": [...]}, beside the full result, and in the
covering index `ix_responses_scores`). The database unnests those lists and counts them (json_each
on SQLite, jsonb_array_elements_text on PostgreSQL): one grouped row per (group, kind, id) comes
back, never the responses. A red line leaves a result without channels, so gated responses count
for none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text

from webapp.extensions import db
from webapp.models import ResponseStatus

KINDS = ("channels", "safeguards")
ALL = None  # the key of the all-respondents column

_ROWS = {
    "sqlite": """
        SELECT COALESCE(r.stakeholder_group, '') AS grp, :kind AS kind, item.value AS action, COUNT(*) AS n
        FROM responses r, json_each(r.called_for, '$.{kind}') AS item
        WHERE r.instrument_slug = :slug AND r.status = :status AND r.issue = :issue
        GROUP BY grp, action
    """,
    "postgresql": """
        SELECT COALESCE(r.stakeholder_group, '') AS grp, :kind AS kind, item.action AS action, COUNT(*) AS n
        FROM responses r CROSS JOIN LATERAL jsonb_array_elements_text(COALESCE(r.called_for -> '{kind}', '[]'::jsonb)) AS item(action)
        WHERE r.instrument_slug = :slug AND r.status = :status AND r.issue = :issue
        GROUP BY grp, action
    """,
}


@dataclass
class CalledFor:
    """Counts of responses whose result called for each channel and safeguard: by group, and overall."""

    counts: dict[tuple[str, str], dict[str | None, int]] = field(default_factory=dict)

    def count(self, kind: str, action_id: str, group: str | None = ALL) -> int:
        return self.counts.get((kind, action_id), {}).get(group, 0)

    def add(self, kind: str, action_id: str, group: str | None, n: int) -> None:
        by_group = self.counts.setdefault((kind, action_id), {})
        by_group[group] = by_group.get(group, 0) + n
        by_group[ALL] = by_group.get(ALL, 0) + n


def called_for(instrument_slug: str, issue: str) -> CalledFor:
    """The channel and safeguard counts of an issue's submitted responses."""
    dialect = db.engine.dialect.name
    template = _ROWS["postgresql" if dialect == "postgresql" else "sqlite"]
    result = CalledFor()
    for kind in KINDS:  # a constant of this module: safe to place in the statement
        statement = text(template.replace("{kind}", kind)).bindparams(
            kind=kind, slug=instrument_slug, status=ResponseStatus.SUBMITTED.value, issue=issue
        )
        for row in db.session.execute(statement):
            if row.action:
                result.add(kind, row.action, row.grp or None, int(row.n))
    return result
