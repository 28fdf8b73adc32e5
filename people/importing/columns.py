"""Which columns each kind of roster has, and the Russian headers (with synonyms) that name them.

A school's spreadsheet is matched by its headers, compared case-, ё- and punctuation-blind:
«Дата рожд.», «дата рождения» and «Дата рождения (дд.мм.гггг)» are the same column.
"""

import re
from dataclasses import dataclass, field

from people.importing.values import fold
from people.models import RosterImport

Kind = RosterImport.Kind


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the header we print in templates, exports and messages
    synonyms: tuple[str, ...] = ()


COLUMNS = {
    column.key: column
    for column in (
        Column("full_name", "ФИО", ("Ф.И.О.", "Фамилия имя отчество", "ФИО участника", "Участник")),
        Column("last_name", "Фамилия"),
        Column("first_name", "Имя"),
        Column("middle_name", "Отчество"),
        Column("birth_date", "Дата рождения", ("Д.р.", "Д/р", "ДР", "Дата рожд.", "Дата рожд")),
        Column("sex", "Пол"),
        Column("school_class", "Класс", ("Класс/группа", "Класс (группа)", "Класс, группа", "Группа")),
        Column("position", "Должность", ("Профессия",)),
        Column(
            "teaching_since",
            "Дата начала педагогического стажа",
            ("Начало педагогического стажа", "Педагогический стаж с", "Педстаж с", "Стаж с", "Дата начала стажа"),
        ),
        Column(
            "phone",
            "Телефон",
            ("Тел.", "Тел", "Мобильный телефон", "Моб. телефон", "Контактный телефон", "Номер телефона"),
        ),
        Column(
            "email",
            "E-mail",
            ("Email", "Эл. почта", "Электронная почта", "Адрес электронной почты", "Почта", "E-mail адрес"),
        ),
        Column(
            "external_id",
            "Внешний идентификатор",
            ("Внешний ID", "Внешний код", "Идентификатор", "ID", "Код", "Код участника", "Уникальный код"),
        ),
        Column("category", "Категория", ("Категория участника",)),
        Column(
            "partner_name",
            "Организация",
            ("Организация-партнёр", "Организация партнёр", "Предприятие", "Наименование организации", "Партнёр"),
        ),
        Column("partner_inn", "ИНН организации", ("ИНН", "ИНН предприятия", "ИНН партнёра")),
        Column(
            "consent_date",
            "Дата согласия",
            (
                "Согласие",
                "Согласие на обработку ПД",
                "Согласие на обработку персональных данных",
                "Дата подписания согласия",
                "Согласие получено",
            ),
        ),
        Column("consent_signed_by", "Согласие подписал", ("Кто подписал согласие", "Подписал согласие")),
        Column("consent_valid_until", "Согласие действует до", ("Срок действия согласия",)),
        Column("child_full_name", "ФИО ребёнка", ("Ребёнок",)),
        Column("child_class", "Класс ребёнка", ("Класс обучающегося", "Класс ученика")),
        Column("child_birth_date", "Дата рождения ребёнка", ("Дата рождения обучающегося", "Дата рождения ученика")),
        Column(
            "relation",
            "Кем приходится",
            ("Кем приходится ребёнку", "Степень родства", "Родство", "Кем является"),
        ),
        Column(
            "authority_document",
            "Документ о полномочиях",
            ("Документ, подтверждающий полномочия", "Реквизиты акта о назначении"),
        ),
        Column(
            "child_consent_date",
            "Дата согласия за ребёнка",
            ("Согласие за ребёнка", "Согласие на ребёнка", "Дата согласия ребёнка"),
        ),
        Column("mentor_status", "Статус", ("Статус наставника",)),
        Column("competencies", "Компетенции", ("Компетенции наставника",)),
        Column("interests", "Интересы"),
        Column("experience", "Опыт"),
        Column("motivation", "Мотивация"),
        Column(
            "capacity",
            "Число наставляемых",
            ("Наибольшее число наставляемых", "Сколько наставляемых", "Максимум наставляемых"),
        ),
        Column("hours_per_month", "Часов в месяц", ("Ресурс времени", "Ресурс времени, часов в месяц", "Часы в месяц")),
        Column("approved_on", "Дата одобрения", ("Дата утверждения", "Одобрен")),
        Column("approval_basis", "Основание одобрения", ("Основание",)),
        Column("mentee_status", "Статус", ("Статус наставляемого",)),
        Column("request_text", "Запрос", ("Текст запроса", "Запрос наставляемого")),
        Column("request_source", "Источник запроса", ("Источник",)),
        Column("request_tags", "Темы запроса", ("Темы", "Теги")),
        Column("request_date", "Дата запроса"),
        Column("notes", "Примечания", ("Примечание", "Комментарий")),
        # A roster of pairs: each row names a program, a form and the two people by name.
        Column("program", "Программа", ("Программа наставничества", "Название программы")),
        Column("form", "Форма наставничества", ("Форма",)),
        Column("role_model", "Ролевая модель", ("Модель",)),
        Column("mentor_full_name", "Наставник", ("ФИО наставника",)),
        Column("mentor_birth_date", "Дата рождения наставника", ("Д.р. наставника",)),
        Column("mentor_external_id", "Внешний идентификатор наставника", ("ID наставника", "Код наставника")),
        Column("mentee_full_name", "Наставляемый", ("ФИО наставляемого",)),
        Column("mentee_birth_date", "Дата рождения наставляемого", ("Д.р. наставляемого",)),
        Column(
            "mentee_external_id",
            "Внешний идентификатор наставляемого",
            ("ID наставляемого", "Код наставляемого"),
        ),
        Column("starts_on", "Дата начала", ("Начало", "Начало работы", "Дата начала работы пары")),
        Column("planned_end_on", "Плановое окончание", ("Дата окончания", "Окончание", "Плановая дата окончания")),
        Column("goals", "Цели", ("Цель", "Цели пары")),
    )
}

