"""The scoring engine: a pure function from (instrument, answers) to an explained `Result`.

No Flask, no database, no I/O. Each rule of the scoring model is a small function here so that
its properties can be tested one by one (tests/forms/test_engine_properties.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from forms.answers import clean_answers, walk_path
from forms.conditions import AnswersOnly, AnswerValue
from forms.i18n import Text
from forms.model import Action, Criterion, Instrument, Question, Tier, text_for_role
from forms.result import Confidence, CriterionScore, Driver, GateHit, Principle, Reason, Recommendation, Record, Result

ENGINE_VERSION = "1"


def score_answers(instrument: Instrument, raw_answers: object, require_complete: bool = True, with_firmness: bool = True) -> Result:
    """Check the answers (raising `AnswersError` naming each problem) and score them."""
    return score_clean(instrument, clean_answers(instrument, raw_answers, require_complete=require_complete), with_firmness)


def score_clean(instrument: Instrument, answers: Mapping[str, AnswerValue], with_firmness: bool = True) -> Result:
    """Score answers already cleaned and on the path, with how firm the result is (`Result.firmness`).

    `with_firmness=False` leaves `firmness` None: for callers that score many answer sets and
    read only the scores (searches, data seeding, storing a submission).
    """
    result = score_plain(instrument, answers)
    if not with_firmness:
        return result
    from forms.firmness import assess_firmness  # imported here: forms.firmness builds on this module

    return replace(result, firmness=assess_firmness(instrument, result))


def score_plain(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> Result:
    """Score answers already cleaned and on the path, without `firmness`."""
    path = walk_path(instrument, answers)
    visible = [q for _, questions in path for q in questions]
    criteria = tuple(criterion_score(instrument, criterion, visible, answers) for criterion in instrument.criteria)
    benefit = side_score(criteria, "benefit")
    risk = side_score(criteria, "risk")
    # With nothing scored on a side, the tier is judged on the least favourable value.
    scored = instrument.tier(instrument.matrix.tier_for(0.0 if benefit is None else benefit, 100.0 if risk is None else risk))
    gates = gates_hit(instrument, answers)
    # A red line overrides the scores: the outcome is the weakest tier, whatever they say.
    tier = instrument.tiers[0] if gates else scored
    outcome = _Outcome(answers, tier.rank, {c.id: c.score for c in criteria}, bool(gates))
    channels = () if gates else recommendations(instrument, instrument.channels, outcome)
    safeguards = recommendations(instrument, instrument.safeguards, outcome)
    verdict = gates[0].message if gates else tier.verdict
    return Result(
        benefit=benefit,
        risk=risk,
        criteria=criteria,
        tier=tier.id,
        tier_rank=tier.rank,
        tier_title=tier.title,
        scored_tier=scored.id,
        scored_tier_rank=scored.rank,
        scored_tier_title=scored.title,
        verdict=verdict,
        next_steps=next_steps(instrument, tier, gates, channels, answers),
        bands=instrument.matrix.bands(0.0 if benefit is None else benefit, 100.0 if risk is None else risk),
        gates=gates,
        channels=channels,
        safeguards=safeguards,
        principles=principles(instrument),
        confidence=confidence(visible, answers),
        record=record(instrument, gates, channels + safeguards),
        answers=dict(answers),
    )


def gates_hit(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> tuple[GateHit, ...]:
    """The red lines the answers cross, in the instrument's order."""
    return tuple(
        GateHit(g.id, g.criterion, g.title, g.message, g.next_steps) for g in instrument.gates if g.when.holds(AnswersOnly(answers))
    )


def principles(instrument: Instrument) -> tuple[Principle, ...]:
    """The principles every result carries, each with the titles of its brief sections."""
    return tuple(
        Principle(p.id, p.title, p.description, tuple((s, instrument.section(s).title) for s in p.brief_sections))
        for p in instrument.principles
    )


def record(instrument: Instrument, gates: tuple[GateHit, ...], recommended: tuple[Recommendation, ...]) -> Record:
    """What the result was scored with and what fired, so it can be reproduced and audited."""
    return Record(
        instrument=instrument.slug,
        instrument_version=instrument.version,
        engine_version=ENGINE_VERSION,
        benefit_thresholds=instrument.matrix.benefit_thresholds,
        risk_thresholds=instrument.matrix.risk_thresholds,
        criterion_weights={c.id: c.weight for c in instrument.criteria},
        rules_fired=tuple(reason.rule for r in recommended for reason in r.reasons),
        gates_fired=tuple(g.id for g in gates),
    )


