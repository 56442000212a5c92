"""One context builder for the recommendation: plain data that the PDF and the web result page share.

The dict holds strings, numbers, booleans, lists and dicts only (plus the two charts as ready
SVG markup), with instrument texts already in the report's language. Layout belongs to templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forms.answers import walk_path
from forms.conditions import AnswerValue
from forms.i18n import text_for
from forms.model import Instrument, Question
from forms.result import CriterionScore, Principle, Recommendation, Result
from reports import charts
from reports.firmness_context import firmness_context
from reports.i18n import Gettext, Translator, identity, iso_date, language_name, long_date, number, percent, whole_number

SIDES = ("benefit", "risk")


@dataclass(frozen=True)
class ReportMeta:
    """What a report needs beyond the result: who, what, when.

    `issue_label` and `group_label` come already in the report's language; `organisation` is the
    respondent's own free text (or None) and is treated as untrusted everywhere.
    """

    reference: str
    created_at: datetime
    issue_label: str
    group_label: str
    organisation: str | None
    language: str


def build_report_context(
    instrument: Instrument,
    result: Result,
    meta: ReportMeta,
    language: str | None = None,
    gettext: Gettext = identity,
) -> dict[str, Any]:
    """Everything a recommendation template shows, as plain data in `language` (default: the meta's)."""
    language = language or meta.language
    _ = Translator(gettext)
    criteria = [_criterion(instrument, c, language, _) for c in result.criteria]
    matrix = _matrix(instrument, result, language)
    context: dict[str, Any] = {
        "language": language,
        "document": _document(instrument, result, meta, language, _),
        "meta": _meta(instrument, result, meta, language),
        "summary": _summary(instrument, result, language),
        "tiers": _tiers(instrument, result, language),
        "scores": _scores(result, language),
        "matrix": matrix,
        "criteria": criteria,
        "sides": _sides(criteria, _),
        "channels": [_recommendation(r, language) for r in result.channels],
        "safeguards": [_recommendation(r, language) for r in result.safeguards],
        "principles": [_described(p, language) for p in result.principles],
        "confidence": _confidence(instrument, result, language),
        "appendix": _appendix(instrument, result.answers, language),
        "record": _record(result, language),
    }
    context["charts"] = {
        "matrix": charts.matrix_chart(matrix, context["tiers"], _),
        "criteria": charts.criteria_chart(context["sides"], _),
    }
    context["firmness"] = firmness_context(instrument, result, language, _)
    return context


def _tiers(instrument: Instrument, result: Result, language: str) -> list[dict[str, Any]]:
    """The instrument's tiers in rank order, the one the scores give marked current."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return [
        {
            "id": tier.id,
            "rank": position,
            "title": t(tier.title),
            "label": f"{position} {t(tier.title)}",
            "current": tier.id == result.scored_tier,
        }
        for position, tier in enumerate(instrument.tiers, 1)
    ]


def _scores(result: Result, language: str) -> dict[str, Any]:
    """The two scores, as numbers and as displayed in `language`."""
    return {
        "benefit": result.benefit,
        "risk": result.risk,
        "benefit_display": whole_number(result.benefit, language),
        "risk_display": whole_number(result.risk, language),
    }


def _sides(criteria: list[dict[str, Any]], _: Translator) -> list[dict[str, Any]]:
    """The criteria grouped by side, benefit first."""
    return [
        {
            "id": side,
            "title": _("Benefit") if side == "benefit" else _("Risk"),
            "criteria": [c for c in criteria if c["side"] == side],
        }
        for side in SIDES
    ]


def _described(item: Principle | Recommendation, language: str) -> dict[str, Any]:
    """What a principle and a recommendation both show: title, description and the brief's sections."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "id": item.id,
        "title": t(item.title),
        "description": t(item.description),
        "brief_sections": [t(title) for _id, title in item.brief_sections],
    }


def _meta(instrument: Instrument, result: Result, meta: ReportMeta, language: str) -> dict[str, Any]:
    """Who and what the report is about: the response, the instrument and the brief."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "reference": meta.reference,
        "created": long_date(meta.created_at, language),
        "language_name": language_name(language),
        "created_iso": meta.created_at.isoformat(timespec="seconds"),
        "issue": meta.issue_label,
        "group": meta.group_label,
        "organisation": meta.organisation or None,
        "instrument_title": t(instrument.title),
        "instrument_slug": instrument.slug,
        "instrument_version": result.record.instrument_version,
        "engine_version": result.record.engine_version,
        "brief_title": t(instrument.brief.title),
        "brief_authors": instrument.brief.authors,
        "brief_date": iso_date(instrument.brief.date, language),
    }


def _summary(instrument: Instrument, result: Result, language: str) -> dict[str, Any]:
    """The verdict: the tier (and the tier from the scores alone), next steps and red lines hit."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "tier": result.tier,
        "tier_rank": result.tier_rank,
        "tier_title": t(result.tier_title),
        "tier_position": _tier_position(instrument, result.tier),
        "tier_count": len(instrument.tiers),
        # The tier the scores alone give, before any red line (the same as `tier` without one).
        "scored_tier": result.scored_tier,
        "scored_tier_title": t(result.scored_tier_title),
        "scored_tier_position": _tier_position(instrument, result.scored_tier),
        "verdict": t(result.verdict),
        "next_steps": [t(step) for step in result.next_steps],
        "gated": result.gated,
        "red_lines": [
            {
                "id": gate.id,
                "title": t(gate.title),
                "message": t(gate.message),
                "criterion": gate.criterion,
                "criterion_title": t(instrument.criterion(gate.criterion).title),
            }
            for gate in result.gates
        ],
    }


