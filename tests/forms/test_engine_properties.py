"""Properties of the scoring model (product.md, "Scoring"), over the mini and the brief's instruments.

Answer sets are generated as a respondent could give them: every choice question answered at
random (optional ones sometimes left blank), then only the answers on the path kept. Each
monotonicity property changes one answer between two options whose points are compared on the
instrument's data, so the premise always holds and the property can fail.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from forms.answers import on_path, walk_path
from forms.checks import extreme_answers
from forms.engine import score_answers
from forms.model import Instrument, Question

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module", params=["mini", "brief_instrument"])
def instrument(request) -> Instrument:
    return request.getfixturevalue(request.param)


# -- strategies and helpers ---------------------------------------------------------------


def choices(question: Question, abstain: bool = True) -> list:
    return [o.value for o in question.options if abstain or not o.abstain]


_ANSWER_SETS: dict[str, st.SearchStrategy] = {}


def _answer_strategy(question: Question) -> st.SearchStrategy:
    """One question's raw answer; None (left blank) only when it is optional."""
    blank = [] if question.required else [None]
    if question.type == "multiple":
        lists = st.lists(st.sampled_from(choices(question)), min_size=1 if question.required else 0, unique=True)
        return lists.map(lambda chosen: _respect_exclusive(question, tuple(chosen)))
    if question.is_choice:
        return st.sampled_from(blank + choices(question))
    return st.sampled_from(blank + ["Acme", "a longer note"])


def _respect_exclusive(question: Question, chosen: tuple) -> tuple:
    """An exclusive option ("None of these", "I don't know") is ticked alone."""
    exclusive = [v for v in chosen if question.option(v).exclusive]
    return (exclusive[0],) if exclusive else chosen


def _valid_choice(question: Question, chosen) -> bool:
    return not isinstance(chosen, tuple) or len(chosen) == 1 or not any(question.option(v).exclusive for v in chosen)


def answer_sets(instrument: Instrument) -> st.SearchStrategy:
    """A valid, on-path answer set: required questions always answered (perhaps "I don't know")."""
    if instrument.slug not in _ANSWER_SETS:
        raw = st.fixed_dictionaries({q.id: _answer_strategy(q) for q in instrument.questions.values()})
        _ANSWER_SETS[instrument.slug] = raw.map(
            lambda answers: on_path(instrument, {k: v for k, v in answers.items() if v not in (None, ())})
        )
    return _ANSWER_SETS[instrument.slug]


def visible_ids(instrument: Instrument, answers: dict) -> set[str]:
    return {q.id for _, questions in walk_path(instrument, answers) for q in questions}


def path_questions(instrument: Instrument) -> set[str]:
    """Questions a show_if names: changing their answer changes the path, not only the scores."""
    named: set[str] = set()
    for step in instrument.steps:
        for condition in [step.show_if, *(q.show_if for q in step.questions)]:
            if condition is not None:
                named |= condition.questions()
    return named


def value_points(question: Question, value, criterion: str) -> float:
    """Points an answer gives, straight from the instrument's data (a multiple choice adds up, capped at 100)."""
    chosen = value if isinstance(value, tuple) else (value,)
    return min(100.0, sum(question.option(v).points.get(criterion, 0.0) for v in chosen))


@dataclass(frozen=True)
class Change:
    """One question answered `before`, then `after`, with how its points compare on each side."""

    question: str
    before: object
    after: object
    benefit: str  # "up", "same", "down" or "mixed"
    risk: str


def _direction(question: Question, before, after, criteria: list[str]) -> str:
    deltas = [value_points(question, after, c) - value_points(question, before, c) for c in criteria]
    if all(d == 0 for d in deltas):
        return "same"
    if all(d >= 0 for d in deltas):
        return "up"
    if all(d <= 0 for d in deltas):
        return "down"
    return "mixed"


