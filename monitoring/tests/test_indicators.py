"""The eight indicators on a crafted school whose values are computed by hand (year 2025/2026)."""

import datetime as dt
from decimal import Decimal

import pytest

from mentorship.academic_year import AcademicYear
from monitoring.indicators import INDICATORS_BY_CODE, indicator_people, indicators_compute
from monitoring.models import Answer, IndicatorPlan, Question, Questionnaire, QuestionnaireSection, Response
from people.models import Organization, Person
from people.tests.factories import OrganizationFactory, PartnerOrganizationFactory, PersonFactory
from programs.models import MentoringForm, Pair, PairMember, Program

pytestmark = pytest.mark.django_db
YEAR = AcademicYear(2025)
TWELVE = dt.date(2013, 3, 3)


def make_pair(program, form, status, starts_on, planned_end_on, mentors, mentees, ended_on=None, reason=""):
    pair = Pair.objects.create(
        program=program, form=form, status=status, starts_on=starts_on, planned_end_on=planned_end_on,
        ended_on=ended_on, termination_reason=reason,
    )  # fmt: skip
    PairMember.objects.bulk_create(
        [PairMember(pair=pair, person=p, role="mentor") for p in mentors]
        + [PairMember(pair=pair, person=p, role="mentee") for p in mentees]
    )
    return pair


def answer(person, role, submitted, *numbers):
    questionnaire, _ = Questionnaire.objects.get_or_create(
        code=f"satisfaction-{role}",
        defaults={"title": "Удовлетворённость", "audience": role, "purpose": "satisfaction"},
    )
    section, _ = QuestionnaireSection.objects.get_or_create(questionnaire=questionnaire, title="Оценка")
    questions = list(section.questions.order_by("pk"))
    while len(questions) < len(numbers):
        questions.append(
            Question.objects.create(
                section=section, text=f"Вопрос {len(questions)}", kind="scale", is_satisfaction=True
            )
        )
    response = Response.objects.create(
        questionnaire=questionnaire, respondent=person, role=role,
        submitted_at=dt.datetime.combine(submitted, dt.time(12), tzinfo=dt.UTC),
    )  # fmt: skip
    Answer.objects.bulk_create(
        Answer(response=response, question=q, number=n) for q, n in zip(questions[: len(numbers)], numbers, strict=True)
    )


@pytest.fixture
def school():
    org = OrganizationFactory(kind=Organization.Kind.GENERAL)
    form = MentoringForm.objects.create(code="any", name="любая", mentor_categories=[], mentee_categories=[])
    program = Program.objects.create(
        organization=org, title="П", year_start=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 5, 31)
    )

    def pupil(name, birth_date=TWELVE, **extra):
        return PersonFactory(organization=org, last_name=name, birth_date=birth_date, **extra)

    p = {name: pupil(name) for name in ("p1", "p3", "p4", "p5", "p8", "p9", "p10")}
    p["p2"] = pupil("p2", dt.date(2009, 5, 5))  # 16 on 1 September 2025
    p["p6"] = pupil("p6", dt.date(2010, 9, 2))  # turns 15 on 2 September: 14 on the 1st
    p["p7"] = pupil("p7", dt.date(2010, 9, 1))  # exactly 15 on 1 September
    p["p11"] = pupil("p11", is_archived=True)  # left the school: not on the roll

    def teacher(name, birth_date, teaching_since):
        return PersonFactory(
            organization=org, last_name=name, category=Person.Category.TEACHER, birth_date=birth_date,
            teaching_since=teaching_since,
        )  # fmt: skip

    t = {
        "t1": teacher("t1", dt.date(1995, 1, 1), dt.date(2024, 9, 1)),
        "t2": teacher("t2", dt.date(1990, 9, 2), dt.date(2022, 9, 2)),  # 34, two years and 364 days
        "t3": teacher("t3", dt.date(1990, 9, 1), dt.date(2024, 9, 1)),  # exactly 35: not young
        "t4": teacher("t4", dt.date(1996, 1, 1), dt.date(2022, 9, 1)),  # exactly three years: not young
        "t5": teacher("t5", dt.date(1970, 1, 1), dt.date(1995, 9, 1)),
    }
    in_force = PartnerOrganizationFactory(organization=org, agreement_date=dt.date(2024, 8, 30))
    PartnerOrganizationFactory(organization=org, agreement_date=dt.date(2025, 1, 10))  # no mentors
    expired = PartnerOrganizationFactory(
        organization=org, agreement_date=dt.date(2023, 1, 1), agreement_end_date=dt.date(2025, 6, 30)
    )
    e1 = PersonFactory(
        organization=org, category=Person.Category.EMPLOYER, partner=in_force, birth_date=dt.date(1980, 1, 1)
    )
    e3 = PersonFactory(
        organization=org, category=Person.Category.EMPLOYER, partner=expired, birth_date=dt.date(1980, 1, 1)
    )

    year_pair = (dt.date(2025, 10, 1), dt.date(2026, 5, 31))
    make_pair(program, form, Pair.Status.ACTIVE, *year_pair, [p["p2"]], [p["p1"], p["p11"]])
    make_pair(program, form, Pair.Status.APPROVED, dt.date(2025, 9, 15), dt.date(2026, 5, 31), [p["p6"]], [p["p2"]])
    make_pair(  # ended on 31 August 2025: belongs to the previous year
        program, form, Pair.Status.COMPLETED, dt.date(2024, 10, 1), dt.date(2025, 5, 31), [t["t5"]], [p["p3"]],
        ended_on=dt.date(2025, 8, 31),
    )  # fmt: skip
    make_pair(  # cancelled
        program, form, Pair.Status.TERMINATED, *year_pair, [t["t5"]], [p["p4"]], ended_on=dt.date(2025, 11, 1),
        reason="переезд",
    )  # fmt: skip
    make_pair(program, form, Pair.Status.FORMING, *year_pair, [t["t5"]], [p["p5"]])
    make_pair(program, form, Pair.Status.APPROVED, *year_pair, [t["t5"]], [t["t1"]])
    make_pair(program, form, Pair.Status.ACTIVE, *year_pair, [e1, e3], [p["p1"]])

    answer(p["p1"], "mentee", dt.date(2026, 4, 1), 10, 8)  # mean 9
    answer(p["p2"], "mentee", dt.date(2026, 4, 2), 1)  # mean 1
    answer(p["p3"], "mentee", dt.date(2025, 8, 31), 10)  # previous year: ignored
    answer(t["t5"], "mentor", dt.date(2025, 12, 1), 10)
    return org, p, t


