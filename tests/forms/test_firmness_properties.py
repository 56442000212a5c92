"""Properties of `Result.firmness`, checked against the engine itself on the mini and the brief's instruments.

Margins: a weight or threshold changed by less than its margin keeps the tier; changed just past
it, the tier is the one stated. Answer changes: each suggestion, applied and scored, gives the
tier it states, in its direction, only through questions the respondent was shown, never through
a red line.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from forms.answers import on_path, walk_path
from forms.engine import score_clean, score_plain
from forms.model import Instrument, Matrix
from tests.forms.test_engine_properties import PROPERTY, answer_sets

PAST = 1e-7  # "just past the margin", relative: far above float error, far below any band's width


@pytest.fixture(scope="module", params=["mini", "brief_instrument"])
def instrument(request) -> Instrument:
    return request.getfixturevalue(request.param)


def with_weight(instrument: Instrument, criterion_id: str, factor: float) -> Instrument:
    criteria = tuple(replace(c, weight=c.weight * factor) if c.id == criterion_id else c for c in instrument.criteria)
    return replace(instrument, criteria=criteria)


def with_threshold(instrument: Instrument, kind: str, position: int, factor: float) -> Instrument:
    matrix = instrument.matrix
    benefit, risk = list(matrix.benefit_thresholds), list(matrix.risk_thresholds)
    edited = benefit if kind == "benefit_threshold" else risk
    edited[position - 1] *= factor
    return replace(instrument, matrix=Matrix(tuple(benefit), tuple(risk), matrix.cells))


def factor(direction: str, change: float) -> float:
    return 1.0 + change if direction == "up" else 1.0 - change


def shifts(margins):  # type: ignore[no-untyped-def]
    for margin in margins:
        for direction, shift in (("up", margin.up), ("down", margin.down)):
            if shift is not None:
                yield margin, direction, shift


@given(data=st.data(), fraction=st.floats(min_value=0.0, max_value=1.0 - 1e-6))
@PROPERTY
def test_a_weight_change_inside_its_margin_keeps_the_tier_and_one_past_it_moves_it(instrument, data, fraction):
    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    for margin, direction, shift in shifts(result.firmness.weights):
        inside = score_plain(with_weight(instrument, margin.key, factor(direction, shift.change * fraction)), answers)
        assert inside.tier == result.tier, (margin.key, direction, shift, fraction)
        past = min(1.0, shift.change * (1 + PAST) + 1e-12) if direction == "down" else shift.change * (1 + PAST) + 1e-12
        moved = score_plain(with_weight(instrument, margin.key, factor(direction, past)), answers)
        assert moved.tier == shift.tier != result.tier, (margin.key, direction, shift)


@given(data=st.data(), fraction=st.floats(min_value=0.0, max_value=1.0 - 1e-6))
@PROPERTY
def test_a_threshold_change_inside_its_margin_keeps_the_tier_and_one_past_it_moves_it(instrument, data, fraction):
    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    for margin, direction, shift in shifts(result.firmness.thresholds):
        inside = score_plain(with_threshold(instrument, margin.kind, int(margin.key), factor(direction, shift.change * fraction)), answers)
        assert inside.tier == result.tier, (margin.kind, margin.key, direction, shift, fraction)
        past = shift.change * (1 + PAST) + 1e-12  # float rounding makes "exactly at" unreliable
        moved = score_plain(with_threshold(instrument, margin.kind, int(margin.key), factor(direction, past)), answers)
        assert moved.tier == shift.tier != result.tier, (margin.kind, margin.key, direction, shift)


@given(data=st.data())
@PROPERTY
def test_every_suggested_answer_change_moves_the_tier_as_stated_through_shown_questions_and_no_red_line(instrument, data):
    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    shown = {q.id for _, questions in walk_path(instrument, answers) for q in questions}
    firmness = result.firmness
    for direction, suggestions in ((1, firmness.up), (-1, firmness.down)):
        for suggestion in suggestions:
            assert 1 <= len(suggestion.changes) <= 2
            assert {c.question for c in suggestion.changes} <= shown
            assert all(answers.get(c.question) == c.before for c in suggestion.changes)
            changed = on_path(instrument, {**answers, **{c.question: c.after for c in suggestion.changes}})
            scored = score_plain(instrument, changed)
            assert not scored.gated
            assert not any(gate.when.holds(_answers_only(changed)) for gate in instrument.gates)
            assert scored.tier == suggestion.tier
            assert (scored.tier_rank - result.tier_rank) * direction > 0


@given(data=st.data())
@PROPERTY
def test_when_a_red_line_decides_there_is_no_answer_change_nor_margin_only_rescoping(instrument, data):
    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    firmness = result.firmness
    if result.gated:
        assert firmness.verdict == "red_line"
        assert not firmness.up and not firmness.down and not firmness.weights and not firmness.thresholds
        for suggestion in firmness.rescoping:
            changed = on_path(instrument, {**answers, **{c.question: c.after for c in suggestion.changes}})
            assert not score_plain(instrument, changed).gated
    else:
        assert not firmness.rescoping
        assert firmness.verdict in ("firm", "fragile")


@given(data=st.data())
@PROPERTY
def test_contributions_add_up_to_the_scores_largest_first(instrument, data):
    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    contributions = result.firmness.contributions
    assert sum(c.benefit for c in contributions) == pytest.approx(result.benefit or 0.0, abs=1e-9)
    assert sum(c.risk for c in contributions) == pytest.approx(result.risk or 0.0, abs=1e-9)
    sizes = [c.size for c in contributions]
    assert sizes == sorted(sizes, reverse=True)


def _answers_only(answers):  # type: ignore[no-untyped-def]
    from forms.conditions import AnswersOnly

    return AnswersOnly(answers)


@given(data=st.data())
@PROPERTY
def test_stability_is_the_share_of_the_seeded_sample_that_keeps_the_tier(instrument, data):
    from forms.firmness import STABILITY_SAMPLES, STABILITY_SEED, STABILITY_SPREAD, _factor_samples

    answers = data.draw(answer_sets(instrument))
    result = score_clean(instrument, answers)
    stability = result.firmness.stability
    assert stability.samples == STABILITY_SAMPLES and 0 <= stability.kept <= stability.samples
    if result.gated:
        assert stability.share == 1.0
        return
    # A score exactly on a threshold flips band on float rounding alone, whatever the weights.
    edges = [*instrument.matrix.benefit_thresholds, *instrument.matrix.risk_thresholds]
    assume(all(abs(score - edge) > 1e-9 for score in (result.benefit, result.risk) if score is not None for edge in edges))
    kept = 0
    for sample in _factor_samples(len(instrument.criteria), STABILITY_SAMPLES, STABILITY_SPREAD, STABILITY_SEED):
        weights = {c.id: c.weight * f for c, f in zip(instrument.criteria, sample, strict=True)}
        kept += tier_under(instrument, result, weights) == result.tier
    assert stability.kept == kept


def tier_under(instrument: Instrument, result, weights) -> str:  # type: ignore[no-untyped-def]
    """The matrix tier of the result's criterion scores under other weights, computed here from scratch."""
    sides = {}
    for side in ("benefit", "risk"):
        scored = [(weights[c.id], c.score) for c in result.criteria if c.side == side and c.score is not None]
        total = sum(w for w, _ in scored)
        sides[side] = sum(w * s for w, s in scored) / total if total else None
    benefit, risk = sides["benefit"], sides["risk"]
    return instrument.matrix.tier_for(0.0 if benefit is None else benefit, 100.0 if risk is None else risk)