def changes(instrument: Instrument) -> list[Change]:
    """Every change of one scored answer between two non-abstaining answers (no path question)."""
    found = []
    excluded = path_questions(instrument)
    for question in instrument.questions.values():
        if not question.is_choice or not question.scored_criteria or question.id in excluded:
            continue
        values = choices(question, abstain=False)
        if question.type == "multiple":
            # A set of choices and the same set with one more choice.
            pairs = [
                (subset, tuple(v for v in values if v in subset or v == extra))
                for size in range(1, len(values))
                for subset in itertools.combinations(values, size)
                for extra in values
                if extra not in subset
            ]
        else:
            pairs = list(itertools.permutations(values, 2))
        sides = {
            side: sorted(c for c in question.scored_criteria if instrument.criterion(c).side == side)
            for side in ("benefit", "risk")
        }
        for before, after in pairs:
            if not (_valid_choice(question, before) and _valid_choice(question, after)):
                continue
            found.append(
                Change(
                    question.id,
                    before,
                    after,
                    _direction(question, before, after, sides["benefit"]),
                    _direction(question, before, after, sides["risk"]),
                )
            )
    return found


_CHANGES: dict[str, list[Change]] = {}


def draw_change(data, instrument: Instrument, answers: dict, benefit: set[str], risk: set[str]) -> Change:
    """A change of a question on the path whose benefit and risk directions are among those given."""
    if instrument.slug not in _CHANGES:
        _CHANGES[instrument.slug] = changes(instrument)
    visible = visible_ids(instrument, answers)
    candidates = [c for c in _CHANGES[instrument.slug] if c.question in visible and c.benefit in benefit and c.risk in risk]
    assert candidates, "the instrument offers no such change: the property would be vacuous"
    return data.draw(st.sampled_from(candidates), label="change")


def score_pair(instrument: Instrument, answers: dict, change: Change):
    before = score_answers(instrument, {**answers, change.question: change.before})
    after = score_answers(instrument, {**answers, change.question: change.after})
    return before, after


def side_criteria(result, side: str) -> dict:
    return {c.id: c.score for c in result.criteria if c.side == side}


# -- bounded, deterministic ---------------------------------------------------------------


@PROPERTY
@given(data=st.data())
def test_scores_are_bounded_0_to_100(instrument, data):
    result = score_answers(instrument, data.draw(answer_sets(instrument)))
    for criterion in result.criteria:
        assert criterion.score is None or 0 <= criterion.score <= 100
        for driver in criterion.drivers:
            assert 0 <= driver.points <= 100
    for side in (result.benefit, result.risk):
        assert side is None or 0 <= side <= 100
    assert 0 <= result.confidence.share <= 1
    assert result.tier in {t.id for t in instrument.tiers}
    assert instrument.tier(result.tier).rank == result.tier_rank
    benefit_band, risk_band = result.bands
    assert instrument.matrix.cells[risk_band][benefit_band] == result.scored_tier
    assert instrument.tier(result.scored_tier).rank == result.scored_tier_rank


@PROPERTY
@given(data=st.data())
def test_a_red_line_reports_no_tier_above_the_weakest(instrument, data):
    result = score_answers(instrument, data.draw(answer_sets(instrument)))
    if result.gated:
        assert (result.tier, result.tier_rank) == (instrument.tiers[0].id, 0)
        assert result.to_dict()["tier"]["rank"] == 0
        assert result.channels == ()
    else:
        assert (result.tier, result.tier_rank) == (result.scored_tier, result.scored_tier_rank)


@PROPERTY
@given(data=st.data())
def test_scoring_is_deterministic(instrument, data):
    answers = data.draw(answer_sets(instrument))
    first = score_answers(instrument, answers)
    assert score_answers(instrument, answers) == first
    shuffled = data.draw(st.permutations(list(answers.items())))
    assert score_answers(instrument, dict(shuffled)) == first
    assert score_answers(instrument, dict(first.answers)) == first
    assert first.to_dict() == score_answers(instrument, answers).to_dict()


