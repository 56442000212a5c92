"""Turn an engine `Result` into what a submitted response stores: columns and per-criterion rows."""

from __future__ import annotations

from forms.result import Result


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
        "result": result.to_dict("en"),
    }


def criterion_rows(result: Result) -> list[dict]:
    """One row per criterion for `criterion_results` (without response_id)."""
    return [
        {
            "criterion": c.id,
            "side": c.side,
            "score": None if c.score is None else round(c.score, 3),
            "drivers": ",".join(d.question for d in c.drivers) or None,
        }
        for c in result.criteria
    ]
