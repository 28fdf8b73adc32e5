"""Programs, their roadmap, what each user sees of pairs, overdue and inactivity logic."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from mentorship.academic_year import AcademicYear
from programs.models import Meeting, MentoringForm, Pair, Program, RoadmapActivity
from programs.selectors import (
    pair_get_visible,
    pairs_inactive,
    pairs_visible_to,
    roadmap_current_stage,
    roadmap_progress,
)
from programs.services import (
    pair_create,
    program_create,
    program_status_change,
    program_title_for,
    roadmap_activity_set_status,
)
from programs.tests.participants import make_mentee, make_mentor

pytestmark = pytest.mark.django_db
YEAR = AcademicYear(2025)


@pytest.fixture
def form():
    return MentoringForm.objects.create(
        code="t-p",
        name="учитель – ученик",
        mentor_categories=["teacher"],
        mentee_categories=["pupil"],
        goal="Успешное формирование у ученика представлений о следующих этапах развития.",
    )


@pytest.fixture
def program(organization, form, curator):
    return program_create(
        organization=organization, title=program_title_for(form, YEAR), year=YEAR, forms=[form], curator=curator
    )


def test_program_from_a_form_takes_its_goal_and_gets_the_six_stage_roadmap(program):
    assert program.title == "Программа наставничества по форме «учитель – ученик» на 2025/2026 учебный год"
    assert program.goal.startswith("Успешное формирование")
    assert program.status == Program.Status.DRAFT
    stages = list(program.stages.order_by("number"))
    assert [stage.number for stage in stages] == [1, 2, 3, 4, 5, 6]
    assert stages[0].title == "Подготовка условий для запуска программы наставничества"
    assert stages[5].title == "Завершение программы наставничества"
    deadlines = RoadmapActivity.objects.filter(stage__program=program).values_list("deadline", flat=True)
    assert all(YEAR.contains(deadline) for deadline in deadlines)
    order = program.stages.get(number=5).activities.get(title__startswith="Закрепление")
    assert "«Об утверждении наставнических пар/групп»" in order.content
    assert order.deadline == dt.date(2025, 10, 20)


def test_program_must_start_inside_its_year(organization, form):
    with pytest.raises(ValidationError, match="2025/2026"):
        program_create(organization=organization, title="x", year=YEAR, forms=[form], starts_on=dt.date(2025, 8, 1))


def test_program_status_workflow(program):
    with pytest.raises(ValidationError, match="нельзя перевести"):
        program_status_change(program=program, status=Program.Status.COMPLETED)
    program_status_change(program=program, status=Program.Status.APPROVED)
    program_status_change(program=program, status=Program.Status.RUNNING)
    assert program.status == Program.Status.RUNNING


def test_overdue_activities_and_stage_progress(program):
    today = dt.date(2025, 9, 21)
    first_stage = program.stages.get(number=1)
    activities = list(first_stage.activities.order_by("deadline"))  # deadlines 5, 10, 15, 20 September
    roadmap_activity_set_status(
        activity=activities[0], status=RoadmapActivity.Status.DONE, completed_on=dt.date(2025, 9, 5)
    )
    progress = roadmap_progress(program, today=today)
    assert (progress[0].total, progress[0].done, progress[0].overdue) == (4, 1, 3)
    assert progress[0].percent == 25
    assert activities[1].is_overdue(today) and not activities[0].is_overdue(today)
    assert roadmap_current_stage(progress).stage.number == 1
    for activity in activities[1:]:
        roadmap_activity_set_status(
            activity=activity, status=RoadmapActivity.Status.DONE, completed_on=dt.date(2025, 9, 20)
        )
    assert roadmap_current_stage(roadmap_progress(program, today=today)).stage.number == 2


def test_done_needs_no_future_date(program):
    activity = program.stages.get(number=1).activities.first()
    with pytest.raises(ValidationError, match="в будущем"):
        roadmap_activity_set_status(
            activity=activity, status=RoadmapActivity.Status.DONE, completed_on=dt.date.today() + dt.timedelta(days=1)
        )


@pytest.fixture
def two_pairs(organization, program, form, mentor, other_mentor):
    pairs = []
    for user in (mentor, other_mentor):
        teacher = make_mentor(organization)
        user.person = teacher
        user.save()
        pairs.append(
            pair_create(
                program=program,
                form=form,
                mentors=[teacher],
                mentees=[make_mentee(organization)],
                starts_on=dt.date(2025, 10, 1),
                planned_end_on=dt.date(2026, 5, 31),
            )
        )
    return pairs


def test_mentor_sees_only_his_own_pairs(two_pairs, mentor, other_mentor, curator, principal, user_without_role):
    own, other = two_pairs
    assert list(pairs_visible_to(mentor)) == [own]
    assert pair_get_visible(mentor, own.pk) == own
    with pytest.raises(Http404):
        pair_get_visible(mentor, other.pk)
    assert set(pairs_visible_to(curator)) == {own, other}
    assert set(pairs_visible_to(principal)) == {own, other}
    assert not pairs_visible_to(user_without_role).exists()


def test_pairs_of_another_organization_are_not_found(two_pairs, other_organization):
    from people.roles import Role
    from people.tests.factories import UserFactory

    stranger = UserFactory(organization=other_organization, roles=[Role.CURATOR])
    with pytest.raises(Http404):
        pair_get_visible(stranger, two_pairs[0].pk)


def test_a_revoked_consent_flags_the_pair(two_pairs, curator):
    from people.services import consent_revoke

    pair = two_pairs[0]
    assert not pairs_visible_to(curator).get(pk=pair.pk).consent_problem
    mentee = pair.members.get(role="mentee").person
    consent_revoke(consent=mentee.consents.get(), revoked_on=dt.date.today(), reason="отзыв")
    assert pairs_visible_to(curator).get(pk=pair.pk).consent_problem
    assert not pairs_visible_to(curator).get(pk=two_pairs[1].pk).consent_problem


def test_a_pair_without_a_meeting_for_30_days_is_inactive(two_pairs, curator):
    active, quiet = two_pairs
    Pair.objects.filter(pk__in=[active.pk, quiet.pk]).update(status=Pair.Status.ACTIVE)
    today = dt.date(2025, 12, 1)
    Meeting.objects.create(pair=active, held_on=dt.date(2025, 11, 2), topic="Регулярная встреча")
    Meeting.objects.create(pair=quiet, held_on=dt.date(2025, 10, 31), topic="Первая встреча")
    inactive = pairs_inactive(pairs_visible_to(curator), today=today)
    assert list(inactive) == [quiet]  # 31 days since 31 October; 29 since 2 November


def test_a_closed_pair_keeps_its_plan_and_meetings(two_pairs):
    from programs.services import meeting_log, pair_terminate, plan_goal_add, plan_task_add

    pair = two_pairs[0]
    mentee = pair.members.get(role="mentee").person
    goal = plan_goal_add(pair=pair, mentee=mentee, title="Подготовка к олимпиаде")
    pair_terminate(pair=pair, ended_on=dt.date.today(), reason="переезд")
    goal.pair.refresh_from_db()
    for attempt in (
        lambda: plan_goal_add(pair=pair, mentee=mentee, title="Ещё цель"),
        lambda: plan_task_add(goal=goal, title="Задача"),
        lambda: meeting_log(pair=pair, held_on=dt.date.today(), topic="Встреча"),
    ):
        with pytest.raises(ValidationError, match="закрыта"):
            attempt()
