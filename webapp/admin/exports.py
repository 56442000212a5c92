"""Exports of responses: CSV and JSON streamed row by row, a spreadsheet (.xlsx) built on disk.

One row per response with every answer and every criterion score (both stored in the response's
own row). Rows are read in batches (`yield_per`; a server-side cursor on PostgreSQL), so memory
stays flat however many rows there are; the spreadsheet, a zip that can only be
sent once complete, is written to a temporary file and streamed from there. Text a spreadsheet
would run as a formula (starting with =, +, -, @, a tab or a carriage return) is neutralised with
a leading '. Control characters a spreadsheet refuses are removed from every cell.
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

from forms.model import Instrument
from forms.text_input import without_controls
from webapp.admin import codebook, spreadsheet
from webapp.admin.queries import ResponseFilters, filtered
from webapp.extensions import db
from webapp.i18n import current_language
from webapp.models import Response

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
_SELECTED = (*(getattr(Response, name) for name in RESPONSE_COLUMNS), Response.answers, Response.criterion_scores)


def neutralise(value: Any) -> Any:
    """A string a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def records(filters: ResponseFilters, batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Each matching response as a dict: its columns, `answers` and `scores` (criterion -> score)."""
    result = db.session.execute(filtered(filters, *_SELECTED).execution_options(yield_per=batch))
    for row in result:
        record = {name: getattr(row, name) for name in RESPONSE_COLUMNS}
        record["answers"] = row.answers or {}
        record["scores"] = row.criterion_scores or {}
        yield record


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
        value = without_controls(value)
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if kind is float:
        return round(value, 3)
    if value is None or kind is int or kind is bool:
        return value
    if kind is list or kind is tuple:
        return _cell("; ".join(str(v) for v in value))
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return neutralise(str(value))


def _values(instrument: Instrument, record: dict[str, Any]) -> list[Any]:
    """A record's values in export order: columns, then a score per criterion, then an answer per question."""
    answers, scores = record["answers"], record["scores"]
    values = [record[name] for name in RESPONSE_COLUMNS]
    values += [scores.get(c.id) for c in instrument.criteria]
    values += [answers.get(qid) for qid in instrument.questions]
    return values


def flat_row(instrument: Instrument, record: dict[str, Any]) -> list[Any]:
    """One CSV row, with the codes (the codebook says what they mean)."""
    return [_cell(v) for v in _values(instrument, record)]


def csv_chunks(instrument: Instrument, filters: ResponseFilters) -> Iterator[str]:
    """The CSV, a few hundred rows at a time (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header(instrument))
    for number, record in enumerate(records(filters), 1):
        writer.writerow(["" if v is None else v for v in flat_row(instrument, record)])
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
    for record in records(filters):
        record = {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


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
    for number, record in enumerate(records(filters), 1):  # noqa: B007 - the count is the filter's range
        sheet.append([_cell(v) for v in labeller.row(_values(instrument, record))])
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
