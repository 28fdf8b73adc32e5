"""Helpers for Russian office documents (school orders, «приказы»).

Name declension is delegated to ``pytrovich``; this module adds case
handling, a few grammar corrections and the formatting conventions that
orders need (dates, counts, numbers, lists, initials).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pytrovich import Case as _PCase
from pytrovich import Gender as _PGender
from pytrovich import NamePart as _PNamePart
from pytrovich import PetrovichDeclinationMaker

__all__ = [
    "Case",
    "decline_full_name",
    "format_count",
    "format_date_long",
    "format_date_short",
    "format_number_ru",
    "initials_name",
    "initials_name_before",
    "join_ru",
    "plural_ru",
]

NBSP = "\u00a0"


class Case(StrEnum):
    """Grammatical case; plain strings like ``"dative"`` are accepted too."""

    NOMINATIVE = "nominative"
    GENITIVE = "genitive"
    DATIVE = "dative"
    ACCUSATIVE = "accusative"
    INSTRUMENTAL = "instrumental"
    PREPOSITIONAL = "prepositional"


# Cyrillic "М"/"Ж" are accepted as well: Cyrillic "М" is visually identical
# to Latin "M" and slips in easily from Russian-language forms and imports.
_SEXES = {"M": _PGender.MALE, "М": _PGender.MALE, "F": _PGender.FEMALE, "Ж": _PGender.FEMALE}

_CONSONANTS = "бвгджзклмнпрстфхцчшщ"

# Rules tables are parsed once per process by pytrovich (lru_cache), so a
# module-level instance is cheap and thread-safe (read-only after load).
_maker = PetrovichDeclinationMaker()


def _override_mods(part: _PNamePart, gender: _PGender, word: str) -> tuple[str, ...] | None:
    """Return pytrovich-style mods (gen, dat, acc, ins, prep) where pytrovich is wrong."""
    # pytrovich drops the "е" of every "-нец/-мец" surname (Волынец → Волынца),
    # which turns Кузнец into the unpronounceable "Кузнца". After two
    # consonants the vowel is never fleeting and the ending is stressed
    # (кузнеца, кузнецом; хитреца, хитрецом), as in the common nouns.
    if (
        part is _PNamePart.LASTNAME
        and gender is _PGender.MALE
        and len(word) >= 4
        and word.endswith("ец")
        and word[-3] in _CONSONANTS
        and word[-4] in _CONSONANTS
    ):
        return ("а", "у", "а", "ом", "е")
    # pytrovich keeps female first names in "-ль" indeclinable except for a
    # short whitelist (Нинель, Рахиль…). Normative Russian declines them all
    # like Любовь: Айгуль → Айгули, Асель → Асели, Ассоль → Ассолью.
    if part is _PNamePart.FIRSTNAME and gender is _PGender.FEMALE and word.endswith("ль"):
        return ("-и", "-и", ".", "ю", "-и")
    return None


def _restore_case(original: str, declined: str) -> str:
    """Copy the letter case of ``original`` onto the (lowercase) ``declined`` form."""
    # pytrovich appends lowercase endings ("ИВАНОВ" → "ИВАНОВа"), so we
    # decline the lowercase form and re-apply the caller's casing here.
    if len(original) > 1 and original.isupper():
        return declined.upper()
    return "".join(ch.upper() if i < len(original) and original[i].isupper() else ch for i, ch in enumerate(declined))


def _decline_part(part: _PNamePart, gender: _PGender, case: _PCase, value: str) -> str:
    """Decline one name part, hyphen-piece by piece (Петрова-Водкина, Бонч-Бруевич)."""
    if case is _PCase.NOMINATIVE:
        return value  # input is nominative by contract; mods have no slot for it
    pieces = value.split("-")
    result = []
    for index, piece in enumerate(pieces):
        word = piece.lower()
        mods = _override_mods(part, gender, word)
        if mods is not None:
            declined = PetrovichDeclinationMaker.apply_mod2name(mods[case.value], word)
        else:
            # Like pytrovich's own hyphen handling: the gender counts as
            # "known" only for the last piece, so first pieces such as
            # "Бонч" or "Кузьмич" (in a woman's name) stay unchanged.
            declined = _maker.make(part, gender, case, word, known_gender=index == len(pieces) - 1)
        result.append(_restore_case(piece, declined))
    return "-".join(result)


def decline_full_name(last_name: str, first_name: str, middle_name: str = "", *, sex: str, case: Case | str) -> str:
    """Decline "Фамилия Имя Отчество" into ``case``; ``sex`` is "M" or "F".

    Empty parts are skipped; multi-word patronymics ("Мамед оглы") stay as is.
    """
    try:
        gender = _SEXES[sex.strip().upper()]
    except KeyError:
        raise ValueError(f"sex must be 'M' or 'F', got {sex!r}") from None
    target = _PCase[Case(case).name]
    parts = (
        (_PNamePart.LASTNAME, last_name),
        (_PNamePart.FIRSTNAME, first_name),
        (_PNamePart.MIDDLENAME, middle_name),
    )
    words = []
    for part, value in parts:
        value = (value or "").strip()
        if not value:
            continue
        # A space means a compound patronymic (оглы/кызы) or a foreign
        # multi-word name; those are not declined in official Russian.
        words.append(value if " " in value else _decline_part(part, gender, target, value))
    return " ".join(words)


def _initials(*names: str) -> str:
    """Initials of the given names: ("Мария", "Петровна") → "М. П."; "Анна-Мария" → "А.-М."."""
    result = []
    for name in names:
        name = (name or "").strip()
        if name:
            # .upper() keeps "ё" → "Ё": an initial must not lose the diaeresis.
            result.append("-".join(p[0].upper() + "." for p in name.split("-") if p))
    return " ".join(result)


def initials_name(last_name: str, first_name: str, middle_name: str = "") -> str:
    """Surname followed by initials: "Иванова М. П." (lists, headings)."""
    return " ".join(x for x in ((last_name or "").strip(), _initials(first_name, middle_name)) if x)


def initials_name_before(last_name: str, first_name: str, middle_name: str = "") -> str:
    """Initials followed by surname: "М. П. Иванова" (signature blocks)."""
    return " ".join(x for x in (_initials(first_name, middle_name), (last_name or "").strip()) if x)


_MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def format_date_long(d: date) -> str:
    """Date as in an order's header: «01» сентября 2025 г."""
    return f"«{d.day:02d}» {_MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def format_date_short(d: date) -> str:
    """Numeric date: 01.09.2025."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def plural_ru(n: int, one: str, few: str, many: str) -> str:
    """Pick the form agreeing with ``n``: 1 наставник, 2 наставника, 5 наставников."""
    n = abs(int(n))
    # 11–14 are always "many" even though they end in 1–4.
    if n % 100 in (11, 12, 13, 14):
        return many
    if n % 10 == 1:
        return one
    if n % 10 in (2, 3, 4):
        return few
    return many


def format_count(n: int, one: str, few: str, many: str) -> str:
    """Number plus agreeing noun: "21 наставник"."""
    return f"{n} {plural_ru(n, one, few, many)}"


def format_number_ru(x: float | Decimal, decimals: int = 1) -> str:
    """Russian number format: "1 234,5" — NBSP (U+00A0) groups, decimal comma.

    U+00A0 rather than the narrow U+202F because every font and Word has it.
    """
    # Decimal(str(x)) + ROUND_HALF_UP gives school rounding (2,25 → 2,3);
    # float formatting would round binary approximations (2.25 → "2.2").
    value = Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # avoid "-0,0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def join_ru(items: Iterable[object]) -> str:
    """Join as a Russian enumeration: "А, Б и В"."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " и " + words[-1]