def _confidence(instrument: Instrument, result: Result, language: str) -> dict[str, Any]:
    """How much of the scored weight was answered, and the questions left blank."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "share": result.confidence.share,
        "display": percent(result.confidence.share, language),
        "answered_weight": result.confidence.answered_weight,
        "total_weight": result.confidence.total_weight,
        "blank": [
            {"id": qid, "label": t(instrument.question(qid).label), "required": instrument.question(qid).required}
            for qid in result.confidence.blank
            if qid in instrument.questions
        ],
    }


def _record(result: Result, language: str) -> dict[str, Any]:
    """What the engine recorded: the thresholds used and the rules and red lines that fired."""
    return {
        "benefit_thresholds": [number(v, language, 2) for v in result.record.benefit_thresholds],
        "risk_thresholds": [number(v, language, 2) for v in result.record.risk_thresholds],
        "rules_fired": list(result.record.rules_fired),
        "gates_fired": list(result.record.gates_fired),
    }


def _document(instrument: Instrument, result: Result, meta: ReportMeta, language: str, _: Translator) -> dict[str, Any]:
    """PDF/HTML metadata: title, author, subject, keywords, created date, language."""
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "title": _("Re-engagement recommendation: %(issue)s", issue=meta.issue_label),
        "short_title": _("Re-engagement recommendation"),
        "author": meta.organisation or meta.group_label,
        "subject": t(result.verdict),
        "keywords": [k for k in (meta.issue_label, t(result.tier_title), meta.group_label, instrument.slug) if k],
        "created": meta.created_at.isoformat(timespec="seconds"),
        "lang": language,
    }


def _tier_position(instrument: Instrument, tier_id: str) -> int:
    return next(i for i, tier in enumerate(instrument.tiers, 1) if tier.id == tier_id)


def _criterion(instrument: Instrument, score: CriterionScore, language: str, _: Translator) -> dict[str, Any]:
    t = lambda text: text_for(text, language)  # noqa: E731
    return {
        "id": score.id,
        "side": score.side,
        "side_title": _("Benefit") if score.side == "benefit" else _("Risk"),
        "title": t(score.title),
        "description": t(score.description),
        "weight": score.weight,
        "weight_display": number(score.weight, language, 2),
        "score": score.score,
        "score_display": whole_number(score.score, language),
        "scored": score.score is not None,
        "brief_sections": [t(title) for _id, title in score.brief_sections],
        "drivers": [
            {
                "question": driver.question,
                "label": t(driver.label),
                "answer": [t(label) for label in driver.answer_labels],
                "points": whole_number(driver.points, language),
                "weight": driver.weight,
            }
            for driver in score.drivers
        ],
    }


def _recommendation(recommendation: Recommendation, language: str) -> dict[str, Any]:
    return {
        **_described(recommendation, language),
        "reasons": [text_for(reason.text, language) for reason in recommendation.reasons],
    }


def _matrix(instrument: Instrument, result: Result, language: str) -> dict[str, Any]:
    """Bands as score ranges, the cells' tiers (risk band 0 = lowest risk), and the response's place."""
    matrix = instrument.matrix
    tiers = {tier.id: (position, text_for(tier.title, language)) for position, tier in enumerate(instrument.tiers, 1)}
    benefit_edges = [0.0, *matrix.benefit_thresholds, 100.0]
    risk_edges = [0.0, *matrix.risk_thresholds, 100.0]
    benefit_band, risk_band = result.bands
    return {
        "benefit_edges": benefit_edges,
        "risk_edges": risk_edges,
        "benefit_edges_display": [number(v, language, 2) for v in benefit_edges],
        "risk_edges_display": [number(v, language, 2) for v in risk_edges],
        "cells": [
            [
                {
                    "tier": tier_id,
                    "rank": tiers[tier_id][0],
                    "title": tiers[tier_id][1],
                    "current": (b, r) == (benefit_band, risk_band),
                }
                for b, tier_id in enumerate(row)
            ]
            for r, row in enumerate(matrix.cells)
        ],
        "benefit_band": benefit_band,
        "risk_band": risk_band,
        **_scores(result, language),
        "gated": result.gated,
        # The tier of the cell the scores fall in (a red line overrides it; see `summary`).
        "tier_title": text_for(result.scored_tier_title, language),
    }


def _appendix(instrument: Instrument, answers: Mapping[str, AnswerValue], language: str) -> list[dict[str, Any]]:
    """Every question the respondent was shown, step by step, with the answer as given."""
    steps = []
    for position, (step, questions) in enumerate(walk_path(instrument, answers), 1):
        steps.append(
            {
                "id": step.id,
                "number": position,
                "title": text_for(step.title, language),
                "questions": [_answer(question, answers.get(question.id), language) for question in questions],
            }
        )
    return steps


def _answer(question: Question, answer: AnswerValue | None, language: str) -> dict[str, Any]:
    """One question and its answer: `choices` for options, `text` for free text, neither when blank."""
    entry: dict[str, Any] = {
        "id": question.id,
        "label": text_for(question.label, language),
        "type": question.type,
        "required": question.required,
        "answered": answer is not None,
        "choices": [],
        "text": None,
    }
    if answer is None:
        return entry
    if question.is_choice:
        chosen = answer if isinstance(answer, tuple) else (answer,)
        entry["choices"] = [text_for(o.label, language) if (o := question.option(v)) is not None else str(v) for v in chosen]
    else:
        entry["text"] = str(answer)
    return entry
