"""One spreadsheet cell → one Python value, or a ValueError whose text the user reads.

A cell may hold what Excel or a CSV gives: ``str``, ``int``, ``float``, ``datetime``, ``None``.
Messages quote the value as the user typed it and say what was expected.
"""

import datetime as dt
import re

from django.utils import timezone
from openpyxl.utils.datetime import from_excel

from people.classes import normalize_school_class
from people.models import LegalRepresentative, MenteeProfile, MenteeRequest, MentorProfile, Person

EARLIEST_YEAR = 1900
# Excel serial day numbers of 01.01.1900 and 31.12.9999: a number in between may be a date cell
# whose format was lost (a CSV saved from Excel, a "general" cell).
_EXCEL_SERIAL_RANGE = (1, 2_958_465)
_DATE_RE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")

SEX_SPELLINGS = {
    "м": Person.Sex.MALE,
    "муж": Person.Sex.MALE,
    "мужской": Person.Sex.MALE,
    "мальчик": Person.Sex.MALE,
    "m": Person.Sex.MALE,
    "male": Person.Sex.MALE,
    "ж": Person.Sex.FEMALE,
    "жен": Person.Sex.FEMALE,
    "женский": Person.Sex.FEMALE,
    "девочка": Person.Sex.FEMALE,
    "f": Person.Sex.FEMALE,
    "female": Person.Sex.FEMALE,
}
_MALE_PATRONYMIC_ENDINGS = ("ич", "оглы", "улы", "уулу")
_FEMALE_PATRONYMIC_ENDINGS = ("на", "кызы", "гызы")


def fold(value: str) -> str:
    """Lower case, ё as е, single spaces: the form in which two spellings are compared."""
    return " ".join(value.lower().replace("ё", "е").split())


def text(value) -> str:
    """The text of a cell with spaces tidied; whole numbers lose Excel's ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return " ".join(str(value).split())


def is_blank(value) -> bool:
    if value is None:
        return True
    return not value.strip() if isinstance(value, str) else False


def tidy_name(value) -> str:
    """A name part with its spaces tidied; «ИВАНОВ» and «иванов» become «Иванов»."""
    name = text(value)
    if name and (name.isupper() or name.islower()):
        name = "-".join(" ".join(word.capitalize() for word in part.split(" ")) for part in name.split("-"))
    return name


_NAME_PARTICLES = {"оглы", "кызы", "улы", "уулу", "ибн"}


def split_full_name(value) -> tuple[str, str, str]:
    """«Иванов Иван Иванович» → its three parts; everything after the name is the patronymic."""
    words = [word if word.lower() in _NAME_PARTICLES else tidy_name(word) for word in text(value).split(" ")]
    if len(words) < 2 or not words[0]:
        raise ValueError(f"«{text(value)}» — нужны хотя бы фамилия и имя, например «Иванов Иван Петрович»")
    return words[0], words[1], " ".join(words[2:])


def name_key(last_name: str, first_name: str, middle_name: str = "") -> str:
    """A person's full name as compared when matching rows to people."""
    return fold(f"{last_name} {first_name} {middle_name}")


def parse_date(value, *, allow_future: bool = False) -> dt.date | None:
    """dd.mm.yyyy (also with / or -, or a two-digit year), yyyy-mm-dd, or an Excel date; None if blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if EARLIEST_YEAR <= value <= 2100 and float(value).is_integer():
            raise ValueError(f"«{text(value)}» — указан только год, нужна полная дата, например 05.09.2011")
        if not _EXCEL_SERIAL_RANGE[0] <= value <= _EXCEL_SERIAL_RANGE[1]:
            raise ValueError(f"«{text(value)}» — не дата: ожидается ДД.ММ.ГГГГ, например 05.09.2011")
        day = from_excel(value).date()
    else:
        day = _parse_date_text(str(value))
    if day.year < EARLIEST_YEAR:
        raise ValueError(f"«{text(value)}» — слишком ранняя дата")
    if not allow_future and day > timezone.localdate():
        raise ValueError(f"«{text(value)}» — дата ещё не наступила")
    return day


def _parse_date_text(raw: str) -> dt.date:
    value = raw.strip().removesuffix("г.").removesuffix("г").strip()
    if match := _DATE_RE.match(value):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            # A two-digit year is this century unless that would put the date in the future.
            year += 2000 if 2000 + year <= timezone.localdate().year else 1900
    elif match := _ISO_DATE_RE.match(value):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(f"«{raw.strip()}» — не дата: ожидается ДД.ММ.ГГГГ, например 05.09.2011")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"«{raw.strip()}» — такой даты нет") from None


def parse_sex(value) -> str | None:
    """м/ж, муж/жен, мужской/женский → Person.Sex; None if blank."""
    spelled = fold(text(value)).rstrip(".")
    if not spelled:
        return None
    try:
        return SEX_SPELLINGS[spelled]
    except KeyError:
        raise ValueError(f"«{text(value)}» — не пол: укажите «м» или «ж»") from None


def sex_from_patronymic(middle_name: str) -> str | None:
    """-ич, -оглы → male; -на, -кызы → female; None when the patronymic does not tell."""
    patronymic = fold(middle_name or "")
    if patronymic.endswith(_MALE_PATRONYMIC_ENDINGS):
        return Person.Sex.MALE
    if patronymic.endswith(_FEMALE_PATRONYMIC_ENDINGS):
        return Person.Sex.FEMALE
    return None


def parse_school_class(value) -> str:
    """«7 б», «7-Б», «7b» → «7Б»; "" if blank."""
    spelled = text(value)
    if not spelled:
        return ""
    return normalize_school_class(spelled)


def parse_choice(value, choices: dict[str, str], what: str) -> str | None:
    """A value by any of its spellings (keys are folded); None if blank."""
    spelled = fold(text(value)).rstrip(".")
    if not spelled:
        return None
    try:
        return choices[spelled]
    except KeyError:
        allowed = ", ".join(f"«{label}»" for label in dict.fromkeys(_first_spellings(choices)))
        raise ValueError(f"«{text(value)}» — {what} не распознан(а); допустимо: {allowed}") from None


def _first_spellings(choices: dict[str, str]) -> list[str]:
    """The first spelling listed for each value: what an error message offers."""
    seen: dict[str, str] = {}
    for spelling, code in choices.items():
        seen.setdefault(code, spelling)
    return list(seen.values())


def choice_spellings(choices, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Spellings of a TextChoices: its labels and codes, folded, plus the extra synonyms."""
    spellings = {fold(label): value for value, label in choices}
    spellings.update({fold(value): value for value, _ in choices})
    spellings.update({fold(spelling): value for spelling, value in (extra or {}).items()})
    return spellings