NAME_KEYS = ("full_name", "last_name", "first_name", "middle_name")
PERSON_KEYS = (*NAME_KEYS, "birth_date", "sex", "phone", "email", "external_id")
CONSENT_KEYS = ("consent_date", "consent_signed_by", "consent_valid_until")
MENTOR_KEYS = (
    "mentor_status",
    "competencies",
    "interests",
    "experience",
    "motivation",
    "capacity",
    "hours_per_month",
    "approved_on",
    "approval_basis",
)
PAIR_KEYS = (
    "program",
    "form",
    "role_model",
    "mentor_full_name",
    "mentor_birth_date",
    "mentor_external_id",
    "mentee_full_name",
    "mentee_birth_date",
    "mentee_external_id",
    "starts_on",
    "planned_end_on",
    "goals",
)
PAIR_REQUIRED_KEYS = ("program", "form", "mentor_full_name", "mentee_full_name", "starts_on", "planned_end_on")
MENTEE_KEYS = ("mentee_status", "request_text", "request_source", "request_tags", "request_date", "notes")
PARENT_KEYS = (
    "child_full_name",
    "child_class",
    "child_birth_date",
    "relation",
    "authority_document",
    "child_consent_date",
)

KIND_COLUMNS: dict[str, tuple[str, ...]] = {
    Kind.PUPILS: (*PERSON_KEYS, "school_class", *CONSENT_KEYS),
    Kind.STAFF: (*PERSON_KEYS, "position", "teaching_since", *CONSENT_KEYS),
    Kind.PARENTS: (*PERSON_KEYS, *PARENT_KEYS, *CONSENT_KEYS),
    Kind.PARTNERS: (*PERSON_KEYS, "category", "position", "partner_name", "partner_inn", *CONSENT_KEYS),
    Kind.MENTORS: (
        *PERSON_KEYS,
        "category",
        "school_class",
        "position",
        "teaching_since",
        "partner_name",
        "partner_inn",
        *MENTOR_KEYS,
        *CONSENT_KEYS,
    ),
    Kind.MENTEES: (*PERSON_KEYS, "category", "school_class", "position", "teaching_since", *MENTEE_KEYS, *CONSENT_KEYS),
    Kind.PAIRS: PAIR_KEYS,
}

