"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


def test_the_migrated_schema_matches_the_models(app):
    from webapp.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


# ---------------------------------------------------------------- criterion scores and actions moved into responses
BEFORE_SCORES_COLUMN = "7b3e9c2a4f10"  # the revision whose responses have a row per criterion
MANY = 1205  # more than one batch of the migration's (1000)
SHOWN_RESULT = {
    "criteria": [
        {"id": "B1", "side": "benefit", "drivers": [{"question": "stake"}, {"question": "interest"}]},
        {"id": "R3", "side": "risk", "drivers": []},
    ],
    "channels": [{"id": "H6"}, {"id": "H3"}],
    "safeguards": [{"id": "G4"}],
}


@pytest.fixture
def fresh_app(tmp_path):  # type: ignore[no-untyped-def]
    """An app on a database of its own (migrated to the newest revision), dropped afterwards."""
    from tests.conftest import _postgres_database, migrated_app

    base = os.environ.get("TEST_DATABASE_URL")
    url, drop = _postgres_database(base) if base else (f"sqlite:///{tmp_path / 'migrations.sqlite3'}", lambda: None)
    made = migrated_app(url)
    yield next(made)
    next(made, None)
    drop()


def _old_tables():  # type: ignore[no-untyped-def]
    responses = sa.table(
        "responses",
        *(sa.column(name) for name in ("id", "reference", "token_hash", "instrument_slug", "instrument_version", "language")),
        *(sa.column(name) for name in ("status", "gated", "anonymised", "tier", "created_at", "updated_at", "submitted_at")),
        sa.column("answers", sa.JSON), sa.column("result", sa.JSON),
    )
    criteria = sa.table("criterion_results", *(sa.column(n) for n in ("response_id", "criterion", "side", "score", "drivers")))
    return responses, criteria


def _old_response(number: int, status: str = "submitted", result: dict | None = None) -> dict:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    submitted = status == "submitted"
    return {
        "id": number, "reference": f"M-{number:06d}", "token_hash": f"{number:064d}", "instrument_slug": "canada-russia-2020",
        "instrument_version": "1.0.0", "language": "en", "status": status, "gated": False, "anonymised": False,
        "tier": "informal" if submitted else None, "created_at": now, "updated_at": now, "submitted_at": now if submitted else None,
        "answers": {}, "result": result,
    }


OLD_ROWS = [
    {"response_id": 1, "criterion": "B1", "side": "benefit", "score": 62.5, "drivers": "stake,interest"},
    {"response_id": 1, "criterion": "R3", "side": "risk", "score": None, "drivers": None},
    *(
        {"response_id": number, "criterion": criterion, "side": side, "score": float(number % 101), "drivers": None}
        for number in range(3, 3 + MANY)
        for criterion, side in (("B2", "benefit"), ("R1", "risk"))
    ),
]


def _decoded(value):  # type: ignore[no-untyped-def]
    return json.loads(value) if isinstance(value, str) else value


def test_the_scores_and_actions_move_into_each_response_and_back(fresh_app):
    from flask_migrate import downgrade, upgrade

    from webapp.extensions import db

    responses, criteria = _old_tables()
    with fresh_app.app_context():
        downgrade(revision=BEFORE_SCORES_COLUMN)
        with db.engine.begin() as connection:
            rows = [_old_response(1, result=SHOWN_RESULT), _old_response(2, status="draft")]
            connection.execute(responses.insert(), rows + [_old_response(n) for n in range(3, 3 + MANY)])
            connection.execute(criteria.insert(), OLD_ROWS)
        upgrade()
        assert not sa.inspect(db.engine).has_table("criterion_results")
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT id, criterion_scores, called_for FROM responses")).all()
        scores = {row.id: _decoded(row.criterion_scores) for row in stored}
        actions = {row.id: _decoded(row.called_for) for row in stored}
        assert scores[1] == {"B1": 62.5, "R3": None} and scores[2] is None
        assert all(scores[n] == {"B2": n % 101, "R1": n % 101} for n in range(3, 3 + MANY))
        assert actions[1] == {"channels": ["H6", "H3"], "safeguards": ["G4"]} and actions[2] is None
        assert actions[3] == {"channels": [], "safeguards": []}

        downgrade(revision=BEFORE_SCORES_COLUMN)
        with db.engine.connect() as connection:
            restored = connection.execute(sa.select(criteria).order_by(criteria.c.response_id, criteria.c.criterion)).mappings().all()
        assert [dict(row) for row in restored] == OLD_ROWS
        assert {"criterion_scores", "called_for"}.isdisjoint(c["name"] for c in sa.inspect(db.engine).get_columns("responses"))
        upgrade()


# ---------------------------------------------------------------- free-text answers counted per response
BEFORE_FREE_TEXT_COUNT = "aeb0c118ed98"


def test_each_response_gets_the_count_of_its_free_text_answers_and_loses_it_on_downgrade(fresh_app):
    from flask_migrate import downgrade, upgrade

    from webapp.extensions import db

    responses, _criteria = _old_tables()
    said = {1: "Start with the Arctic Council.", 2: "   ", 4: "Unfinished", 5: "Call me."}
    with fresh_app.app_context():
        downgrade(revision=BEFORE_FREE_TEXT_COUNT)
        rows = [_old_response(n, status="draft" if n == 4 else "submitted") for n in range(1, 6 + MANY)]
        for row in rows:
            row["answers"] = {"issue": "arctic", "organisation": "Northern Institute", **({"anything_else": said[row["id"]]} if row["id"] in said else {})}
        rows[4]["anonymised"] = True
        for row in rows[5:]:
            row["answers"]["anything_else"] = f"comment {row['id']}"
        with db.engine.begin() as connection:
            connection.execute(responses.insert(), rows)
        upgrade()
        with db.engine.connect() as connection:
            counts = dict(connection.execute(sa.text("SELECT id, free_text_answers FROM responses")).all())
        assert [counts[n] for n in range(1, 6)] == [1, 0, 0, 0, 0], "text, blank, none, a draft, anonymised"
        assert all(counts[n] == 1 for n in range(6, 6 + MANY))
        downgrade(revision=BEFORE_FREE_TEXT_COUNT)
        assert "free_text_answers" not in {c["name"] for c in sa.inspect(db.engine).get_columns("responses")}
        upgrade()
