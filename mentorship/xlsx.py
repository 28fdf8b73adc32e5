"""Spreadsheet exports (xlsx) shared by every registry: safe text, real dates, a readable header.

Text from the database is written so that no spreadsheet program runs it as a formula:
a value starting with = + - @, a tab, CR or NUL gets a leading apostrophe and stays a string
(CSV/formula injection, OWASP).
"""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Excel forbids more than 31 characters and some symbols in a sheet title.
_SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclass(frozen=True)
class Column:
    """A column of an export: its header and width in characters."""

    header: str
    width: int = 18


def safe_text(value: str) -> str:
    """A string no spreadsheet program will take for a formula; characters xlsx cannot hold dropped."""
    if value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def cell_value(value):
    """Turn a Python value into what the cell should hold (text made safe, dates kept as dates)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return safe_text(", ".join(str(item) for item in value))
    return safe_text(str(value))


def workbook_build(*, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    """An xlsx file with one sheet: a bold, frozen header row with filters, then the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title.translate(_SHEET_TITLE_FORBIDDEN)[:31]
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=safe_text(column.header))
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    row_number = 1
    for row_number, row in enumerate(rows, start=2):
        for index, raw in enumerate(row, start=1):
            value = cell_value(raw)
            cell = sheet.cell(row=row_number, column=index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never "f", whatever openpyxl guessed
            elif isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row_number, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> HttpResponse:
    """An HTTP download of ``workbook_build``; ``filename`` may be Russian (RFC 6266 encoding)."""
    response = HttpResponse(workbook_build(title=title, columns=columns, rows=rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
