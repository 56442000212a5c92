"""The codebook of a responses export: every column's heading in the reader's language, what it
holds, and each code it may hold with its meaning; and the labeller that turns a row's codes
into those labels for the spreadsheet.

The CSV and JSON keep the codes (for scripts) and have this codebook beside them
(`codebook.csv`); the spreadsheet, which people open, shows the labels and carries the codebook
as a second sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from forms.export import instrument_columns, tier_codes
from forms.model import Instrument

# Widths (in characters) by the kind of column; a long heading wraps in its cell.
NARROW, MEDIUM, WIDE, TEXT = 12, 20, 28, 50


@dataclass(frozen=True)
class Column:
    name: str
    heading: str
    description: str
    codes: tuple[tuple[str, str], ...] = ()
    width: int = MEDIUM
    multiple: bool = False
    yes_no: bool = False


def _options(instrument: Instrument, question_id: str, language: str) -> tuple[tuple[str, str], ...]:
    column = next((c for c in instrument_columns(instrument, language) if c.name == f"answer_{question_id}"), None)
    return column.codes if column else ()


def _response_columns(instrument: Instrument, language: str) -> list[Column]:
    """The columns every export starts with (webapp.admin.exports.RESPONSE_COLUMNS), documented."""
    tiers = tier_codes(instrument, language)
    return [
        Column("reference", _("Reference"), _("The response's reference number, as the respondent sees it."), width=MEDIUM),
        Column("status", _("Status"), _("Whether the response was submitted or is still a draft."),
               (("submitted", _("Submitted")), ("draft", _("Draft"))), NARROW),
        Column("instrument_slug", _("Questionnaire"), _("The questionnaire answered (its identifier)."), width=MEDIUM),
        Column("instrument_version", _("Questionnaire version"), _("The version of the questionnaire the answers were given on."), width=NARROW),
        Column("language", _("Language"), _("The language the respondent used."), (("en", _("English")), ("fr", _("French"))), NARROW),
        Column("issue", _("Issue"), _("The issue the response is about."), _options(instrument, "issue", language), WIDE),
        Column("stakeholder_group", _("Stakeholder group"), _("Who the respondent answered for."),
               _options(instrument, "stakeholder_group", language), WIDE),
        Column("organisation", _("Organisation"), _("The respondent's organisation, if given; removed when the response is anonymised."), width=WIDE),
        Column("anonymised", _("Anonymised"), _("Yes when an administrator removed the organisation and the free text."), width=NARROW, yes_no=True),
        Column("created_at", _("Date started"), _("When the response was started (UTC, ISO 8601)."), width=MEDIUM),
        Column("submitted_at", _("Date submitted"), _("When the response was submitted (UTC, ISO 8601); empty for a draft."), width=MEDIUM),
        Column("tier", _("Tier"), _("The recommended tier. A response that hits a red line is given the weakest tier."), tiers, WIDE),
        Column("tier_rank", _("Tier rank"), _("The recommended tier's rank, 0 for the weakest."), width=NARROW),
        Column("gated", _("Red line hit"), _("Yes when the answers hit a red line (sanctions relief)."), width=NARROW, yes_no=True),
        Column("scored_tier", _("Tier from the scores alone"),
               _("The tier that the benefit and risk scores alone give, before any red line: never the recommendation."), tiers, WIDE),
        Column("scored_tier_rank", _("Rank of the tier from the scores alone"), _("Its rank, 0 for the weakest."), width=NARROW),
        Column("benefit", _("Benefit score"), _("The weighted benefit score, from 0 to 100."), width=NARROW),
        Column("risk", _("Risk score"), _("The weighted risk score, from 0 to 100."), width=NARROW),
        Column("confidence", _("Confidence"), _("The share of the weighted questions answered, from 0 to 1."), width=NARROW),
    ]


def columns(instrument: Instrument, language: str) -> list[Column]:
    """Every column of a responses export, in its order: the response's, then a score per
    criterion, then an answer per question."""
    documented = _response_columns(instrument, language)
    for column in instrument_columns(instrument, language):
        if column.kind == "score":
            description = _("Score from 0 to 100 on this criterion; empty when no answer scored it.") + " " + column.detail
            documented.append(Column(column.name, _("Score: %(criterion)s", criterion=column.title), description.strip(), width=NARROW))
            continue
        parts = [_("Answer to this question."), column.detail]
        if column.multiple:
            parts.append(_("Several choices are separated by semicolons."))
        width = TEXT if column.long_text else WIDE
        documented.append(Column(column.name, column.title, " ".join(p for p in parts if p), column.codes, width, column.multiple))
    return documented


class Labeller:
    """Turns an export row's codes into their labels (unknown codes stay as they are)."""

    def __init__(self, documented: list[Column]) -> None:
        self.columns = documented
        self.maps = [dict(column.codes) for column in documented]
        self.yes, self.no = _("Yes"), _("No")

    def row(self, values: list[Any]) -> list[Any]:
        return [self._label(value, column, codes) for value, column, codes in zip(values, self.columns, self.maps, strict=True)]

    def _label(self, value: Any, column: Column, codes: dict[str, str]) -> Any:
        if column.yes_no and isinstance(value, bool):
            return self.yes if value else self.no
        if not codes or value is None:
            return value
        if isinstance(value, list | tuple):
            return [codes.get(str(v), v) for v in value]
        return codes.get(str(value), value)


def codebook_rows(documented: list[Column]) -> Iterator[list[str]]:
    """The codebook as rows: a header, then per column its line and one line per code."""
    yield [_("Column"), _("Heading"), _("What it holds"), _("Code"), _("Meaning")]
    for column in documented:
        yield [column.name, column.heading, column.description, "", ""]
        for code, label in column.codes:
            yield ["", "", "", code, label]
