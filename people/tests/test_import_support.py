"""Builders of roster files for the import tests, and a live run's lock (this module has no tests of its own)."""

import io
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from openpyxl import Workbook

from people.importing.service import _RUN_LOCK_NAMESPACE

PUPIL_HEADERS = ["Внешний идентификатор", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс"]


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows: list[list], name: str = "список.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def csv_upload(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";", name: str = "список.csv"):
    text = "\r\n".join(delimiter.join(str(cell) for cell in row) for row in rows) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding))


SURNAMES = ("Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков")


def pupil_rows(count: int, *, start: int = 1) -> list[list]:
    """Rows of distinct pupils (УЧ-001, УЧ-002…) born in March 2012, in classes 5А–9А."""
    return [
        [
            f"УЧ-{number:03d}",
            SURNAMES[number % 10],
            "Пётр",
            "Сергеевич",
            "м",
            f"{number % 28 + 1:02d}.03.2012",
            f"{5 + number % 5}А",
        ]
        for number in range(start, start + count)
    ]


@contextmanager
def run_lock_held_elsewhere(roster_import_id: int):
    """The import's run lock held by another database connection, as the process running it holds it."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_RUN_LOCK_NAMESPACE, roster_import_id])
        yield
    finally:
        other.close()  # PostgreSQL drops the lock with the connection
