"""Reading uploads: content checks (zip bombs, old .xls, encodings), headers and the values of cells."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from people.importing import reading, values
from people.importing.columns import map_headers
from people.importing.reading import roster_file_check
from people.tests.test_import_support import xlsx_bytes


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


WORKBOOK_PARTS = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


def test_a_real_workbook_passes_and_is_told_from_csv():
    assert roster_file_check(xlsx_bytes([["ФИО"], ["Иванов Иван"]])) == "xlsx"
    assert roster_file_check("ФИО;Класс\r\nИванов Иван;5А".encode("cp1251")) == "csv"


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    bomb = zip_bytes({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"\0" * (8 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError, match="слишком большой или повреждён"):
        roster_file_check(bomb)


def test_a_zip_that_lies_about_its_sizes_is_refused():
    honest = zip_bytes({**WORKBOOK_PARTS, "xl/worksheets/sheet1.xml": b"\0" * (4 * 1024 * 1024)})
    sheet_name = b"xl/worksheets/sheet1.xml"
    lying = bytearray(honest)
    # Claim 10 bytes uncompressed in the local header (offset 22) and the central directory (offset 24).
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := lying.find(signature, start)) != -1:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if lying[name_at : name_at + len(sheet_name)] == sheet_name:
                lying[start + offset : start + offset + 4] = (10).to_bytes(4, "little")
            start += 4
    with pytest.raises(ValidationError, match="не похож на книгу Excel"):
        roster_file_check(bytes(lying))


def test_a_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(ValidationError, match="не похож на книгу Excel"):
        roster_file_check(zip_bytes({"word/document.xml": b"<w/>"}))


def test_an_oversized_upload_is_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 100)
    with pytest.raises(ValidationError, match="Файл больше"):
        roster_file_check(b"x;" * 100)


def test_csv_in_neither_encoding_is_refused():
    with pytest.raises(ValidationError, match="UTF-8 или Windows-1251"):
        roster_file_check(b"\x98\x98\x98;\x98")  # undefined in Windows-1251, invalid in UTF-8


@pytest.mark.parametrize(
    ("text", "delimiter"), [("ФИО;Класс;Пол", ";"), ("ФИО,Класс,Пол", ","), ("\n\nФИО\tКласс", "\t"), ("ФИО", ";")]
)
def test_csv_delimiter_is_the_one_the_header_uses(text, delimiter):
    assert reading.csv_delimiter(text) == delimiter


def test_csv_rows_keep_their_numbers_and_quoted_delimiters():
    data = 'ФИО;Должность\r\n"Иванов Иван";"учитель; классный руководитель"\r\n\r\nПетров Пётр;завуч\r\n'.encode()
    assert list(reading.read_rows(data, "csv")) == [
        (1, ("ФИО", "Должность")),
        (2, ("Иванов Иван", "учитель; классный руководитель")),
        (3, ()),
        (4, ("Петров Пётр", "завуч")),
    ]


def test_xlsx_rows_keep_excel_numbers_across_blank_rows():
    data = xlsx_bytes([["ФИО", "Класс"], [], [], ["Иванов Иван", "5А"]])
    rows = list(reading.read_rows(data, "xlsx"))
    assert rows[0] == (1, ("ФИО", "Класс"))
    assert rows[-1] == (4, ("Иванов Иван", "5А"))


def test_headers_are_matched_by_synonyms_whatever_the_case_and_punctuation():
    header_map = map_headers(
        1, ("  ф.и.о. ", "ДАТА РОЖДЕНИЯ (дд.мм.гггг)", "Класс*", "e-mail", "Код", "Что-то своё"), "pupils"
    )
    assert header_map.columns == {"full_name": 0, "birth_date": 1, "school_class": 2, "email": 3, "external_id": 4}
    assert header_map.unknown == ["Что-то своё"] and not header_map.errors


def test_in_a_parents_list_class_is_the_childs():
    header_map = map_headers(1, ("ФИО", "Кем приходится", "ФИО обучающегося", "Класс"), "parents")
    assert header_map.columns == {"full_name": 0, "relation": 1, "child_full_name": 2, "child_class": 3}


def test_both_fio_and_separate_name_columns_is_a_file_error():
    header_map = map_headers(1, ("ФИО", "Фамилия", "Имя", "Класс", "Дата рождения"), "pupils")
    assert any("оставьте что-то одно" in error for error in header_map.errors)


def test_two_columns_for_one_field_is_a_file_error():
    header_map = map_headers(1, ("ФИО", "Телефон", "Тел.", "Класс", "Дата рождения"), "pupils")
    assert header_map.errors == ["Столбцы «Телефон» и «Тел.» означают одно и то же — оставьте один."]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05.09.2011", dt.date(2011, 9, 5)),
        ("5.9.2011", dt.date(2011, 9, 5)),
        ("05/09/2011", dt.date(2011, 9, 5)),
        ("2011-09-05", dt.date(2011, 9, 5)),
        ("05.09.11", dt.date(2011, 9, 5)),
        ("05.09.87", dt.date(1987, 9, 5)),
        ("05.09.2011 г.", dt.date(2011, 9, 5)),
        (dt.datetime(2011, 9, 5, 0, 0), dt.date(2011, 9, 5)),
        (40791, dt.date(2011, 9, 5)),  # an Excel serial day number
        ("", None),
        (None, None),
    ],
)
def test_dates_in_the_spellings_schools_use(cell, expected):
    assert values.parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31.02.2011", "такой даты нет"),
        ("2011", "не дата"),
        (2011, "указан только год"),
        ("01.01.2999", "ещё не наступила"),
        ("сентябрь", "не дата"),
    ],
)
def test_bad_dates_are_explained(cell, message):
    with pytest.raises(ValueError, match=message):
        values.parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "sex"),
    [("м", "M"), ("М.", "M"), ("муж", "M"), ("Мужской", "M"), ("ж", "F"), ("жен.", "F"), ("женский", "F"), ("", None)],
)
def test_sex_spellings(cell, sex):
    assert values.parse_sex(cell) == sex


@pytest.mark.parametrize(
    ("patronymic", "sex"),
    [
        ("Петрович", "M"),
        ("Ильич", "M"),
        ("Рашид оглы", "M"),
        ("Петровна", "F"),
        ("Ильинична", "F"),
        ("Алиевна", "F"),
        ("", None),
        ("Ли", None),
    ],
)
def test_sex_from_the_patronymic(patronymic, sex):
    assert values.sex_from_patronymic(patronymic) == sex


def test_names_in_capitals_are_tidied_and_a_single_word_is_not_a_full_name():
    assert values.split_full_name("  ИВАНОВА-ПЕТРОВА   анна  ") == ("Иванова-Петрова", "Анна", "")
    with pytest.raises(ValueError, match="хотя бы фамилия и имя"):
        values.split_full_name("Иванов")


def test_excel_numbers_lose_their_trailing_zero():
    assert values.text(79141234567.0) == "79141234567"
