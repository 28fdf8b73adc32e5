import pytest

from people.classes import class_grade, normalize_school_class


@pytest.mark.parametrize("raw", ["7 б", "7-Б", "7Б", "7б", " 7 Б класс", "7/Б"])
def test_spellings_of_one_class_are_one_class(raw):
    assert normalize_school_class(raw) == "7Б"


@pytest.mark.parametrize("raw", ["", "12А", "0Б", "АБВ", "7ББ"])
def test_nonsense_is_rejected_with_a_russian_message(raw):
    with pytest.raises(ValueError, match="не похоже на класс"):
        normalize_school_class(raw)


def test_grade_of_a_class():
    assert class_grade("11А") == 11
    assert class_grade("") is None


def test_latin_lookalike_letters_become_cyrillic():
    assert normalize_school_class("10A") == "10А"
    assert normalize_school_class("5 c") == "5С"