# -- monotonicity -------------------------------------------------------------------------


@PROPERTY
@given(data=st.data())
def test_a_more_favourable_benefit_answer_never_lowers_the_benefit_score(instrument, data):
    answers = data.draw(answer_sets(instrument))
    change = draw_change(data, instrument, answers, benefit={"up"}, risk={"up", "same", "down", "mixed"})
    before, after = score_pair(instrument, answers, change)
    assert after.benefit >= before.benefit
    for criterion, score in side_criteria(after, "benefit").items():
        assert score is None or score >= side_criteria(before, "benefit")[criterion]


@PROPERTY
@given(data=st.data())
def test_a_riskier_answer_never_lowers_the_risk_score(instrument, data):
    answers = data.draw(answer_sets(instrument))
    change = draw_change(data, instrument, answers, benefit={"up", "same", "down", "mixed"}, risk={"up"})
    before, after = score_pair(instrument, answers, change)
    assert after.risk >= before.risk
    for criterion, score in side_criteria(after, "risk").items():
        assert score is None or score >= side_criteria(before, "risk")[criterion]


@PROPERTY
@given(data=st.data())
def test_the_tier_never_weakens_when_benefit_rises(instrument, data):
    answers = data.draw(answer_sets(instrument))
    change = draw_change(data, instrument, answers, benefit={"up"}, risk={"same"})
    before, after = score_pair(instrument, answers, change)
    assert after.benefit >= before.benefit and after.risk == before.risk
    assert after.tier_rank >= before.tier_rank


@PROPERTY
@given(data=st.data())
def test_the_tier_never_strengthens_when_risk_rises(instrument, data):
    answers = data.draw(answer_sets(instrument))
    change = draw_change(data, instrument, answers, benefit={"same"}, risk={"up"})
    before, after = score_pair(instrument, answers, change)
    assert after.risk >= before.risk and after.benefit == before.benefit
    assert after.tier_rank <= before.tier_rank
    assert after.gated or not before.gated, "a riskier answer lifted a red line"


@PROPERTY
@given(data=st.data())
def test_a_more_favourable_answer_on_both_sides_never_weakens_the_result(instrument, data):
    answers = data.draw(answer_sets(instrument))
    change = draw_change(data, instrument, answers, benefit={"up", "same"}, risk={"down", "same"})
    assume(not (change.benefit == "same" and change.risk == "same"))
    before, after = score_pair(instrument, answers, change)
    assert after.benefit >= before.benefit
    assert after.risk <= before.risk
    assert after.tier_rank >= before.tier_rank
    assert before.gated or not after.gated, "a more favourable answer hit a red line"


def _scores(instrument: Instrument):
    """Benefit and risk scores, with the thresholds themselves drawn often (the band edges)."""
    edges = sorted(set(instrument.matrix.benefit_thresholds + instrument.matrix.risk_thresholds) | {0.0, 100.0})
    return st.one_of(st.floats(0, 100), st.sampled_from(edges))


@PROPERTY
@given(data=st.data())
def test_matrix_tier_never_weakens_as_benefit_rises(instrument, data):
    low, high = sorted([data.draw(_scores(instrument)), data.draw(_scores(instrument))])
    risk = data.draw(_scores(instrument))
    rank = lambda benefit: instrument.tier(instrument.matrix.tier_for(benefit, risk)).rank  # noqa: E731
    assert rank(high) >= rank(low)


@PROPERTY
@given(data=st.data())
def test_matrix_tier_never_strengthens_as_risk_rises(instrument, data):
    low, high = sorted([data.draw(_scores(instrument)), data.draw(_scores(instrument))])
    benefit = data.draw(_scores(instrument))
    rank = lambda risk: instrument.tier(instrument.matrix.tier_for(benefit, risk)).rank  # noqa: E731
    assert rank(high) <= rank(low)


# -- extremes -----------------------------------------------------------------------------


