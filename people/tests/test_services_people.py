"""Writing people: the roster rules of person_create and the links to legal representatives."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from people.models import LegalRepresentative, Person
from people.services import person_create, person_update, representative_link
from people.tests.factories import PartnerOrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PUPIL = {
    "last_name": "Козлов",
    "first_name": "Артём",
    "middle_name": "Игоревич",
    "sex": Person.Sex.MALE,
    "birth_date": dt.date(2012, 4, 3),
    "category": Person.Category.PUPIL,
}
TEACHER = {
    "last_name": "Смирнова",
    "first_name": "Ольга",
    "middle_name": "Петровна",
    "sex": Person.Sex.FEMALE,
    "birth_date": dt.date(1979, 3, 14),
    "category": Person.Category.TEACHER,
    "position": "учитель математики",
}


# --- person_create ---------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["7 б", "7-Б", "7Б", " 7б ", "7 б класс"])
def test_the_class_is_stored_in_one_spelling(organization, written):
    pupil = person_create(organization=organization, school_class=written, **PUPIL)
    pupil.refresh_from_db()
    assert pupil.school_class == "7Б"


def test_names_are_trimmed(organization):
    pupil = person_create(
        organization=organization, school_class="5А", **{**PUPIL, "last_name": "  Козлов ", "first_name": "Артём  "}
    )
    assert (pupil.last_name, pupil.first_name) == ("Козлов", "Артём")


def test_something_that_is_not_a_class_is_refused(organization):
    with pytest.raises(ValidationError) as error:
        person_create(organization=organization, school_class="седьмой", **PUPIL)
    assert "«седьмой» не похоже на класс" in error.value.message_dict["school_class"][0]
    assert not Person.objects.exists()


def test_a_pupil_without_a_class_is_refused(organization):
    with pytest.raises(ValidationError) as error:
        person_create(organization=organization, **PUPIL)
    assert error.value.message_dict["school_class"] == ["У обучающегося Козлов Артём Игоревич не указан класс."]
    assert not Person.objects.exists()


@pytest.mark.parametrize("mark", ["is_gifted", "has_disability", "is_at_risk"])
def test_sensitive_marks_are_refused_for_a_teacher(organization, mark):
    with pytest.raises(ValidationError, match="ставятся только обучающимся и студентам"):
        person_create(organization=organization, **TEACHER, **{mark: True})
    assert not Person.objects.exists()


def test_gifted_and_risk_marks_are_kept_for_a_pupil(organization):
    pupil = person_create(organization=organization, school_class="6А", is_at_risk=True, is_gifted=True, **PUPIL)
    assert pupil.is_at_risk and pupil.is_gifted


def test_a_partner_of_another_organization_is_refused(organization, other_organization):
    foreign_partner = PartnerOrganizationFactory(organization=other_organization)
    employee = {**TEACHER, "category": Person.Category.EMPLOYER, "position": "инженер"}
    with pytest.raises(ValidationError) as error:
        person_create(organization=organization, partner=foreign_partner, **employee)
    assert error.value.message_dict["partner"] == [
        "Организация-партнёр относится к другой образовательной организации."
    ]
    own_partner = PartnerOrganizationFactory(organization=organization)
    assert person_create(organization=organization, partner=own_partner, **employee).partner == own_partner


def test_an_unknown_field_is_a_programming_error(organization):
    with pytest.raises(TypeError, match="shoe_size"):
        person_create(organization=organization, shoe_size=42, **TEACHER)


def test_person_update_keeps_the_same_rules(organization):
    teacher = person_create(organization=organization, **TEACHER)
    with pytest.raises(ValidationError, match="ставятся только обучающимся"):
        person_update(person=teacher, is_at_risk=True)
    pupil = person_create(organization=organization, school_class="6А", **PUPIL)
    assert person_update(person=pupil, school_class="7 в").school_class == "7В"


# --- representative_link ---------------------------------------------------------------------


@pytest.fixture
def pupil(organization):
    return person_create(organization=organization, school_class="6А", **PUPIL)


@pytest.fixture
def mother(organization):
    return PersonFactory(
        organization=organization,
        category=Person.Category.PARENT,
        last_name="Козлова",
        first_name="Марина",
        middle_name="Сергеевна",
        sex=Person.Sex.FEMALE,
        birth_date=dt.date(1986, 7, 1),
    )


def test_a_parent_is_linked_once_and_relinking_updates_the_relation(pupil, mother):
    link = representative_link(minor=pupil, representative=mother, relation=LegalRepresentative.Relation.MOTHER)
    assert list(pupil.representatives.all()) == [link]
    representative_link(
        minor=pupil,
        representative=mother,
        relation=LegalRepresentative.Relation.GUARDIAN,
        authority_document="постановление администрации № 12 от 01.02.2024",
    )
    link = pupil.representatives.get()
    assert link.relation == LegalRepresentative.Relation.GUARDIAN
    assert link.authority_document.startswith("постановление")


def test_a_minor_cannot_be_a_legal_representative(pupil, organization):
    brother = PersonFactory(
        organization=organization, last_name="Козлов", first_name="Илья", birth_date=dt.date(2009, 10, 1)
    )
    with pytest.raises(ValidationError) as error:
        representative_link(minor=pupil, representative=brother, relation=LegalRepresentative.Relation.OTHER)
    assert error.value.messages == ["Козлов Илья Иванович несовершеннолетний и не может быть законным представителем."]
    assert not LegalRepresentative.objects.exists()


def test_a_representative_from_another_organization_is_refused(pupil, other_organization):
    stranger = PersonFactory(
        organization=other_organization, category=Person.Category.PARENT, birth_date=dt.date(1980, 1, 1)
    )
    with pytest.raises(ValidationError, match="из той же образовательной организации"):
        representative_link(minor=pupil, representative=stranger, relation=LegalRepresentative.Relation.MOTHER)
    assert not LegalRepresentative.objects.exists()


def test_nobody_represents_himself(pupil):
    with pytest.raises(ValidationError) as error:
        representative_link(minor=pupil, representative=pupil, relation=LegalRepresentative.Relation.OTHER)
    assert error.value.messages == ["Козлов Артём Игоревич не может быть законным представителем самого себя."]
    assert not LegalRepresentative.objects.exists()
