"""Reading what a customer pasted or uploaded into entries, one per line: newline text, CSV, or an .xlsx sheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import load_workbook  # type: ignore[import-untyped]  # ships no type information

from servicekit import ValidationFailed

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DIGITS = re.compile(r"\d")
# A cell "holds a number" when it has at least this many digits: shorter ones are counts, ids, extensions.
_MIN_DIGITS = 7


def text_entries(text: str) -> list[str]:
    """Newline-separated text: each non-blank line is one entry (R-PSTN-37)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def csv_entries(text: str) -> list[str]:
    """CSV: the column holding numbers, one entry per row; a header row without digits is skipped (R-PSTN-37)."""
    try:
        rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise ValidationFailed.field("body", f"not readable as CSV: {exc}", rule="R-PSTN-37") from exc
    return _column_entries(rows)


def xlsx_entries(content: bytes) -> list[str]:
    """An Excel workbook's first sheet, read like CSV (R-PSTN-37)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception as exc:  # whatever a damaged package makes openpyxl raise, the sheet is unreadable
        raise ValidationFailed.field("file", "not a readable .xlsx workbook", rule="R-PSTN-37") from exc
    return _column_entries(rows)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps 2125550100 as a float
    return str(value).strip()


def _holds_number(cell: str) -> bool:
    return len(_DIGITS.findall(cell)) >= _MIN_DIGITS


def _column_entries(rows: Sequence[Sequence[str]]) -> list[str]:
    """The cells of the column that most often holds numbers, blank cells left out, the header row too."""
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    hits = [sum(1 for row in rows if c < len(row) and _holds_number(row[c])) for c in range(width)]
    column = max(range(width), key=lambda c: (hits[c], -c))
    cells = [row[column] if column < len(row) else "" for row in rows]
    if cells and not _DIGITS.search(cells[0]):
        cells = cells[1:]  # a header ("Number", "DID" ...)
    return [cell for cell in cells if cell]


def entries_of(chunks: Iterable[str]) -> list[str]:
    """Several text chunks as one list of entries."""
    return [entry for chunk in chunks for entry in text_entries(chunk)]
