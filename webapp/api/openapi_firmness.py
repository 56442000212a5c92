"""The OpenAPI schema of `firmness` in a score result: how firm the tier is and what would move it."""

from __future__ import annotations

SHIFT = {
    "type": ["object", "null"],
    "description": "The smallest relative change in this direction that moves the tier; null when no change does",
    "properties": {
        "change": {"type": "number", "minimum": 0, "description": "Share of the current value (0.1 = 10%)"},
        "tier": {"type": "string", "description": "Tier id reached"},
        "reached": {"type": "boolean", "description": "True when a change of exactly `change` moves it; false when only a larger one does"},
    },
}

MARGIN = {
    "type": "object",
    "required": ["kind", "key", "value", "up", "down"],
    "properties": {
        "kind": {"enum": ["weight", "benefit_threshold", "risk_threshold"]},
        "key": {"type": "string", "description": "Criterion id for a weight; the threshold's position (1 = lowest) for a threshold"},
        "value": {"type": "number", "description": "The instrument's value"},
        "up": SHIFT,
        "down": SHIFT,
    },
}

CHANGE_SET = {
    "type": "object",
    "description": "Answer changes that, applied together, give the tier `tier` (checked by scoring them)",
    "properties": {
        "tier": {"type": "string"},
        "tier_title": {"type": "string"},
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "string"},
                    "from": {"description": "The answer given (null when left blank)"},
                    "to": {"description": "The answer that would move the tier"},
                    "text": {"type": "string", "description": "“Question”: from “A” to “B”, in the requested language"},
                },
            },
        },
    },
}

FIRMNESS = {
    "type": ["object", "null"],
    "description": "How firm the tier is: exact margins, stability under other weights, answer changes that move it, and each answer's points",
    "required": ["verdict", "summary", "weights", "thresholds", "stability", "up", "down", "rescoping", "contributions"],
    "properties": {
        "verdict": {"enum": ["firm", "fragile", "red_line"], "description": "fragile: one weight changed by less than 25% moves the tier"},
        "summary": {"type": "string", "description": "One sentence for a non-specialist, in the requested language"},
        "decided_by_red_line": {"type": "boolean"},
        "weights": {"type": "array", "items": MARGIN, "description": "Per criterion weight (empty when a red line decides)"},
        "thresholds": {"type": "array", "items": MARGIN, "description": "Per tier threshold (empty when a red line decides)"},
        "stability": {
            "type": "object",
            "description": "Share of seeded weight vectors, each weight drawn within ±spread of its own, that keep the tier",
            "properties": {
                "share": {"type": "number", "minimum": 0, "maximum": 1},
                "kept": {"type": "integer"},
                "samples": {"type": "integer"},
                "spread": {"type": "number"},
                "seed": {"type": "integer"},
            },
        },
        "up": {"type": "array", "items": CHANGE_SET, "description": "Fewest answer changes (one, else two) to a stronger tier; never through a red line"},
        "down": {"type": "array", "items": CHANGE_SET, "description": "Fewest answer changes (one, else two) to a weaker tier"},
        "rescoping": {"type": "array", "items": CHANGE_SET, "description": "When a red line decides: the nearest answers that clear it and the tier then"},
        "contributions": {
            "type": "array",
            "description": "Every answer's points in the benefit and the risk score (they add up to each score), largest first",
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "string"},
                    "label": {"type": "string"},
                    "answer": {"type": "string"},
                    "benefit": {"type": "number"},
                    "risk": {"type": "number"},
                },
            },
        },
    },
}
