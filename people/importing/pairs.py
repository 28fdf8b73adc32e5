"""A roster of existing pairs: one row is one mentor and one mentee in a program — all or nothing.

The same machinery as the people import (reading, headers, RowError, ImportReport, the organization's
write lock, one transaction that is rolled back on a dry run or on any error and otherwise marks the
import DONE before its commit), but each row goes through the pairing rules of ``programs.services``:
the people are looked up in the organization, every ``pair_violations`` message becomes an error of
the row, and the pair is formed by ``pair_create``. Rows are formed in
order inside the one transaction, so two rows that together exceed a mentor's capacity, or repeat
each other, are refused just as two curators' clicks would be.
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from people.importing import values
from people.importing.columns import HeaderMap, find_header_row, map_headers
from people.importing.parsing import RowError
from people.importing.reading import MAX_DATA_ROWS, read_rows
from people.importing.service import MAX_LISTED_CHANGES, ImportReport, roster_write_lock
from people.models import Organization, Person, RosterImport
from programs.models import MentoringForm, Pair, PairMember, Program, RoleModel
from programs.services import pair_create, pair_violations

Kind = RosterImport.Kind

# The column a broken rule points at when it is about the program row rather than a person.
_RULE_COLUMNS = {
    "program_completed": "program",
    "form_not_in_program": "form",
    "role_model_not_in_form": "role_model",
}
_SIDES = {"mentor": "наставник", "mentee": "наставляемый"}


@dataclass
class PairRow:
    """One row of the file: its checked cells and what is wrong with it."""

    number: int
    cells: dict[str, Any] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def pairs_check_and_write(
    *,
    organization: Organization,
    data: bytes,
    file_format: str,
    dry_run: bool = False,
    on_progress: Callable[[int], None] | None = None,
    on_written: Callable[[], None] | None = None,
) -> ImportReport:
    """Read a roster of pairs and form them all or nothing; with ``dry_run`` (or any error) nothing stays.

    ``on_written()`` runs inside the write transaction, just before a write that stays is committed.
    """
    header_map, rows, file_errors = _parse(data, file_format)
    report = ImportReport(
        kind=Kind.PAIRS,
        dry_run=dry_run,
        total_rows=len(rows),
        unknown_columns=list(header_map.unknown) if header_map else [],
    )
    if file_errors:
        report.errors = file_errors
        return report
    if on_progress:
        on_progress(len(rows))
    _write(
        rows,
        header_map,
        organization,
        report,
        dry_run=dry_run or any(row.errors for row in rows),
        on_written=on_written,
    )
    report.errors = sorted(
        [error for row in rows for error in row.errors], key=lambda error: (error.row or 0, error.column)
    )
    if report.errors:
        # Nothing is written while anything is wrong: counts of the good rows would only mislead.
        report.created = report.unchanged = 0
        report.changes = []
    return report


# --- Reading the cells -------------------------------------------------------------------------


def _parse(data: bytes, file_format: str) -> tuple[HeaderMap | None, list[PairRow], list[RowError]]:
    rows = read_rows(data, file_format)
    top_rows = []
    for number, cells in rows:
        top_rows.append((number, cells))
        if len(top_rows) >= 10:
            break
    header = find_header_row(top_rows, Kind.PAIRS)
    if header is None:
        message = (
            "Не найдена строка заголовков: в одной из первых строк должны быть столбцы «Программа», "
            "«Форма наставничества», «Наставник», «Наставляемый»."
        )
        return None, [], [RowError(None, "", message)]
    header_map = map_headers(*header, Kind.PAIRS)
    if header_map.errors:
        return header_map, [], [RowError(None, "", message) for message in header_map.errors]
    parsed: list[PairRow] = []
    data_rows = itertools.chain(((n, c) for n, c in top_rows if n > header_map.row_number), rows)
    for number, cells in data_rows:
        if all(values.is_blank(cell) for cell in cells):
            continue
        if len(parsed) >= MAX_DATA_ROWS:
            message = f"В файле больше {MAX_DATA_ROWS:,} строк — разделите его на части.".replace(",", " ")
            return header_map, parsed, [RowError(None, "", message)]
        parsed.append(_parse_row(number, cells, header_map))
    if not parsed:
        return header_map, [], [RowError(None, "", "Под строкой заголовков нет ни одной заполненной строки.")]
    return header_map, parsed, []


def _parse_row(number: int, cells: tuple, header_map: HeaderMap) -> PairRow:
    row = PairRow(number=number)
    parsers = {
        "program": values.text,
        "form": values.text,
        "role_model": values.text,
        "mentor_full_name": _full_name,
        "mentor_birth_date": values.parse_date,
        "mentor_external_id": values.text,
        "mentee_full_name": _full_name,
        "mentee_birth_date": values.parse_date,
        "mentee_external_id": values.text,
        "starts_on": lambda value: values.parse_date(value, allow_future=True),
        "planned_end_on": lambda value: values.parse_date(value, allow_future=True),
        "goals": values.text,
    }
    for key, parse in parsers.items():
        position = header_map.columns.get(key)
        if position is None:
            continue
        cell = cells[position] if position < len(cells) else None
        try:
            row.cells[key] = parse(cell)
        except ValueError as error:
            row.errors.append(RowError(number, header_map.header(key), str(error)))
    failed = {error.column for error in row.errors}
    for key in ("program", "form", "starts_on", "planned_end_on"):
        if not row.cells.get(key) and header_map.header(key) not in failed:
            row.errors.append(RowError(number, header_map.header(key), "Не заполнено."))
    for side in _SIDES:
        name_key, id_key = f"{side}_full_name", f"{side}_external_id"
        if not row.cells.get(name_key) and not row.cells.get(id_key) and header_map.header(name_key) not in failed:
            row.errors.append(RowError(number, header_map.header(name_key), "Не заполнено."))
    starts_on, planned_end_on = row.cells.get("starts_on"), row.cells.get("planned_end_on")
    if starts_on and planned_end_on and planned_end_on < starts_on:
        row.errors.append(
            RowError(number, header_map.header("planned_end_on"), "Плановое окончание не может быть раньше начала.")
        )
    return row


def _full_name(value) -> str:
    if values.is_blank(value):
        return ""
    return " ".join(values.split_full_name(value)).strip()


# --- Forming the pairs -------------------------------------------------------------------------


class _Directory:
    """The organization's programs, forms, role models and people, read once and matched by spelling."""

    def __init__(self, organization: Organization):
        self.programs = list(Program.objects.filter(organization=organization).prefetch_related("forms"))
        self.forms = list(MentoringForm.objects.all())
        self.role_models = list(RoleModel.objects.all())
        self.people = list(
            Person.objects.filter(organization=organization)
            .select_related("mentor_profile", "mentee_profile")
            .defer("search_name")
        )

    def program(self, spelled: str) -> Program:
        found = [program for program in self.programs if values.fold(program.title) == values.fold(spelled)]
        if len(found) > 1:
            raise ValueError(f"Программ «{spelled}» в организации несколько — переименуйте одну из них.")
        if not found:
            raise ValueError(f"Программа «{spelled}» не найдена в организации.")
        return found[0]

    def form(self, spelled: str) -> MentoringForm:
        folded = values.fold(spelled)
        found = [form for form in self.forms if folded in (values.fold(form.name), values.fold(form.code))]
        if not found:
            raise ValueError(f"Форма наставничества «{spelled}» не найдена: укажите её название или код.")
        return found[0]

    def role_model(self, spelled: str, form: MentoringForm | None) -> RoleModel:
        folded = values.fold(spelled)
        found = [model for model in self.role_models if folded in (values.fold(model.name), values.fold(model.code))]
        if form is not None:
            # The same name may exist in several forms: prefer the row's own form.
            found.sort(key=lambda model: model.form_id not in (form.pk, form.variation_of_id))
        if not found:
            raise ValueError(f"Ролевая модель «{spelled}» не найдена: укажите её название или код.")
        return found[0]

    def person(self, side: str, name: str, birth_date: dt.date | None, external_id: str) -> Person:
        role = _SIDES[side]
        if external_id:
            found = [person for person in self.people if person.external_id == external_id]
            if not found:
                raise ValueError(f"{role.capitalize()} с внешним идентификатором «{external_id}» не найден(а).")
            person = found[0]
            if name and _person_name(person) != values.fold(name):
                raise ValueError(
                    f"По внешнему идентификатору «{external_id}» найден(а) {person.full_name}, "
                    "а в строке указано другое ФИО."
                )
            return person
        found = [person for person in self.people if _person_name(person) == values.fold(name)]
        if birth_date:
            found = [person for person in found if person.birth_date == birth_date]
        if not found:
            born = f" с датой рождения {birth_date:%d.%m.%Y}" if birth_date else ""
            raise ValueError(
                f"{role.capitalize()} «{name}»{born} не найден(а) в организации: "
                "сначала загрузите его (её) в списке участников."
            )
        if len(found) > 1:
            raise ValueError(
                f"Участников «{found[0].full_name}» в организации несколько — "
                f"укажите дату рождения или внешний идентификатор: кто {role}?"
            )
        return found[0]


