"""The instrument as immutable objects: what the loader builds and everything else reads."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from forms.conditions import Condition
from forms.i18n import Text

QUESTION_TYPES = ("single", "multiple", "scale", "text", "textarea")
CHOICE_TYPES = ("single", "multiple", "scale")
TEXT_TYPES = ("text", "textarea")
PROFILE_QUESTIONS = ("issue", "stakeholder_group", "organisation")
OTHERS_ROLE = "others"

# A step addressed by role: role name -> text, always with an "others" entry (the fallback).
RoleTexts = Mapping[str, Text]


def text_for_role(texts: RoleTexts, role: str) -> Text:
    """The variant of a role-addressed text for `role`, or the one for everybody else."""
    return texts.get(role) or texts[OTHERS_ROLE]


@dataclass(frozen=True)
class Option:
    value: str | int
    label: Text
    points: Mapping[str, float]
    abstain: bool = False
    exclusive: bool = False  # in a multiple choice: cannot be ticked with another option ("None of these")


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: Text
    help: Text | None
    required: bool
    show_if: Condition | None
    weight: float
    max_length: int | None
    options: tuple[Option, ...]
    step_id: str
    short_label: Text | None = None  # what the question asks, in a few words, for its error messages
    error: Text | None = None  # the message when a required answer is left blank

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @cached_property
    def scored_criteria(self) -> frozenset[str]:
        """Criteria this question scores: those named by any of its options (computed once)."""
        return frozenset(c for option in self.options for c in option.points)

    def option(self, value: str | int) -> Option | None:
        for option in self.options:
            if option.value == value:
                return option
        return None


@dataclass(frozen=True)
class Step:
    id: str
    title: Text
    intro: Text | None
    show_if: Condition | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class BriefSection:
    id: str
    title: Text


@dataclass(frozen=True)
class Brief:
    title: Text
    authors: str
    date: str
    sections: tuple[BriefSection, ...]


@dataclass(frozen=True)
class Criterion:
    id: str
    side: str
    weight: float
    title: Text
    description: Text
    brief_sections: tuple[str, ...]


@dataclass(frozen=True)
class Gate:
    id: str
    criterion: str
    when: Condition
    title: Text
    message: Text
    next_steps: Text


@dataclass(frozen=True)
class Tier:
    id: str
    rank: int
    title: Text
    verdict: Text
    next_steps: RoleTexts


@dataclass(frozen=True)
class Matrix:
    """Benefit x risk thresholds; `cells[risk_band][benefit_band]` is a tier id."""

    benefit_thresholds: tuple[float, ...]
    risk_thresholds: tuple[float, ...]
    cells: tuple[tuple[str, ...], ...]

    def bands(self, benefit: float, risk: float) -> tuple[int, int]:
        """(benefit band, risk band): a score equal to a threshold falls in the band above it."""
        return bisect_right(self.benefit_thresholds, benefit), bisect_right(self.risk_thresholds, risk)

    def tier_for(self, benefit: float, risk: float) -> str:
        benefit_band, risk_band = self.bands(benefit, risk)
        return self.cells[risk_band][benefit_band]


@dataclass(frozen=True)
class Rule:
    id: str
    when: Condition
    reason: Text


@dataclass(frozen=True)
class Action:
    """A channel (how to engage) or a safeguard (how to stay safe), attached by its rules.

    `first_step` (channels) is what the respondent does first, by role; a safeguard marked a
    standing `principle` has no rules: the brief applies it to every engagement.
    """

    id: str
    kind: str
    title: Text
    description: Text
    brief_sections: tuple[str, ...]
    rules: tuple[Rule, ...]
    first_step: RoleTexts | None = None
    principle: bool = False


@dataclass(frozen=True)
class Instrument:
    slug: str
    version: str
    title: Text
    description: Text
    brief: Brief
    criteria: tuple[Criterion, ...]
    steps: tuple[Step, ...]
    gates: tuple[Gate, ...]
    tiers: tuple[Tier, ...]
    matrix: Matrix
    channels: tuple[Action, ...]
    safeguards: tuple[Action, ...]
    principles: tuple[Action, ...] = ()
    roles: Mapping[str, frozenset[str]] = field(default_factory=dict)
    archived: bool = False
    source: str = ""
    _questions: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    _criteria: Mapping[str, Criterion] = field(init=False, repr=False, compare=False)
    _tiers: Mapping[str, Tier] = field(init=False, repr=False, compare=False)
    _sections: Mapping[str, BriefSection] = field(init=False, repr=False, compare=False)
    _step_indexes: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        questions = {q.id: q for step in self.steps for q in step.questions}
        object.__setattr__(self, "_questions", MappingProxyType(questions))
        object.__setattr__(self, "_criteria", MappingProxyType({c.id: c for c in self.criteria}))
        object.__setattr__(self, "_tiers", MappingProxyType({t.id: t for t in self.tiers}))
        object.__setattr__(self, "_sections", MappingProxyType({s.id: s for s in self.brief.sections}))
        object.__setattr__(self, "_step_indexes", MappingProxyType({s.id: i for i, s in enumerate(self.steps)}))

    @property
    def questions(self) -> Mapping[str, Question]:
        """Every question by id, in the order of the steps."""
        return self._questions

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    def criterion(self, criterion_id: str) -> Criterion:
        return self._criteria[criterion_id]

    def tier(self, tier_id: str) -> Tier:
        return self._tiers[tier_id]

    def section(self, section_id: str) -> BriefSection:
        return self._sections[section_id]

    def step(self, step_id: str) -> Step:
        return self.steps[self._step_indexes[step_id]]

    def step_index(self, step_id: str) -> int:
        """A step's place among the steps (0 for the first); KeyError for an unknown id."""
        return self._step_indexes[step_id]

    def criteria_on(self, side: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.side == side)

    @property
    def actions(self) -> tuple[Action, ...]:
        """The channels and safeguards that rules attach (standing principles have no rules)."""
        return self.channels + self.safeguards

    def role_of(self, stakeholder_group: object) -> str:
        """The role a stakeholder group plays for role-addressed steps ("others" when none)."""
        return next((role for role, groups in self.roles.items() if stakeholder_group in groups), OTHERS_ROLE)


class InstrumentKey:
    """An instrument as a cache key, by identity: instruments are immutable and loaded once, and
    hashing one by value would walk all its texts."""

    __slots__ = ("instrument",)

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument

    def __hash__(self) -> int:
        return id(self.instrument)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, InstrumentKey) and other.instrument is self.instrument
