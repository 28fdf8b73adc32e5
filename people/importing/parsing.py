"""Rows of a roster → checked values, one ParsedRow per person, before anything touches the database.

This is the part of an import that reads and understands every cell; it needs no database, so a
background import runs it outside the all-or-nothing transaction and reports its progress as it goes.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from people.importing import values
from people.importing.columns import COLUMNS, HeaderMap, find_header_row, map_headers
from people.importing.reading import MAX_DATA_ROWS, read_rows
from people.models import Person, RosterImport

Kind = RosterImport.Kind
PROGRESS_EVERY = 500

# What a kind of roster creates when a row names nobody we know.
KIND_CATEGORY = {
    Kind.PUPILS: Person.Category.PUPIL,
    Kind.STAFF: Person.Category.TEACHER,
    Kind.PARENTS: Person.Category.PARENT,
    Kind.PARTNERS: Person.Category.EMPLOYER,
    Kind.MENTORS: Person.Category.TEACHER,
    Kind.MENTEES: Person.Category.PUPIL,
}
PARTNER_CATEGORIES = (Person.Category.EMPLOYER, Person.Category.PARTNER)


@dataclass
class RowError:
    """One problem, where the user will find it: the spreadsheet row (None: the whole file) and column."""

    row: int | None
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = f"Строка {self.row}" if self.row else "Файл"
        column = f", «{self.column}»" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class ParsedRow:
    """One row of the file: the person's fields, the row's other columns, and what is wrong with it."""

    number: int
    person: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    sex_inferred: bool = False

    @property
    def full_name(self) -> str:
        parts = (self.person.get("last_name"), self.person.get("first_name"), self.person.get("middle_name"))
        return " ".join(part for part in parts if part)


@dataclass
class ParsedRoster:
    kind: str
    header_map: HeaderMap | None
    rows: list[ParsedRow] = field(default_factory=list)
    file_errors: list[RowError] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.file_errors + [error for row in self.rows for error in row.errors]

    @property
    def notes(self) -> list[str]:
        inferred = [row.number for row in self.rows if row.sex_inferred]
        if not inferred:
            return []
        shown = ", ".join(str(number) for number in inferred[:20]) + (" …" if len(inferred) > 20 else "")
        rows = "строка" if len(inferred) == 1 else "строки"
        source = "по отчеству или по тому, кем приходится ребёнку," if self.kind == Kind.PARENTS else "по отчеству"
        return [
            f"Пол не указан и определён {source} у {len(inferred)} чел. ({rows} {shown}). "
            "Проверьте или заполните столбец «Пол»."
        ]


def parse_roster(data: bytes, file_format: str, kind: str, on_progress: Callable[[int], None] | None = None):
    """Read the file and check every row; call ``on_progress(rows_done)`` every few hundred rows."""
    rows = read_rows(data, file_format)
    top_rows = []
    for number, cells in rows:
        top_rows.append((number, cells))
        if len(top_rows) >= 10:
            break
    header = find_header_row(top_rows, kind)
    if header is None:
        message = (
            "Не найдена строка заголовков: в одной из первых строк должны быть столбцы, например, "
            "«Фамилия», «Имя», «Дата рождения» или «ФИО»."
        )
        return ParsedRoster(kind=kind, header_map=None, file_errors=[RowError(None, "", message)])
    header_map = map_headers(*header, kind)
    roster = ParsedRoster(kind=kind, header_map=header_map)
    roster.file_errors = [RowError(None, "", message) for message in header_map.errors]
    if roster.file_errors:
        return roster
    data_rows = _chain(((n, c) for n, c in top_rows if n > header_map.row_number), rows)
    parser = _RowParser(kind, header_map)
    headless_columns: set[int] = set()
    for number, cells in data_rows:
        if all(values.is_blank(cell) for cell in cells):
            continue
        if len(roster.rows) >= MAX_DATA_ROWS:
            roster.file_errors.append(
                RowError(
                    None, "", f"В файле больше {MAX_DATA_ROWS:,} строк — разделите его на части.".replace(",", " ")
                )
            )
            break
        headless_columns.update(
            position
            for position, cell in enumerate(cells)
            if not values.is_blank(cell) and (position >= len(header_map.headers) or not header_map.headers[position])
        )
        roster.rows.append(parser.parse(number, cells))
        if on_progress and len(roster.rows) % PROGRESS_EVERY == 0:
            on_progress(len(roster.rows))
    header_map.unknown.extend(f"столбец № {position + 1} без заголовка" for position in sorted(headless_columns))
    if not roster.rows and not roster.file_errors:
        roster.file_errors.append(RowError(None, "", "Под строкой заголовков нет ни одной заполненной строки."))
    return roster


def _chain(first: Iterable, rest: Iterable):
    yield from first
    yield from rest


class _RowParser:
    """Turns the cells of one row into values; each bad cell becomes a RowError naming its column."""

    def __init__(self, kind: str, header_map: HeaderMap):
        self.kind = kind
        self.header_map = header_map
        self.positions = header_map.columns
        self.parsers = [parser for parser in self._field_parsers() if parser[0] in self.positions]

    def cell(self, cells: tuple, key: str):
        position = self.positions.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def parse(self, number: int, cells: tuple) -> ParsedRow:
        row = ParsedRow(number=number)
        self._names(row, cells)
        for key, target, parser in self.parsers:
            try:
                value = parser(self.cell(cells, key))
            except ValueError as error:
                row.errors.append(RowError(number, self.header_map.header(key), str(error)))
                continue
            (row.person if target == "person" else row.extra)[key] = value
        self._sex(row)
        self._required(row)
        return row

    def _names(self, row: ParsedRow, cells: tuple) -> None:
        if "full_name" in self.positions:
            try:
                last, first, middle = values.split_full_name(self.cell(cells, "full_name"))
            except ValueError as error:
                row.errors.append(RowError(row.number, self.header_map.header("full_name"), str(error)))
                return
            row.person.update(last_name=last, first_name=first, middle_name=middle)
            return
        for key in ("last_name", "first_name", "middle_name"):
            if key in self.positions:
                row.person[key] = values.tidy_name(self.cell(cells, key))
        for key in ("last_name", "first_name"):
            if not row.person.get(key):
                row.errors.append(RowError(row.number, self.header_map.header(key), "Не заполнено."))

    def _field_parsers(self):
        kind = self.kind
        category_spellings = values.CATEGORY_SPELLINGS
        if kind == Kind.PARTNERS:
            category_spellings = {
                spelling: code for spelling, code in category_spellings.items() if code in PARTNER_CATEGORIES
            }
        return (
            ("birth_date", "person", values.parse_date),
            ("sex", "person", values.parse_sex),
            ("school_class", "person", values.parse_school_class),
            ("position", "person", values.text),
            ("teaching_since", "person", values.parse_date),
            ("phone", "person", values.text),
            ("email", "person", _parse_email),
            ("external_id", "person", values.text),
            ("category", "person", lambda value: values.parse_choice(value, category_spellings, "категория")),
            ("partner_name", "extra", values.text),
            ("partner_inn", "extra", lambda value: values.text(value).replace(" ", "")),
            ("consent_date", "extra", _parse_consent_date),
            ("consent_signed_by", "extra", values.tidy_name),
            ("consent_valid_until", "extra", lambda value: values.parse_date(value, allow_future=True)),
            ("child_full_name", "extra", _parse_optional_full_name),
            ("child_class", "extra", values.parse_school_class),
            ("child_birth_date", "extra", values.parse_date),
            (
                "relation",
                "extra",
                lambda value: values.parse_choice(value, values.RELATION_SPELLINGS, "кем приходится"),
            ),
            ("authority_document", "extra", values.text),
            ("child_consent_date", "extra", _parse_consent_date),
            (
                "mentor_status",
                "extra",
                lambda value: values.parse_choice(value, values.MENTOR_STATUS_SPELLINGS, "статус"),
            ),
            ("competencies", "extra", _parse_tags),
            ("interests", "extra", _parse_tags),
            ("experience", "extra", values.text),
            ("motivation", "extra", values.text),
            ("capacity", "extra", lambda value: values.parse_int(value, minimum=1, maximum=100)),
            ("hours_per_month", "extra", lambda value: values.parse_int(value, minimum=0, maximum=744)),
            ("approved_on", "extra", values.parse_date),
            ("approval_basis", "extra", values.text),
            (
                "mentee_status",
                "extra",
                lambda value: values.parse_choice(value, values.MENTEE_STATUS_SPELLINGS, "статус"),
            ),
            ("request_text", "extra", values.text),
            (
                "request_source",
                "extra",
                lambda value: values.parse_choice(value, values.REQUEST_SOURCE_SPELLINGS, "источник запроса"),
            ),
            ("request_tags", "extra", _parse_tags),
            ("request_date", "extra", values.parse_date),
            ("notes", "extra", values.text),
        )

    def _sex(self, row: ParsedRow) -> None:
        """Pick the sex from the file, else from the patronymic, else from «мать»/«отец»."""
        if row.person.get("sex") or any(error.column == self.header_map.header("sex") for error in row.errors):
            return
        inferred = values.sex_from_patronymic(row.person.get("middle_name", "")) or values.RELATION_SEX.get(
            row.extra.get("relation")
        )
        # None leaves an existing person's sex alone; for a new person the resource asks for it.
        row.person["sex"] = inferred
        row.sex_inferred = inferred is not None

    def _required(self, row: ParsedRow) -> None:
        def missing(key: str, message: str = "Не заполнено.") -> None:
            if key in self.positions and not _has_error(row, self.header_map.header(key)):
                row.errors.append(RowError(row.number, self.header_map.header(key), message))

        person, extra = row.person, row.extra
        if self.kind == Kind.PUPILS:
            if not person.get("school_class"):
                missing("school_class", "Не указан класс.")
            if not person.get("birth_date"):
                missing("birth_date", "Не указана дата рождения.")
        if self.kind == Kind.PARENTS:
            if not extra.get("child_full_name"):
                missing("child_full_name", "Не указано, чей это родитель: заполните ФИО ребёнка.")
            if not extra.get("relation"):
                missing("relation", "Не указано, кем приходится ребёнку (мать, отец, опекун…).")
            if not extra.get("child_class") and not extra.get("child_birth_date"):
                key = "child_class" if "child_class" in self.positions else "child_birth_date"
                missing(key, "Чтобы найти ребёнка, укажите его класс или дату рождения.")
        if self.kind == Kind.PARTNERS and not extra.get("partner_name") and not extra.get("partner_inn"):
            missing("partner_name" if "partner_name" in self.positions else "partner_inn", "Не указана организация.")
        if extra.get("consent_signed_by") and not extra.get("consent_date"):
            missing("consent_date", "Указано, кто подписал согласие, но нет даты согласия.")
        valid_until, signed_on = extra.get("consent_valid_until"), extra.get("consent_date")
        if valid_until and signed_on and valid_until < signed_on:
            missing("consent_valid_until", "Срок действия согласия кончается раньше даты подписания.")
        if extra.get("request_text") and not extra.get("request_source"):
            if "request_source" in self.positions:
                missing("request_source", "Укажите источник запроса (самозапрос, классный руководитель…).")
            else:
                row.errors.append(
                    RowError(row.number, COLUMNS["request_source"].label, "Нет столбца с источником запроса.")
                )
        if extra.get("request_source") and not extra.get("request_text"):
            missing("request_text", "Указан источник, но нет текста запроса.")


def _has_error(row: ParsedRow, column: str) -> bool:
    return any(error.column == column for error in row.errors)


def _parse_email(value) -> str:
    email = values.text(value).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(f"«{values.text(value)}» — не похоже на адрес электронной почты") from None
    return email


def _parse_consent_date(value):
    try:
        return values.parse_date(value)
    except ValueError as error:
        if "ещё не наступила" in str(error):
            raise ValueError(f"«{values.text(value)}» — дата подписания не может быть в будущем") from None
        raise


def _parse_optional_full_name(value) -> str:
    if values.is_blank(value):
        return ""
    return " ".join(values.split_full_name(value)).strip()


def _parse_tags(value) -> list[str]:
    tags = values.parse_list(value)
    too_long = [tag for tag in tags if len(tag) > 100]
    if too_long:
        raise ValueError(f"«{too_long[0][:40]}…» — длиннее 100 знаков")
    return tags