def next_steps(
    instrument: Instrument,
    tier: Tier,
    gates: tuple[GateHit, ...],
    channels: tuple[Recommendation, ...],
    answers: Mapping[str, AnswerValue],
) -> tuple[Text, ...]:
    """What to do next, assembled from what fired and addressed to the respondent's role.

    A red line gives its re-scoping step alone; otherwise the tier's step comes first, then the
    first step of each channel that fired, so no step names a channel that did not.
    """
    if gates:
        return (gates[0].next_steps,)
    role = instrument.role_of(answers.get("stakeholder_group"))
    steps = [text_for_role(tier.next_steps, role)]
    by_id = {a.id: a for a in instrument.channels}
    for channel in channels:
        first_step = by_id[channel.id].first_step
        if first_step is not None:
            step = text_for_role(first_step, role)
            if step not in steps:
                steps.append(step)
    return tuple(steps)


def question_points(question: Question, answer: AnswerValue | None, criterion_id: str) -> float | None:
    """Points one answer gives one criterion: None when unanswered or abstaining ("I don't know").

    A multiple choice adds the points of the chosen options, capped at 100.
    """
    if answer is None or criterion_id not in question.scored_criteria:
        return None
    chosen = answer if isinstance(answer, tuple) else (answer,)
    options = [question.option(value) for value in chosen]
    scoring = [o for o in options if o is not None and not o.abstain]
    if not scoring:
        return None
    return min(100.0, sum(o.points.get(criterion_id, 0.0) for o in scoring))


def criterion_score(
    instrument: Instrument, criterion: Criterion, visible: list[Question], answers: Mapping[str, AnswerValue]
) -> CriterionScore:
    """The weighted mean of the points of the answered questions that score this criterion."""
    drivers = []
    for question in visible:
        points = question_points(question, answers.get(question.id), criterion.id)
        if points is None or question.weight == 0:
            continue
        answer = answers[question.id]
        chosen = answer if isinstance(answer, tuple) else (answer,)
        labels = tuple(o.label for value in chosen if (o := question.option(value)) is not None)
        drivers.append(Driver(question.id, question.label, answer, labels, points, question.weight))
    total_weight = sum(d.weight for d in drivers)
    score = sum(d.points * d.weight for d in drivers) / total_weight if total_weight else None
    # Most influential first: the answers that pulled the score furthest from the middle.
    drivers.sort(key=lambda d: -abs(d.points - 50) * d.weight)
    return CriterionScore(
        id=criterion.id,
        side=criterion.side,
        title=criterion.title,
        description=criterion.description,
        weight=criterion.weight,
        score=score,
        brief_sections=tuple((s, instrument.section(s).title) for s in criterion.brief_sections),
        drivers=tuple(drivers),
    )


def side_score(criteria: tuple[CriterionScore, ...], side: str) -> float | None:
    """Weighted mean of the scored criteria of one side; criteria nobody could score do not count."""
    scored = [c for c in criteria if c.side == side and c.score is not None]
    total = sum(c.weight for c in scored)
    if not total:
        return None
    return sum(c.score * c.weight for c in scored if c.score is not None) / total


def confidence(visible: list[Question], answers: Mapping[str, AnswerValue]) -> Confidence:
    """Share of the weight of scored questions on the path that got a scoring answer.

    `blank` names the scored questions that lowered it (left blank or "I don't know"); a question
    that scores nothing (the organisation's name, a comment) never counts, answered or not.
    """
    total = answered = 0.0
    blank = []
    for question in visible:
        if not question.scored_criteria:
            continue
        total += question.weight
        answer = answers.get(question.id)
        if any(question_points(question, answer, c) is not None for c in question.scored_criteria):
            answered += question.weight
        else:
            blank.append(question.id)
    return Confidence(answered / total if total else 0.0, answered, total, tuple(blank))


def recommendations(instrument: Instrument, actions: tuple[Action, ...], outcome: _Outcome) -> tuple[Recommendation, ...]:
    """The channels or safeguards whose rules fire, each with the reasons of those rules."""
    fired = []
    for action in actions:
        reasons = tuple(Reason(rule.id, rule.reason) for rule in action.rules if rule.when.holds(outcome))
        if reasons:
            fired.append(
                Recommendation(
                    action.id,
                    action.kind,
                    action.title,
                    action.description,
                    tuple((s, instrument.section(s).title) for s in action.brief_sections),
                    reasons,
                )
            )
    return tuple(fired)


@dataclass(frozen=True)
class _Outcome:
    """The context rules see: answers plus the scored outcome."""

    answers: Mapping[str, AnswerValue]
    rank: int
    scores: Mapping[str, float | None]
    is_gated: bool

    def tier_rank(self) -> int:
        return self.rank

    def criterion_score(self, criterion_id: str) -> float | None:
        return self.scores.get(criterion_id)

    def gated(self) -> bool:
        return self.is_gated