def _net(instrument: Instrument, option) -> float:
    """Benefit points minus risk points: how favourable an option is."""
    return sum(p if instrument.criterion(c).side == "benefit" else -p for c, p in option.points.items())


def extreme_for_profile(instrument: Instrument, profile: dict, favourable: bool) -> dict:
    """Every scored question answered with its most (or least) favourable option, for one profile."""
    answers = dict(profile)
    sign = 1 if favourable else -1
    for question in instrument.questions.values():
        if question.is_choice and not question.scored_criteria and question.required and question.id not in answers:
            first = question.options[0].value  # an unscored required question (what the respondent wants to do)
            answers[question.id] = (first,) if question.type == "multiple" else first
        if not question.is_choice or not question.scored_criteria:
            continue
        options = [o for o in question.options if not o.abstain]
        best = max(options, key=lambda o: sign * _net(instrument, o))
        if question.type == "multiple":
            helpful = tuple(o.value for o in options if sign * _net(instrument, o) > 0)
            answers[question.id] = helpful or (best.value,)
        else:
            answers[question.id] = best.value
    return on_path(instrument, answers)


def profiles(instrument: Instrument) -> list[dict]:
    return [
        {"issue": issue, "stakeholder_group": group}
        for issue in choices(instrument.question("issue"))
        for group in choices(instrument.question("stakeholder_group"))
    ]


def test_extreme_answers_give_the_strongest_and_the_weakest_tier(instrument):
    best = score_answers(instrument, extreme_answers(instrument, favourable=True))
    worst = score_answers(instrument, extreme_answers(instrument, favourable=False))
    assert best.tier == instrument.tiers[-1].id
    assert not best.gated
    assert worst.tier == instrument.tiers[0].id


def test_most_favourable_answers_give_the_strongest_tier_for_every_profile(instrument):
    strongest = instrument.tiers[-1].id
    for profile in profiles(instrument):
        result = score_answers(instrument, extreme_for_profile(instrument, profile, favourable=True))
        assert (result.tier, result.gated) == (strongest, False), profile


def test_least_favourable_answers_give_the_weakest_tier_for_every_profile(instrument):
    weakest = instrument.tiers[0].id
    for profile in profiles(instrument):
        result = score_answers(instrument, extreme_for_profile(instrument, profile, favourable=False))
        assert result.tier == weakest, profile


def test_most_favourable_answers_score_above_every_random_answer_set(instrument):
    """No answer set beats the extremes: they are the corners of the score space."""
    best = score_answers(instrument, extreme_answers(instrument, favourable=True))
    worst = score_answers(instrument, extreme_answers(instrument, favourable=False))
    assert best.benefit > worst.benefit
    assert best.risk < worst.risk


# -- blanks and abstentions ---------------------------------------------------------------


def _optional_answered(instrument: Instrument, answers: dict) -> list[str]:
    excluded = path_questions(instrument)
    return [
        qid
        for qid, value in answers.items()
        if (q := instrument.question(qid)).is_choice
        and not q.required
        and q.scored_criteria
        and qid not in excluded
        and not any(q.option(v).abstain for v in (value if isinstance(value, tuple) else (value,)))
    ]


@PROPERTY
@given(data=st.data())
def test_an_unanswered_optional_question_does_not_count_as_zero(instrument, data):
    answers = data.draw(answer_sets(instrument))
    candidates = _optional_answered(instrument, answers)
    assume(candidates)
    qid = data.draw(st.sampled_from(candidates), label="question removed")
    question = instrument.question(qid)
    answered = score_answers(instrument, answers)
    blank = score_answers(instrument, {k: v for k, v in answers.items() if k != qid})
    for criterion in question.scored_criteria:
        others = [d for d in answered.criterion(criterion).drivers if d.question != qid]
        score = blank.criterion(criterion).score
        if not others:
            assert score is None, "a criterion with no answer left must be unscored, not 0"
            continue
        weight = sum(d.weight for d in others)
        mean = sum(d.points * d.weight for d in others) / weight
        assert score == pytest.approx(mean)
        counted_as_zero = sum(d.points * d.weight for d in others) / (weight + question.weight)
        if mean > 0 and question.weight > 0:
            assert score > counted_as_zero
    assert qid in blank.confidence.blank
    assert qid not in answered.confidence.blank
    if question.weight > 0:
        assert blank.confidence.share < answered.confidence.share


