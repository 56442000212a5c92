"""Exports of responses: CSV and JSON streamed row by row, a spreadsheet (.xlsx) built on disk.

One row per response with every answer and every criterion score (both stored in the response's
own row). Rows are read in batches (`yield_per`; a server-side cursor on PostgreSQL), so memory
stays flat however many rows there are, with the answers and scores as their stored JSON text:
the JSON export writes that text as it is, the others parse it a row at a time. The spreadsheet,
a zip that can only be sent once complete, is written to a temporary file and streamed from
there. Text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
return) is neutralised with a leading '. Control characters a spreadsheet refuses are removed
from every cell.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import Result, Text, cast

from forms.model import Instrument
from forms.text_input import without_controls
from webapp.admin import codebook, spreadsheet
from webapp.admin.queries import ResponseFilters, filtered
from webapp.extensions import db
from webapp.i18n import current_language
from webapp.models import Response
from webapp.timestamps import iso_seconds

BATCH = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
RESPONSE_COLUMNS = (
    "reference",
    "status",
    "instrument_slug",
    "instrument_version",
    "language",
    "issue",
    "stakeholder_group",
    "organisation",
    "anonymised",
    "created_at",
    "submitted_at",
    "tier",
    "tier_rank",
    "gated",
    "scored_tier",
    "scored_tier_rank",
    "benefit",
    "risk",
    "confidence",
)
_COLUMNS = tuple(getattr(Response, name) for name in RESPONSE_COLUMNS)
# The columns as the CSV and the spreadsheet read them: the moments as ISO text made by the database.
_CELL_COLUMNS = tuple(iso_seconds(c).label(c.key) if c.key in ("created_at", "submitted_at") else c for c in _COLUMNS)
# The answers and criterion scores as their stored JSON text: parsed one response at a time (half
# the time the driver takes to parse them a batch at a time), or written as they are in the JSON export.
_JSON_TEXTS = (cast(Response.answers, Text).label("answers"), cast(Response.criterion_scores, Text).label("scores"))
# Questions whose answer is one of the instrument's codes.
CODED_TYPES = ("single", "scale")


def neutralise(value: Any) -> Any:
    """A string a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _rows(filters: ResponseFilters, columns: tuple[Any, ...]) -> Result:
    """The matching responses' `columns`, then their answers and scores as JSON text, read in batches."""
    return db.session.execute(filtered(filters, *columns, *_JSON_TEXTS).execution_options(yield_per=BATCH))


def _parsed(text: str | None) -> dict[str, Any]:
    return (json.loads(text) if text else None) or {}


def export_values(instrument: Instrument, filters: ResponseFilters) -> Iterator[list[Any]]:
    """Each matching response's values in export order: its columns, a score per criterion, an answer per question."""
    criteria = [c.id for c in instrument.criteria]
    questions = list(instrument.questions)
    for row in _rows(filters, _CELL_COLUMNS):
        scores, answers = _parsed(row.scores), _parsed(row.answers)
        yield [*row[: len(RESPONSE_COLUMNS)], *map(scores.get, criteria), *map(answers.get, questions)]


def header(instrument: Instrument) -> list[str]:
    return [
        *RESPONSE_COLUMNS,
        *(f"score_{c.id}" for c in instrument.criteria),
        *(f"answer_{qid}" for qid in instrument.questions),
    ]


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: text neutralised, lists joined, floats rounded, times in ISO form."""
    kind = type(value)
    if kind is str:  # controls removed: a spreadsheet refuses them, and rows stored before the rule may hold some
        if not value.isprintable():
            value = without_controls(value)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if kind is float:
        return round(value, 3)
    if value is None or kind is int or kind is bool:
        return value
    if kind is list or kind is tuple:
        return _cell("; ".join(map(str, value)))
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return neutralise(str(value))


class _NumberCells(dict[str, float]):
    """A number's cell by its JSON text, made once; at most 10,000 kept, so that memory stays flat."""

    def __missing__(self, text: str) -> float:
        cell = round(float(text), 3)
        if len(self) < 10_000:
            self[text] = cell
        return cell


class ScoreCells:
    """A response's criterion scores as cells, in the instrument's order, from their JSON text.

    The scores take a few hundred values (weighted means of option points, stored to 3 decimals):
    the JSON is read with each number's cell made once by its text, found in a dict thereafter
    (under half the time of reading each number, then rounding it).
    """

    def __init__(self, instrument: Instrument) -> None:
        self.criteria = [c.id for c in instrument.criteria]
        self.read = json.JSONDecoder(parse_float=_NumberCells().__getitem__).decode

    def __call__(self, text: str | None) -> list[Any]:
        scores = (self.read(text) if text else None) or {}
        values = list(map(scores.get, self.criteria))
        if {list, dict}.isdisjoint(map(type, values)):
            return [v if type(v) is float else _cell(v) for v in values]  # a float is its cell already
        # A list or a mapping where a score belongs: its numbers as stored, as `_cell` joins them.
        return list(map(_cell, map(_parsed(text).get, self.criteria)))


