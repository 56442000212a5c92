"""Checks of the scoring model itself, beyond the file's shape.

Can every tier, red line, question and rule actually be reached by some set of answers? The
search is a deterministic local search over complete answer sets, guided by how far each
condition is from holding; it reports an example for what it reaches.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from forms import conditions as c
from forms.answers import on_path, walk_path
from forms.conditions import AnswersOnly, AnswerValue
from forms.engine import score_clean
from forms.model import Instrument, Question
from forms.result import Result
from forms.specificity import SHARE_LIMIT, Specificity, measure, rules_without_a_reason

SEARCH_STARTS = 6
SEARCH_ROUNDS = 4


@dataclass(frozen=True)
class Finding:
    """One line of the check's report; `ok` False means the instrument must not be used."""

    ok: bool
    topic: str
    message: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'} {self.topic}: {self.message}"


def check_instrument(instrument: Instrument) -> list[Finding]:
    """Every model check, in the order an author reads them."""
    searcher = _Searcher(instrument)
    figures = measure(instrument)
    findings = [
        *check_matrix(instrument),
        *check_criteria_coverage(instrument),
        *check_questions_reachable(instrument, searcher),
        *check_tiers_reachable(instrument, searcher, figures.tier_examples),
        *check_extremes(instrument),
        *check_gates_reachable(instrument, searcher),
        *check_rules_can_fire(instrument, searcher, figures.rules_seen),
        *check_rules_have_reasons(instrument),
        *check_specificity(instrument, figures),
    ]
    return findings


def problems(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.ok]


def check_matrix(instrument: Instrument) -> list[Finding]:
    """Tiers never weaken as benefit rises (along a row) nor strengthen as risk rises (down a column)."""
    rank = {t.id: t.rank for t in instrument.tiers}
    cells = instrument.matrix.cells
    found = []
    for r, row in enumerate(cells):
        for b in range(1, len(row)):
            if rank[row[b]] < rank[row[b - 1]]:
                found.append(Finding(False, "matrix", f"row {r} (risk band {r}): '{row[b]}' after '{row[b - 1]}' weakens the tier as benefit rises"))
    for r in range(1, len(cells)):
        for b in range(len(cells[r])):
            if rank[cells[r][b]] > rank[cells[r - 1][b]]:
                found.append(
                    Finding(False, "matrix", f"column {b} (benefit band {b}): '{cells[r][b]}' below '{cells[r - 1][b]}' strengthens the tier as risk rises")
                )
    thresholds = f"benefit {list(instrument.matrix.benefit_thresholds)}, risk {list(instrument.matrix.risk_thresholds)}"
    return found or [Finding(True, "matrix", f"thresholds ordered ({thresholds}); tiers monotone in benefit and risk")]


def check_criteria_coverage(instrument: Instrument) -> list[Finding]:
    """Each criterion scored by at least one question (two or more for a sound estimate)."""
    found = []
    for criterion in instrument.criteria:
        questions = [q.id for q in instrument.questions.values() if criterion.id in q.scored_criteria]
        if not questions:
            found.append(Finding(False, "criteria", f"{criterion.id} is scored by no question"))
        elif len(questions) < 2:
            found.append(Finding(False, "criteria", f"{criterion.id} is scored by one question only ({questions[0]}); it needs at least two"))
        else:
            found.append(Finding(True, "criteria", f"{criterion.id} scored by {len(questions)} questions"))
    return found


def check_questions_reachable(instrument: Instrument, searcher: _Searcher) -> list[Finding]:
    found = []
    for step in instrument.steps:
        for question in step.questions:
            parts = tuple(x for x in (step.show_if, question.show_if) if x is not None)
            if not parts:
                continue
            goal = c.All(parts)
            witness = searcher.find(
                lambda answers, _r, q=question, g=goal: 0.0 if _visible(instrument, answers, q) else 1.0 + _distance(g, AnswersOnly(answers))  # type: ignore[misc]  # mypy cannot type a lambda whose defaults bind the loop's values
            )
            if witness is None:
                found.append(Finding(False, "questions", f"'{question.id}' (step '{step.id}') is shown by no set of answers"))
    shown = sum(len(s.questions) for s in instrument.steps)
    return found or [Finding(True, "questions", f"all {shown} questions can be shown")]


def check_tiers_reachable(
    instrument: Instrument, searcher: _Searcher, examples: Mapping[int, tuple[float, float]] | None = None
) -> list[Finding]:
    """Each tier reached by some answers: an example from the specificity sample, else a search."""
    found = []
    for tier in instrument.tiers:
        if examples and tier.rank in examples:
            benefit, risk = examples[tier.rank]
            found.append(Finding(True, "tiers", f"'{tier.id}' reachable (e.g. benefit {benefit:.0f}, risk {risk:.0f})"))
            continue
        goal = lambda _a, r, rank=tier.rank: abs(r.tier_rank - rank) + (0.5 if r.gated else 0.0)  # noqa: E731
        result = searcher.find_result(goal)
        if result is None:
            found.append(Finding(False, "tiers", f"'{tier.id}' is reached by no set of answers"))
        else:
            found.append(Finding(True, "tiers", f"'{tier.id}' reachable (e.g. benefit {result.benefit:.0f}, risk {result.risk:.0f})"))
    return found


