"""Programs and pairs for the tests of the curator's pages, in a line each."""

import datetime as dt

from django.utils import timezone

from mentorship.academic_year import AcademicYear
from programs.models import Pair, Program
from programs.services import pair_create, program_create, program_title_for
from programs.tests.factories import MentoringFormFactory
from programs.tests.participants import make_mentee, make_mentor


def today() -> dt.date:
    return timezone.localdate()


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def teacher_pupil_form():
    return MentoringFormFactory(
        code="teacher-pupil",
        name="учитель – ученик",
        goal="Раскрытие потенциала личности наставляемого.",
        tasks="Помощь в определении образовательной траектории.",
        expected_results="Повышение образовательных результатов наставляемого.",
    )


def make_program(organization, *, curator=None, form=None, status=Program.Status.DRAFT, title="") -> Program:
    """A program of the current academic year with the six-stage roadmap, open until 31 August."""
    form = form or teacher_pupil_form()
    year = AcademicYear.current()
    program = program_create(
        organization=organization,
        title=title or program_title_for(form, year),
        year=year,
        forms=[form],
        curator=curator,
        ends_on=year.end,
    )
    if status != Program.Status.DRAFT:
        Program.objects.filter(pk=program.pk).update(status=status)
        program.refresh_from_db()
    return program


def make_pair(
    program: Program,
    *,
    mentor=None,
    mentees=None,
    status=Pair.Status.FORMING,
    started_days_ago: int = 0,
    **mentee_fields,
) -> Pair:
    """A pair of the program with a new approved mentor and a new pupil unless given."""
    organization = program.organization
    starts_on = max(days_ago(started_days_ago), program.starts_on)
    pair = pair_create(
        program=program,
        form=program.forms.first(),
        mentors=[mentor or make_mentor(organization)],
        mentees=mentees or [make_mentee(organization, **mentee_fields)],
        starts_on=starts_on,
        planned_end_on=program.ends_on,
    )
    if status != Pair.Status.FORMING:
        reason = "перевод в другую школу" if status == Pair.Status.TERMINATED else ""
        Pair.objects.filter(pk=pair.pk).update(status=status, termination_reason=reason)
        pair.refresh_from_db()
    return pair
