"""Properties of the figures the database computes from the criterion scores stored with each response.

- With the instrument's own weights, the what-if figures are the stored ones: each response's
  benefit and risk recomputed from its stored criterion scores is the score the engine stored.
- The per-issue figures of every criterion (count, sum, sum of squares, extremes, median), per
  stakeholder group and overall, are those computed in Python from the stored scores.
"""

from __future__ import annotations

import itertools
import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.forms.test_engine_properties import answer_sets
from tests.webapp.admin.conftest import SLUG

PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROUNDING = 0.0005  # criterion scores are stored to 3 decimals
_numbers = itertools.count(1)


def _empty_responses(app) -> None:  # type: ignore[no-untyped-def]
    """Each example starts from no responses (the test's fixtures run once for all examples)."""
    from sqlalchemy import delete

    from webapp.extensions import db
    from webapp.models import Response

    with app.app_context():
        db.session.execute(delete(Response))
        db.session.commit()


def _store_scored(app, answer_lists: list[dict]) -> None:  # type: ignore[no-untyped-def]
    """Score each answer set with the engine and store it as a submission stores it."""
    from datetime import UTC, datetime

    from forms.engine import score_clean
    from webapp.extensions import db
    from webapp.instruments import registry
    from webapp.models import Response
    from webapp.responses.answers import profile_columns
    from webapp.responses.scoring import result_columns

    with app.app_context():
        instrument = registry().default
        for answers in answer_lists:
            number = next(_numbers)
            result = score_clean(instrument, answers, with_firmness=False)
            db.session.add(
                Response(
                    reference=f"P-{number:06d}",
                    token_hash=f"p{number:063d}",
                    instrument_slug=instrument.slug,
                    instrument_version=instrument.version,
                    language="en",
                    status="submitted",
                    answers={k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
                    created_at=datetime.now(UTC),
                    submitted_at=datetime.now(UTC),
                    **profile_columns(answers),
                    **result_columns(instrument, answers, result),
                )
            )
        db.session.commit()


def _brief_answer_sets():  # type: ignore[no-untyped-def]
    from forms.loader import default_instrument_paths, load_instrument

    return answer_sets(load_instrument(default_instrument_paths()[0]))


@PROPERTY
@given(data=st.data())
def test_with_the_instruments_own_weights_the_what_if_figures_are_the_stored_ones(app, data):
    from webapp.admin.aggregates import issue_figures
    from webapp.admin.whatif_query import reweighted_issue_figures
    from webapp.instruments import registry

    answer_lists = data.draw(st.lists(_brief_answer_sets(), min_size=1, max_size=12))
    _empty_responses(app)
    _store_scored(app, answer_lists)
    with app.app_context():
        instrument = registry().default
        stored = issue_figures(instrument.slug)
        tried = reweighted_issue_figures(instrument.slug, {c.id: c.weight for c in instrument.criteria})
    assert set(tried) == set(stored)
    for issue, figures in stored.items():
        again = tried[issue]
        assert (again.n, again.gated) == (figures.n, figures.gated)
        for side in ("benefit", "risk"):
            mine, theirs = getattr(again, side), getattr(figures, side)
            assert mine.n == theirs.n
            assert mine.total == pytest.approx(theirs.total, abs=ROUNDING * mine.n)
            assert mine.squares == pytest.approx(theirs.squares, abs=2 * 100 * ROUNDING * mine.n)


CRITERIA = ("B1", "B2", "R1")
GROUPS = ("exporter", "ngo", "university")
scores = st.one_of(st.none(), st.integers(0, 1000).map(lambda tenths: tenths / 10))
stored_responses = st.lists(st.tuples(st.sampled_from(GROUPS), st.fixed_dictionaries({c: scores for c in CRITERIA})), min_size=1, max_size=15)


def _expected(values: list[float]) -> tuple:
    if not values:
        return (0, None, None, None)
    return (len(values), pytest.approx(statistics.median(values)), min(values), max(values))


@PROPERTY
@given(responses=stored_responses)
def test_the_issue_figures_of_every_criterion_are_those_of_the_stored_scores(app, make_response, responses):
    from webapp.admin.aggregates import issue_aggregate

    _empty_responses(app)
    for group, criteria in responses:
        make_response(issue="arctic", group=group, criteria=criteria)
    make_response(issue="cyber", group="ngo", criteria=dict.fromkeys(CRITERIA, 100.0))  # another issue: not counted
    with app.app_context():
        aggregate = issue_aggregate(SLUG, "arctic")
    figures = {None: aggregate.overall, **{g.key: g for g in aggregate.groups}}
    assert set(figures) == {None, *(group for group, _ in responses)}
    for key, group_figures in figures.items():
        for criterion in CRITERIA:
            values = [c[criterion] for g, c in responses if key in (None, g) and c[criterion] is not None]
            moments = group_figures.criteria.get(criterion)
            got = (0, None, None, None) if moments is None else (moments.n, moments.median, moments.low, moments.high)
            assert got == _expected(values), (key, criterion)
            if values:
                assert moments.total == pytest.approx(sum(values))
                assert moments.squares == pytest.approx(sum(v * v for v in values))


@given(rows=st.lists(st.tuples(st.sampled_from(("", "ngo", "exporter")), scores, scores), max_size=40))
def test_each_columns_figures_are_its_statistics_per_group_and_for_everyone(rows):
    from webapp.admin.aggregates import ALL_GROUPS, score_figures

    figures = score_figures(rows, ("first", "second"))
    for group in {ALL_GROUPS, *(row[0] for row in rows)}:
        for column, name in enumerate(("first", "second"), 1):
            values = [row[column] for row in rows if group in (ALL_GROUPS, row[0]) and row[column] is not None]
            moments = figures.get((group, name))
            if not values:
                assert moments is None, (group, name)
                continue
            assert (moments.n, moments.median, moments.low, moments.high) == _expected(values), (group, name)
            assert moments.total == pytest.approx(sum(values))
            assert moments.squares == pytest.approx(sum(v * v for v in values))