def _person_name(person: Person) -> str:
    return values.name_key(person.last_name, person.first_name, person.middle_name)


def _write(
    rows: list[PairRow],
    header_map: HeaderMap,
    organization: Organization,
    report: ImportReport,
    *,
    dry_run: bool,
    on_written: Callable[[], None] | None = None,
) -> None:
    """Form the rows' pairs in order in one transaction; roll it back on a dry run or on any error."""
    with transaction.atomic():
        roster_write_lock(organization)
        directory = _Directory(organization)
        existing = _open_pairs(organization)
        formed: dict[tuple[int, int, int], int] = {}  # (program, mentor, mentee) → the row that formed it
        for row in rows:
            if row.errors:
                _resolve(row, header_map, directory)  # still report unknown people and programs
                continue
            resolved = _resolve(row, header_map, directory)
            if resolved is None:
                continue
            program, form, role_model, mentor, mentee = resolved
            key = (program.pk, mentor.pk, mentee.pk)
            if key in formed:
                row.errors.append(
                    RowError(
                        row.number,
                        header_map.header("mentee_full_name"),
                        f"Пара {mentor.full_name} — {mentee.full_name} уже есть в строке {formed[key]}.",
                    )
                )
                continue
            if key in existing:
                report.unchanged += 1
                continue
            _form_pair(row, header_map, report, program, form, role_model, mentor, mentee)
            if not row.errors:
                formed[key] = row.number
        if dry_run or any(row.errors for row in rows):
            transaction.set_rollback(True)
        elif on_written is not None:
            # The import is marked DONE with its pairs: a retry after a crash cannot form them twice.
            on_written()


