"""Does the advice discriminate? A channel or safeguard that fires for nearly everyone says nothing.

A seeded sample of answer sets walks every path of the instrument (each issue with each
stakeholder group, the rest drawn at random), and the results that recommend some contact (not
gated, above the weakest tier) are counted: how often each channel and safeguard fires, how many
fire per result, and which pairs always fire together. Standing principles are stated on every
result by design and are not counted. Rules are also read for a reason in the answers: a rule
that looks only at the tier (or the red line) says nothing about this respondent's case.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations

from forms import conditions as c
from forms.answers import on_path
from forms.conditions import AnswerValue
from forms.engine import score_clean
from forms.model import Instrument, Question
from forms.result import Result

SAMPLES_PER_PATH = 3
SHARE_LIMIT = 0.6
MOST_CHOICES = 3
SEED = 2020


@dataclass(frozen=True)
class Specificity:
    """What the sample showed: `share[id]` is the share of counted results an item fired in."""

    sampled: int
    counted: int
    share: dict[str, float]
    mean_channels: float
    mean_safeguards: float
    always_together: tuple[tuple[str, str], ...]
    rules_seen: frozenset[str] = frozenset()  # rules that fired in any sampled result: proof they can fire
    tier_examples: dict[int, tuple[float, float]] = field(default_factory=dict)  # rank -> (benefit, risk) reaching it, not gated

    def too_common(self) -> list[str]:
        return [item for item, share in self.share.items() if share > SHARE_LIMIT]


def sample_answer_sets(instrument: Instrument, per_path: int = SAMPLES_PER_PATH, seed: int = SEED) -> Iterator[dict[str, AnswerValue]]:
    """`per_path` answer sets for every (issue, stakeholder group), the other choices at random."""
    rng = random.Random(seed)  # nosec B311 # seeded sampling of answer sets, reproducible by design, not a secret
    issues = _values(instrument.question("issue"))
    groups = _values(instrument.question("stakeholder_group"))
    others = [q for q in instrument.questions.values() if q.is_choice and q.id not in ("issue", "stakeholder_group")]
    for issue in issues:
        for group in groups:
            for _ in range(per_path):
                answers: dict[str, AnswerValue] = {"issue": issue, "stakeholder_group": group}
                answers.update({q.id: random_answer(q, rng) for q in others})
                yield on_path(instrument, answers)


def random_answer(question: Question, rng: random.Random) -> AnswerValue:
    """A plausible answer: one option, or for a multiple choice one to three that may go together."""
    options = [o for o in question.options if not o.abstain]
    if question.type != "multiple":
        return rng.choice(options).value
    picked = rng.sample(options, rng.randint(1, min(MOST_CHOICES, len(options))))
    exclusive = [o for o in picked if o.exclusive]
    chosen = {exclusive[0].value} if exclusive else {o.value for o in picked}
    return tuple(o.value for o in question.options if o.value in chosen)


def measure(instrument: Instrument, per_path: int = SAMPLES_PER_PATH, seed: int = SEED) -> Specificity:
    """Score the sample and count what fires in the results that recommend some contact."""
    results = [score_clean(instrument, answers, with_firmness=False) for answers in sample_answer_sets(instrument, per_path, seed)]
    counted = [r for r in results if not r.gated and r.tier_rank > 0]
    items = [a.id for a in instrument.actions]
    fired = {item: frozenset(i for i, r in enumerate(counted) if item in _fired(r)) for item in items}
    total = len(counted) or 1
    together = tuple(
        (a, b) for a, b in combinations(items, 2) if fired[a] and fired[a] == fired[b]
    )
    return Specificity(
        sampled=len(results),
        counted=len(counted),
        share={item: len(fired[item]) / total for item in items},
        mean_channels=sum(len(r.channels) for r in counted) / total,
        mean_safeguards=sum(len(r.safeguards) for r in counted) / total,
        always_together=together,
        rules_seen=frozenset(rule for r in results for rule in r.record.rules_fired),
        tier_examples=_tier_examples(results),
    )


def _tier_examples(results: list[Result]) -> dict[int, tuple[float, float]]:
    examples: dict[int, tuple[float, float]] = {}
    for r in results:
        if not r.gated and r.benefit is not None and r.risk is not None:
            examples.setdefault(r.tier_rank, (r.benefit, r.risk))
    return examples


def rules_without_a_reason(instrument: Instrument) -> list[tuple[str, str]]:
    """(item, rule) of each rule that looks only at the tier or the red line, not at any answer."""
    return [(action.id, rule.id) for action in instrument.actions for rule in action.rules if not _looks_at_answers(rule.when)]


def _looks_at_answers(condition: c.Condition) -> bool:
    if isinstance(condition, c.All | c.Any):
        return any(_looks_at_answers(item) for item in condition.items)
    if isinstance(condition, c.Not):
        return _looks_at_answers(condition.item)
    return not isinstance(condition, c.TierCompare | c.Gated)


def _fired(result: Result) -> set[str]:
    return {r.id for r in result.channels + result.safeguards}


def _values(question: Question) -> list[AnswerValue]:
    return [o.value for o in question.options if not o.abstain]