def check_extremes(instrument: Instrument) -> list[Finding]:
    """All most favourable answers give the strongest tier; all least favourable the weakest."""
    found = []
    for name, answers, expected in (
        ("most favourable", extreme_answers(instrument, favourable=True), instrument.tiers[-1]),
        ("least favourable", extreme_answers(instrument, favourable=False), instrument.tiers[0]),
    ):
        result = score_clean(instrument, answers, with_firmness=False)
        ok = result.tier == expected.id
        found.append(Finding(ok, "extremes", f"{name} answers give '{result.tier}' (expected '{expected.id}')"))
    return found


def check_gates_reachable(instrument: Instrument, searcher: _Searcher) -> list[Finding]:
    found = []
    for gate in instrument.gates:
        witness = searcher.find(lambda answers, _r, g=gate: _distance(g.when, AnswersOnly(answers)))  # type: ignore[misc]  # mypy cannot type a lambda whose defaults bind the loop's values
        found.append(
            Finding(
                witness is not None, "red lines", f"'{gate.id}' ({gate.criterion}) " + ("can be hit" if witness is not None else "is hit by no set of answers")
            )
        )
    return found


def check_rules_can_fire(instrument: Instrument, searcher: _Searcher, seen: frozenset[str] = frozenset()) -> list[Finding]:
    """Each rule fires for some answers: `seen` (rules that fired in the specificity sample) need no search."""
    found = []
    fired = 0
    for action in instrument.actions:
        for rule in action.rules:
            if rule.id in seen:
                fired += 1
                continue
            result = searcher.find_result(
                lambda _a, r, a=action, rule=rule: 0.0 if _rule_fired(r, a.kind, rule.id) else 1.0 + _distance(rule.when, _ResultContext(r))  # type: ignore[misc]  # mypy cannot type a lambda whose defaults bind the loop's values
            )
            if result is None:
                found.append(Finding(False, "rules", f"{action.id} rule '{rule.id}' fires for no set of answers"))
            else:
                fired += 1
    return found or [Finding(True, "rules", f"all {fired} channel and safeguard rules can fire")]


def check_rules_have_reasons(instrument: Instrument) -> list[Finding]:
    """A rule must look at some answer: the tier says whether and how far, never why this item."""
    enforced = not instrument.archived
    note = "" if enforced else " (archived version: reported, not enforced)"
    found = [
        Finding(not enforced, "reasons", f"{item} rule '{rule}' looks only at the tier or the red line; add the answer that gives the reason{note}")
        for item, rule in rules_without_a_reason(instrument)
    ]
    return found or [Finding(True, "reasons", "every rule looks at an answer")]


def check_specificity(instrument: Instrument, figures: Specificity | None = None) -> list[Finding]:
    """Each channel and safeguard fires for some respondents only, and no two always together.

    An archived version is reported but not refused: its responses must still be shown.
    """
    figures = figures or measure(instrument)
    enforced = not instrument.archived
    note = "" if enforced else " (archived version: reported, not enforced)"
    weakest = instrument.tiers[0].id
    found = [
        Finding(
            not enforced,
            "specificity",
            f"{item} fires in {figures.share[item]:.0%} of the {figures.counted} sampled results above '{weakest}' "
            f"(limit {SHARE_LIMIT:.0%}): give it a reason in the answers, or mark it a standing principle{note}",
        )
        for item in figures.too_common()
    ]
    found += [
        Finding(not enforced, "specificity", f"{a} and {b} always fire together in the {figures.counted} sampled results above '{weakest}'{note}")
        for a, b in figures.always_together
    ]
    summary = (
        f"{figures.counted} of {figures.sampled} sampled results above '{weakest}' and not gated; "
        f"per result {figures.mean_channels:.1f} channels and {figures.mean_safeguards:.1f} safeguards on average"
    )
    return found or [Finding(True, "specificity", summary)]


def extreme_answers(instrument: Instrument, favourable: bool) -> dict[str, AnswerValue]:
    """Answer every shown question with its most (or least) favourable option: benefit minus risk."""
    return on_path(instrument, _extreme_choices(instrument, favourable))


def _extreme_choices(instrument: Instrument, favourable: bool) -> dict[str, AnswerValue]:
    """The extreme option of every choice question, shown or not: a search start that keeps
    an answer ready for a step that a change of profile opens."""
    answers: dict[str, AnswerValue] = {}
    for step in instrument.steps:
        for question in step.questions:
            if not question.is_choice or not question.scored_criteria:
                continue
            answers[question.id] = _extreme_option(instrument, question, favourable)
    # Profile questions: choose the first option, and let the path decide the rest.
    for question in instrument.steps[0].questions:
        if question.is_choice and question.id not in answers:
            first = question.options[0].value
            answers[question.id] = (first,) if question.type == "multiple" else first
    return answers


