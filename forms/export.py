"""The instrument as plain data: the shape of `GET /api/v1/instruments/<slug>`, and the columns a
responses export derives from it (for the export's codebook)."""

from __future__ import annotations

from dataclasses import dataclass

from forms import conditions as c
from forms.i18n import text_for
from forms.model import Action, Instrument, Question


def condition_to_dict(condition: c.Condition | None) -> dict | None:
    """The condition back in the file's notation."""
    if condition is None:
        return None
    if isinstance(condition, (c.All, c.Any)):
        return {"all" if isinstance(condition, c.All) else "any": [condition_to_dict(i) for i in condition.items]}
    if isinstance(condition, c.Not):
        return {"not": condition_to_dict(condition.item)}
    if isinstance(condition, c.AnswerIn):
        return {"q": condition.question, "in": sorted(condition.values, key=str)}
    if isinstance(condition, c.AnswerCompare):
        return {"q": condition.question, condition.op: condition.value}
    if isinstance(condition, c.Answered):
        return {"q": condition.question, "answered": condition.answered}
    if isinstance(condition, c.TierCompare):
        return {f"tier_{condition.op}": condition.tier}
    if isinstance(condition, c.CriterionCompare):
        return {"criterion": condition.criterion, condition.op: condition.value}
    return {"gated": condition.value}  # c.Gated


def instrument_summary(instrument: Instrument, default: bool, language: str = "en") -> dict:
    return {"slug": instrument.slug, "title": text_for(instrument.title, language), "version": instrument.version, "default": default}


def instrument_to_dict(instrument: Instrument, language: str = "en") -> dict:
    t = lambda text: text_for(text, language) if text else None  # noqa: E731
    return {
        "slug": instrument.slug,
        "version": instrument.version,
        "language": language,
        "title": t(instrument.title),
        "description": t(instrument.description),
        "brief": {
            "title": t(instrument.brief.title),
            "authors": instrument.brief.authors,
            "date": instrument.brief.date,
            "sections": [{"id": s.id, "title": t(s.title)} for s in instrument.brief.sections],
        },
        "criteria": [
            {
                "id": cr.id,
                "title": t(cr.title),
                "side": cr.side,
                "weight": cr.weight,
                "description": t(cr.description),
                "brief_sections": list(cr.brief_sections),
            }
            for cr in instrument.criteria
        ],
        "steps": [
            {"id": s.id, "title": t(s.title), "intro": t(s.intro), "show_if": condition_to_dict(s.show_if), "questions": [_question(q, t) for q in s.questions]}
            for s in instrument.steps
        ],
        "gates": [
            {"id": g.id, "criterion": g.criterion, "when": condition_to_dict(g.when), "title": t(g.title), "message": t(g.message)} for g in instrument.gates
        ],
        "tiers": [{"id": tier.id, "rank": tier.rank, "title": t(tier.title), "verdict": t(tier.verdict)} for tier in instrument.tiers],
        "matrix": {
            "benefit_thresholds": list(instrument.matrix.benefit_thresholds),
            "risk_thresholds": list(instrument.matrix.risk_thresholds),
            "cells": [list(row) for row in instrument.matrix.cells],
        },
        "channels": [_action(a, t) for a in instrument.channels],
        "safeguards": [_action(a, t) for a in instrument.safeguards],
    }


def _question(question: Question, t) -> dict:
    data = {
        "id": question.id,
        "type": question.type,
        "required": question.required,
        "label": t(question.label),
        "help": t(question.help),
        "weight": question.weight,
        "show_if": condition_to_dict(question.show_if),
    }
    if question.is_choice:
        data["options"] = [{"value": o.value, "label": t(o.label), "points": dict(o.points), "abstain": o.abstain} for o in question.options]
    else:
        data["max_length"] = question.max_length
    return data


def _action(action: Action, t) -> dict:
    return {
        "id": action.id,
        "title": t(action.title),
        "description": t(action.description),
        "brief_sections": list(action.brief_sections),
        "rules": [{"id": r.id, "when": condition_to_dict(r.when), "reason": t(r.reason)} for r in action.rules],
    }


@dataclass(frozen=True)
class CodedColumn:
    """A column of a responses export that the instrument defines (a criterion score or an answer),
    with what a codebook says of it: its text, and each stored code with its label."""

    name: str
    kind: str  # "score" or "answer"
    title: str
    detail: str
    codes: tuple[tuple[str, str], ...] = ()
    multiple: bool = False
    long_text: bool = False


def instrument_columns(instrument: Instrument, language: str = "en") -> list[CodedColumn]:
    """The score and answer columns of an export, in export order (`score_<criterion>`, then
    `answer_<question>`), with texts in `language`."""
    t = lambda text: text_for(text, language) if text else ""  # noqa: E731
    scores = [
        CodedColumn(f"score_{c.id}", "score", f"{c.id} {t(c.title)}", t(c.description)) for c in instrument.criteria
    ]
    answers = [
        CodedColumn(
            f"answer_{q.id}",
            "answer",
            t(q.label),
            t(q.help),
            tuple((str(o.value), t(o.label)) for o in q.options) if q.is_choice else (),
            q.type == "multiple",
            q.type == "textarea",
        )
        for q in instrument.questions.values()
    ]
    return scores + answers


def tier_codes(instrument: Instrument, language: str = "en") -> tuple[tuple[str, str], ...]:
    """Each tier's id and title, weakest first."""
    return tuple((tier.id, text_for(tier.title, language)) for tier in sorted(instrument.tiers, key=lambda tier: tier.rank))
