"""Which channels and safeguards the respondents' results called for on an issue, counted by
stakeholder group.

Each submitted response keeps its result as JSON, with the channels and safeguards its rules
fired. The database unnests those lists and counts them (json_each on SQLite,
json_array_elements on PostgreSQL): one grouped row per (group, kind, id) comes back, never the
responses. A red line leaves a result without channels, so gated responses count for none.
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
        SELECT COALESCE(r.stakeholder_group, '') AS grp, :kind AS kind, json_extract(item.value, '$.id') AS action, COUNT(*) AS n
        FROM responses r, json_each(r.result, '$.{kind}') AS item
        WHERE r.instrument_slug = :slug AND r.status = :status AND r.issue = :issue
        GROUP BY grp, action
    """,
    "postgresql": """
        SELECT COALESCE(r.stakeholder_group, '') AS grp, :kind AS kind, item ->> 'id' AS action, COUNT(*) AS n
        FROM responses r CROSS JOIN LATERAL json_array_elements(
            CASE WHEN json_typeof(r.result -> '{kind}') = 'array' THEN r.result -> '{kind}' ELSE '[]'::json END
        ) AS item
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
