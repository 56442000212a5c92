"""Conditions on answers and on results: when a question shows, a gate fires or a rule applies.

Each condition is a small immutable object with `holds(context)`; `context` gives the answers on
the path and, for rules, the scored outcome. Parsing lives in `forms.loader`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

AnswerValue = str | int | tuple[str | int, ...]  # a multiple choice: the values chosen, in the options' order


class Context(Protocol):
    """What a condition may look at (read only)."""

    @property
    def answers(self) -> Mapping[str, AnswerValue]: ...

    def tier_rank(self) -> int: ...

    def criterion_score(self, criterion_id: str) -> float | None: ...

    def gated(self) -> bool: ...


@dataclass(frozen=True)
class AnswerIn:
    """The answer is one of `values` (for a multiple choice: any chosen value is)."""

    question: str
    values: frozenset[str | int]

    def holds(self, context: Context) -> bool:
        answer = context.answers.get(self.question)
        if answer is None:
            return False
        if isinstance(answer, tuple):
            return any(choice in self.values for choice in answer)
        return answer in self.values

    def questions(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class AnswerCompare:
    """A scale answer compared with a bound (`gte` or `lte`)."""

    question: str
    op: str
    value: int

    def holds(self, context: Context) -> bool:
        answer = context.answers.get(self.question)
        if not isinstance(answer, int):
            return False
        return answer >= self.value if self.op == "gte" else answer <= self.value

    def questions(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class Answered:
    """The question was (or was not) answered."""

    question: str
    answered: bool

    def holds(self, context: Context) -> bool:
        return (context.answers.get(self.question) is not None) == self.answered

    def questions(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class TierCompare:
    """The matrix tier is at least (`at_least`) or at most (`at_most`) the tier of rank `rank`."""

    tier: str
    rank: int
    op: str

    def holds(self, context: Context) -> bool:
        actual = context.tier_rank()
        return actual >= self.rank if self.op == "at_least" else actual <= self.rank

    def questions(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class CriterionCompare:
    """A criterion's score compared with a bound; an unscored criterion never matches."""

    criterion: str
    op: str
    value: float

    def holds(self, context: Context) -> bool:
        score = context.criterion_score(self.criterion)
        if score is None:
            return False
        return score >= self.value if self.op == "gte" else score <= self.value

    def questions(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class Gated:
    """A red-line gate fired (or did not)."""

    value: bool

    def holds(self, context: Context) -> bool:
        return context.gated() == self.value

    def questions(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]

    def holds(self, context: Context) -> bool:
        return all(item.holds(context) for item in self.items)

    def questions(self) -> set[str]:
        return set().union(*(item.questions() for item in self.items))


@dataclass(frozen=True)
class Any:
    items: tuple[Condition, ...]

    def holds(self, context: Context) -> bool:
        return any(item.holds(context) for item in self.items)

    def questions(self) -> set[str]:
        return set().union(*(item.questions() for item in self.items))


@dataclass(frozen=True)
class Not:
    item: Condition

    def holds(self, context: Context) -> bool:
        return not self.item.holds(context)

    def questions(self) -> set[str]:
        return self.item.questions()


Condition = AnswerIn | AnswerCompare | Answered | TierCompare | CriterionCompare | Gated | All | Any | Not

RESULT_ATOMS = (TierCompare, CriterionCompare, Gated)


def uses_result(condition: Condition) -> bool:
    """True when the condition looks at the scored outcome, not only at answers."""
    if isinstance(condition, RESULT_ATOMS):
        return True
    if isinstance(condition, (All, Any)):
        return any(uses_result(item) for item in condition.items)
    if isinstance(condition, Not):
        return uses_result(condition.item)
    return False


@dataclass(frozen=True)
class AnswersOnly:
    """A context for conditions that look only at answers (`show_if`, gates)."""

    answers: Mapping[str, AnswerValue]

    def tier_rank(self) -> int:
        raise TypeError("this condition may only look at answers")

    def criterion_score(self, criterion_id: str) -> float | None:
        raise TypeError("this condition may only look at answers")

    def gated(self) -> bool:
        raise TypeError("this condition may only look at answers")
