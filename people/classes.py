"""School classes ("7Б"): one spelling, whatever the roster wrote."""

import re

# Latin letters that look like Cyrillic ones and turn up in rosters typed on an English layout.
_LATIN_LOOKALIKES = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_CLASS_RE = re.compile(r"^(\d{1,2})([А-ЯЁ]?)$")


def normalize_school_class(value: str) -> str:
    """ "7 б", "7-Б", "7Б" → "7Б", Latin look-alikes made Cyrillic ("10A" → "10А"); ValueError for a non-class."""
    compact = re.sub(r"[\s\-_./«»\"']", "", value or "").upper().translate(_LATIN_LOOKALIKES)
    compact = compact.replace("КЛАСС", "").replace("КЛ", "")
    match = _CLASS_RE.match(compact)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise ValueError(f"«{value}» не похоже на класс: ожидается номер от 1 до 11 и буква, например «7Б»")
    return f"{int(match.group(1))}{match.group(2)}"


def class_grade(school_class: str) -> int | None:
    """The grade number of a normalized class, or None for an empty one."""
    match = re.match(r"^(\d{1,2})", school_class or "")
    return int(match.group(1)) if match else None
