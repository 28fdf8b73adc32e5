"""A crafted school for the dashboard and report tests (year 2025/2026), its values computed by hand.

pupils_general: pupils on the roll p1–p4 (p5 archived) → p1 is in an active pair, p2 only in a
forming one → 1 of 4 = 25,0 % (plan 70 by the methodology → −45,0).
young_teachers: t_young (born 1995, teaching since 1 September 2024) is the mentee of an approved
pair → 1 of 1 = 100,0 %.
satisfaction_mentees: p1 answered 10 and 8 → mean 9 → (9 − 1) ÷ 9 × 100 = 88,9 %.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from mentorship.academic_year import AcademicYear
from monitoring.models import Answer, Question, Questionnaire, QuestionnaireSection, Response
from people.models import Person
from people.tests.factories import PersonFactory
from programs.models import MentoringForm, Pair, PairMember, Program

YEAR = AcademicYear(2025)
TWELVE = dt.date(2013, 3, 3)


def make_pair(program, form, status, mentors, mentees, starts_on=dt.date(2025, 10, 1), ended_on=None):
    pair = Pair.objects.create(
        program=program, form=form, status=status, starts_on=starts_on, planned_end_on=dt.date(2026, 5, 31),
        ended_on=ended_on, termination_reason="переезд" if status == Pair.Status.TERMINATED else "",
    )  # fmt: skip
    PairMember.objects.bulk_create(
        [PairMember(pair=pair, person=p, role="mentor") for p in mentors]
        + [PairMember(pair=pair, person=p, role="mentee") for p in mentees]
    )
    return pair


def questionnaire(code, role, purpose, questions):
    """A questionnaire with one section and the given questions: [(text, kind, is_satisfaction, impact_area)]."""
    found, _ = Questionnaire.objects.get_or_create(
        code=code, defaults={"title": code, "audience": role, "purpose": purpose}
    )
    section, _ = QuestionnaireSection.objects.get_or_create(questionnaire=found, title="Раздел")
    if not section.questions.exists():
        for order, (text, kind, satisfaction, area) in enumerate(questions):
            Question.objects.create(
                section=section, text=text, kind=kind, is_satisfaction=satisfaction, impact_area=area, order=order
            )
    return found, list(section.questions.order_by("order"))


def respond(person, role, submitted, questionnaire_and_questions, *numbers):
    found, questions = questionnaire_and_questions
    response = Response.objects.create(
        questionnaire=found, respondent=person, role=role,
        submitted_at=dt.datetime.combine(submitted, dt.time(12), tzinfo=dt.UTC),
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(response=response, question=question, number=number)
        for question, number in zip(questions, numbers, strict=False)
    )
    return response


def satisfaction(role):
    return questionnaire(
        f"test-satisfaction-{role}",
        role,
        "satisfaction",
        [("Ожидания", "scale", True, ""), ("Польза", "scale", True, "")],
    )


@dataclass
class School:
    organization: object
    program: Program
    form: MentoringForm
    pupils: dict
    teachers: dict
    active_pair: Pair
    forming_pair: Pair
    teacher_pair: Pair


def build_school(organization) -> School:
    form = MentoringForm.objects.create(
        code="test-teacher-pupil", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )
    program = Program.objects.create(
        organization=organization, title="Шаг вперёд", year_start=2025,
        starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 5, 31),
    )  # fmt: skip
    pupils = {
        name: PersonFactory(organization=organization, last_name=name, first_name="Ученик", birth_date=TWELVE)
        for name in ("Алексеев", "Борисов", "Васильев", "Григорьев")
    }
    pupils["Архивный"] = PersonFactory(organization=organization, last_name="Архивный", is_archived=True)
    teachers = {
        "Старший": PersonFactory(
            organization=organization, last_name="Старший", category=Person.Category.TEACHER,
            birth_date=dt.date(1970, 1, 1), teaching_since=dt.date(1995, 9, 1), school_class="", position="учитель физики",
        ),
        "Молодой": PersonFactory(
            organization=organization, last_name="Молодой", category=Person.Category.TEACHER,
            birth_date=dt.date(1995, 1, 1), teaching_since=dt.date(2024, 9, 1), school_class="", position="учитель химии",
        ),
    }  # fmt: skip
    mentor = teachers["Старший"]
    active = make_pair(program, form, Pair.Status.ACTIVE, [mentor], [pupils["Алексеев"]])
    forming = make_pair(program, form, Pair.Status.FORMING, [mentor], [pupils["Борисов"]])
    teacher_pair = make_pair(program, form, Pair.Status.APPROVED, [mentor], [teachers["Молодой"]])
    respond(pupils["Алексеев"], "mentee", dt.date(2026, 4, 1), satisfaction("mentee"), 10, 8)
    return School(organization, program, form, pupils, teachers, active, forming, teacher_pair)


@pytest.fixture
def school(organization):
    return build_school(organization)


def year_url(name, **query):
    from django.urls import reverse

    params = "&".join(f"{key}={value}" for key, value in {"year": YEAR.start_year, **query}.items())
    return f"{reverse(name)}?{params}"
