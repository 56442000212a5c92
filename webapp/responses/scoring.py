"""What a submitted response stores beside its answers: the engine's result, in columns that SQL
aggregates, and the number of answers written in the respondent's own words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forms.model import Instrument
from forms.result import Result


def criterion_scores(result: Result) -> dict[str, float | None]:
    """Each criterion's score by id, rounded to 3 decimals; None when no answer scored it."""
    return {c.id: None if c.score is None else round(c.score, 3) for c in result.criteria}


def called_for(result: Result) -> dict[str, list[str]]:
    """The ids of the channels and safeguards the result calls for (none when a red line was hit)."""
    return {"channels": [r.id for r in result.channels], "safeguards": [r.id for r in result.safeguards]}


def free_text_questions(instrument: Instrument) -> list[str]:
    """The questions answered in the respondent's own words, by id: long text (not the
    organisation's name, which identifies rather than explains)."""
    return sorted(q.id for q in instrument.questions.values() if q.type == "textarea")


def free_text_answers(instrument: Instrument, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(question id, text) of each free-text answer with more than blanks in it, by question id."""
    found = ((qid, answers.get(qid)) for qid in free_text_questions(instrument))
    return [(qid, text) for qid, text in found if isinstance(text, str) and text.strip()]


def result_columns(instrument: Instrument, answers: Mapping[str, Any], result: Result) -> dict:
    """Columns of `responses` set at submission (aggregated by SQL)."""
    return {
        "benefit": result.benefit,
        "risk": result.risk,
        "tier": result.tier,
        "tier_rank": result.tier_rank,
        "scored_tier": result.scored_tier,
        "scored_tier_rank": result.scored_tier_rank,
        "gated": result.gated,
        "confidence": result.confidence.share,
        "criterion_scores": criterion_scores(result),
        "called_for": called_for(result),
        "free_text_answers": len(free_text_answers(instrument, answers)),
        "result": result.to_dict("en"),
    }
