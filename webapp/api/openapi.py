"""The OpenAPI 3.1 document describing the three API endpoints (the contract in product.md)."""

from __future__ import annotations

from webapp.api.openapi_firmness import FIRMNESS

ANSWER_VALUE = {
    "oneOf": [
        {"type": "string", "description": "single choice option value, or text"},
        {"type": "integer", "description": "scale value"},
        {"type": "array", "items": {"type": "string"}, "description": "multiple choice option values"},
        {"type": "null"},
    ]
}

TEXT_ID = {"type": "object", "properties": {"id": {"type": "string"}, "title": {"type": "string"}}}

RECOMMENDATION = {
    "type": "object",
    "required": ["id", "title", "reasons"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "brief_sections": {"type": "array", "items": TEXT_ID},
        "reasons": {"type": "array", "items": {"type": "object", "properties": {"rule": {"type": "string"}, "text": {"type": "string"}}}},
    },
}

TIER = {"type": "object", "properties": {"id": {"type": "string"}, "rank": {"type": "integer"}, "title": {"type": "string"}}}

SCHEMAS = {
    "InstrumentSummary": {
        "type": "object",
        "required": ["slug", "title", "version", "default"],
        "properties": {"slug": {"type": "string"}, "title": {"type": "string"}, "version": {"type": "string"}, "default": {"type": "boolean"}},
    },
    "Option": {
        "type": "object",
        "required": ["value", "label", "points"],
        "properties": {
            "value": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            "label": {"type": "string"},
            "points": {"type": "object", "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100}},
            "abstain": {"type": "boolean"},
        },
    },
    "Question": {
        "type": "object",
        "required": ["id", "type", "required", "label"],
        "properties": {
            "id": {"type": "string"},
            "type": {"enum": ["single", "multiple", "scale", "text", "textarea"]},
            "required": {"type": "boolean"},
            "label": {"type": "string"},
            "help": {"type": ["string", "null"]},
            "weight": {"type": "number"},
            "show_if": {"type": ["object", "null"]},
            "options": {"type": "array", "items": {"$ref": "#/components/schemas/Option"}},
            "max_length": {"type": "integer"},
        },
    },
    "Instrument": {
        "type": "object",
        "required": ["slug", "version", "criteria", "steps", "gates", "tiers"],
        "properties": {
            "slug": {"type": "string"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "criteria": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "title", "side", "weight"],
                    "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "side": {"enum": ["benefit", "risk"]}, "weight": {"type": "number"}},
                },
            },
            "steps": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
                    },
                },
            },
            "gates": {"type": "array", "items": {"type": "object"}},
            "tiers": {
                "type": "array",
                "items": {"type": "object", "properties": {"id": {"type": "string"}, "rank": {"type": "integer"}, "title": {"type": "string"}}},
            },
            "matrix": {"type": "object"},
            "channels": {"type": "array", "items": {"type": "object"}},
            "safeguards": {"type": "array", "items": {"type": "object"}},
        },
    },
    "ScoreRequest": {
        "type": "object",
        "required": ["answers"],
        "properties": {"answers": {"type": "object", "additionalProperties": ANSWER_VALUE, "description": "question id -> answer, as the HTML form posts it"}},
    },
    "Result": {
        "type": "object",
        "required": [
            "benefit", "risk", "criteria", "tier", "scored_tier", "gated", "next_steps", "gates", "channels", "safeguards", "principles", "confidence",
        ],
        "properties": {
            "benefit": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
            "risk": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
            "tier": {
                **TIER,
                "description": "The recommendation. When a red line is hit (`gated`), the weakest tier (rank 0), whatever the scores say.",
            },
            "scored_tier": {
                **TIER,
                "description": "Tier from the scores alone, before the red line: the same as `tier` unless `gated`. Never the recommendation.",
            },
            "gated": {"type": "boolean", "description": "A red line was hit: the outcome is to re-scope the issue (see `gates`)."},
            "verdict": {"type": "string"},
            "next_steps": {
                "type": "array",
                "items": {"type": "string"},
                "description": "What to do next, addressed to the respondent's stakeholder group: the tier's step, then the first step of "
                "each channel recommended (or, when gated, the red line's re-scoping step alone).",
            },
            "criteria": {
                "type": "array",
                "items": {"type": "object", "properties": {"id": {"type": "string"}, "score": {"type": ["number", "null"]}, "drivers": {"type": "array"}}},
            },
            "gates": {"type": "array", "items": {"type": "object"}},
            "channels": {"type": "array", "items": RECOMMENDATION},
            "safeguards": {"type": "array", "items": RECOMMENDATION, "description": "Safeguards triggered by these answers, each with its reasons."},
            "principles": {
                "type": "array",
                "description": "Standing principles of the brief that apply to every engagement, stated once (not triggered by the answers).",
                "items": {
                    "type": "object",
                    "required": ["id", "title", "description"],
                    "properties": {
                        "id": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "brief_sections": {"type": "array", "items": TEXT_ID},
                    },
                },
            },
            "confidence": {
                "type": "object",
                "properties": {
                    "share": {"type": "number"},
                    "blank": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Scored questions that lowered the confidence: left blank or answered \"I don't know\"",
                    },
                },
            },
            "record": {"type": "object"},
            "firmness": {"$ref": "#/components/schemas/Firmness"},
        },
    },
    "Firmness": FIRMNESS,
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "problems": {
                "type": "array",
                "items": {"type": "object", "properties": {"question": {"type": "string"}, "code": {"type": "string"}, "message": {"type": "string"}}},
            },
        },
    },
}


def _json(schema_name: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}}


SLUG_PARAMETER = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
LANG_PARAMETER = {"name": "lang", "in": "query", "required": False, "schema": {"enum": ["en", "fr"]}, "description": "Language of the texts"}


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of this API, served at /api/v1/openapi.json."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Re-engagement decision support API", "version": "1.0.0", "description": "Instruments and stateless scoring."},
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    }


def _paths() -> dict:
    """Each URL of the API with its parameters and answers."""
    slug, lang = SLUG_PARAMETER, LANG_PARAMETER
    return {
        "/api/v1/instruments": {
            "get": {
                "summary": "The instruments available",
                "parameters": [lang],
                "responses": {
                    "200": {
                        "description": "Instruments",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"instruments": {"type": "array", "items": {"$ref": "#/components/schemas/InstrumentSummary"}}},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/api/v1/instruments/{slug}": {
            "get": {
                "summary": "One instrument: criteria, steps, questions with options and points, gates, tiers",
                "parameters": [slug, lang],
                "responses": {
                    "200": {"description": "The instrument", **_json("Instrument")},
                    "404": {"description": "No such instrument", **_json("Error")},
                },
            }
        },
        "/api/v1/instruments/{slug}/score": {
            "post": {
                "summary": "Score answers; stores nothing",
                "parameters": [slug, lang],
                "requestBody": {"required": True, **_json("ScoreRequest")},
                "responses": {
                    "200": {"description": "The result", **_json("Result")},
                    "400": {"description": "Unknown questions, values not among the options, missing required answers", **_json("Error")},
                    "404": {"description": "No such instrument", **_json("Error")},
                },
            }
        },
        "/api/v1/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI document"}}}},
    }
