"""The eight target indicators of the model (seed 001 §5.1), each a documented formula over one academic year.

A pair counts for a year when its status is approved, active or completed and its dates overlap the
year (1 September – 31 August); its end is the actual end date if it has one, else the planned one.
Headcounts are of people on the roll (not archived) of the given organizations. Everything is read
in a fixed number of queries, whatever the number of schools or people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mentorship.academic_year import AcademicYear, years_before
from people.models import Organization, PartnerOrganization, Person
from programs.models import Pair, PairMember


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    plan_2020: Decimal
    plan_2024: Decimal
    formula: str
    organization_kinds: frozenset[str] | None = None  # None: every kind of organization

    def default_plan(self, year: AcademicYear) -> Decimal:
        """Seed 001 §5.1: 2020 and 2024 values, straight line between them, the 2024 value after."""
        if year.start_year <= 2020:
            return self.plan_2020
        if year.start_year >= 2024:
            return self.plan_2024
        step = (self.plan_2024 - self.plan_2020) * (year.start_year - 2020) / 4
        return (self.plan_2020 + step).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


K = Organization.Kind
INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "pupils_general",
        "Доля обучающихся ОО, вовлечённых в различные формы сопровождения и наставничества, %",
        Decimal(10),
        Decimal(70),
        "100 × обучающиеся общеобразовательной организации, которые наставники или наставляемые в учитываемой паре "
        "÷ все обучающиеся организации",
        frozenset({K.GENERAL}),
    ),
    Indicator(
        "pupils_additional",
        "Доля обучающихся ДОО, вовлечённых в различные формы сопровождения, наставничества и шефства, %",
        Decimal(10),
        Decimal(70),
        "100 × обучающиеся организации дополнительного образования в учитываемой паре ÷ все её обучающиеся",
        frozenset({K.ADDITIONAL}),
    ),
    Indicator(
        "students_vocational",
        "Доля обучающихся СПО, вовлечённых в различные формы наставничества, %",
        Decimal(10),
        Decimal(70),
        "100 × студенты профессиональной образовательной организации в учитываемой паре ÷ все её студенты",
        frozenset({K.VOCATIONAL}),
    ),
    Indicator(
        "young_teachers",
        "Доля учителей в возрасте до 35 лет, вовлечённых в различные формы поддержки и сопровождения "
        "в первые три года работы, %",
        Decimal(10),
        Decimal(70),
        "100 × педагоги моложе 35 лет на 1 сентября со стажем меньше 3 лет, которые наставляемые в учитываемой паре "
        "÷ все такие педагоги",
    ),
    Indicator(
        "youth_mentors",
        "Доля детей и подростков от 15 до 19 лет, вошедших в программы наставничества в роли наставника, %",
        Decimal(2),
        Decimal(10),
        "100 × обучающиеся и студенты 15–19 лет на 1 сентября, которые наставники в учитываемой паре "
        "÷ все обучающиеся и студенты этого возраста",
    ),
    Indicator(
        "enterprises",
        "Доля предприятий, которые вошли в программы наставничества, предоставив своих наставников, %",
        Decimal(2),
        Decimal(30),
        "100 × организации-партнёры с действующим в учебном году договором, хотя бы один сотрудник которых — "
        "наставник в учитываемой паре ÷ все организации-партнёры с действующим договором",
    ),
    Indicator(
        "satisfaction_mentees",
        "Уровень удовлетворённости наставляемых участием в программах наставничества, % (опросный)",
        Decimal(50),
        Decimal(85),
        "среднее по наставляемым (их средний ответ на вопросы об удовлетворённости за учебный год), "
        "переведённое со шкалы 1–10 в проценты: (x − 1) ÷ 9 × 100",
    ),
    Indicator(
        "satisfaction_mentors",
        "Уровень удовлетворённости наставников участием в программах наставничества, % (опросный)",
        Decimal(50),
        Decimal(85),
        "среднее по наставникам (их средний ответ на вопросы об удовлетворённости за учебный год), "
        "переведённое со шкалы 1–10 в проценты: (x − 1) ÷ 9 × 100",
    ),
)
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
SATISFACTION_ROLES = {"satisfaction_mentees": "mentee", "satisfaction_mentors": "mentor"}


@dataclass
class IndicatorValue:
    indicator: Indicator
    plan: Decimal | None
    numerator: int
    denominator: int
    fact: Decimal | None  # None when the denominator is empty or the indicator does not apply

    @property
    def deviation(self) -> Decimal | None:
        if self.fact is None or self.plan is None:
            return None
        return self.fact - self.plan

    @property
    def applies(self) -> bool:
        return self.denominator > 0

    def as_dict(self) -> dict:
        def number(value):
            return None if value is None else float(value)

        return {
            "code": self.indicator.code,
            "title": self.indicator.title,
            "plan": number(self.plan),
            "fact": number(self.fact),
            "deviation": number(self.deviation),
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def counted_pairs(organization_ids: Sequence[int], year: AcademicYear) -> QuerySet[Pair]:
    """Pairs that count for the year: approved, active or completed, with dates overlapping it."""
    return Pair.objects.filter(
        program__organization_id__in=organization_ids,
        status__in=Pair.COUNTED_STATUSES,
        starts_on__lte=year.end,
    ).filter(Q(ended_on__gte=year.start) | Q(ended_on__isnull=True, planned_end_on__gte=year.start))


def _member_in_counted_pair(organization_ids, year, role: str | None = None) -> Exists:
    members = PairMember.objects.filter(person=OuterRef("pk"), pair__in=counted_pairs(organization_ids, year))
    if role:
        members = members.filter(role=role)
    return Exists(members)


def _people_conditions(year: AcademicYear) -> dict[str, Q]:
    """Who is in each headcount indicator's denominator (all on the roll of the organizations)."""
    september_first = year.start
    return {
        "pupils_general": Q(category=Person.Category.PUPIL, organization__kind=K.GENERAL),
        "pupils_additional": Q(category=Person.Category.PUPIL, organization__kind=K.ADDITIONAL),
        "students_vocational": Q(category=Person.Category.STUDENT, organization__kind=K.VOCATIONAL),
        # under 35 on 1 September, and less than three years since teaching began
        "young_teachers": Q(
            category=Person.Category.TEACHER,
            birth_date__gt=years_before(september_first, 35),
            teaching_since__gt=years_before(september_first, 3),
        ),
        # 15 to 19 full years on 1 September: born after 1 Sept 20 years before and on or before 1 Sept 15 years before
        "youth_mentors": Q(
            category__in=(Person.Category.PUPIL, Person.Category.STUDENT),
            birth_date__gt=years_before(september_first, 20),
            birth_date__lte=years_before(september_first, 15),
        ),
    }