def _open_pairs(organization: Organization) -> set[tuple[int, int, int]]:
    """(program, mentor, mentee) of every open pair of the organization's programs, in one query."""
    members = PairMember.objects.filter(
        pair__program__organization=organization, pair__status__in=Pair.OPEN_STATUSES
    ).values_list("pair_id", "pair__program_id", "person_id", "role")
    mentors: dict[int, list[int]] = {}
    mentees: dict[int, list[int]] = {}
    programs: dict[int, int] = {}
    for pair_id, program_id, person_id, role in members:
        programs[pair_id] = program_id
        (mentors if role == PairMember.Role.MENTOR else mentees).setdefault(pair_id, []).append(person_id)
    return {
        (programs[pair_id], mentor_id, mentee_id)
        for pair_id in programs
        for mentor_id in mentors.get(pair_id, ())
        for mentee_id in mentees.get(pair_id, ())
    }


def _resolve(row: PairRow, header_map: HeaderMap, directory: _Directory):
    """The row's program, form, role model, mentor and mentee; None (with row errors) if any is unknown."""
    found: dict[str, Any] = {}

    def lookup(key: str, column_key: str, find) -> None:
        try:
            found[key] = find()
        except ValueError as error:
            row.errors.append(RowError(row.number, header_map.header(column_key), str(error)))

    cells = row.cells
    if cells.get("program"):
        lookup("program", "program", lambda: directory.program(cells["program"]))
    if cells.get("form"):
        lookup("form", "form", lambda: directory.form(cells["form"]))
    found["role_model"] = None
    if cells.get("role_model"):
        lookup("role_model", "role_model", lambda: directory.role_model(cells["role_model"], found.get("form")))
    for side in _SIDES:
        name, external_id = cells.get(f"{side}_full_name", ""), cells.get(f"{side}_external_id", "")
        if name or external_id:
            column = f"{side}_full_name" if name or not header_map.has(f"{side}_external_id") else f"{side}_external_id"
            lookup(
                side,
                column,
                lambda side=side, name=name, external_id=external_id: directory.person(
                    side, name, cells.get(f"{side}_birth_date"), external_id
                ),
            )
    if row.errors:
        return None
    return found["program"], found["form"], found["role_model"], found["mentor"], found["mentee"]


def _form_pair(row, header_map, report, program, form, role_model, mentor, mentee) -> None:
    """Check the pairing rules for the row and form its pair; each broken rule is an error of the row."""
    violations = pair_violations(program=program, form=form, role_model=role_model, mentors=[mentor], mentees=[mentee])
    for violation in violations:
        key = _RULE_COLUMNS.get(violation.rule)
        if key is None:
            key = "mentor_full_name" if violation.person == mentor else "mentee_full_name"
        row.errors.append(RowError(row.number, header_map.header(key), violation.message))
    if violations:
        return
    try:
        pair_create(
            program=program,
            form=form,
            role_model=role_model,
            mentors=[mentor],
            mentees=[mentee],
            starts_on=row.cells["starts_on"],
            planned_end_on=row.cells["planned_end_on"],
            goals=row.cells.get("goals", ""),
        )
    except ValidationError as error:
        row.errors.extend(RowError(row.number, "", message) for message in error.messages)
        return
    report.created += 1
    if len(report.changes) < 2 * MAX_LISTED_CHANGES:
        report.changes.append(
            {
                "row": row.number,
                "action": "created",
                "name": f"{mentor.full_name} — {mentee.full_name}",
                "details": f"программа «{program}», форма «{form}»",
            }
        )
