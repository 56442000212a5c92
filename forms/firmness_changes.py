"""What would change a result: the fewest answer changes (one, else two) that move its tier.

Only questions the respondent was shown and that score a criterion are changed, never to an
answer that hits a red line. A criterion's score is sum(v_q p_q) / sum(v_q) over its answers, so
changing answers only adds to those two sums: candidates are tried on the sums (microseconds
each), and every suggestion kept is then checked by scoring the changed answers from scratch
(`outcome_of`, the engine's rules; the property tests check it against the engine itself).
A question that decides what else is shown is tried with the engine directly, alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

from forms.answers import on_path, walk_path
from forms.conditions import AnswersOnly, AnswerValue
from forms.engine import question_points
from forms.firmness_model import AnswerChange, Suggestion
from forms.model import Instrument, Question
from forms.result import Result

MAX_SUGGESTIONS = 3
PAIR_CANDIDATES = 30  # per direction, the candidates most likely to move the tier (pairs: 435 at most)



@dataclass(frozen=True)
class Outcome:
    """What a check of changed answers needs: the tier and whether a red line is hit."""

    tier: str
    tier_rank: int
    gated: bool


def outcome_of(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> Outcome:
    """The tier for answers on the path, scored from scratch by the engine's rules (its path, its points per
    answer, weighted means of criteria and of sides, its matrix and red lines) in one pass over the answers."""
    sums: dict[str, list[float]] = {}
    for _, questions in walk_path(instrument, answers):
        for question in questions:
            if not question.weight or question.id not in answers:
                continue
            for criterion in question.scored_criteria:
                points = question_points(question, answers[question.id], criterion)
                if points is not None:
                    entry = sums.setdefault(criterion, [0.0, 0.0])
                    entry[0] += points * question.weight
                    entry[1] += question.weight
    sides = {}
    for side in ("benefit", "risk"):
        scored = [(c.weight, sums[c.id][0] / sums[c.id][1]) for c in instrument.criteria_on(side) if c.id in sums and sums[c.id][1]]
        total = sum(w for w, _ in scored)
        sides[side] = sum(w * s for w, s in scored) / total if total else None
    benefit, risk = sides["benefit"], sides["risk"]
    tier = instrument.matrix.tier_for(0.0 if benefit is None else benefit, 100.0 if risk is None else risk)
    return Outcome(tier, instrument.tier(tier).rank, _gated(instrument, answers))


Rescore = Callable[[Instrument, Mapping[str, AnswerValue]], Outcome | Result]
Delta = tuple[tuple[str, float, float], ...]  # (criterion, change of sum(v p), change of sum(v))


@dataclass(frozen=True)
class _Candidate:
    question: Question
    after: AnswerValue
    delta: Delta
    distance: int  # how far the new answer is from the old one, in options
    order: int  # the question's place in the questionnaire
    rank: int = 0  # the tier rank with this change alone
    shift: tuple[float, float] = (0.0, 0.0)  # how far it moves the benefit and the risk score


def answer_changes(instrument: Instrument, result: Result, rescore: Rescore) -> tuple[tuple[Suggestion, ...], tuple[Suggestion, ...]]:
    """(changes that move the tier up, changes that move it down), fewest changes first."""
    state = _Sums(instrument, result)
    top = max(t.rank for t in instrument.tiers)
    bottom = min(t.rank for t in instrument.tiers)
    singles, guarded = [], []
    for candidate in state.candidates():
        if candidate.question.id in state.path_questions:
            guarded.append(replace(candidate, rank=state.rescored_rank(rescore, candidate)))
        else:
            singles.append(candidate)
    found = []
    for direction, possible in ((1, result.tier_rank < top), (-1, result.tier_rank > bottom)):
        found.append(_search(instrument, result, rescore, state, singles, guarded, direction) if possible else ())
    return found[0], found[1]


def rescoping_changes(instrument: Instrument, result: Result, rescore: Rescore) -> tuple[Suggestion, ...]:
    """With a red line hit: the nearest answers to its questions that clear every red line, and the tier they give."""
    answers = dict(result.answers)
    questions = {q for gate in instrument.gates if gate.when.holds(AnswersOnly(answers)) for q in gate.when.questions()}
    suggestions = []
    for order, question in enumerate(q for q in instrument.questions.values() if q.id in questions and q.id in answers):
        best = None
        for candidate in _values(question, answers.get(question.id), order):
            changed = on_path(instrument, {**answers, question.id: candidate.after})
            if _gated(instrument, changed):
                continue
            if best is None or candidate.distance < best[0].distance:
                best = (candidate, rescore(instrument, changed))
        if best is not None and not best[1].gated:
            suggestions.append(_suggestion(instrument, answers, (best[0],), best[1]))
    return tuple(suggestions[:MAX_SUGGESTIONS])


# ---------------------------------------------------------------- candidates
def _search(
    instrument: Instrument, result: Result, rescore: Rescore, state: _Sums, singles: list[_Candidate], guarded: list[_Candidate], direction: int
) -> tuple[Suggestion, ...]:
    answers, rank = dict(result.answers), result.tier_rank
    moving: list[tuple[_Candidate, ...]] = [(c,) for c in singles + guarded if _moves(c.rank, rank, direction)]
    found = _checked(instrument, answers, rescore, _nearest_first(state, moving, rank), rank, direction)
    if found:
        return found
    pairs = _pairs(state, singles, rank, direction)
    return _checked(instrument, answers, rescore, _nearest_first(state, pairs, rank), rank, direction)


def _nearest_first(state: _Sums, combos: list[tuple[_Candidate, ...]], rank: int) -> list[tuple[_Candidate, ...]]:
    """The smallest moves first: to the nearest tier, by the fewest option steps, earliest questions."""
    return sorted(combos, key=lambda combo: (abs(_rank_after(state, combo) - rank), sum(c.distance for c in combo), [c.order for c in combo]))


def _pairs(state: _Sums, singles: list[_Candidate], rank: int, direction: int) -> list[tuple[_Candidate, ...]]:
    """Pairs of changes to two questions, among the changes that push furthest in `direction` on their own.

    A pair is screened on the sum of its two shifts (exact unless both change which criteria are
    scored), then confirmed on the sums themselves.
    """
    push = lambda c: direction * (c.shift[0] - c.shift[1])  # noqa: E731
    pushing = sorted((c for c in singles if push(c) > 0), key=push, reverse=True)[:PAIR_CANDIDATES]
    benefit, risk = state.base_scores
    tier_rank = state.rank_of_scores
    pairs: list[tuple[_Candidate, ...]] = []
    for i, first in enumerate(pushing):
        for second in pushing[i + 1 :]:
            if first.question.id == second.question.id:
                continue
            estimate = tier_rank(benefit + first.shift[0] + second.shift[0], risk + first.shift[1] + second.shift[1])
            if _moves(estimate, rank, direction) and _moves(state.tier_rank(first.delta + second.delta), rank, direction):
                pairs.append((first, second))
    return pairs


def _checked(
    instrument: Instrument, answers: dict[str, AnswerValue], rescore: Rescore, moving: list[tuple[_Candidate, ...]], rank: int, direction: int
) -> tuple[Suggestion, ...]:
    """The first few combinations that, scored by the engine, move the tier as found and hit no red line."""
    kept = []
    for combo in _varied(moving):
        changed = on_path(instrument, {**answers, **{c.question.id: c.after for c in combo}})
        if _gated(instrument, changed):
            continue
        scored = rescore(instrument, changed)
        if scored.gated or not _moves(scored.tier_rank, rank, direction):
            continue
        kept.append(_suggestion(instrument, answers, combo, scored))
        if len(kept) == MAX_SUGGESTIONS:
            break
    return tuple(kept)


def _varied(combos: list[tuple[_Candidate, ...]]) -> list[tuple[_Candidate, ...]]:
    """The same combinations, those on questions no earlier one touched first: suggestions that differ say more."""
    used: set[str] = set()
    fresh, repeated = [], []
    for combo in combos:
        questions = {c.question.id for c in combo}
        if questions & used:
            repeated.append(combo)
        else:
            fresh.append(combo)
            used |= questions
    return fresh + repeated


def _rank_after(state: _Sums, combo: tuple[_Candidate, ...]) -> int:
    return combo[0].rank if len(combo) == 1 else state.tier_rank(tuple(d for c in combo for d in c.delta))


def _moves(new_rank: int, rank: int, direction: int) -> bool:
    return (new_rank - rank) * direction > 0


def _gated(instrument: Instrument, answers: Mapping[str, AnswerValue]) -> bool:
    context = AnswersOnly(answers)
    return any(gate.when.holds(context) for gate in instrument.gates)


def _values(question: Question, before: AnswerValue | None, order: int) -> Iterator[_Candidate]:
    """Every other answer to `question` (a multiple choice: one option added or taken away)."""
    values = [o.value for o in question.options if not o.abstain]
    if question.type == "multiple":
        chosen = set(before) if isinstance(before, tuple) else set()
        for value in values:
            after = tuple(v for v in (o.value for o in question.options) if (v in chosen) != (v == value))
            if after:
                yield _Candidate(question, after, (), 1, order)
        return
    where = values.index(before) if before in values else None
    for index, value in enumerate(values):
        if value != before:
            yield _Candidate(question, value, (), 1 if where is None else abs(index - where), order)


def _suggestion(instrument: Instrument, answers: Mapping[str, AnswerValue], combo: tuple[_Candidate, ...], scored: Outcome | Result) -> Suggestion:
    changes = tuple(
        AnswerChange(
            c.question.id, c.question.label, answers.get(c.question.id), _labels(c.question, answers.get(c.question.id)), c.after, _labels(c.question, c.after)
        )
        for c in combo
    )
    return Suggestion(changes, scored.tier, scored.tier_rank, instrument.tier(scored.tier).title)


def _labels(question: Question, answer: AnswerValue | None) -> tuple:
    if answer is None:
        return ()
    chosen = answer if isinstance(answer, tuple) else (answer,)
    return tuple(o.label for value in chosen if (o := question.option(value)) is not None)


# ---------------------------------------------------------------- the sums behind the scores
class _Sums:
    """Per criterion, sum(v p) and sum(v) of the answers; the tier after adding deltas to them."""

    def __init__(self, instrument: Instrument, result: Result) -> None:
        self._points = question_points
        self.instrument, self.answers = instrument, result.answers
        self.matrix = instrument.matrix
        self.criteria = {c.id: c for c in result.criteria}
        self.sums = {c.id: (sum(d.points * d.weight for d in c.drivers), sum(d.weight for d in c.drivers)) for c in result.criteria}
        self.sides = {side: self._side_sums(side) for side in ("benefit", "risk")}
        self.visible = [q for _, questions in walk_path(instrument, result.answers) for q in questions]
        conditions = [s.show_if for s in instrument.steps if s.show_if] + [q.show_if for q in instrument.questions.values() if q.show_if]
        self.path_questions = set().union(*(c.questions() for c in conditions)) if conditions else set()
        self._tier_ranks = {t.id: t.rank for t in instrument.tiers}
        benefit, risk = self._scores(())
        self.base_scores = (self._worst(benefit, 0.0), self._worst(risk, 100.0))

    def _side_sums(self, side: str) -> tuple[float, float]:
        scored = [c for c in self.criteria.values() if c.side == side and c.score is not None]
        return sum(c.weight * (c.score or 0.0) for c in scored), sum(c.weight for c in scored)

    def candidates(self) -> Iterator[_Candidate]:
        for order, question in enumerate(self.visible):
            if not question.is_choice or not question.scored_criteria or question.weight == 0:
                continue
            before = self.answers.get(question.id)
            for candidate in _values(question, before, order):
                delta = self._delta(question, before, candidate.after)
                if delta:
                    benefit, risk = self._scores(delta)
                    shift = (self._worst(benefit, 0.0) - self.base_scores[0], self._worst(risk, 100.0) - self.base_scores[1])
                    rank = self.rank_of_scores(self._worst(benefit, 0.0), self._worst(risk, 100.0))
                    yield _Candidate(question, candidate.after, delta, candidate.distance, order, rank, shift)

    def _delta(self, question: Question, before: AnswerValue | None, after: AnswerValue) -> Delta:
        delta = []
        for criterion in sorted(question.scored_criteria):
            if criterion not in self.criteria:
                continue
            old, new = self._points(question, before, criterion), self._points(question, after, criterion)
            if old != new:
                weight = question.weight
                delta.append((criterion, weight * ((new or 0.0) - (old or 0.0)), weight * ((new is not None) - (old is not None))))
        return tuple(delta)

    def _scores(self, delta: Delta) -> tuple[float | None, float | None]:
        changes: dict[str, tuple[float, float]] = {}
        for criterion, points, weight in delta:
            p, w = changes.get(criterion, self.sums[criterion])
            changes[criterion] = (p + points, w + weight)
        out = []
        for side in ("benefit", "risk"):
            weighted, total = self.sides[side]
            for criterion, (p, w) in changes.items():
                c = self.criteria[criterion]
                if c.side != side:
                    continue
                if c.score is not None:
                    weighted, total = weighted - c.weight * c.score, total - c.weight
                if w > 1e-12:
                    weighted, total = weighted + c.weight * p / w, total + c.weight
            out.append(weighted / total if total > 1e-12 else None)
        return out[0], out[1]

    @staticmethod
    def _worst(score: float | None, worst: float) -> float:
        """An unscored side counts as its least favourable value, as in the engine."""
        return worst if score is None else score

    def rank_of_scores(self, benefit: float, risk: float) -> int:
        return self._tier_ranks[self.matrix.tier_for(benefit, risk)]

    def tier_rank(self, delta: Delta) -> int:
        benefit, risk = self._scores(delta)
        return self.rank_of_scores(self._worst(benefit, 0.0), self._worst(risk, 100.0))

    def rescored_rank(self, rescore: Rescore, candidate: _Candidate) -> int:
        """The tier rank with one changed answer, scored by the engine (for a question that changes the path)."""
        return rescore(self.instrument, on_path(self.instrument, {**self.answers, candidate.question.id: candidate.after})).tier_rank