# which membership puts a person of the denominator into the numerator
_NUMERATOR_FLAG = {
    "pupils_general": "involved",
    "pupils_additional": "involved",
    "students_vocational": "involved",
    "young_teachers": "is_mentee",
    "youth_mentors": "is_mentor",
}


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition seen from a related model: Q(category=…) becomes Q(person__category=…)."""
    children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (f"{prefix}{child[0]}", child[1])
        for child in condition.children
    ]
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


_NUMERATOR_ROLE = {"involved": None, "is_mentee": PairMember.Role.MENTEE, "is_mentor": PairMember.Role.MENTOR}


def _headcounts(organization_ids, year) -> dict[str, int]:
    """Numerator and denominator of each headcount indicator, in two queries.

    The denominators count people on the roll; the numerators count, from the side of the pair
    members, the distinct people of each denominator with the right role in a counted pair — the
    same people as ``_annotated_people`` flags, without a subquery per person.
    """
    conditions = _people_conditions(year)
    counts = Person.objects.filter(organization_id__in=organization_ids, is_archived=False).aggregate(
        **{f"{code}__den": Count("pk", filter=condition) for code, condition in conditions.items()}
    )
    numerators = {}
    for code, condition in conditions.items():
        condition = _prefixed(condition, "person__")
        role = _NUMERATOR_ROLE[_NUMERATOR_FLAG[code]]
        if role:
            condition &= Q(role=role)
        numerators[f"{code}__num"] = Count("person", filter=condition, distinct=True)
    counts.update(
        PairMember.objects.filter(
            pair__in=counted_pairs(organization_ids, year),
            person__organization_id__in=organization_ids,
            person__is_archived=False,
        ).aggregate(**numerators)
    )
    return counts


def _annotated_people(organization_ids, year) -> QuerySet[Person]:
    return Person.objects.filter(organization_id__in=organization_ids, is_archived=False).annotate(
        involved=_member_in_counted_pair(organization_ids, year),
        is_mentee=_member_in_counted_pair(organization_ids, year, PairMember.Role.MENTEE),
        is_mentor=_member_in_counted_pair(organization_ids, year, PairMember.Role.MENTOR),
    )


def _partners_in_force(organization_ids, year) -> QuerySet[PartnerOrganization]:
    return (
        PartnerOrganization.objects.filter(organization_id__in=organization_ids, agreement_date__lte=year.end)
        .filter(Q(agreement_end_date__isnull=True) | Q(agreement_end_date__gte=year.start))
        .annotate(
            provides_mentors=Exists(
                PairMember.objects.filter(
                    person__partner=OuterRef("pk"),
                    role=PairMember.Role.MENTOR,
                    pair__in=counted_pairs(organization_ids, year),
                )
            )
        )
    )


def _year_bounds(year: AcademicYear) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(year.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _satisfaction_answers(organization_ids, year, roles: Sequence[str]) -> QuerySet:
    from monitoring.models import Answer

    start, end = _year_bounds(year)
    return Answer.objects.filter(
        question__is_satisfaction=True,
        number__isnull=False,
        response__role__in=roles,
        response__respondent__organization_id__in=organization_ids,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
    )


def satisfaction_by_respondent(organization_ids, year, role: str) -> QuerySet:
    """Each respondent's mean answer to satisfaction questions in responses submitted in the year."""
    return (
        _satisfaction_answers(organization_ids, year, [role])
        .values("response__respondent")
        .annotate(mean=Avg("number"))
        .values_list("response__respondent", "mean")
    )


