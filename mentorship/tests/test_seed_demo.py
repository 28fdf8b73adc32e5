"""The demo school: its size, its people, its users, and that a second run changes nothing."""

import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentorship.academic_year import AcademicYear
from people.demo import _plan_people
from people.models import LegalRepresentative, Person, User
from people.roles import Role

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Person.objects.exists()


def test_seed_demo_builds_the_school_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    output = capsys.readouterr().out
    for username in ("admin", "director", "curator", "mentor", "mentor2"):
        assert username in output
    people = Person.objects.all()
    pupils = people.filter(category=Person.Category.PUPIL)
    teachers = people.filter(category=Person.Category.TEACHER)
    assert pupils.count() == 300
    assert set(pupils.values_list("school_class", flat=True)) == {
        f"{grade}{letter}" for grade in range(5, 12) for letter in "АБ"
    }
    assert teachers.count() == 40
    young = [t for t in teachers if t.is_young_specialist() and t.age(AcademicYear.current().start) < 35]
    assert len(young) == 6
    assert people.filter(category=Person.Category.EMPLOYER).values("partner").distinct().count() == 2
    # every pupil has a parent linked
    assert not pupils.filter(representatives__isnull=True).exists()
    assert people.filter(category=Person.Category.PARENT).count() >= 300
    # names look Russian: patronymics and Cyrillic surnames everywhere
    assert all(p.middle_name.endswith(("ич", "на")) for p in pupils)

    counts = (Person.objects.count(), LegalRepresentative.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Person.objects.count(), LegalRepresentative.objects.count(), User.objects.count()) == counts


def test_seed_demo_users_have_their_roles_and_the_demo_password(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    expected = {
        "admin": Role.ADMINISTRATOR,
        "director": Role.PRINCIPAL,
        "curator": Role.CURATOR,
        "mentor": Role.MENTOR,
        "mentor2": Role.MENTOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password("demo")
        assert user.roles == [role]
    assert User.objects.get(username="mentor").person.category == Person.Category.TEACHER
    director = User.objects.get(username="director")
    assert director.organization.head_full_name == director.person.full_name


def test_seed_demo_is_deterministic(settings):
    settings.DEBUG = True
    first_plan, _ = _plan_people(AcademicYear.current(), random.Random(2025))
    second_plan, _ = _plan_people(AcademicYear.current(), random.Random(2025))
    assert first_plan == second_plan
    call_command("seed_demo")
    stored = dict(Person.objects.filter(category=Person.Category.PUPIL).values_list("external_id", "last_name"))
    planned = {p["external_id"]: p["last_name"] for p in first_plan if p["category"] == Person.Category.PUPIL}
    assert stored == planned
