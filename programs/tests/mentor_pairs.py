"""Pairs for the tests of the mentor's workspace: a working pair of a given mentor account, in a few lines."""

import datetime as dt

from django.utils import timezone

from mentorship.academic_year import AcademicYear
from programs.models import Meeting, Pair, PlanGoal, PlanTask, Program
from programs.services import pair_create, program_create
from programs.tests.factories import MentoringFormFactory
from programs.tests.participants import make_mentee, make_mentor


def today() -> dt.date:
    return timezone.localdate()


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def mentor_person_of(user):
    """The account's person, made a mentor in the bank with a consent (a new teacher if need be)."""
    person = user.person
    if person is None or not hasattr(person, "mentor_profile"):
        person = make_mentor(user.organization, capacity=50)
        user.person = person
        user.save(update_fields=["person"])
    return person


def _program(organization) -> Program:
    form = MentoringFormFactory(code="teacher-pupil", name="учитель – ученик")
    program = Program.objects.filter(organization=organization).first()
    if program is None:
        program = program_create(
            organization=organization,
            title="Программа наставничества «учитель – ученик»",
            year=AcademicYear.current(),
            forms=[form],
            with_roadmap=False,
        )
    return program


def pair_for(
    mentor_user,
    *,
    mentees: int = 1,
    started_days_ago: int = 10,
    status: str = Pair.Status.ACTIVE,
    goals: str = "",
    role_model=None,
    **mentee_fields,
) -> Pair:
    """A pair (a group when mentees > 1) of this mentor account with new pupils, started some days ago."""
    organization = mentor_user.organization
    program = _program(organization)
    starts_on = days_ago(started_days_ago)
    pair = pair_create(
        program=program,
        form=program.forms.get(),
        mentors=[mentor_person_of(mentor_user)],
        mentees=[make_mentee(organization, **mentee_fields) for _ in range(mentees)],
        starts_on=starts_on,
        planned_end_on=starts_on + dt.timedelta(days=240),
        goals=goals,
        role_model=role_model,
    )
    Pair.objects.filter(pk=pair.pk).update(status=status)
    pair.refresh_from_db()
    return pair


def mentee_of(pair: Pair):
    return pair.members.filter(role="mentee").first().person


def meeting_in(pair: Pair, *, held_days_ago: int, topic: str = "Регулярная встреча") -> Meeting:
    return Meeting.objects.create(pair=pair, held_on=days_ago(held_days_ago), topic=topic)


def task_in(pair: Pair, *, title: str = "Прочитать книгу", deadline: dt.date | None = None) -> PlanTask:
    goal = PlanGoal.objects.create(pair=pair, mentee=mentee_of(pair), title="Развить читательскую грамотность")
    return PlanTask.objects.create(goal=goal, title=title, deadline=deadline)