def values(org):
    return {v.indicator.code: v for v in indicators_compute(organization_ids=[org.pk], year=YEAR)}


def test_pupils_involved_counts_distinct_pupils_on_the_roll_in_counted_pairs(school):
    org, p, _ = school
    pupils = values(org)["pupils_general"]
    # p1 (twice), p2 (mentor and mentee), p6 — not p3 (ended 31 Aug), p4 (cancelled), p5 (forming), p11 (archived)
    assert (pupils.numerator, pupils.denominator) == (3, 10)
    assert pupils.fact == Decimal("30.0")
    assert pupils.plan == Decimal(70)
    assert pupils.deviation == Decimal("-40.0")
    names = set(
        indicator_people("pupils_general", organization_ids=[org.pk], year=YEAR, part="numerator").values_list(
            "last_name", flat=True
        )
    )
    assert names == {"p1", "p2", "p6"}


def test_indicators_for_other_kinds_of_organization_do_not_apply(school):
    org, _, _ = school
    assert values(org)["students_vocational"].fact is None
    assert values(org)["pupils_additional"].denominator == 0


def test_young_teachers_supported(school):
    org, _, _ = school
    young = values(org)["young_teachers"]
    assert (young.numerator, young.denominator, young.fact) == (1, 2, Decimal("50.0"))
    den = indicator_people("young_teachers", organization_ids=[org.pk], year=YEAR, part="denominator")
    assert set(den.values_list("last_name", flat=True)) == {"t1", "t2"}


def test_youth_15_to_19_as_mentors(school):
    org, _, _ = school
    youth = values(org)["youth_mentors"]
    # p2 (16, mentor) and p7 (15 on 1 September); p6 turns 15 on 2 September
    assert (youth.numerator, youth.denominator, youth.fact) == (1, 2, Decimal("50.0"))


def test_enterprises_providing_mentors(school):
    org, _, _ = school
    enterprises = values(org)["enterprises"]
    assert (enterprises.numerator, enterprises.denominator, enterprises.fact) == (1, 2, Decimal("50.0"))


def test_satisfaction_is_the_mean_of_respondents_means_mapped_to_percent(school):
    org, _, _ = school
    mentees = values(org)["satisfaction_mentees"]
    # (9 + 1) / 2 = 5 → (5 − 1) / 9 × 100 = 44.4; the answer of 31 August 2025 belongs to the year before
    assert (mentees.numerator, mentees.fact) == (2, Decimal("44.4"))
    assert values(org)["satisfaction_mentors"].fact == Decimal("100.0")


def test_a_school_plan_overrides_the_default(school):
    org, _, _ = school
    IndicatorPlan.objects.create(organization=org, year_start=2025, indicator="pupils_general", value=Decimal("35"))
    pupils = values(org)["pupils_general"]
    assert pupils.plan == Decimal("35.0") and pupils.deviation == Decimal("-5.0")


@pytest.mark.parametrize(
    ("year", "pupils", "youth"),
    [(2019, 10, 2), (2020, 10, 2), (2021, 25, 4), (2022, 40, 6), (2023, 55, 8), (2024, 70, 10), (2030, 70, 10)],
)
def test_default_plans_follow_seed_001(year, pupils, youth):
    assert INDICATORS_BY_CODE["pupils_general"].default_plan(AcademicYear(year)) == Decimal(pupils)
    assert INDICATORS_BY_CODE["youth_mentors"].default_plan(AcademicYear(year)) == Decimal(youth)


def test_a_municipality_adds_up_its_schools(school):
    org, _, _ = school
    other = OrganizationFactory(kind=Organization.Kind.GENERAL)
    PersonFactory.create_batch(10, organization=other, birth_date=TWELVE)
    both = {v.indicator.code: v for v in indicators_compute(organization_ids=[org.pk, other.pk], year=YEAR)}
    assert (both["pupils_general"].numerator, both["pupils_general"].denominator) == (3, 20)
    assert both["pupils_general"].fact == Decimal("15.0")


def test_query_count_does_not_grow_with_data(school, django_assert_max_num_queries):
    org, _, _ = school
    with django_assert_max_num_queries(8) as few:
        indicators_compute(organization_ids=[org.pk], year=YEAR)
    PersonFactory.create_batch(30, organization=org, birth_date=TWELVE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        indicators_compute(organization_ids=[org.pk], year=YEAR)