# Headers whose meaning depends on the roster: in a parents' list «Класс» is the child's class
# and «ФИО обучающегося» is the child, in a pupils' list they are the pupil's own.
KIND_SYNONYMS: dict[str, dict[str, str]] = {
    Kind.PUPILS: {
        "ФИО обучающегося": "full_name",
        "ФИО ученика": "full_name",
        "Обучающийся": "full_name",
        "Ученик": "full_name",
    },
    Kind.STAFF: {
        "ФИО педагога": "full_name",
        "ФИО сотрудника": "full_name",
        "ФИО работника": "full_name",
        "Педагог": "full_name",
        "Сотрудник": "full_name",
    },
    Kind.PARENTS: {
        "ФИО родителя": "full_name",
        "ФИО законного представителя": "full_name",
        "ФИО представителя": "full_name",
        "Родитель": "full_name",
        "Законный представитель": "full_name",
        "ФИО обучающегося": "child_full_name",
        "ФИО ученика": "child_full_name",
        "ФИО ребенка": "child_full_name",
        "Обучающийся": "child_full_name",
        "Ученик": "child_full_name",
        "Класс": "child_class",
    },
    Kind.PARTNERS: {
        "ФИО сотрудника": "full_name",
        "ФИО работника": "full_name",
        "ФИО представителя": "full_name",
        "Сотрудник": "full_name",
    },
    Kind.MENTORS: {"ФИО наставника": "full_name", "Наставник": "full_name"},
    Kind.MENTEES: {
        "ФИО наставляемого": "full_name",
        "Наставляемый": "full_name",
        "ФИО обучающегося": "full_name",
        "Обучающийся": "full_name",
    },
    Kind.PAIRS: {},
}

# The columns of the sample file each kind offers for download, in a sensible order.
KIND_TEMPLATES: dict[str, tuple[str, ...]] = {
    Kind.PUPILS: (
        "external_id",
        "last_name",
        "first_name",
        "middle_name",
        "sex",
        "birth_date",
        "school_class",
        "phone",
        "email",
        "consent_date",
        "consent_signed_by",
    ),
    Kind.STAFF: (
        "external_id",
        "last_name",
        "first_name",
        "middle_name",
        "sex",
        "birth_date",
        "position",
        "teaching_since",
        "phone",
        "email",
        "consent_date",
    ),
    Kind.PARENTS: (
        "full_name",
        "sex",
        "phone",
        "email",
        "child_full_name",
        "child_class",
        "child_birth_date",
        "relation",
        "consent_date",
        "child_consent_date",
    ),
    Kind.PARTNERS: ("full_name", "sex", "position", "partner_name", "partner_inn", "phone", "email", "consent_date"),
    Kind.MENTORS: (
        "external_id",
        "full_name",
        "birth_date",
        "category",
        "position",
        "mentor_status",
        "competencies",
        "interests",
        "capacity",
        "hours_per_month",
        "approved_on",
        "approval_basis",
    ),
    Kind.MENTEES: (
        "external_id",
        "full_name",
        "birth_date",
        "school_class",
        "request_text",
        "request_source",
        "request_tags",
        "request_date",
    ),
    Kind.PAIRS: PAIR_KEYS,
}

HEADER_SEARCH_ROWS = 10


def normalize_header(header: str) -> str:
    """«Дата рожд.*» → «дата рожд»: case, ё, punctuation and required-field stars do not matter."""
    return fold(re.sub(r"[^\w]+", " ", header.replace("ё", "е").replace("Ё", "Е")))


def _without_notes(header: str) -> str:
    """«Дата рождения (дд.мм.гггг)» → «Дата рождения»."""
    return re.sub(r"\(.*?\)|\[.*?\]", " ", header)


def header_index(kind: str) -> dict[str, str]:
    """Normalized header → column key, for one kind of roster."""
    index: dict[str, str] = {}
    for key in KIND_COLUMNS[kind]:
        column = COLUMNS[key]
        for spelling in (column.label, *column.synonyms):
            index.setdefault(normalize_header(spelling), key)
    for spelling, key in KIND_SYNONYMS[kind].items():
        index[normalize_header(spelling)] = key
    return index


def _other_kinds_index(kind: str) -> dict[str, str]:
    """Headers this kind does not use but another does: told apart from plain unknown ones."""
    mine = header_index(kind)
    others: dict[str, str] = {}
    for other in Kind.values:
        if other != kind:
            for spelling, key in header_index(other).items():
                if spelling not in mine:
                    others.setdefault(spelling, key)
    return others


