"""The criterion scores stored with each response, read by SQL with each criterion extracted once.

`Response.criterion_scores` holds {criterion id: score or null} (JSON; JSONB on PostgreSQL). A
statement reads the responses it needs in a CTE marked MATERIALIZED (SQLite >= 3.35, PostgreSQL
>= 12): the database extracts each criterion once per row into the CTE's columns, and every
expression built on them reads plain columns. Without the fence the planner may fold the CTE into
the statement and extract a criterion again for each place that uses it. The covering index
`ix_responses_scores` holds the scores with the columns these statements filter and group on, so
the rows themselves (with their large answers and result) are never read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, ColumnElement, SQLColumnExpression, select

from webapp.instruments import registry
from webapp.models import Response


def criterion_sides(instrument_slug: str) -> dict[str, str]:
    """The served instrument's criteria, in its order, with their side (benefit or risk); empty when unknown."""
    instrument = registry().get(instrument_slug)
    return {c.id: c.side for c in instrument.criteria} if instrument is not None else {}


def stored_score(criterion_id: str) -> ColumnElement[float]:
    """One criterion's score read from the JSON column: a float, or NULL when unscored or absent."""
    return Response.criterion_scores[criterion_id].as_float()


@dataclass(frozen=True)
class ExtractedScores:
    """A MATERIALIZED CTE over responses: the columns asked for and one column per criterion."""

    cte: CTE
    names: dict[str, str]  # criterion id -> column name in the CTE

    def score(self, criterion_id: str) -> ColumnElement[float]:
        return self.cte.c[self.names[criterion_id]]


def extracted(name: str, criteria: Sequence[str], columns: Sequence[SQLColumnExpression[Any]], where: ColumnElement[bool]) -> ExtractedScores:
    """The responses matching `where`, with `columns` and each criterion's score extracted once per row.

    The criteria get columns of their own names (s0, s1...): a criterion id is data, never SQL text.
    """
    names = {criterion: f"s{number}" for number, criterion in enumerate(dict.fromkeys(criteria))}
    scores = [stored_score(criterion).label(column) for criterion, column in names.items()]
    cte = select(*columns, *scores).where(where).cte(name).prefix_with("MATERIALIZED")
    return ExtractedScores(cte, names)
