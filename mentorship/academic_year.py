"""The academic year (учебный год): 1 September to 31 August.

Used wherever the portal means "a year": programs, indicators, monitoring reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True, order=True)
class AcademicYear:
    """The academic year that starts on 1 September of ``start_year``."""

    start_year: int

    @classmethod
    def containing(cls, day: dt.date) -> AcademicYear:
        """The academic year a calendar day falls into."""
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> AcademicYear:
        """The academic year of today's local date."""
        return cls.containing(timezone.localdate())

    @classmethod
    def parse(cls, label: str) -> AcademicYear:
        """Read "2025/2026", "2025-2026" or "2025"; raise ValueError otherwise."""
        parts = label.replace("-", "/").split("/")
        start = int(parts[0])
        if len(parts) == 2 and int(parts[1]) != start + 1:
            raise ValueError(f"Учебный год {label!r}: второй год должен быть на единицу больше первого")
        if len(parts) > 2:
            raise ValueError(f"Не удалось прочитать учебный год {label!r}")
        return cls(start)

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    def __str__(self) -> str:
        return f"{self.label} учебный год"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """True when the period [start, end] (open-ended where None) meets this year."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    def next(self) -> AcademicYear:
        return AcademicYear(self.start_year + 1)

    def previous(self) -> AcademicYear:
        return AcademicYear(self.start_year - 1)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (a person born on 29 February ages on 1 March)."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
