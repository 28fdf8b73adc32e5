"""The demo school: its size, its people, its users, its banks, and that a second run changes nothing."""

import random
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from mentorship.academic_year import AcademicYear
from people.demo import _plan_people
from people.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Person,
    User,
)
from people.roles import Role
from people.services import MENTOR_APPROVED_STATUSES, person_has_valid_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_seed_demo_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Person.objects.exists()


def test_seed_demo_builds_the_school_once(settings, capsys):
    settings.DEBUG = True
    started = time.perf_counter()
    call_command("seed_demo")
    first_run = time.perf_counter() - started
    output = capsys.readouterr().out
    for username in ("admin", "director", "curator", "mentor", "mentor2"):
        assert username in output
    assert "наставников в банке: 50" in output
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

    counts = table_counts()
    started = time.perf_counter()
    call_command("seed_demo")
    second_run = time.perf_counter() - started
    assert table_counts() == counts
    assert "наставников в банке: 0" in capsys.readouterr().out
    with capsys.disabled():
        print(f"\nseed_demo: первый запуск {first_run:.2f} с, повторный {second_run:.2f} с")


def test_seed_demo_users_have_their_roles_and_the_demo_password(demo):
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


# --- Banks and consents (one seeding per test: it takes a couple of seconds) ------------------


def test_mentor_bank_has_teachers_senior_pupils_and_partners_in_every_status(demo):
    mentors = MentorProfile.objects.select_related("person")
    by_category = {
        category: mentors.filter(person__category=category).count()
        for category in (Person.Category.TEACHER, Person.Category.PUPIL, Person.Category.EMPLOYER)
    }
    assert by_category == {Person.Category.TEACHER: 30, Person.Category.PUPIL: 15, Person.Category.EMPLOYER: 5}
    assert set(mentors.values_list("status", flat=True)) == set(MentorProfile.Status.values)
    assert mentors.filter(status=MentorProfile.Status.LEFT).count() == 1
    for profile in mentors.filter(person__category=Person.Category.PUPIL):
        assert 9 <= int(profile.person.school_class[:-1]) <= 11
    for profile in mentors:
        assert 1 <= profile.capacity <= 4
        assert profile.competencies and profile.forms.exists()
        assert profile.status_changes.exists()
    # the approved ones were approved by the pedagogical council and had their criteria assessed
    for profile in mentors.exclude(status=MentorProfile.Status.CANDIDATE):
        assert profile.approved_on is not None
        assert profile.approval_basis.startswith("решение педагогического совета № 1 от 30.08.")
        assert profile.criteria_assessed_on is not None and profile.criteria_met >= 5
    # «прошёл обучение» always rests on a training record
    for profile in mentors.filter(status_changes__to_status=MentorProfile.Status.TRAINED).distinct():
        training = profile.trainings.get()
        assert (training.title, training.hours) == ("Школа наставников", 16)

    # the demo users mentor and mentor2 can be paired at once in «учитель – ученик»
    for username in ("mentor", "mentor2"):
        profile = User.objects.get(username=username).person.mentor_profile
        assert profile.status == MentorProfile.Status.ACTIVE
        assert profile.status in MENTOR_APPROVED_STATUSES and profile.approved_on
        assert profile.forms.filter(code="teacher-pupil").exists()
        steps = list(profile.status_changes.order_by("pk").values_list("to_status", flat=True))
        assert steps == ["approved", "trained", "active"]
        assert profile.person.consents.filter(revoked_on__isnull=True).exists()


