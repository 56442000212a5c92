"""Properties of the CSV export's cells, for stored values of any shape (codes, hostile text,
numbers, lists, mappings, moments in any zone):

- `AnswerCells`, which keeps a response's codes as they are once a set lookup has found them all,
  and `ScoreCells`, which makes each number's cell once by its JSON text, make the same cells as
  `_cell` does value by value.
- The CSV holds, for each stored value, what `_cell` makes of it, however the database hands the
  value over (answers and scores as JSON text, moments as ISO text); no text cell keeps a control
  character a spreadsheet refuses or starts as a formula.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms.test_text_input import SPREADSHEET_ILLEGAL

PROPERTY = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMULA = ("=", "+", "@", "\t", "\r")  # and "-", but a negative number is no formula
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)  # what a database stores
HOSTILE = st.one_of(TEXT, st.builds(str.__add__, st.sampled_from(("=", "+", "-", "@", "\t", "\r", "\x0b", "\x1b")), TEXT))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(-1e6, 1e6), HOSTILE)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(TEXT, SCALARS, max_size=2))
MOMENTS = st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1), timezones=st.sampled_from((UTC, timezone(timedelta(hours=-5)))))


def answer_sets(instrument) -> st.SearchStrategy[dict]:  # type: ignore[no-untyped-def]
    """Answers to any of the questions: the instrument's codes (every choice's answer one of them,
    in half the sets), lists of codes, or anything."""
    from webapp.admin.exports import CODED_TYPES

    def answer(question, only_codes: bool) -> st.SearchStrategy:  # type: ignore[no-untyped-def]
        codes = st.sampled_from([o.value for o in question.options] or [None])
        if only_codes and question.type in CODED_TYPES:
            return codes
        return st.one_of(codes, st.lists(codes, max_size=3), VALUES)

    def answers(only_codes: bool) -> st.SearchStrategy[dict]:
        return st.fixed_dictionaries({}, optional={q.id: answer(q, only_codes) for q in instrument.questions.values()})

    return st.booleans().flatmap(answers)


def _typed(cells: list) -> list[tuple[type, object]]:
    return [(type(cell), cell) for cell in cells]  # True and 1 are equal, yet not the same cell


@PROPERTY
@given(data=st.data())
def test_answer_cells_are_those_made_one_by_one(app, data):
    from webapp.admin.exports import AnswerCells, _cell
    from webapp.instruments import registry

    with app.app_context():
        instrument = registry().default
    answers = data.draw(answer_sets(instrument))
    expected = [_cell(answers.get(qid)) for qid in instrument.questions]
    assert _typed(AnswerCells(instrument)(answers)) == _typed(expected)


SCORES = st.one_of(st.none(), st.integers(-1000, 1000), st.floats(allow_nan=False, allow_infinity=False), st.sampled_from((0.0, -0.0)), VALUES)


@PROPERTY
@given(data=st.data())
def test_score_cells_are_those_made_one_by_one(app, data):
    from webapp.admin.exports import ScoreCells, _cell
    from webapp.instruments import registry

    with app.app_context():
        instrument = registry().default
    criteria = [c.id for c in instrument.criteria]
    score_cells = ScoreCells(instrument)  # one for several responses, as for an export
    for scores in data.draw(st.lists(st.dictionaries(st.sampled_from(criteria), SCORES), max_size=4)):
        text = json.dumps(scores)
        expected = [_cell(json.loads(text).get(c)) for c in criteria]
        assert _typed(score_cells(text)) == _typed(expected)


def _stored(app, reference: str) -> list:  # type: ignore[no-untyped-def]
    """The response's values in export order, as the ORM reads them back (datetimes, dicts)."""
    from sqlalchemy import select

    from webapp.admin.exports import RESPONSE_COLUMNS
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response

    with app.app_context():
        instrument = registry().default
        response = db.session.scalar(select(Response).where(Response.reference == reference))
        scores, answers = response.criterion_scores or {}, response.answers or {}
        return [
            *(getattr(response, name) for name in RESPONSE_COLUMNS),
            *(scores.get(c.id) for c in instrument.criteria),
            *(answers.get(qid) for qid in instrument.questions),
        ]


@PROPERTY
@given(data=st.data())
def test_the_csv_holds_each_stored_value_as_its_cell(app, admin_client, make_response, data):
    from sqlalchemy import delete

    from webapp.admin.exports import _cell
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response

    with app.app_context():  # each example alone (the fixtures run once for all examples)
        instrument = registry().default
        db.session.execute(delete(Response))
        db.session.commit()
    criteria = [c.id for c in instrument.criteria]
    reference = make_response(
        issue=data.draw(HOSTILE),
        organisation=data.draw(st.none() | HOSTILE),
        benefit=data.draw(st.floats(0, 100)),
        criteria=data.draw(st.dictionaries(st.sampled_from(criteria), st.none() | st.integers(0, 100) | st.floats(0, 100))),
        status=data.draw(st.sampled_from(("submitted", "draft"))),
        submitted_at=data.draw(MOMENTS),
        answers=data.draw(answer_sets(instrument)),
    )
    text = admin_client.get("/admin/export/responses.csv?status=").get_data(as_text=True)
    [_header, row] = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    expected = io.StringIO()
    csv.writer(expected).writerow([_cell(value) for value in _stored(app, reference)])
    assert row == next(csv.reader(io.StringIO(expected.getvalue())))
    assert not any(SPREADSHEET_ILLEGAL & set(cell) for cell in row)
    assert not any(cell.startswith(FORMULA) for cell in row)
    assert all(_is_number(cell) for cell in row if cell.startswith("-"))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