class AnswerCells:
    """A response's answers as cells, in the instrument's order.

    An answer to a single choice or a scale is one of the instrument's codes, its own cell: one
    set lookup finds all of a response's such answers among them, and only the text and the
    several choices are then made cell by cell (two thirds of the time of making every cell; a
    response with any other answer has every cell made).
    """

    def __init__(self, instrument: Instrument) -> None:
        questions = list(instrument.questions.values())
        coded = [q for q in questions if q.type in CODED_TYPES]
        self.ids = [q.id for q in questions]
        self.coded_ids = [q.id for q in coded]
        self.codes = {None, *(o.value for q in coded for o in q.options if _cell(o.value) == o.value)}
        self.others = [i for i, q in enumerate(questions) if q.type not in CODED_TYPES]

    def __call__(self, answers: dict[str, Any]) -> list[Any]:
        values = list(map(answers.get, self.ids))
        if not self._all_codes(answers):
            return list(map(_cell, values))
        for i in self.others:
            values[i] = _cell(values[i])
        return values

    def _all_codes(self, answers: dict[str, Any]) -> bool:
        try:
            return self.codes.issuperset(map(answers.get, self.coded_ids))
        except TypeError:  # a list or a mapping where a code belongs
            return False


def csv_chunks(instrument: Instrument, filters: ResponseFilters) -> Iterator[str]:
    """The CSV, a few hundred rows at a time (UTF-8 with a byte-order mark, so spreadsheets read accents).
    The codes stay (the codebook says what they mean)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header(instrument))
    scores, answers = ScoreCells(instrument), AnswerCells(instrument)
    for number, row in enumerate(_rows(filters, _CELL_COLUMNS), 1):
        columns = map(_cell, row[: len(RESPONSE_COLUMNS)])
        writer.writerow([*columns, *scores(row.scores), *answers(_parsed(row.answers))])
        if number % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(instrument: Instrument, filters: ResponseFilters) -> Iterator[str]:
    """A JSON document streamed: metadata, then the responses array one element at a time."""
    head = {
        "instrument": instrument.slug,
        "instrument_version": instrument.version,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in asdict(filters).items()},
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "responses": ['
    separator = "\n"
    for row in _rows(filters, _COLUMNS):
        columns = dict(zip(RESPONSE_COLUMNS, row, strict=False))  # (the JSON texts follow)
        text = json.dumps(columns, ensure_ascii=False, default=datetime.isoformat)
        yield f'{separator}{text[:-1]}, "answers": {_json_text(row.answers)}, "scores": {_json_text(row.scores)}}}'
        separator = ",\n"
    yield "\n]}\n"


def _json_text(stored: str | None) -> str:
    """Stored JSON as the export writes it: `{}` for none, and text beyond ASCII as itself rather
    than the \\u escapes it is stored with (only such text is parsed and written again)."""
    if not stored or stored == "null":
        return "{}"
    return json.dumps(json.loads(stored), ensure_ascii=False) if "\\u" in stored else stored


def xlsx_file(
    instrument: Instrument, filters: ResponseFilters, progress: Callable[[int], None] | None = None, language: str | None = None
) -> IO[bytes]:
    """The spreadsheet in an anonymous temporary file, at its start; gone once closed. Headings and
    codes are labelled in `language` (the page's by default), with the codebook as a second sheet.

    A write-only workbook keeps its rows on disk as they are added, and the zip goes to disk too,
    so neither grows in memory with the number of responses. `progress` (a queued export) is told
    the number of rows written after each batch.
    """
    documented = codebook.columns(instrument, language or current_language())
    labeller = codebook.Labeller(documented)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("responses")
    spreadsheet.start_responses(sheet, documented)
    number = 0
    for number, values in enumerate(export_values(instrument, filters), 1):  # noqa: B007 - the count is the filter's range
        sheet.append([_cell(v) for v in labeller.row(values)])
        if progress is not None and number % BATCH == 0:
            progress(number)
    spreadsheet.finish_responses(sheet, len(documented), number)
    spreadsheet.add_codebook(workbook, documented)
    output = tempfile.TemporaryFile()
    try:
        workbook.save(output)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    return output


def codebook_csv(instrument: Instrument, language: str | None = None) -> str:
    """The codebook of the CSV and JSON exports: every column and every code, in `language`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in codebook.codebook_rows(codebook.columns(instrument, language or current_language())):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
