"""What the engine returns: everything the result page, the PDF, the API and the database need."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from forms.conditions import AnswerValue
from forms.firmness_model import Firmness
from forms.firmness_text import firmness_to_dict
from forms.i18n import Text, text_for


@dataclass(frozen=True)
class Driver:
    """One answer that moved a criterion: the question, what was chosen, its points and weight."""

    question: str
    label: Text
    answer: AnswerValue
    answer_labels: tuple[Text, ...]
    points: float
    weight: float


@dataclass(frozen=True)
class CriterionScore:
    id: str
    side: str
    title: Text
    description: Text
    weight: float
    score: float | None
    brief_sections: tuple[tuple[str, Text], ...]
    drivers: tuple[Driver, ...]


@dataclass(frozen=True)
class Reason:
    rule: str
    text: Text


@dataclass(frozen=True)
class Recommendation:
    """A channel or safeguard that fired, with the reasons of the rules that fired it."""

    id: str
    kind: str
    title: Text
    description: Text
    brief_sections: tuple[tuple[str, Text], ...]
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Principle:
    """A standing principle of the brief: stated once on every result, never triggered by answers."""

    id: str
    title: Text
    description: Text
    brief_sections: tuple[tuple[str, Text], ...]


@dataclass(frozen=True)
class GateHit:
    id: str
    criterion: str
    title: Text
    message: Text
    next_steps: Text


@dataclass(frozen=True)
class Confidence:
    """How much of the weighted, scored questions on the path were answered."""

    share: float
    answered_weight: float
    total_weight: float
    blank: tuple[str, ...]


@dataclass(frozen=True)
class Record:
    """What was applied, so that a result can be reproduced from the stored answers later."""

    instrument: str
    instrument_version: str
    engine_version: str
    benefit_thresholds: tuple[float, ...]
    risk_thresholds: tuple[float, ...]
    criterion_weights: Mapping[str, float]
    rules_fired: tuple[str, ...]
    gates_fired: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """The outcome. When a red line is hit, `tier` is the weakest tier (the red line overrides the
    scores); `scored_tier` is always the tier the scores alone give, before any red line."""

    benefit: float | None
    risk: float | None
    criteria: tuple[CriterionScore, ...]
    tier: str
    tier_rank: int
    tier_title: Text
    scored_tier: str
    scored_tier_rank: int
    scored_tier_title: Text
    verdict: Text
    next_steps: tuple[Text, ...]
    bands: tuple[int, int]
    gates: tuple[GateHit, ...]
    channels: tuple[Recommendation, ...]
    safeguards: tuple[Recommendation, ...]
    principles: tuple[Principle, ...]
    confidence: Confidence
    record: Record
    answers: Mapping[str, AnswerValue]
    firmness: Firmness | None = None

    @property
    def gated(self) -> bool:
        return bool(self.gates)

    def criterion(self, criterion_id: str) -> CriterionScore:
        return next(c for c in self.criteria if c.id == criterion_id)

    def to_dict(self, language: str = "en", translate: Callable[[str], str] = lambda message: message) -> dict:
        """The JSON form of the score contract (texts in `language`; `translate` translates the firmness sentences)."""
        t = lambda text: text_for(text, language)  # noqa: E731
        sections = lambda refs: _sections(refs, language)  # noqa: E731
        return {
            "benefit": _round(self.benefit),
            "risk": _round(self.risk),
            "tier": {"id": self.tier, "rank": self.tier_rank, "title": t(self.tier_title)},
            "scored_tier": {"id": self.scored_tier, "rank": self.scored_tier_rank, "title": t(self.scored_tier_title)},
            "gated": self.gated,
            "verdict": t(self.verdict),
            "next_steps": [t(step) for step in self.next_steps],
            "criteria": [_criterion_dict(c, language) for c in self.criteria],
            "gates": [
                {"id": g.id, "criterion": g.criterion, "title": t(g.title), "message": t(g.message), "next_steps": t(g.next_steps)}
                for g in self.gates
            ],
            "channels": [_recommendation_dict(r, language) for r in self.channels],
            "safeguards": [_recommendation_dict(r, language) for r in self.safeguards],
            "principles": [
                {"id": p.id, "title": t(p.title), "description": t(p.description), "brief_sections": sections(p.brief_sections)}
                for p in self.principles
            ],
            "confidence": {
                "share": round(self.confidence.share, 3),
                "answered_weight": self.confidence.answered_weight,
                "total_weight": self.confidence.total_weight,
                "blank": list(self.confidence.blank),
            },
            "record": {
                "instrument": self.record.instrument,
                "instrument_version": self.record.instrument_version,
                "engine_version": self.record.engine_version,
                "benefit_thresholds": list(self.record.benefit_thresholds),
                "risk_thresholds": list(self.record.risk_thresholds),
                "criterion_weights": dict(self.record.criterion_weights),
                "rules_fired": list(self.record.rules_fired),
                "gates_fired": list(self.record.gates_fired),
            },
            "firmness": None if self.firmness is None else firmness_to_dict(self.firmness, language, translate),
        }


def _sections(refs: Iterable[tuple[str, Any]], language: str) -> list[dict[str, Any]]:
    return [{"id": sid, "title": text_for(title, language)} for sid, title in refs]


def _criterion_dict(c: CriterionScore, language: str) -> dict[str, Any]:
    """One criterion's score in the JSON form, with what drove it."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "id": c.id,
        "side": c.side,
        "title": t(c.title),
        "weight": c.weight,
        "score": _round(c.score),
        "brief_sections": _sections(c.brief_sections, language),
        "drivers": [
            {
                "question": d.question,
                "label": t(d.label),
                "answer": list(d.answer) if isinstance(d.answer, tuple) else d.answer,
                "answer_labels": [t(label) for label in d.answer_labels],
                "points": d.points,
                "weight": d.weight,
            }
            for d in c.drivers
        ],
    }


def _recommendation_dict(r: Recommendation, language: str) -> dict[str, Any]:
    """A channel or safeguard in the JSON form, with the reasons it fired."""
    return {
        "id": r.id,
        "title": text_for(r.title, language),
        "description": text_for(r.description, language),
        "brief_sections": _sections(r.brief_sections, language),
        "reasons": [{"rule": reason.rule, "text": text_for(reason.text, language)} for reason in r.reasons],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
