import datetime as dt

import pytest

from mentorship.academic_year import AcademicYear, age_on, years_before


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (dt.date(2025, 9, 1), 2025),
        (dt.date(2026, 8, 31), 2025),
        (dt.date(2025, 8, 31), 2024),
        (dt.date(2026, 1, 20), 2025),
    ],
)
def test_academic_year_runs_from_september_to_august(day, start_year):
    assert AcademicYear.containing(day).start_year == start_year


def test_bounds_label_and_overlap():
    year = AcademicYear(2025)
    assert (year.start, year.end) == (dt.date(2025, 9, 1), dt.date(2026, 8, 31))
    assert year.label == "2025/2026"
    assert str(year) == "2025/2026 учебный год"
    assert year.overlaps(dt.date(2024, 10, 1), dt.date(2025, 9, 1))
    assert not year.overlaps(dt.date(2024, 10, 1), dt.date(2025, 8, 31))
    assert year.overlaps(dt.date(2026, 8, 31), None)
    assert AcademicYear.parse("2025/2026") == year == AcademicYear.parse("2025")
    with pytest.raises(ValueError, match="второй год"):
        AcademicYear.parse("2025/2027")


def test_age_counts_full_years_and_leap_birthdays():
    assert age_on(dt.date(2010, 9, 2), dt.date(2025, 9, 1)) == 14
    assert age_on(dt.date(2010, 9, 1), dt.date(2025, 9, 1)) == 15
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    assert years_before(dt.date(2028, 2, 29), 3) == dt.date(2025, 2, 28)