def _extreme_option(instrument: Instrument, question: Question, favourable: bool) -> AnswerValue:
    def value(option) -> float:
        total = 0.0
        for criterion_id, points in option.points.items():
            sign = 1 if instrument.criterion(criterion_id).side == "benefit" else -1
            total += sign * points
        return total

    options = [o for o in question.options if not o.abstain]
    if question.type == "multiple":
        helpful = [o.value for o in options if value(o) > 0]
        harmful = [o.value for o in options if value(o) < 0]
        chosen = helpful if favourable else harmful
        if not chosen:
            chosen = [max(options, key=value).value if favourable else min(options, key=value).value]
        return tuple(chosen)
    best = max(options, key=value) if favourable else min(options, key=value)
    return best.value


def _visible(instrument: Instrument, answers: Mapping[str, AnswerValue], question: Question) -> bool:
    return any(q.id == question.id for _, questions in walk_path(instrument, answers) for q in questions)


def _rule_fired(result: Result, kind: str, rule_id: str) -> bool:
    return rule_id in result.record.rules_fired


def _distance(condition: c.Condition, context: c.Context) -> float:
    """How far a condition is from holding: 0 when it holds; guides the search."""
    if isinstance(condition, c.All):
        return sum(_distance(item, context) for item in condition.items)
    if isinstance(condition, c.Any):
        return min(_distance(item, context) for item in condition.items)
    if isinstance(condition, c.TierCompare) and not condition.holds(context):
        return 1.0 + abs(context.tier_rank() - condition.rank)
    if isinstance(condition, c.CriterionCompare) and not condition.holds(context):
        score = context.criterion_score(condition.criterion)
        return 1.0 + (1.0 if score is None else abs(score - condition.value) / 100)
    return 0.0 if condition.holds(context) else 1.0


@dataclass(frozen=True)
class _ResultContext:
    result: Result

    @property
    def answers(self) -> Mapping[str, AnswerValue]:
        return self.result.answers

    def tier_rank(self) -> int:
        return self.result.tier_rank

    def criterion_score(self, criterion_id: str) -> float | None:
        return self.result.criterion(criterion_id).score

    def gated(self) -> bool:
        return self.result.gated


class _Searcher:
    """Deterministic local search for a complete answer set that brings a goal's distance to 0."""

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.choice_questions = [q for q in instrument.questions.values() if q.is_choice]
        rng = random.Random(2020)  # nosec B311 # seeded sampling for the model checks, not a secret
        self.starts = [_extreme_choices(instrument, True), _extreme_choices(instrument, False)]
        for _ in range(SEARCH_STARTS - 2):
            self.starts.append({q.id: self._random_value(q, rng) for q in self.choice_questions})

    @staticmethod
    def _random_value(question: Question, rng: random.Random) -> AnswerValue:
        options = [o.value for o in question.options if not o.abstain]
        if question.type == "multiple":
            return tuple(v for v in options if rng.random() < 0.5) or (options[0],)
        return rng.choice(options)

    def _alternatives(self, question: Question) -> list[AnswerValue]:
        values = [o.value for o in question.options if not o.abstain]
        alternatives: list[AnswerValue] = []
        if question.type == "multiple":
            alternatives += [(v,) for v in values]
            alternatives.append(tuple(values))
            return alternatives
        return alternatives + values

    def find_result(self, goal: Callable[[Mapping[str, AnswerValue], Result], float]) -> Result | None:
        answers = self.find(goal)
        return None if answers is None else score_clean(self.instrument, answers, with_firmness=False)

    def find(self, goal: Callable[[Mapping[str, AnswerValue], Result], float]) -> dict[str, AnswerValue] | None:
        for start in self.starts:
            answers = dict(start)
            best = self._evaluate(goal, answers)
            for _ in range(SEARCH_ROUNDS):
                if best == 0:
                    break
                improved = False
                for question in self.choice_questions:
                    for value in self._alternatives(question):
                        if answers.get(question.id) == value:
                            continue
                        trial = {**answers, question.id: value}
                        distance = self._evaluate(goal, trial)
                        if distance < best:
                            best, answers, improved = distance, trial, True
                            if best == 0:
                                break
                    if best == 0:
                        break
                if not improved:
                    break
            if best == 0:
                return on_path(self.instrument, answers)
        return None

    def _evaluate(self, goal: Callable[[Mapping[str, AnswerValue], Result], float], answers: Mapping[str, AnswerValue]) -> float:
        kept = on_path(self.instrument, answers)
        return goal(kept, _LazyResult(self.instrument, kept))  # type: ignore[arg-type]  # _LazyResult stands in for the Result, scored on first use


class _LazyResult:
    """Scores only when a goal looks at the result: answer-only goals stay cheap."""

    def __init__(self, instrument: Instrument, answers: Mapping[str, AnswerValue]) -> None:
        self._instrument, self._answers = instrument, answers
        self._result: Result | None = None

    def __getattr__(self, name: str):
        if self._result is None:
            self._result = score_clean(self._instrument, self._answers, with_firmness=False)
        return getattr(self._result, name)
