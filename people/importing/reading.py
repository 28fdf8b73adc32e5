"""Uploaded bytes → rows of cells, after checking that the bytes are what they claim to be.

We trust the content, not the file name: an xlsx is a zip with a workbook inside. Against zip
bombs we cap the sizes the archive declares (in all and per entry, as a compression ratio): zipfile,
which openpyxl reads through, never inflates an entry beyond its declared size. Before openpyxl
opens the file every entry is inflated once, counting bytes and checking its CRC, so an archive that
lies about its sizes, or is damaged, is refused with a plain message instead of an openpyxl error.
A CSV must decode as UTF-8 or Windows-1251 (what Excel saves in Russia) and is split on ';' or ',',
whichever the header uses.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # spreadsheet XML compresses about 10–30 times; bombs, thousands
MAX_ZIP_ENTRIES = 2000
MAX_DATA_ROWS = 50_000

XLSX = "xlsx"
CSV = "csv"

_ZIP_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc)
_INFLATE_CHUNK = 1024 * 1024


def roster_file_check(data: bytes) -> str:
    """Check size and content of an upload; return its real format (xlsx or csv)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(f"Файл больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ — разделите список на части.")
    if not data.strip():
        raise ValidationError("Файл пустой.")
    if data.startswith(_OLE_SIGNATURE):
        raise ValidationError("Это файл старого формата Excel (.xls): сохраните его как .xlsx или CSV.")
    if data.startswith(_ZIP_SIGNATURE):
        _xlsx_check(data)
        return XLSX
    _csv_decode(data)
    return CSV


def _xlsx_check(data: bytes) -> None:
    not_a_workbook = ValidationError("Файл не похож на книгу Excel (.xlsx): сохраните его из Excel заново.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise not_a_workbook from None
    with archive:
        entries = archive.infolist()
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise not_a_workbook
        too_big = ValidationError("Файл Excel внутри слишком большой или повреждён — его нельзя загрузить.")
        if len(entries) > MAX_ZIP_ENTRIES:
            raise too_big
        if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
            raise too_big
        for entry in entries:
            if entry.file_size > _INFLATE_CHUNK and entry.file_size > MAX_COMPRESSION_RATIO * max(
                entry.compress_size, 1
            ):
                raise too_big
        # The sizes above are what the archive claims; count what it really inflates to.
        inflated = 0
        try:
            for entry in entries:
                with archive.open(entry) as stream:
                    while chunk := stream.read(_INFLATE_CHUNK):
                        inflated += len(chunk)
                        if inflated > MAX_UNCOMPRESSED_BYTES:
                            raise too_big
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            raise not_a_workbook from None


def _csv_decode(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise ValidationError("Файл не похож на таблицу: загрузите .xlsx или CSV.")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("Не удалось прочитать CSV: сохраните его в кодировке UTF-8 или Windows-1251.")


def csv_delimiter(text: str) -> str:
    """';' or ',' (or a tab): whichever the first non-empty line, the header, uses most."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ";"


def read_rows(data: bytes, file_format: str) -> Iterator[tuple[int, tuple]]:
    """(row number as the spreadsheet shows it, cell values) for every row, blank ones included."""
    if file_format == XLSX:
        yield from _xlsx_rows(data)
    else:
        text = _csv_decode(data)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
        yield from enumerate((tuple(row) for row in reader), start=1)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises anything from KeyError to its own errors on broken files
        raise ValidationError("Не удалось открыть книгу Excel: сохраните её из Excel заново.") from None
    try:
        sheet = workbook.worksheets[0]
        # Some programs write a wrong sheet size; without it openpyxl reads every row there is.
        sheet.reset_dimensions()
        # In read-only mode openpyxl yields an empty tuple for each skipped row, so counting
        # from 1 gives the row numbers Excel shows.
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()
