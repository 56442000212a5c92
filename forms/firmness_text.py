"""Firmness in words and as JSON: the one-sentence summary, answer changes, and the score API's form.

Messages are marked with `N_` and translated by whoever shows them (`translate`, identity by
default); instrument texts come in the requested language. The page, the PDF and the API all
read the sentences from here, so they say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.numbers import format_percent

from forms.conditions import AnswerValue
from forms.firmness_model import AnswerChange, Firmness, Margin, Suggestion
from forms.i18n import N_, Text, text_for

Translate = Callable[[str], str]
SHOWN_AS_ZERO = 0.0005  # a margin that would print as 0%: the score is on a boundary

FIRMNESS_MESSAGES = {
    "red_line": N_(
        "Firm: a red line decides this outcome, so no change of weight or of another answer moves it; only re-scoping the issue would."
    ),
    "unmovable": N_("Firm: no change to any one weight, however large, would move it."),
    "firm": N_("Firm: no change of less than %(margin)s to any one weight would move it."),
    "fragile_up": N_("Fragile: a %(margin)s higher weight on %(criterion)s would make it %(tier)s."),
    "fragile_down": N_("Fragile: a %(margin)s lower weight on %(criterion)s would make it %(tier)s."),
    "fragile_up_any": N_("Fragile: it sits on a tier boundary, so any higher weight on %(criterion)s would make it %(tier)s."),
    "fragile_down_any": N_("Fragile: it sits on a tier boundary, so any lower weight on %(criterion)s would make it %(tier)s."),
    "change": N_("%(question)s: from %(before)s to %(after)s"),
    "no_answer": N_("no answer"),
}


def identity(message: str) -> str:
    return message


def percent_text(share: float, language: str) -> str:
    """0.111 -> 11.1% / 11,1 %: a tenth of a percent is as fine as a margin needs to be shown."""
    return format_percent(round(share, 3), locale=language if language in ("en", "fr") else "en", decimal_quantization=False)


def summary_sentence(firmness: Firmness, language: str = "en", translate: Translate = identity) -> str:
    """The verdict in one sentence ("Firm: ..." or "Fragile: ...") for a reader who is no specialist."""
    verdict = firmness.verdict
    if verdict == "red_line":
        return translate(FIRMNESS_MESSAGES["red_line"])
    weakest = firmness.weakest_weight
    if weakest is None:
        return translate(FIRMNESS_MESSAGES["unmovable"])
    margin, direction, shift = weakest
    params = {"margin": percent_text(shift.change, language)}
    if verdict == "firm":
        return translate(FIRMNESS_MESSAGES["firm"]) % params
    key = f"fragile_{direction}_any" if shift.change < SHOWN_AS_ZERO else f"fragile_{direction}"
    return translate(FIRMNESS_MESSAGES[key]) % {
        **params,
        "criterion": text_for(margin.title, language),
        "tier": text_for(shift.tier_title, language),
    }


def change_sentence(change: AnswerChange, language: str = "en", translate: Translate = identity) -> str:
    """“Question”: from “answer A” to “answer B”."""
    quote = (lambda s: f"«\u00a0{s}\u00a0»") if language == "fr" else (lambda s: f"“{s}”")
    before = answer_text(change.before_labels, language) if change.before is not None else translate(FIRMNESS_MESSAGES["no_answer"])
    return translate(FIRMNESS_MESSAGES["change"]) % {
        "question": quote(text_for(change.label, language)),
        "before": quote(before),
        "after": quote(answer_text(change.after_labels, language)),
    }


def answer_text(labels: tuple[Text, ...], language: str) -> str:
    return ", ".join(text_for(label, language) for label in labels)


# ---------------------------------------------------------------- the score API's form
def firmness_to_dict(firmness: Firmness, language: str = "en", translate: Translate = identity) -> dict[str, Any]:
    """The JSON form of `Result.firmness` (described in webapp/api/openapi.py)."""
    return {
        "verdict": firmness.verdict,
        "summary": summary_sentence(firmness, language, translate),
        "decided_by_red_line": firmness.decided_by_red_line,
        "weights": [_margin(m) for m in firmness.weights],
        "thresholds": [_margin(m) for m in firmness.thresholds],
        "stability": {
            "share": round(firmness.stability.share, 3),
            "kept": firmness.stability.kept,
            "samples": firmness.stability.samples,
            "spread": firmness.stability.spread,
            "seed": firmness.stability.seed,
        },
        "up": [_suggestion(s, language, translate) for s in firmness.up],
        "down": [_suggestion(s, language, translate) for s in firmness.down],
        "rescoping": [_suggestion(s, language, translate) for s in firmness.rescoping],
        "contributions": [
            {
                "question": c.question,
                "label": text_for(c.label, language),
                "answer": answer_text(c.answer_labels, language),
                "benefit": round(c.benefit, 2),
                "risk": round(c.risk, 2),
            }
            for c in firmness.contributions
        ],
    }


def _margin(margin: Margin) -> dict[str, Any]:
    shift = lambda s: None if s is None else {"change": round(s.change, 4), "tier": s.tier, "reached": s.reached}
    return {"kind": margin.kind, "key": margin.key, "value": margin.value, "up": shift(margin.up), "down": shift(margin.down)}


def _suggestion(suggestion: Suggestion, language: str, translate: Translate) -> dict[str, Any]:
    return {
        "tier": suggestion.tier,
        "tier_title": text_for(suggestion.tier_title, language),
        "changes": [
            {"question": c.question, "from": _json_answer(c.before), "to": _json_answer(c.after), "text": change_sentence(c, language, translate)}
            for c in suggestion.changes
        ],
    }


def _json_answer(answer: AnswerValue | None) -> object:
    return list(answer) if isinstance(answer, tuple) else answer
