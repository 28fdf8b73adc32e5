"""Tests for mentorship.russian: name declension and document formatting."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from mentorship.russian import (
    Case,
    decline_full_name,
    format_count,
    format_date_long,
    format_date_short,
    format_number_ru,
    initials_name,
    initials_name_before,
    join_ru,
    plural_ru,
)

NBSP = "\u00a0"
ORDER = [Case.NOMINATIVE, Case.GENITIVE, Case.DATIVE, Case.ACCUSATIVE, Case.INSTRUMENTAL, Case.PREPOSITIONAL]


# --- full paradigms (all six cases) -------------------------------------------------

PARADIGMS = [
    (
        ("Иванова", "Мария", "Петровна", "F"),
        [
            "Иванова Мария Петровна",
            "Ивановой Марии Петровны",
            "Ивановой Марии Петровне",
            "Иванову Марию Петровну",
            "Ивановой Марией Петровной",
            "Ивановой Марии Петровне",
        ],
    ),
    (
        ("Кузьмич", "Илья", "Никитич", "M"),
        [
            "Кузьмич Илья Никитич",
            "Кузьмича Ильи Никитича",
            "Кузьмичу Илье Никитичу",
            "Кузьмича Илью Никитича",
            "Кузьмичем Ильёй Никитичем",
            "Кузьмиче Илье Никитиче",
        ],
    ),
    (
        ("Римская-Корсакова", "Любовь", "Павловна", "F"),
        [
            "Римская-Корсакова Любовь Павловна",
            "Римской-Корсаковой Любови Павловны",
            "Римской-Корсаковой Любови Павловне",
            "Римскую-Корсакову Любовь Павловну",
            "Римской-Корсаковой Любовью Павловной",
            "Римской-Корсаковой Любови Павловне",
        ],
    ),
    (
        ("Шевченко", "Никита", "Львович", "M"),
        [
            "Шевченко Никита Львович",
            "Шевченко Никиты Львовича",
            "Шевченко Никите Львовичу",
            "Шевченко Никиту Львовича",
            "Шевченко Никитой Львовичем",
            "Шевченко Никите Львовиче",
        ],
    ),
    (
        ("Толстой", "Лев", "Николаевич", "M"),
        [
            "Толстой Лев Николаевич",
            "Толстого Льва Николаевича",
            "Толстому Льву Николаевичу",
            "Толстого Льва Николаевича",
            "Толстым Львом Николаевичем",
            "Толстом Льве Николаевиче",
        ],
    ),
    (
        ("Кузьмич", "Анна", "Сергеевна", "F"),
        [
            "Кузьмич Анна Сергеевна",
            "Кузьмич Анны Сергеевны",
            "Кузьмич Анне Сергеевне",
            "Кузьмич Анну Сергеевну",
            "Кузьмич Анной Сергеевной",
            "Кузьмич Анне Сергеевне",
        ],
    ),
]


@pytest.mark.parametrize(("person", "expected"), PARADIGMS, ids=[p[0][0] + "_" + p[0][1] for p in PARADIGMS])
def test_full_paradigm(person, expected):
    last, first, middle, sex = person
    assert [decline_full_name(last, first, middle, sex=sex, case=c) for c in ORDER] == expected


# --- individual hard forms ---------------------------------------------------------

HARD_FORMS = [
    # indeclinable surnames
    ("Белых", "Пётр", "Павлович", "M", Case.GENITIVE, "Белых Петра Павловича"),
    ("Белых", "Ольга", "", "F", Case.INSTRUMENTAL, "Белых Ольгой"),
    ("Дюма", "Александр", "", "M", Case.DATIVE, "Дюма Александру"),
    ("Шевченко", "Ирина", "", "F", Case.ACCUSATIVE, "Шевченко Ирину"),
    ("Ковальчук", "Ирина", "", "F", Case.GENITIVE, "Ковальчук Ирины"),
    ("Ковальчук", "Иван", "", "M", Case.GENITIVE, "Ковальчука Ивана"),
    # hyphenated surnames: every part declines
    ("Петров-Водкин", "Кузьма", "Сергеевич", "M", Case.DATIVE, "Петрову-Водкину Кузьме Сергеевичу"),
    ("Петрова-Водкина", "Анна", "", "F", Case.INSTRUMENTAL, "Петровой-Водкиной Анной"),
    ("Римский-Корсаков", "Николай", "", "M", Case.INSTRUMENTAL, "Римским-Корсаковым Николаем"),
    ("Бонч-Бруевич", "Владимир", "", "M", Case.GENITIVE, "Бонч-Бруевича Владимира"),
    ("Иванова-Кузьмич", "Анна", "", "F", Case.DATIVE, "Ивановой-Кузьмич Анне"),
    # first names with alternations / first-declension masculines
    ("Иванов", "Никита", "", "M", Case.GENITIVE, "Иванова Никиты"),
    ("Иванов", "Никита", "", "M", Case.DATIVE, "Иванову Никите"),
    ("Иванов", "Илья", "", "M", Case.GENITIVE, "Иванова Ильи"),
    ("Иванов", "Илья", "", "M", Case.PREPOSITIONAL, "Иванове Илье"),
    ("Иванова", "Любовь", "", "F", Case.GENITIVE, "Ивановой Любови"),
    ("Иванова", "Любовь", "", "F", Case.ACCUSATIVE, "Иванову Любовь"),
    ("Иванов", "Пётр", "", "M", Case.GENITIVE, "Иванова Петра"),
    ("Иванов", "Петр", "", "M", Case.DATIVE, "Иванову Петру"),
    ("Иванов", "Павел", "", "M", Case.GENITIVE, "Иванова Павла"),
    ("Иванов", "Лев", "", "M", Case.ACCUSATIVE, "Иванова Льва"),
    ("Ёлкин", "Семён", "Фёдорович", "M", Case.DATIVE, "Ёлкину Семёну Фёдоровичу"),
    # nouns used as surnames: men decline, women do not
    ("Гусь", "Игорь", "", "M", Case.GENITIVE, "Гуся Игоря"),
    ("Гусь", "Анна", "", "F", Case.GENITIVE, "Гусь Анны"),
    ("Соловей", "Алексей", "", "M", Case.GENITIVE, "Соловея Алексея"),  # vowel kept, official style
    ("Жук", "Ольга", "", "F", Case.DATIVE, "Жук Ольге"),
    ("Чайка", "Олег", "", "M", Case.INSTRUMENTAL, "Чайкой Олегом"),
    # corrections of pytrovich (see _override_mods)
    ("Кузнец", "Иван", "", "M", Case.GENITIVE, "Кузнеца Ивана"),
    ("Кузнец", "Иван", "", "M", Case.INSTRUMENTAL, "Кузнецом Иваном"),
    ("Кузнец", "Анна", "", "F", Case.GENITIVE, "Кузнец Анны"),
    ("Волынец", "Иван", "", "M", Case.GENITIVE, "Волынца Ивана"),  # fleeting vowel still dropped
    ("Хабибуллина", "Айгуль", "Ринатовна", "F", Case.GENITIVE, "Хабибуллиной Айгули Ринатовны"),
    ("Хабибуллина", "Айгуль", "Ринатовна", "F", Case.ACCUSATIVE, "Хабибуллину Айгуль Ринатовну"),
    ("Хабибуллина", "Айгуль", "Ринатовна", "F", Case.INSTRUMENTAL, "Хабибуллиной Айгулью Ринатовной"),
    ("Ахметова", "Асель", "", "F", Case.DATIVE, "Ахметовой Асели"),
    # compound patronymics are not declined
    ("Алиев", "Рашид", "Мамед оглы", "M", Case.DATIVE, "Алиеву Рашиду Мамед оглы"),
]


@pytest.mark.parametrize(("last", "first", "middle", "sex", "case", "expected"), HARD_FORMS)
def test_hard_forms(last, first, middle, sex, case, expected):
    assert decline_full_name(last, first, middle, sex=sex, case=case) == expected


def test_capitalization_is_preserved():
    # pytrovich alone gives "ИВАНОВа" and "Петра" for an all-caps input
    assert decline_full_name("ИВАНОВ", "ПЁТР", "ИЛЬИЧ", sex="M", case="genitive") == "ИВАНОВА ПЕТРА ИЛЬИЧА"
    assert decline_full_name("ПЕТРОВА-ВОДКИНА", "ЛЮБОВЬ", "", sex="F", case="instrumental") == (
        "ПЕТРОВОЙ-ВОДКИНОЙ ЛЮБОВЬЮ"
    )
    assert decline_full_name("иванов", "иван", "", sex="M", case="dative") == "иванову ивану"


def test_case_and_sex_inputs():
    # plain strings, Cyrillic "М"/"Ж", lowercase and surrounding spaces are accepted
    assert decline_full_name("Иванов", "Иван", "", sex="М", case="dative") == "Иванову Ивану"
    assert decline_full_name(" Иванова ", "Анна", "  ", sex="ж", case=Case.DATIVE) == "Ивановой Анне"
    assert decline_full_name("Иванов", "Иван", "Иванович", sex="M", case=Case.NOMINATIVE) == "Иванов Иван Иванович"
    with pytest.raises(ValueError):
        decline_full_name("Иванов", "Иван", "", sex="X", case="dative")
    with pytest.raises(ValueError):
        decline_full_name("Иванов", "Иван", "", sex="M", case="vocative")


def test_case_is_str_enum():
    assert Case.GENITIVE == "genitive"
    assert Case("prepositional") is Case.PREPOSITIONAL


# --- initials ----------------------------------------------------------------------


def test_initials_name():
    assert initials_name("Иванова", "Мария", "Петровна") == "Иванова М. П."
    assert initials_name("Иванова", "Мария", "") == "Иванова М."
    assert initials_name("Иванова", "Мария") == "Иванова М."
    assert initials_name(" Сидоров ", " ёган ", "Фёдорович") == "Сидоров Ё. Ф."
    assert initials_name("Смит", "Анна-Мария", "") == "Смит А.-М."


def test_initials_name_before():
    assert initials_name_before("Иванова", "Мария", "Петровна") == "М. П. Иванова"
    assert initials_name_before("Иванова", "Мария", "") == "М. Иванова"
    assert initials_name_before("Ёлкин", "Ёган", "Ёганович") == "Ё. Ё. Ёлкин"


# --- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 9, 1), "«01» сентября 2025 г."),
        (date(2026, 5, 9), "«09» мая 2026 г."),
        (date(2024, 3, 31), "«31» марта 2024 г."),
        (date(2024, 12, 25), "«25» декабря 2024 г."),
        (datetime(2025, 1, 15, 13, 45), "«15» января 2025 г."),
    ],
)
def test_format_date_long(d, expected):
    assert format_date_long(d) == expected


def test_format_date_long_all_months_genitive():
    months = [format_date_long(date(2025, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
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
    ]


def test_format_date_short():
    assert format_date_short(date(2025, 9, 1)) == "01.09.2025"
    assert format_date_short(date(2024, 12, 31)) == "31.12.2024"


# --- plurals -----------------------------------------------------------------------

FORMS = ("наставник", "наставника", "наставников")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "наставников"),
        (1, "наставник"),
        (2, "наставника"),
        (4, "наставника"),
        (5, "наставников"),
        (11, "наставников"),
        (12, "наставников"),
        (14, "наставников"),
        (21, "наставник"),
        (22, "наставника"),
        (25, "наставников"),
        (101, "наставник"),
        (111, "наставников"),
        (112, "наставников"),
        (121, "наставник"),
        (1004, "наставника"),
        (-1, "наставник"),
    ],
)
def test_plural_ru(n, expected):
    assert plural_ru(n, *FORMS) == expected


def test_format_count():
    assert format_count(21, *FORMS) == "21 наставник"
    assert format_count(3, "приказ", "приказа", "приказов") == "3 приказа"
    assert format_count(111, *FORMS) == "111 наставников"


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1234.5,), f"1{NBSP}234,5"),
        ((1234567, 0), f"1{NBSP}234{NBSP}567"),
        ((-1234567.891, 2), f"-1{NBSP}234{NBSP}567,89"),
        ((999,), "999,0"),
        ((1000,), f"1{NBSP}000,0"),
        ((2.25,), "2,3"),  # half-up, not binary float rounding
        ((0.125, 2), "0,13"),
        ((-0.04,), "0,0"),  # no "-0,0"
        ((Decimal("12345.678"), 2), f"12{NBSP}345,68"),
        ((87.5,), "87,5"),
    ],
)
def test_format_number_ru(args, expected):
    assert format_number_ru(*args) == expected


# --- lists -------------------------------------------------------------------------


def test_join_ru():
    assert join_ru([]) == ""
    assert join_ru(["А"]) == "А"
    assert join_ru(["А", "Б"]) == "А и Б"
    assert join_ru(["А", "Б", "В"]) == "А, Б и В"
    assert join_ru(x for x in ("5А", "6Б", "7В", "8Г")) == "5А, 6Б, 7В и 8Г"
    assert join_ru([1, 2]) == "1 и 2"


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("учитель математики", "accusative", "учителя математики"),
        ("учитель начальных классов", "genitive", "учителя начальных классов"),
        ("педагог-психолог", "accusative", "педагога-психолога"),
        ("старший воспитатель", "dative", "старшему воспитателю"),
        (
            "заместитель директора по учебно-воспитательной работе",
            "accusative",
            "заместителя директора по учебно-воспитательной работе",
        ),
        ("главный технолог", "instrumental", "главным технологом"),
        ("советник директора по воспитанию", "genitive", "советника директора по воспитанию"),
        ("учитель математики", "nominative", "учитель математики"),
    ],
)
def test_decline_position_changes_only_the_head_phrase(position, case, expected):
    from mentorship.russian import decline_position

    assert decline_position(position, case) == expected
