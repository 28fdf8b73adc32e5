"""Issue 7, item 6: the school-year rollover — plan (dry run), apply (all or nothing, once), command and page."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mentorship.academic_year import AcademicYear
from people.models import MenteeProfile, MentorProfile, Organization, Person
from people.services import person_graduate, person_update
from people.tests.factories import PersonFactory
from programs import rollover as rollover_module
from programs.models import Pair, PairMember, Program, RoadmapActivity, Rollover
from programs.rollover import GRADUATION_REASON, RolloverError, apply_rollover, plan_rollover
from programs.services import roadmap_activity_create, roadmap_activity_set_status
from programs.tests.factories import MentoringFormFactory
from programs.tests.participants import make_mentee, make_mentor
from programs.tests.program_data import make_pair, make_program

pytestmark = pytest.mark.django_db


@dataclass
class School:
    organization: Organization
    program: Program
    peer_program: Program
    graduate_pair: Pair  # teacher → 11А pupil: closed
    senior_mentor_pair: Pair  # 11Б pupil → 7Б pupil: closed, the mentee waits again
    staying_pair: Pair  # teacher → 10А pupil: keeps working
    finished_pair: Pair  # completed earlier with an 11А pupil: left alone
    graduate_mentee: Person
    senior_mentor: Person
    young_mentee: Person
    tenth_grader: Person
    unreadable: Person
    custom_activity: RoadmapActivity


def build_school(organization, *, curator=None) -> School:
    """A small school: pupils of 7Б, 9Б, 10А, 11А, 11Б and one unreadable class; two programs with pairs."""
    program = make_program(organization, curator=curator)
    peer_form = MentoringFormFactory(
        code="test-pupil-pupil", name="ученик – ученик", mentor_categories=["pupil"], mentee_categories=["pupil"]
    )
    peer_program = make_program(organization, curator=curator, form=peer_form)

    graduate_mentee = make_mentee(organization, school_class="11А", last_name="Выпускникова")
    graduate_pair = make_pair(program, mentees=[graduate_mentee], status=Pair.Status.ACTIVE)
    finished_mentee = make_mentee(organization, school_class="11А", last_name="Завершилова")
    finished_pair = make_pair(program, mentees=[finished_mentee], status=Pair.Status.COMPLETED)
    tenth_grader = make_mentee(organization, school_class="10А", last_name="Десятиклассников")
    staying_pair = make_pair(program, mentees=[tenth_grader], status=Pair.Status.APPROVED)

    senior_mentor = make_mentor(
        organization, category=Person.Category.PUPIL, school_class="11Б", last_name="Старшеклассников"
    )
    young_mentee = make_mentee(organization, school_class="7Б", last_name="Семиклассников")
    senior_mentor_pair = make_pair(peer_program, mentor=senior_mentor, mentees=[young_mentee])

    PersonFactory(organization=organization, school_class="9Б", last_name="Девятиклассников")
    PersonFactory(organization=organization, school_class="11Б", last_name="Одиннадцатиклассников")
    PersonFactory(organization=organization, school_class="11Б", last_name="Архивный", is_archived=True)
    unreadable = PersonFactory(organization=organization, school_class="подготовительная", last_name="Непонятный")
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, last_name="Учителева")

    year = AcademicYear.current()
    stage = program.stages.get(number=6)
    custom_activity = roadmap_activity_create(
        stage=stage,
        title="Школьный фестиваль наставничества",
        deadline=year.start + dt.timedelta(days=60),
        responsible="куратор",
        responsible_people=[teacher, graduate_mentee],
    )
    roadmap_activity_set_status(activity=custom_activity, status="done", completed_on=year.start)
    return School(
        organization=organization,
        program=program,
        peer_program=peer_program,
        graduate_pair=graduate_pair,
        senior_mentor_pair=senior_mentor_pair,
        staying_pair=staying_pair,
        finished_pair=finished_pair,
        graduate_mentee=graduate_mentee,
        senior_mentor=senior_mentor,
        young_mentee=young_mentee,
        tenth_grader=tenth_grader,
        unreadable=unreadable,
        custom_activity=custom_activity,
    )


@pytest.fixture
def school(organization, curator):
    return build_school(organization, curator=curator)


def next_year() -> AcademicYear:
    return AcademicYear.current().next()


def table_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def state(organization) -> dict:
    """Everything a rollover changes, to compare before and after."""
    return {
        "counts": table_counts(),
        "people": sorted(
            Person.objects.filter(organization=organization).values_list(
                "pk", "school_class", "is_archived", "category"
            )
        ),
        "pairs": sorted(Pair.objects.values_list("pk", "status", "termination_reason", "ended_on")),
        "mentors": sorted(MentorProfile.objects.values_list("pk", "status")),
        "mentees": sorted(MenteeProfile.objects.values_list("pk", "status")),
        "programs": sorted(Program.objects.values_list("pk", "year_start", "status")),
    }


# --- The plan --------------------------------------------------------------------------------------


def test_plan_moves_pupils_up_graduates_the_eleventh_grade_and_changes_nothing(school):
    before = state(school.organization)
    plan = plan_rollover(school.organization, next_year())

    assert state(school.organization) == before
    assert plan.errors == []
    moves = {(move.from_class, move.to_class): move.count for move in plan.moves}
    assert moves == {("7Б", "8Б"): 1, ("9Б", "10Б"): 1, ("10А", "11А"): 1}
    assert plan.graduates_by_class() == {"11А": 2, "11Б": 2}  # the archived 11Б pupil is not counted again
    assert {item.pair_id for item in plan.pairs_to_close} == {school.graduate_pair.pk, school.senior_mentor_pair.pk}
    senior = next(item for item in plan.pairs_to_close if item.pair_id == school.senior_mentor_pair.pk)
    assert senior.back_to_waiting == [school.young_mentee.full_name]
    assert len(plan.mentor_profile_ids) == 1
    assert len(plan.mentee_profile_ids) == 2  # both 11А mentees are still «в паре» in the bank
    assert any("подготовительная" in warning and "Непонятный" in warning for warning in plan.warnings)
    year = next_year()
    titles = sorted(item.title for item in plan.programs_to_start)
    assert all(year.label in title for title in titles) and len(titles) == 2
    assert all(year.contains(item.starts_on) and year.contains(item.ends_on) for item in plan.programs_to_start)


def test_the_command_without_apply_prints_the_plan_in_russian_and_changes_nothing(school, capsys):
    before = state(school.organization)
    call_command("rollover_year", organization=school.organization.pk, to_year=str(next_year().start_year))
    output = capsys.readouterr().out
    assert state(school.organization) == before
    assert "7Б → 8Б: 1 обучающихся" in output
    assert "Выпускники (в архив): 4." in output
    assert "Закрываются пары и группы выпускников (причина «выпуск»): 2." in output
    assert "ничего не изменено" in output


# --- Applying ---------------------------------------------------------------------------------------


def test_apply_moves_archives_closes_exactly_the_graduates_pairs_and_starts_the_new_programs(school, administrator):
    year = next_year()
    old_activities = RoadmapActivity.objects.filter(stage__program=school.program).count()
    done = apply_rollover(plan_rollover(school.organization, year), performed_by=administrator)

    assert done.to_year == year.start_year and done.performed_by == administrator
    assert done.summary["pupils_moved"] == 3 and done.summary["graduates"] == 4
    people = {p.last_name: p for p in Person.objects.filter(organization=school.organization)}
    assert people["Семиклассников"].school_class == "8Б"
    assert people["Девятиклассников"].school_class == "10Б"
    assert people["Десятиклассников"].school_class == "11А" and not people["Десятиклассников"].is_archived
    assert people["Непонятный"].school_class == "подготовительная" and not people["Непонятный"].is_archived
    for name in ("Выпускникова", "Завершилова", "Старшеклассников", "Одиннадцатиклассников"):
        assert people[name].is_archived and people[name].archived_at is not None
        assert people[name].school_class.startswith("11")

    for pair in (school.graduate_pair, school.senior_mentor_pair):
        pair.refresh_from_db()
        assert pair.status == Pair.Status.TERMINATED and pair.termination_reason == GRADUATION_REASON
    school.staying_pair.refresh_from_db()
    school.finished_pair.refresh_from_db()
    assert school.staying_pair.status == Pair.Status.APPROVED
    assert school.finished_pair.status == Pair.Status.COMPLETED
    assert MenteeProfile.objects.get(person=school.young_mentee).status == MenteeProfile.Status.WAITING
    assert MenteeProfile.objects.get(person=school.graduate_mentee).status == MenteeProfile.Status.LEFT
    mentor_profile = MentorProfile.objects.get(person=school.senior_mentor)
    assert mentor_profile.status == MentorProfile.Status.LEFT
    assert mentor_profile.status_changes.filter(to_status="left").exists()

    new_programs = Program.objects.filter(organization=school.organization, year_start=year.start_year)
    assert new_programs.count() == 2
    assert all(program.status == Program.Status.DRAFT for program in new_programs)
    copy = new_programs.get(forms__code="teacher-pupil")
    assert copy.curator == school.program.curator and copy.goal == school.program.goal
    activities = RoadmapActivity.objects.filter(stage__program=copy)
    assert activities.count() == old_activities
    assert all(year.contains(activity.deadline) for activity in activities)
    assert set(activities.values_list("status", flat=True)) == {RoadmapActivity.Status.PLANNED}
    festival = activities.get(title="Школьный фестиваль наставничества")
    assert [p.last_name for p in festival.responsible_people.all()] == ["Учителева"]  # the graduate is gone
    assert copy.stages.count() == 6
    # the old programs are untouched
    assert (
        Program.objects.filter(
            pk__in=[school.program.pk, school.peer_program.pk], year_start=year.start_year - 1
        ).count()
        == 2
    )


def test_graduates_are_archived_as_graduates_and_the_people_list_tells_them_apart(school, client_for, administrator):
    apply_rollover(plan_rollover(school.organization, next_year()), performed_by=administrator)
    people = {person.last_name: person for person in Person.objects.filter(organization=school.organization)}
    graduates = {"Выпускникова", "Завершилова", "Старшеклассников", "Одиннадцатиклассников"}
    assert {name for name, person in people.items() if person.category == Person.Category.GRADUATE} == graduates
    assert people["Архивный"].category == Person.Category.PUPIL  # archived before, for another reason
    assert people["Десятиклассников"].category == Person.Category.PUPIL

    client = client_for(administrator)
    archive = client.get(reverse("people:person-list"), {"category": "graduate", "archived": "true"})
    assert {row.record.last_name for row in archive.context["table"].rows} == graduates
    pupils = client.get(reverse("people:person-list"), {"category": "pupil", "archived": "true"})
    assert {row.record.last_name for row in pupils.context["table"].rows} == {"Архивный"}
    history = client.get(reverse("programs:rollover-history")).content.decode()
    assert "Выпускников в архиве (категория «выпускник»): 4" in history
    assert 'data-testid="graduates-link"' in history


def test_a_graduate_keeps_the_marks_of_his_school_years_and_can_still_be_edited(school):
    Person.objects.filter(pk=school.graduate_mentee.pk).update(is_at_risk=True)
    apply_rollover(plan_rollover(school.organization, next_year()))
    graduate = Person.objects.get(pk=school.graduate_mentee.pk)
    person_update(person=graduate, phone="+7 914 000-00-00")  # as the administrator, who does not see marks
    graduate.refresh_from_db()
    assert (graduate.category, graduate.is_at_risk, graduate.phone) == (
        Person.Category.GRADUATE,
        True,
        "+7 914 000-00-00",
    )
    with pytest.raises(ValidationError, match="Выпускником становится только обучающийся"):
        person_graduate(person=graduate)


def test_a_failure_in_the_middle_leaves_everything_as_it_was(school, monkeypatch):
    before = state(school.organization)
    plan = plan_rollover(school.organization, next_year())

    def broken(plan):
        raise RuntimeError("сбой при создании программ")

    # The last step fails after pairs were closed, people archived and pupils moved in the same transaction.
    monkeypatch.setattr(rollover_module, "_start_programs", broken)
    with pytest.raises(RuntimeError):
        apply_rollover(plan)
    assert state(school.organization) == before
    assert not Rollover.objects.exists()


def test_a_refused_service_in_the_middle_is_reported_and_nothing_changes(school, monkeypatch):
    before = state(school.organization)
    plan = plan_rollover(school.organization, next_year())
    # Someone closed a graduate's pair after the plan was made: the plan no longer holds.
    Pair.objects.filter(pk=school.graduate_pair.pk).update(status=Pair.Status.COMPLETED)
    before["pairs"] = sorted(Pair.objects.values_list("pk", "status", "termination_reason", "ended_on"))
    before["counts"] = table_counts()
    with pytest.raises(RolloverError, match="постройте план заново"):
        apply_rollover(plan)
    assert state(school.organization) == before


def test_a_second_rollover_to_the_same_year_is_refused(school):
    year = next_year()
    apply_rollover(plan_rollover(school.organization, year))
    after_first = state(school.organization)

    second = plan_rollover(school.organization, year)
    assert second.errors and "уже переведена" in second.errors[0]
    with pytest.raises(RolloverError, match="уже переведена"):
        apply_rollover(second)
    with pytest.raises(CommandError):
        call_command("rollover_year", organization=school.organization.pk, to_year=str(year.start_year), apply=True)
    assert state(school.organization) == after_first
    assert Rollover.objects.count() == 1


def test_a_stale_plan_applied_twice_is_refused_by_the_record(school):
    plan = plan_rollover(school.organization, next_year())
    apply_rollover(plan)
    with pytest.raises(RolloverError, match="уже переведена"):
        apply_rollover(plan)


def test_a_year_too_far_ahead_is_refused(school):
    plan = plan_rollover(school.organization, AcademicYear.current().start_year + 3)
    assert plan.errors
    with pytest.raises(RolloverError):
        apply_rollover(plan)


def test_a_program_already_made_for_the_new_year_is_not_copied_again(school):
    year = next_year()
    Program.objects.create(
        organization=school.organization,
        title="Своя программа",
        year_start=year.start_year,
        starts_on=year.start,
        ends_on=year.end,
    ).forms.set(school.peer_program.forms.all())
    plan = plan_rollover(school.organization, year)
    assert [item.source_id for item in plan.programs_to_start] == [school.program.pk]
    assert any("уже есть программы" in warning and "Своя программа" in warning for warning in plan.warnings)
    assert any(school.peer_program.title in warning and "не копируется" in warning for warning in plan.warnings)


def test_the_command_applies_with_apply(school, capsys):
    year = next_year()
    call_command("rollover_year", organization=school.organization.pk, to_year=year.label, apply=True)
    assert "Готово" in capsys.readouterr().out
    assert Rollover.objects.get(organization=school.organization).to_year == year.start_year
    assert Person.objects.get(pk=school.young_mentee.pk).school_class == "8Б"


def test_the_command_fails_on_an_unknown_organization():
    with pytest.raises(CommandError, match="Организации с id"):
        call_command("rollover_year", organization=999999, to_year="2026")


def test_a_date_a_year_later_keeps_the_day_and_29_february_becomes_28():
    assert rollover_module._one_year_later(dt.date(2026, 10, 15)) == dt.date(2027, 10, 15)
    assert rollover_module._one_year_later(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


# --- The administrator's page --------------------------------------------------------------------------


def test_the_page_shows_the_plan_and_the_confirmation(school, client_for, administrator):
    response = client_for(administrator).get(reverse("programs:rollover"), {"year": next_year().start_year})
    assert response.status_code == 200
    content = response.content.decode()
    assert "7Б → 8Б: 1 обучающихся" in content
    assert "11А: 2 выпускников" in content
    assert school.graduate_mentee.full_name in content
    assert "Выполнить переход" in content and "отменить его кнопкой нельзя" in content
    assert not Rollover.objects.exists()


def test_posting_the_confirmation_applies_and_shows_the_summary(school, client_for, administrator):
    client = client_for(administrator)
    year = next_year()
    page = client.get(reverse("programs:rollover"), {"year": year.start_year})
    fingerprint = page.context["form"].initial["fingerprint"]
    response = client.post(
        reverse("programs:rollover"), {"year": year.start_year, "fingerprint": fingerprint}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("programs:rollover-history"))
    content = response.content.decode()
    assert "Переведено в следующий класс: 3 обучающихся" in content
    assert "Закрыто пар и групп (причина «выпуск»): 2" in content
    assert Rollover.objects.get().performed_by == administrator
    assert Person.objects.get(pk=school.graduate_mentee.pk).is_archived


def test_a_confirmation_of_an_outdated_plan_applies_nothing(school, client_for, administrator):
    client = client_for(administrator)
    year = next_year()
    fingerprint = (
        client.get(reverse("programs:rollover"), {"year": year.start_year}).context["form"].initial["fingerprint"]
    )
    PersonFactory(organization=school.organization, school_class="5А")  # a pupil arrives meanwhile
    response = client.post(
        reverse("programs:rollover"), {"year": year.start_year, "fingerprint": fingerprint}, follow=True
    )
    assert "данные изменились" in response.content.decode()
    assert not Rollover.objects.exists()
    assert not Person.objects.get(pk=school.graduate_mentee.pk).is_archived


def test_the_page_is_for_the_administrator_only(school, client_for, curator, principal):
    for user in (curator, principal):
        client = client_for(user)
        assert client.get(reverse("programs:rollover")).status_code == 403
        assert client.post(reverse("programs:rollover"), {"year": next_year().start_year}).status_code == 403
    assert not Rollover.objects.exists()


# --- The demo school ------------------------------------------------------------------------------------


def test_rollover_works_on_the_demo_school(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    organization = Organization.objects.get(inn="2721000018")
    year = next_year()
    pupils = dict(
        Person.objects.filter(organization=organization, category=Person.Category.PUPIL).values_list(
            "pk", "school_class"
        )
    )
    graduates = {pk for pk, school_class in pupils.items() if school_class.startswith("11")}
    open_graduate_pairs = set(
        Pair.objects.filter(
            program__organization=organization,
            status__in=Pair.OPEN_STATUSES,
            pk__in=PairMember.objects.filter(person_id__in=graduates).values("pair_id"),
        ).values_list("pk", flat=True)
    )
    other_pairs = dict(
        Pair.objects.filter(program__organization=organization)
        .exclude(pk__in=open_graduate_pairs)
        .values_list("pk", "status")
    )
    assert graduates and open_graduate_pairs  # the demo has graduates in pairs, so the test means something

    before = state(organization)
    capsys.readouterr()
    call_command("rollover_year", organization=organization.pk, to_year=str(year.start_year))
    output = capsys.readouterr().out
    assert state(organization) == before
    assert "7Б → 8Б: " in output and f"Выпускники (в архив): {len(graduates)}." in output

    call_command("rollover_year", organization=organization.pk, to_year=str(year.start_year), apply=True)
    after = {person.pk: person for person in Person.objects.filter(pk__in=pupils)}
    for pk, school_class in pupils.items():
        grade, letter = int(school_class[:-1]), school_class[-1]
        if pk in graduates:
            assert after[pk].is_archived and after[pk].category == Person.Category.GRADUATE
        else:
            assert after[pk].school_class == f"{grade + 1}{letter}" and not after[pk].is_archived
    closed = Pair.objects.filter(status=Pair.Status.TERMINATED, termination_reason=GRADUATION_REASON)
    assert set(closed.values_list("pk", flat=True)) == open_graduate_pairs
    assert dict(Pair.objects.exclude(pk__in=open_graduate_pairs).values_list("pk", "status")) == other_pairs
    old = Program.objects.filter(organization=organization, year_start=year.start_year - 1)
    new = Program.objects.filter(organization=organization, year_start=year.start_year)
    assert new.count() == old.count() == 4
    for program in new:
        assert program.stages.count() == 6
        assert RoadmapActivity.objects.filter(stage__program=program).count() > 0
    assert Rollover.objects.filter(organization=organization, to_year=year.start_year).count() == 1
    with pytest.raises(CommandError):
        call_command("rollover_year", organization=organization.pk, to_year=str(year.start_year), apply=True)
