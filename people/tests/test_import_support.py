"""Builders of roster files for the import tests (this module has no tests of its own)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

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