def _lookup(index: dict[str, str], header: str) -> str | None:
    return index.get(normalize_header(header)) or index.get(normalize_header(_without_notes(header)))


@dataclass
class HeaderMap:
    """Where each known column is in the file, and what the file has that we do not know."""

    row_number: int
    headers: list[str]
    columns: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns

    def header(self, key: str) -> str:
        """The header as the file spells it (what the user will look for), or our label."""
        if key in self.columns:
            return self.headers[self.columns[key]]
        return COLUMNS[key].label


def _cell_text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def find_header_row(first_rows: list[tuple[int, tuple]], kind: str) -> tuple[int, tuple] | None:
    """The first of the top rows in which at least two cells are headers we know."""
    index = header_index(kind)
    for number, values in first_rows[:HEADER_SEARCH_ROWS]:
        known = sum(1 for value in values if _cell_text(value) and _lookup(index, _cell_text(value)))
        if known >= 2:
            return number, values
    return None


def map_headers(row_number: int, values: tuple, kind: str) -> HeaderMap:
    """Match the header row to column keys; note unknown columns and what is missing or doubled."""
    headers = [_cell_text(value) for value in values]
    index = header_index(kind)
    others = _other_kinds_index(kind)
    kind_label = Kind(kind).label
    header_map = HeaderMap(row_number=row_number, headers=headers)
    for position, header in enumerate(headers):
        if not header:
            continue
        key = _lookup(index, header)
        if key is None:
            hint = f" (не используется в списке «{kind_label}»)" if _lookup(others, header) else ""
            header_map.unknown.append(f"{header}{hint}")
        elif key in header_map.columns:
            first = headers[header_map.columns[key]]
            header_map.errors.append(f"Столбцы «{first}» и «{header}» означают одно и то же — оставьте один.")
        else:
            header_map.columns[key] = position
    _check_required(header_map, kind)
    return header_map


def _check_required(header_map: HeaderMap, kind: str) -> None:
    has = header_map.has
    errors = header_map.errors
    if kind == Kind.PAIRS:  # people are named by the mentor's and mentee's columns, not by «ФИО»
        errors.extend(f"Нет столбца «{COLUMNS[key].label}»." for key in PAIR_REQUIRED_KEYS if not has(key))
        return
    if has("full_name") and (has("last_name") or has("first_name") or has("middle_name")):
        errors.append(
            f"Есть и столбец «{header_map.header('full_name')}», и отдельные столбцы фамилии, имени, отчества — "
            "оставьте что-то одно."
        )
    elif not has("full_name") and not (has("last_name") and has("first_name")):
        errors.append("Нет столбца «ФИО» (или столбцов «Фамилия» и «Имя»).")
    required = {
        Kind.PUPILS: ("school_class", "birth_date"),
        Kind.PARENTS: ("child_full_name", "relation"),
    }.get(kind, ())
    for key in required:
        if not has(key):
            errors.append(f"Нет столбца «{COLUMNS[key].label}».")
    if kind == Kind.PARENTS and not (has("child_class") or has("child_birth_date")):
        errors.append("Чтобы найти ребёнка, нужен столбец «Класс ребёнка» или «Дата рождения ребёнка».")
    if kind == Kind.PARTNERS and not (has("partner_name") or has("partner_inn")):
        errors.append("Нет столбца «Организация» или «ИНН организации».")
    if has("consent_signed_by") and not has("consent_date"):
        errors.append("Есть столбец «Согласие подписал», но нет столбца «Дата согласия».")


def kind_descriptions() -> list[dict]:
    """Each kind of roster with the headers it understands, for the upload page's help."""
    return [
        {"value": kind.value, "label": kind.label, "columns": [COLUMNS[key].label for key in KIND_COLUMNS[kind]]}
        for kind in Kind
    ]


def template_headers(kind: str) -> list[str]:
    """The headers of the sample file for a kind of roster."""
    return [COLUMNS[key].label for key in KIND_TEMPLATES[kind]]


def template_workbook(kind: str) -> bytes:
    """An empty sample file for a kind of roster: its headers in bold, columns wide enough to read."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Список"
    sheet.append(template_headers(kind))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