_PYMORPHY_CASES = {
    Case.NOMINATIVE: "nomn",
    Case.GENITIVE: "gent",
    Case.DATIVE: "datv",
    Case.ACCUSATIVE: "accs",
    Case.INSTRUMENTAL: "ablt",
    Case.PREPOSITIONAL: "loct",
}
_morph = None


def _analyzer():
    # The dictionary takes a moment to load: once per process, and only when a position is declined.
    global _morph
    if _morph is None:
        import pymorphy3

        _morph = pymorphy3.MorphAnalyzer()
    return _morph


def _inflect_word(word: str, case: str, *, prefer_adjective: bool) -> tuple[str, bool]:
    """Inflect one word (hyphenated parts each); say whether it was the noun that heads the phrase.

    ``prefer_adjective``: a word followed by others reads as an adjective where it can be one
    («старший воспитатель»), though the dictionary also knows it as a noun («старший»).
    """
    parts = word.split("-")
    inflected, head_noun = [], False
    for part in parts:
        parses = [p for p in _analyzer().parse(part) if {"NOUN", "ADJF", "PRTF"} & p.tag.grammemes and "nomn" in p.tag]
        adjectives = [p for p in parses if {"ADJF", "PRTF"} & p.tag.grammemes]
        parse = adjectives[0] if prefer_adjective and adjectives else next(iter(parses), None)
        if parse is None:
            inflected.append(part)
            continue
        form = parse.inflect({case, "anim"} if "NOUN" in parse.tag and case == "accs" else {case}) or parse.inflect(
            {case}
        )
        inflected.append(_restore_case(part, form.word) if form else part)
        head_noun = head_noun or "NOUN" in parse.tag
    return "-".join(inflected), head_noun


def decline_position(position: str, case: Case | str) -> str:
    """Decline a position's head phrase: «учитель математики» → «учителя математики» (accusative).

    Words up to and including the first noun change (adjectives agree with it); the dependent
    words after it («математики», «по учебно-воспитательной работе») stay as they are.
    """
    case = Case(case)
    if case == Case.NOMINATIVE or not position.strip():
        return position
    words = position.split()
    for index, word in enumerate(words):
        words[index], is_noun = _inflect_word(word, _PYMORPHY_CASES[case], prefer_adjective=index < len(words) - 1)
        if is_noun:
            break
    return " ".join(words)