@PROPERTY
@given(data=st.data())
def test_a_blank_is_not_the_same_as_an_answer_worth_zero(instrument, data):
    """Removing an optional answer whose points are 0 does not lower a criterion to what counting it as 0 gives."""
    answers = data.draw(answer_sets(instrument))
    zero_options = [
        (qid, (o.value,) if instrument.question(qid).type == "multiple" else o.value, c)
        for qid in _optional_answered(instrument, answers)
        for o in instrument.question(qid).options
        if not o.abstain
        for c in instrument.question(qid).scored_criteria
        if o.points.get(c, 0.0) == 0.0
    ]
    assume(zero_options)
    qid, value, criterion = data.draw(st.sampled_from(zero_options), label="zero answer")
    as_zero = score_answers(instrument, {**answers, qid: value}).criterion(criterion)
    blank = score_answers(instrument, {k: v for k, v in answers.items() if k != qid}).criterion(criterion)
    if blank.score is None:
        assert as_zero.score == 0.0
    else:
        assert blank.score >= as_zero.score
        if any(d.points > 0 for d in blank.drivers):
            assert blank.score > as_zero.score


@PROPERTY
@given(data=st.data())
def test_dont_know_counts_as_not_answered(instrument, data):
    answers = data.draw(answer_sets(instrument))
    candidates = [
        qid
        for qid in visible_ids(instrument, answers)
        if any(o.abstain for o in instrument.question(qid).options) and instrument.question(qid).scored_criteria
    ]
    assert candidates, "no scored question offers 'I don't know': the property would be vacuous"
    qid = data.draw(st.sampled_from(sorted(candidates)), label="question")
    abstain_value = next(o.value for o in instrument.question(qid).options if o.abstain)
    abstained = score_answers(instrument, {**answers, qid: abstain_value})
    # Left blank, even where an answer is required, to compare the scores.
    blank = score_answers(instrument, {k: v for k, v in answers.items() if k != qid}, require_complete=False)
    assert [c.score for c in abstained.criteria] == [c.score for c in blank.criteria]
    assert (abstained.benefit, abstained.risk, abstained.tier) == (blank.benefit, blank.risk, blank.tier)
    assert abstained.confidence.share == blank.confidence.share
    assert qid in abstained.confidence.blank


@PROPERTY
@given(data=st.data())
def test_confidence_is_full_exactly_when_every_scored_question_is_answered(instrument, data):
    answers = data.draw(answer_sets(instrument))
    result = score_answers(instrument, answers)
    scored_visible = [q for q in instrument.questions.values() if q.id in visible_ids(instrument, answers) and q.scored_criteria]
    all_answered = all(
        q.id in answers
        and not all(q.option(v).abstain for v in (answers[q.id] if isinstance(answers[q.id], tuple) else (answers[q.id],)))
        for q in scored_visible
        if q.weight > 0
    )
    assert (result.confidence.share == 1.0) == all_answered


# -- gates --------------------------------------------------------------------------------


@PROPERTY
@given(data=st.data())
def test_a_red_line_overrides_the_verdict_and_silences_every_channel(instrument, data):
    result = score_answers(instrument, data.draw(answer_sets(instrument)))
    if result.gated:
        assert result.channels == ()
        assert result.verdict == instrument.gates[[g.id for g in instrument.gates].index(result.gates[0].id)].message
        channel_rules = {rule.id for action in instrument.channels for rule in action.rules}
        assert not channel_rules & set(result.record.rules_fired)
    else:
        assert result.verdict == instrument.tier(result.tier).verdict