def parse_list(value) -> list[str]:
    """«математика, физика; шахматы» → ["математика", "физика", "шахматы"] (order kept, no repeats)."""
    items = [" ".join(item.split()) for item in re.split(r"[,;\n]", text(value) if value is not None else "")]
    return list(dict.fromkeys(item for item in items if item))


def parse_int(value, *, minimum: int, maximum: int) -> int | None:
    """A whole number within bounds; None if blank."""
    spelled = text(value)
    if not spelled:
        return None
    try:
        number = int(spelled)
    except ValueError:
        raise ValueError(f"«{spelled}» — не целое число") from None
    if not minimum <= number <= maximum:
        raise ValueError(f"«{spelled}» — ожидается число от {minimum} до {maximum}")
    return number


# --- Spellings of the choices a roster may name ----------------------------------------------

CATEGORY_SPELLINGS = choice_spellings(
    Person.Category.choices,
    {
        "ученик": Person.Category.PUPIL,
        "ученица": Person.Category.PUPIL,
        "учащийся": Person.Category.PUPIL,
        "обучающаяся": Person.Category.PUPIL,
        "учитель": Person.Category.TEACHER,
        "сотрудник": Person.Category.TEACHER,
        "родитель": Person.Category.PARENT,
        "законный представитель": Person.Category.PARENT,
        "работодатель": Person.Category.EMPLOYER,
        "представитель работодателя": Person.Category.EMPLOYER,
        "партнёр": Person.Category.PARTNER,
    },
)
RELATION_SPELLINGS = choice_spellings(
    LegalRepresentative.Relation.choices,
    {
        "мама": LegalRepresentative.Relation.MOTHER,
        "папа": LegalRepresentative.Relation.FATHER,
        "опекунша": LegalRepresentative.Relation.GUARDIAN,
        "приёмная мать": LegalRepresentative.Relation.FOSTER,
        "приёмный отец": LegalRepresentative.Relation.FOSTER,
        "законный представитель": LegalRepresentative.Relation.OTHER,
        "иное": LegalRepresentative.Relation.OTHER,
    },
)
RELATION_SEX = {
    LegalRepresentative.Relation.MOTHER: Person.Sex.FEMALE,
    LegalRepresentative.Relation.FATHER: Person.Sex.MALE,
}
MENTOR_STATUS_SPELLINGS = choice_spellings(
    MentorProfile.Status.choices,
    {
        "одобрена": MentorProfile.Status.APPROVED,
        "прошла обучение": MentorProfile.Status.TRAINED,
        "обучен": MentorProfile.Status.TRAINED,
        "активна": MentorProfile.Status.ACTIVE,
        "действующий": MentorProfile.Status.ACTIVE,
        "резерв": MentorProfile.Status.RESERVE,
        "выбыла": MentorProfile.Status.LEFT,
    },
)
MENTEE_STATUS_SPELLINGS = choice_spellings(
    MenteeProfile.Status.choices,
    {
        "ожидает": MenteeProfile.Status.WAITING,
        "ожидает наставника": MenteeProfile.Status.WAITING,
        "прошла полный цикл": MenteeProfile.Status.COMPLETED,
        "прошёл полный цикл программы": MenteeProfile.Status.COMPLETED,
        "выбыла": MenteeProfile.Status.LEFT,
    },
)
REQUEST_SOURCE_SPELLINGS = choice_spellings(
    MenteeRequest.Source.choices,
    {
        "сам": MenteeRequest.Source.SELF,
        "самостоятельно": MenteeRequest.Source.SELF,
        "психолог": MenteeRequest.Source.PSYCHOLOGIST,
        "соцпедагог": MenteeRequest.Source.SOCIAL_TEACHER,
        "родитель": MenteeRequest.Source.PARENTS,
    },
)
