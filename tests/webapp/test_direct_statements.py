"""Statements run on the DBAPI cursor read and write exactly what SQLAlchemy would, on each database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.exc import DBAPIError

from webapp.direct_statements import DirectStatement
from webapp.extensions import db
from webapp.models import Response

COLUMNS = select(Response.id, Response.reference, Response.answers, Response.anonymised, Response.revision,
                 Response.created_at, Response.submitted_at, Response.organisation)
BY_REFERENCE = COLUMNS.where(Response.reference == bindparam("reference"))
SET_ANSWERS = update(Response.__table__).where(Response.__table__.c.id == bindparam("guard_id"), Response.__table__.c.status == "draft")

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
answers = st.dictionaries(st.from_regex(r"[a-z_]{1,12}", fullmatch=True), json_values, max_size=5)


class Counted:
    """Statements sent to the database while the block runs: one each, unless the driver failed
    and SQLAlchemy had to run it again."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> Counted:
        event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        self.statements.append(statement)


def add_response(reference: str, **values) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 25, 17, 30, 5, 123456, tzinfo=UTC)
    row = Response(
        reference=reference, token_hash=reference.ljust(64, "0"), instrument_slug="mini", instrument_version="1",
        created_at=now, updated_at=now, **values,
    )
    db.session.add(row)
    db.session.commit()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=answers, organisation=st.none() | text, anonymised=st.booleans(), submitted=st.booleans())
def test_a_row_reads_as_sqlalchemy_reads_it(app, saved, organisation, anonymised, submitted):
    with app.app_context():
        db.session.execute(Response.__table__.delete())
        db.session.commit()
        extra = {"status": "submitted", "tier": "hold", "submitted_at": datetime(2026, 11, 26, tzinfo=UTC)} if submitted else {}
        add_response("R-1", answers=saved, organisation=organisation, anonymised=anonymised, **extra)
        with db.engine.connect() as connection:
            expected = tuple(connection.execute(BY_REFERENCE, {"reference": "R-1"}).one())
            with Counted() as sent:
                direct = DirectStatement(BY_REFERENCE).fetch_one(connection, {"reference": "R-1"})
                missing = DirectStatement(BY_REFERENCE).fetch_one(connection, {"reference": "nobody"})
    assert len(sent.statements) == 2
    assert direct == expected
    assert direct[2] == saved and isinstance(direct[3], bool)
    assert direct[5].replace(tzinfo=direct[5].tzinfo or UTC) - datetime(2026, 11, 25, 17, 30, 5, 123456, tzinfo=UTC) == timedelta(0)
    assert missing is None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=answers)
def test_a_write_stores_what_sqlalchemy_would_and_counts_the_rows_it_matched(app, saved):
    with app.app_context():
        db.session.execute(Response.__table__.delete())
        db.session.commit()
        add_response("R-2")
        row_id = db.session.execute(select(Response.id)).scalar_one()
        write = DirectStatement(SET_ANSWERS, column_keys=["answers", "updated_at"])
        later = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection, Counted() as sent:
            assert write.rowcount(connection, {"answers": saved, "updated_at": later, "guard_id": row_id}) == 1
            assert write.rowcount(connection, {"answers": saved, "updated_at": later, "guard_id": row_id + 1}) == 0
        assert len(sent.statements) == 2
        stored = db.session.execute(select(Response.answers, Response.updated_at)).one()
    assert stored.answers == saved
    assert stored.updated_at.replace(tzinfo=stored.updated_at.tzinfo or UTC) == later


def test_listeners_see_each_statement(app):
    with app.app_context(), db.engine.connect() as connection, Counted() as sent:
        DirectStatement(BY_REFERENCE).fetch_one(connection, {"reference": "nobody"})
    assert len(sent.statements) == 1 and sent.statements[0].lstrip().upper().startswith("SELECT")


def test_a_lost_connection_is_reported_as_sqlalchemy_reports_it(app):
    """When the driver fails, SQLAlchemy runs the statement again: it raises its own error and
    drops the broken connection from the pool."""
    with app.app_context(), db.engine.connect() as connection:
        connection.connection.dbapi_connection.close()
        with pytest.raises(DBAPIError) as raised:
            DirectStatement(BY_REFERENCE).fetch_one(connection, {"reference": "nobody"})
        assert raised.value.connection_invalidated
        assert connection.invalidated
    with app.app_context(), db.engine.connect() as connection:  # the pool gives a working one
        assert DirectStatement(BY_REFERENCE).fetch_one(connection, {"reference": "nobody"}) is None


def test_a_statement_expanding_its_parameters_is_refused(app):
    expanding = COLUMNS.where(Response.reference.in_(bindparam("references", expanding=True)))
    with app.app_context(), db.engine.connect() as connection, pytest.raises(ValueError, match="expand"):
        DirectStatement(expanding).fetch_one(connection, {"references": ["a"]})


def test_a_write_that_would_need_a_python_side_default_is_refused(app):
    """`updated_at` has an `onupdate` default: a DirectStatement does not run it, so it must be given."""
    forgetful = DirectStatement(update(Response).where(Response.id == bindparam("guard_id")), column_keys=["answers"])
    with app.app_context(), db.engine.connect() as connection, pytest.raises(ValueError, match="updated_at"):
        forgetful.rowcount(connection, {"answers": {}, "guard_id": 1})
