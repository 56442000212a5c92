"""The layout of the responses spreadsheet, for people who open it: a bold header row that wraps,
stays in view (frozen) and filters (autofilter), columns as wide as what they hold, and the
codebook as a second sheet.

Write-only worksheets (rows go to disk as they come) take the widths and the frozen pane before
the first row, and the filter's range once the last row is known.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from webapp.admin.codebook import TEXT, Column, codebook_rows

HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _header(sheet: WriteOnlyWorksheet, headings: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font, cell.alignment = HEADER_FONT, WRAP
        cells.append(cell)
    return cells


def start_responses(sheet: WriteOnlyWorksheet, documented: list[Column]) -> None:
    """Widths, the frozen header row and the header itself (the column headings)."""
    for index, column in enumerate(documented, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, [column.heading for column in documented]))


def finish_responses(sheet: WriteOnlyWorksheet, column_count: int, row_count: int) -> None:
    """The autofilter over the header and every row written."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, column_count))}{row_count + 1}"


def add_codebook(workbook: Workbook, documented: list[Column], title: str = "codebook") -> None:
    """A sheet explaining every column and every code."""
    sheet = workbook.create_sheet(title)
    for letter, width in zip("ABCDE", (24, 34, TEXT + 10, 16, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    rows = codebook_rows(documented)
    sheet.append(_header(sheet, next(rows)))
    count = 0
    for count, row in enumerate(rows, 1):  # noqa: B007 - the count is the filter's range
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            cell.alignment = WRAP
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A1:E{count + 1}"
