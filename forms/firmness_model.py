"""How firm a result is, as data: margins, stability, answer changes and contributions.

`forms.firmness` computes a `Firmness` for every scored result; the result page, the PDF and the
score API read it. Texts stay instrument texts ({en, fr}) or message ids (`forms.firmness_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.conditions import AnswerValue
from forms.i18n import Text

# A result whose smallest weight margin is below this share is called fragile; the same share is
# the spread of the stability sample, so the sentence and the stability figure agree.
FRAGILE_BELOW = 0.25


@dataclass(frozen=True)
class Shift:
    """The smallest relative change in one direction that moves the tier, and the tier it reaches.

    `change` is a share of the current value (0.1 = 10%). `reached` is True when a change of
    exactly `change` already moves the tier; False when only a change beyond it does (a score
    equal to a threshold belongs to the band above it).
    """

    change: float
    tier: str
    tier_rank: int
    tier_title: Text
    reached: bool


@dataclass(frozen=True)
class Margin:
    """One criterion weight or tier threshold, with the shifts up and down that would move the tier."""

    kind: str  # "weight", "benefit_threshold" or "risk_threshold"
    key: str  # the criterion id, or the threshold's position (1 = lowest)
    title: Text | None  # the criterion's title (None for a threshold)
    value: float
    up: Shift | None
    down: Shift | None

    @property
    def nearest(self) -> tuple[str, Shift] | None:
        """("up" or "down", shift) of the smaller of the two shifts, None when neither moves the tier."""
        options = [(d, s) for d, s in (("up", self.up), ("down", self.down)) if s is not None]
        return min(options, key=lambda item: item[1].change) if options else None


@dataclass(frozen=True)
class Stability:
    """Share of sampled weight vectors (each weight within ±spread of its own) that keep the tier."""

    share: float
    kept: int
    samples: int
    spread: float
    seed: int


@dataclass(frozen=True)
class AnswerChange:
    """One question's answer changed: from `before` (None when left blank) to `after`."""

    question: str
    label: Text
    before: AnswerValue | None
    before_labels: tuple[Text, ...]
    after: AnswerValue
    after_labels: tuple[Text, ...]


@dataclass(frozen=True)
class Suggestion:
    """Answer changes that, applied together, give the tier `tier` (checked with the engine)."""

    changes: tuple[AnswerChange, ...]
    tier: str
    tier_rank: int
    tier_title: Text


@dataclass(frozen=True)
class Contribution:
    """One answer's share of the benefit and the risk score, in points of each (they add up to it)."""

    question: str
    label: Text
    answer_labels: tuple[Text, ...]
    benefit: float
    risk: float

    @property
    def size(self) -> float:
        return max(self.benefit, self.risk)


@dataclass(frozen=True)
class Firmness:
    """Everything that says how firm a result is and what would move it."""

    tier: str
    decided_by_red_line: bool
    weights: tuple[Margin, ...]
    thresholds: tuple[Margin, ...]
    stability: Stability
    up: tuple[Suggestion, ...]
    down: tuple[Suggestion, ...]
    rescoping: tuple[Suggestion, ...]
    contributions: tuple[Contribution, ...]

    @property
    def weakest_weight(self) -> tuple[Margin, str, Shift] | None:
        """The weight whose smallest change moves the tier: (margin, direction, shift)."""
        found = [(m, *m.nearest) for m in self.weights if m.nearest is not None]
        return min(found, key=lambda item: item[2].change) if found else None

    @property
    def verdict(self) -> str:
        """One of "red_line", "fragile" or "firm"."""
        if self.decided_by_red_line:
            return "red_line"
        weakest = self.weakest_weight
        return "fragile" if weakest is not None and weakest[2].change < FRAGILE_BELOW else "firm"