def test_mentee_bank_has_pupils_with_marks_and_the_young_specialists(demo):
    mentees = MenteeProfile.objects.select_related("person")
    assert 75 <= mentees.count() <= 85
    teachers = mentees.filter(person__category=Person.Category.TEACHER)
    assert teachers.count() == 6
    assert all(profile.person.is_young_specialist(AcademicYear.current().start) for profile in teachers)
    for mark in ("has_disability", "is_at_risk", "is_gifted"):
        assert mentees.filter(**{f"person__{mark}": True}).count() >= 3, mark
    # the demo programs pair most of the bank; those without a consent or a fitting mentor still wait
    paired = mentees.filter(status__in=(MenteeProfile.Status.PAIRED, MenteeProfile.Status.COMPLETED)).count()
    assert paired > mentees.count() * 0.6
    assert mentees.filter(status=MenteeProfile.Status.WAITING).exists()
    assert not mentees.filter(person__mentor_profile__isnull=False).exists()
    # every mentee has a request with a source, tagged from the shared vocabulary
    assert not mentees.filter(requests__isnull=True).exists()
    assert MenteeRequest.objects.filter(source="attestation", profile__person__category="teacher").exists()
    assert {"самозапрос", "классный руководитель", "родители"} <= {
        request.get_source_display() for request in MenteeRequest.objects.all()
    }
    completed = mentees.filter(status=MenteeProfile.Status.COMPLETED)
    assert completed.exists() and not completed.filter(full_cycle_completed_on__isnull=True).exists()


def test_consents_obey_the_signer_rule_and_most_but_not_all_have_one(demo):
    consents = Consent.objects.select_related("person", "signed_by")
    for consent in consents:
        if consent.person.is_minor(consent.signed_on):
            assert consent.signed_by is not None
            assert consent.person.representatives.filter(representative=consent.signed_by).exists()
        else:
            assert consent.signed_by is None

    bank = (
        Person.objects.filter(mentor_profile__isnull=False) | Person.objects.filter(mentee_profile__isnull=False)
    ).distinct()
    with_consent = bank.filter(consents__isnull=False).distinct().count()
    assert 0.8 <= with_consent / bank.count() <= 0.92
    assert bank.filter(consents__isnull=True).exists()
    assert not MentorProfile.objects.filter(status="active", person__consents__isnull=True).exists()

    for consent in consents.filter(person__has_disability=True):
        assert consent.covers_health_data
    # the ОВЗ mark is health data and stands only on a health consent
    for person in bank.filter(has_disability=True):
        assert person_has_valid_consent(person, health=True), person
    assert consents.filter(covers_health_data=True).exists()
    revoked = consents.get(revoked_on__isnull=False)
    assert revoked.revocation_reason and revoked.state == "отозвано"
    assert [consent.state for consent in consents].count("истёк срок") == 1


def test_seed_demo_runs_programs_pairs_orders_and_campaigns(settings):
    from monitoring.indicators import indicators_compute
    from monitoring.models import Campaign, Response
    from programs.models import Order, Pair, Program, RoadmapActivity
    from programs.selectors import pairs_visible_to

    settings.DEBUG = True
    call_command("load_reference", verbosity=0)
    call_command("seed_demo")
    organization = User.objects.get(username="curator").organization
    assert Program.objects.filter(organization=organization).count() == 4
    pairs = Pair.objects.filter(program__organization=organization)
    assert 50 <= pairs.count() <= 80
    assert set(pairs.values_list("status", flat=True)) == set(Pair.Status.values)
    assert Order.objects.filter(status=Order.Status.SIGNED).exists()
    assert Order.objects.filter(status=Order.Status.DRAFT).exists()
    overdue = [a for a in RoadmapActivity.objects.filter(stage__program__organization=organization) if a.is_overdue()]
    assert overdue
    for username in ("mentor", "mentor2"):
        own = pairs_visible_to(User.objects.get(username=username))
        assert own.filter(status=Pair.Status.ACTIVE).exists()
        assert own.first().meetings.exists()
    assert Campaign.objects.filter(organization=organization).count() == 2
    assert Response.objects.filter(campaign__organization=organization).count() > 20
    values = {
        v.indicator.code: v for v in indicators_compute(organization_ids=[organization.pk], year=AcademicYear.current())
    }
    assert values["satisfaction_mentees"].fact is not None and values["pupils_general"].numerator > 30

    counts = (Pair.objects.count(), Response.objects.count(), Order.objects.count())
    call_command("seed_demo")
    assert (Pair.objects.count(), Response.objects.count(), Order.objects.count()) == counts