def _satisfaction_means(organization_ids, year) -> dict[str, list]:
    """The respondents' means of satisfaction_by_respondent for mentees and mentors at once (one pass over
    the answers instead of one per role)."""
    means: dict[str, list] = {role: [] for role in SATISFACTION_ROLES.values()}
    rows = (
        _satisfaction_answers(organization_ids, year, list(means))
        .values("response__role", "response__respondent")
        .annotate(mean=Avg("number"))
        .values_list("response__role", "mean")
    )
    for role, mean in rows:
        means[role].append(mean)
    return means


def _plans(organization_ids, year) -> dict[str, Decimal]:
    """The school's own plan values; for several schools, the mean of theirs (defaults where none)."""
    from monitoring.models import IndicatorPlan

    stored: dict[str, list[Decimal]] = {}
    for code, value in IndicatorPlan.objects.filter(
        organization_id__in=organization_ids, year_start=year.start_year
    ).values_list("indicator", "value"):
        stored.setdefault(code, []).append(value)
    plans = {}
    for indicator in INDICATORS:
        values = stored.get(indicator.code, [])
        values += [indicator.default_plan(year)] * (len(organization_ids) - len(values))
        plans[indicator.code] = (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None
    return plans


def indicators_compute(*, organization_ids: Sequence[int], year: AcademicYear) -> list[IndicatorValue]:
    """Plan, fact, deviation, numerator and denominator of the eight indicators for the organizations."""
    organization_ids = list(organization_ids)
    counts = _headcounts(organization_ids, year)
    partners = _partners_in_force(organization_ids, year).aggregate(
        den=Count("pk"), num=Count("pk", filter=Q(provides_mentors=True))
    )
    counts["enterprises__den"], counts["enterprises__num"] = partners["den"], partners["num"]
    plans = _plans(organization_ids, year)
    satisfaction = _satisfaction_means(organization_ids, year)

    values = []
    for indicator in INDICATORS:
        if indicator.code in SATISFACTION_ROLES:
            means = satisfaction[SATISFACTION_ROLES[indicator.code]]
            fact = None
            if means:
                average = Decimal(str(sum(means) / len(means)))
                fact = ((average - 1) / 9 * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            values.append(IndicatorValue(indicator, plans[indicator.code], len(means), len(means), fact))
            continue
        numerator, denominator = counts[f"{indicator.code}__num"], counts[f"{indicator.code}__den"]
        values.append(
            IndicatorValue(indicator, plans[indicator.code], numerator, denominator, _percent(numerator, denominator))
        )
    return values


def indicator_people(
    code: str, *, organization_ids: Sequence[int], year: AcademicYear, part: str
) -> QuerySet[Person] | QuerySet[PartnerOrganization]:
    """The people (or partners) behind a number: ``part`` is "numerator" or "denominator"."""
    if part not in ("numerator", "denominator"):
        raise ValueError(part)
    if code == "enterprises":
        partners = _partners_in_force(organization_ids, year)
        return partners.filter(provides_mentors=True) if part == "numerator" else partners
    if code in SATISFACTION_ROLES:
        respondent_ids = [pk for pk, _ in satisfaction_by_respondent(organization_ids, year, SATISFACTION_ROLES[code])]
        return Person.objects.filter(pk__in=respondent_ids)
    people = _annotated_people(organization_ids, year).filter(_people_conditions(year)[code])
    if part == "numerator":
        people = people.filter(**{_NUMERATOR_FLAG[code]: True})
    return people.select_related("organization").order_by("last_name", "first_name")
