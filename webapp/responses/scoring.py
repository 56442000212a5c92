"""Turn an engine `Result` into what a submitted response stores: its result columns."""

from __future__ import annotations

from forms.result import Result


def criterion_scores(result: Result) -> dict[str, float | None]:
    """Each criterion's score by id, rounded to 3 decimals; None when no answer scored it."""
    return {c.id: None if c.score is None else round(c.score, 3) for c in result.criteria}


def called_for(result: Result) -> dict[str, list[str]]:
    """The ids of the channels and safeguards the result calls for (none when a red line was hit)."""
    return {"channels": [r.id for r in result.channels], "safeguards": [r.id for r in result.safeguards]}


def result_columns(result: Result) -> dict:
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
        "result": result.to_dict("en"),
    }
