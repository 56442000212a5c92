"""How firm the result is, as plain data for the result page and the PDF (`report.firmness`).

Sentences come from `forms.firmness_text`, so the page, the PDF and the score API say the same;
numbers are formatted in the report's language. Templates: webapp/templates/questionnaire/
_firmness.html and reports/templates/_firmness.html.
"""

from __future__ import annotations

from typing import Any

from forms.firmness_model import Firmness, Margin, Shift, Suggestion
from forms.firmness_text import answer_text, change_sentence, percent_text, summary_sentence
from forms.i18n import text_for
from forms.model import Instrument
from forms.result import Result
from reports.i18n import Translator, number

TOP_CONTRIBUTIONS = 5


def firmness_context(instrument: Instrument, result: Result, language: str, _: Translator) -> dict[str, Any] | None:
    """None when the result was scored without firmness."""
    firmness = result.firmness
    if firmness is None:
        return None
    contributions = [
        {
            "question": c.question,
            "label": text_for(c.label, language),
            "answer": answer_text(c.answer_labels, language),
            "benefit": number(c.benefit, language, 1),
            "risk": number(c.risk, language, 1),
        }
        for c in firmness.contributions
    ]
    stability = firmness.stability
    return {
        "verdict": firmness.verdict,
        "summary": summary_sentence(firmness, language, _.gettext),
        "red_line": firmness.decided_by_red_line,
        "stability": {
            "share": percent_text(stability.share, language),
            "kept": number(stability.kept, language, 0),
            "samples": number(stability.samples, language, 0),
            "spread": percent_text(stability.spread, language),
            "seed": stability.seed,
        },
        "up": _suggestions(firmness.up, language, _),
        "down": _suggestions(firmness.down, language, _),
        "rescoping": _suggestions(firmness.rescoping, language, _),
        "top": contributions[:TOP_CONTRIBUTIONS],
        "contributions": contributions,
        "benefit": number(result.benefit or 0.0, language, 1),
        "risk": number(result.risk or 0.0, language, 1),
        "weights": [_margin(m, f"{m.key} {text_for(m.title, language)}", number(m.value, language, 2), language) for m in firmness.weights],
        "thresholds": _thresholds(firmness, language, _),
    }


def _suggestions(suggestions: tuple[Suggestion, ...], language: str, _: Translator) -> list[dict[str, Any]]:
    return [
        {"tier": text_for(s.tier_title, language), "changes": [change_sentence(c, language, _.gettext) for c in s.changes]}
        for s in suggestions
    ]


def _margin(margin: Margin, name: str, value: str, language: str) -> dict[str, Any]:
    return {"name": name, "value": value, "up": _shift(margin.up, language), "down": _shift(margin.down, language)}


def _shift(shift: Shift | None, language: str) -> dict[str, str] | None:
    if shift is None:
        return None
    return {"change": percent_text(shift.change, language), "tier": text_for(shift.tier_title, language)}


def _thresholds(firmness: Firmness, language: str, _: Translator) -> list[dict[str, Any]]:
    names = {"benefit_threshold": _("Benefit threshold %(position)s"), "risk_threshold": _("Risk threshold %(position)s")}
    return [_margin(m, names[m.kind] % {"position": m.key}, number(m.value, language, 2), language) for m in firmness.thresholds]
