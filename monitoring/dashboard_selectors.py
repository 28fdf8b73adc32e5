"""Reads for the indicators dashboard, the mentors' reports and the annual monitoring report.

The dashboard and the reports belong to the curator and the principal of one organization; a mentor
reaches only his own quarterly reports. Objects are fetched through their owner, so another
organization's id is a 404. Every page reads in a fixed number of queries, whatever the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Case, Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString

from mentorship.academic_year import AcademicYear
from mentorship.russian import format_count, initials_name_before
from monitoring import dashboard_charts
from monitoring.indicators import (
    INDICATORS,
    INDICATORS_BY_CODE,
    Indicator,
    IndicatorValue,
    _year_bounds,
    counted_pairs,
    indicator_people,
    indicators_compute,
)
from monitoring.models import (
    Answer,
    IndicatorPlan,
    IndicatorSnapshot,
    MentorReport,
    MonitoringReport,
    Question,
    Questionnaire,
    YearEndReport,
)
from people.models import Organization, Person, User
from people.roles import Role
from programs.models import Meeting, MentoringForm, Pair, PairMember, Program
from programs.selectors import mentor_pairs, pair_get_visible, programs_visible_to

KEEPERS = (Role.CURATOR, Role.PRINCIPAL)
CURATOR = (Role.CURATOR,)
HISTORY_YEARS = 5
FIRST_YEAR = 2019  # the target model dates from December 2019 (Р-145)
PEOPLE_PER_PAGE = 25
REPORTS_PER_PAGE = 30
MONITORING_REPORT_DUE = (10, 20)  # 20 October of the year after the academic year starts
STATISTICAL_FORM_DUE = (1, 20)  # 20 January of the next calendar year


def can_view_indicators(user: User) -> bool:
    return user.is_authenticated and user.has_role(*KEEPERS)


def can_edit_plans(user: User) -> bool:
    """The curator and the principal set the plan values and fix the reported figures."""
    return user.is_authenticated and user.has_role(*KEEPERS)


def can_edit_monitoring_report(user: User) -> bool:
    """The SWOT texts of the annual report are the curator's; the principal reads and prints."""
    return user.is_authenticated and user.has_role(*CURATOR)


def can_review_reports(user: User) -> bool:
    """The curator checks the mentors' quarterly reports and fills the year-end reports."""
    return user.is_authenticated and user.has_role(*CURATOR)


# --- Years -----------------------------------------------------------------------------------------


def year_from_param(value: str | None, today: dt.date | None = None) -> AcademicYear:
    """The academic year a page asks for («2025» or «2025/2026»); the current one when absent or odd."""
    current = AcademicYear.containing(today or timezone.localdate())
    if not value:
        return current
    try:
        year = AcademicYear.parse(value)
    except (ValueError, IndexError):
        return current
    return year if FIRST_YEAR <= year.start_year <= current.start_year + 1 else current


def year_choices(today: dt.date | None = None) -> list[AcademicYear]:
    """Academic years a selector offers: the next one, the current one and those back to 2019/2020."""
    current = AcademicYear.containing(today or timezone.localdate())
    return [AcademicYear(start) for start in range(current.start_year + 1, FIRST_YEAR - 1, -1)]


def year_short_label(year: AcademicYear) -> str:
    """«24/25»: what fits under a column of a chart."""
    return f"{year.start_year % 100:02d}/{(year.start_year + 1) % 100:02d}"


# --- Figures: an indicator's numbers, live or as fixed ---------------------------------------------


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Figure:
    """Plan, fact, numerator and denominator of one indicator, from a live computation or a snapshot."""

    code: str
    title: str
    plan: Decimal | None
    fact: Decimal | None
    numerator: int
    denominator: int

    @classmethod
    def from_value(cls, value: IndicatorValue) -> Figure:
        return cls(
            value.indicator.code, value.indicator.title, value.plan, value.fact, value.numerator, value.denominator
        )

    @classmethod
    def from_stored(cls, item: dict) -> Figure:
        return cls(
            item["code"],
            item.get("title", ""),
            _decimal(item.get("plan")),
            _decimal(item.get("fact")),
            int(item.get("numerator") or 0),
            int(item.get("denominator") or 0),
        )

    @property
    def deviation(self) -> Decimal | None:
        if self.fact is None or self.plan is None:
            return None
        return self.fact - self.plan

    @property
    def applies(self) -> bool:
        return self.denominator > 0

    def same_numbers(self, other: Figure | None) -> bool:
        return other is not None and (self.fact, self.numerator, self.denominator) == (
            other.fact,
            other.numerator,
            other.denominator,
        )


def live_figures(organization_ids, year: AcademicYear) -> dict[str, Figure]:
    """The eight indicators computed from today's data (five queries)."""
    return {
        value.indicator.code: Figure.from_value(value)
        for value in indicators_compute(organization_ids=organization_ids, year=year)
    }


def snapshot_figures(snapshot: IndicatorSnapshot) -> dict[str, Figure]:
    return {item["code"]: Figure.from_stored(item) for item in snapshot.data if item.get("code")}


def snapshot_of(organization: Organization, year: AcademicYear) -> IndicatorSnapshot | None:
    return (
        IndicatorSnapshot.objects.filter(organization=organization, year_start=year.start_year)
        .select_related("fixed_by")
        .first()
    )


# --- The dashboard ---------------------------------------------------------------------------------


def indicator_relevant(indicator: Indicator, organization: Organization) -> bool:
    """Some indicators concern one kind of organization only (ДОО, СПО)."""
    return indicator.organization_kinds is None or organization.kind in indicator.organization_kinds


@dataclass
class DashboardRow:
    indicator: Indicator
    figure: Figure  # what the dashboard reports: the fixed figure if the year is fixed, else live
    live: Figure | None  # today's figure beside a fixed one, when a comparison is asked for
    relevant: bool
    plan_is_default: bool
    history: list[dashboard_charts.YearPoint]
    progress: SafeString = field(default=SafeString(""))
    chart: SafeString = field(default=SafeString(""))

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def changed_since_fixed(self) -> bool:
        return self.live is not None and not self.figure.same_numbers(self.live)


@dataclass
class Dashboard:
    organization: Organization
    year: AcademicYear
    rows: list[DashboardRow]
    snapshot: IndicatorSnapshot | None
    compare: bool
    history_years: list[AcademicYear]

    @property
    def fixed(self) -> bool:
        return self.snapshot is not None


def indicator_dashboard(organization: Organization, year: AcademicYear, *, compare: bool = False) -> Dashboard:
    """The eight indicators of the year with their plan and a five-year history.

    A fixed year shows its snapshot (and today's figures beside it when ``compare``); past years of
    the history show their snapshot where one exists, today's computation otherwise. At most six
    computations of five queries each, plus two: the count never depends on the data.
    """
    years = [AcademicYear(year.start_year - back) for back in range(HISTORY_YEARS - 1, -1, -1)]
    snapshots = {
        snapshot.year_start: snapshot
        for snapshot in IndicatorSnapshot.objects.filter(
            organization=organization, year_start__in=[y.start_year for y in years]
        ).select_related("fixed_by")
    }
    figures_by_year: dict[int, dict[str, Figure]] = {}
    fixed_years = set()
    for history_year in years:
        snapshot = snapshots.get(history_year.start_year)
        if snapshot is not None:
            figures_by_year[history_year.start_year] = snapshot_figures(snapshot)
            fixed_years.add(history_year.start_year)
        else:
            figures_by_year[history_year.start_year] = live_figures([organization.pk], history_year)
    snapshot = snapshots.get(year.start_year)
    live = live_figures([organization.pk], year) if snapshot is not None and compare else None
    stored_plans = set(
        IndicatorPlan.objects.filter(organization=organization, year_start=year.start_year).values_list(
            "indicator", flat=True
        )
    )
    shown = figures_by_year[year.start_year]
    rows = []
    for indicator in INDICATORS:
        figure = shown.get(indicator.code) or Figure(indicator.code, indicator.title, None, None, 0, 0)
        history = []
        for history_year in years:
            point = figures_by_year[history_year.start_year].get(indicator.code)
            history.append(
                dashboard_charts.YearPoint(
                    year_short_label(history_year),
                    point.plan if point else None,
                    point.fact if point else None,
                    history_year.start_year in fixed_years,
                )
            )
        row = DashboardRow(
            indicator=indicator,
            figure=figure,
            live=live.get(indicator.code) if live is not None else None,
            relevant=indicator_relevant(indicator, organization),
            plan_is_default=indicator.code not in stored_plans,
            history=history,
        )
        row.progress = dashboard_charts.progress_bar(figure.fact, figure.plan)
        row.chart = dashboard_charts.history_chart(history, title=indicator.title)
        rows.append(row)
    return Dashboard(organization, year, rows, snapshot, compare and snapshot is not None, years)


# --- Drill-down: the people behind a number --------------------------------------------------------

PARTS = ("numerator", "denominator")
PEOPLE_LABELS = {
    "pupils_general": (
        "Обучающиеся — наставники или наставляемые в учитываемых парах",
        "Все обучающиеся организации",
    ),
    "pupils_additional": (
        "Обучающиеся — наставники или наставляемые в учитываемых парах",
        "Все обучающиеся организации дополнительного образования",
    ),
    "students_vocational": ("Студенты — наставники или наставляемые в учитываемых парах", "Все студенты"),
    "young_teachers": (
        "Педагоги до 35 лет со стажем меньше 3 лет — наставляемые в учитываемых парах",
        "Все педагоги моложе 35 лет со стажем меньше 3 лет",
    ),
    "youth_mentors": (
        "Обучающиеся и студенты 15–19 лет — наставники в учитываемых парах",
        "Все обучающиеся и студенты 15–19 лет",
    ),
    "enterprises": (
        "Организации-партнёры, предоставившие наставников",
        "Организации-партнёры с действующим в учебном году договором",
    ),
    "satisfaction_mentees": (
        "Наставляемые, ответившие на вопросы об удовлетворённости",
        "Наставляемые, ответившие на вопросы об удовлетворённости",
    ),
    "satisfaction_mentors": (
        "Наставники, ответившие на вопросы об удовлетворённости",
        "Наставники, ответившие на вопросы об удовлетворённости",
    ),
}


@dataclass
class PeopleList:
    indicator: Indicator
    part: str
    label: str
    page: Page
    is_partners: bool

    @property
    def total(self) -> int:
        return self.page.paginator.count


def indicator_people_page(
    organization: Organization, year: AcademicYear, code: str, part: str, page_number: str | int | None
) -> PeopleList:
    """One page of the people (or partners) behind a numerator or a denominator; 404 for an unknown code.

    Names and class or position only: no sensitive marks. Two queries (a count and a page).
    """
    indicator = INDICATORS_BY_CODE.get(code)
    if indicator is None or part not in PARTS:
        raise Http404("Показатель не найден")
    people = indicator_people(code, organization_ids=[organization.pk], year=year, part=part)
    if code != "enterprises":
        people = people.only(
            "pk", "last_name", "first_name", "middle_name", "category", "school_class", "position", "organization_id"
        )
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(page_number)
    label = PEOPLE_LABELS[code][PARTS.index(part)]
    return PeopleList(indicator, part, label, page, is_partners=code == "enterprises")


# --- Participants: by form and role, and for the federal statistical form --------------------------


@dataclass(frozen=True)
class FormParticipants:
    form: str
    pairs: int
    mentors: int
    mentees: int


@dataclass(frozen=True)
class ParticipantsByForm:
    rows: list[FormParticipants]
    total: FormParticipants
    people: int  # distinct people in all forms (a mentor and mentee at once counts once)


def participants_by_form(organization_ids, year: AcademicYear) -> ParticipantsByForm:
    """Distinct mentors and mentees per form of mentoring in the pairs that count for the year (two queries)."""
    members = PairMember.objects.filter(pair__in=counted_pairs(organization_ids, year))
    mentor, mentee = Q(role=PairMember.Role.MENTOR), Q(role=PairMember.Role.MENTEE)
    by_form = (
        members.values("pair__form_id")
        .annotate(
            pairs=Count("pair", distinct=True),
            mentors=Count("person", filter=mentor, distinct=True),
            mentees=Count("person", filter=mentee, distinct=True),
        )
        .order_by()
    )
    counts = {row["pair__form_id"]: row for row in by_form}
    forms = MentoringForm.objects.filter(pk__in=list(counts)).order_by("order", "name") if counts else []
    rows = [
        FormParticipants(form.name, counts[form.pk]["pairs"], counts[form.pk]["mentors"], counts[form.pk]["mentees"])
        for form in forms
    ]
    totals = members.aggregate(
        pairs=Count("pair", distinct=True),
        mentors=Count("person", filter=mentor, distinct=True),
        mentees=Count("person", filter=mentee, distinct=True),
        people=Count("person", distinct=True),
    )
    return ParticipantsByForm(
        rows, FormParticipants("Всего", totals["pairs"], totals["mentors"], totals["mentees"]), totals["people"]
    )


@dataclass(frozen=True)
class CategoryParticipants:
    category: str
    label: str
    mentors: int
    mentees: int
    people: int


@dataclass(frozen=True)
class StatisticalForm:
    """Participants for the federal statistical form (due 20 January), counted over an academic year."""

    organization: Organization
    year: AcademicYear
    rows: list[CategoryParticipants]
    total: CategoryParticipants
    learners_on_roll: int
    due_on: dt.date

    @property
    def federal_share(self) -> Decimal | None:
        """Seed 001 §5.2.3: all participants of the programs ÷ all learners (pupils and students), in %."""
        if not self.learners_on_roll:
            return None
        return (Decimal(100) * self.total.people / self.learners_on_roll).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def statistical_form(organization: Organization, year: AcademicYear) -> StatisticalForm:
    """Distinct mentors and mentees by category in the pairs that count for the academic year,
    people who have since left included (they took part that year). Three queries."""
    members = PairMember.objects.filter(pair__in=counted_pairs([organization.pk], year))
    mentor, mentee = Q(role=PairMember.Role.MENTOR), Q(role=PairMember.Role.MENTEE)
    counts = {
        row["person__category"]: row
        for row in members.values("person__category")
        .annotate(
            mentors=Count("person", filter=mentor, distinct=True),
            mentees=Count("person", filter=mentee, distinct=True),
            people=Count("person", distinct=True),
        )
        .order_by()
    }
    rows = [
        CategoryParticipants(
            category.value,
            category.label,
            counts.get(category.value, {}).get("mentors", 0),
            counts.get(category.value, {}).get("mentees", 0),
            counts.get(category.value, {}).get("people", 0),
        )
        for category in Person.Category
    ]
    totals = members.aggregate(
        mentors=Count("person", filter=mentor, distinct=True),
        mentees=Count("person", filter=mentee, distinct=True),
        people=Count("person", distinct=True),
    )
    learners = Person.objects.filter(
        organization=organization,
        is_archived=False,
        category__in=(Person.Category.PUPIL, Person.Category.STUDENT),
    ).count()
    total = CategoryParticipants("", "Всего", totals["mentors"], totals["mentees"], totals["people"])
    return StatisticalForm(
        organization, year, rows, total, learners, dt.date(year.start_year + 1, *STATISTICAL_FORM_DUE)
    )


# --- Impact and process: the two stages of monitoring (seed 001 §5.3) ------------------------------


@dataclass(frozen=True)
class ImpactArea:
    code: str
    label: str
    entry: Decimal | None
    entry_respondents: int
    final: Decimal | None
    final_respondents: int

    @property
    def change(self) -> Decimal | None:
        if self.entry is None or self.final is None:
            return None
        return self.final - self.entry


def _round(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def impact_by_area(organization_ids, year: AcademicYear) -> list[ImpactArea]:
    """The year's mean answer (1–10) per impact area in entry and in final questionnaires (one query).

    Every scale answer to a question tagged with an area in a response submitted within the academic
    year by a person of the organizations counts; the per-campaign, per-person comparison is on the
    questionnaire results pages.
    """
    start, end = _year_bounds(year)
    purposes = (Questionnaire.Purpose.ENTRY, Questionnaire.Purpose.FINAL)
    rows = (
        Answer.objects.filter(
            number__isnull=False,
            question__kind=Question.Kind.SCALE,
            response__questionnaire__purpose__in=purposes,
            response__respondent__organization_id__in=list(organization_ids),
            response__submitted_at__gte=start,
            response__submitted_at__lt=end,
        )
        .exclude(question__impact_area="")
        .values("response__questionnaire__purpose", "question__impact_area")
        .annotate(mean=Avg("number"), respondents=Count("response__respondent", distinct=True))
        .order_by()
    )
    found = {(row["response__questionnaire__purpose"], row["question__impact_area"]): row for row in rows}
    areas = []
    for area in Question.ImpactArea:
        if not area.value:
            continue
        entry = found.get((Questionnaire.Purpose.ENTRY, area.value), {})
        final = found.get((Questionnaire.Purpose.FINAL, area.value), {})
        areas.append(
            ImpactArea(
                area.value,
                area.label,
                _round(entry.get("mean")),
                entry.get("respondents", 0),
                _round(final.get("mean")),
                final.get("respondents", 0),
            )
        )
    return areas


def report_quarters(year: AcademicYear) -> Q:
    """Quarterly reports of an academic year: IV quarter of its first calendar year, I–III of the second
    (the III quarter, July–September, mostly falls into the summer of the year that ends)."""
    return Q(year=year.start_year, quarter=4) | Q(year=year.start_year + 1, quarter__in=(1, 2, 3))


@dataclass(frozen=True)
class ProcessFigures:
    pairs: int
    pairs_completed: int
    pairs_terminated: int
    meetings: int
    reports_total: int
    reports_accepted: int
    projects_done: int


def process_figures(organization: Organization, year: AcademicYear) -> ProcessFigures:
    """The first stage of monitoring (the process): pairs, meetings, mentors' reports and projects (four queries)."""
    pairs = counted_pairs([organization.pk], year).aggregate(
        total=Count("pk"), completed=Count("pk", filter=Q(status=Pair.Status.COMPLETED))
    )
    terminated = Pair.objects.filter(
        program__organization=organization,
        status=Pair.Status.TERMINATED,
        ended_on__gte=year.start,
        ended_on__lte=year.end,
    ).count()
    meetings = Meeting.objects.filter(
        pair__program__organization=organization, held_on__gte=year.start, held_on__lte=year.end
    ).count()
    accepted = Q(status=MentorReport.Status.ACCEPTED)
    reports = (
        MentorReport.objects.filter(pair__program__organization=organization)
        .filter(report_quarters(year))
        .aggregate(
            total=Count("pk", filter=~Q(status=MentorReport.Status.DRAFT)),
            accepted=Count("pk", filter=accepted),
            projects=Sum("projects_done", filter=accepted),
        )
    )
    return ProcessFigures(
        pairs["total"],
        pairs["completed"],
        terminated,
        meetings,
        reports["total"],
        reports["accepted"],
        reports["projects"] or 0,
    )


# --- The annual monitoring report (due 20 October) -------------------------------------------------


@dataclass
class AnnualReport:
    organization: Organization
    year: AcademicYear
    figures: list[Figure]
    relevant_codes: set[str]
    snapshot: IndicatorSnapshot | None
    as_of: dt.date
    participants: ParticipantsByForm
    impact: list[ImpactArea]
    process: ProcessFigures
    swot: MonitoringReport
    due_on: dt.date

    @property
    def shown_figures(self) -> list[Figure]:
        """Indicators that concern the organization (ДОО and СПО ones only where they apply)."""
        return [figure for figure in self.figures if figure.code in self.relevant_codes or figure.applies]

    @property
    def satisfaction(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.code.startswith("satisfaction_")]

    @property
    def head_signature(self) -> str:
        parts = (self.organization.head_full_name.split() + ["", "", ""])[:3]
        return initials_name_before(*parts)

    @property
    def title(self) -> str:
        return f"Отчёт о мониторинге реализации целевой модели наставничества за {self.year.label} учебный год"


def monitoring_report_of(organization: Organization, year: AcademicYear) -> MonitoringReport:
    """The stored SWOT texts of the year, or an unsaved empty report."""
    return MonitoringReport.objects.filter(organization=organization, year_start=year.start_year).first() or (
        MonitoringReport(organization=organization, year_start=year.start_year)
    )


def annual_report(organization: Organization, year: AcademicYear, today: dt.date | None = None) -> AnnualReport:
    """Everything the annual report shows: the indicators (as fixed, if fixed), participants by form,
    satisfaction, entry/exit impact, the process figures and the SWOT texts."""
    snapshot = snapshot_of(organization, year)
    figures = snapshot_figures(snapshot) if snapshot else live_figures([organization.pk], year)
    ordered = [figures[indicator.code] for indicator in INDICATORS if indicator.code in figures]
    relevant = {indicator.code for indicator in INDICATORS if indicator_relevant(indicator, organization)}
    return AnnualReport(
        organization=organization,
        year=year,
        figures=ordered,
        relevant_codes=relevant,
        snapshot=snapshot,
        as_of=today or timezone.localdate(),
        participants=participants_by_form([organization.pk], year),
        impact=impact_by_area([organization.pk], year),
        process=process_figures(organization, year),
        swot=monitoring_report_of(organization, year),
        due_on=dt.date(year.start_year + 1, *MONITORING_REPORT_DUE),
    )


# --- Deadlines on the home pages -------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    key: str
    title: str
    due_on: dt.date
    year: AcademicYear
    days_left: int
    url_name: str
    done_note: str = ""

    @property
    def days_left_label(self) -> str:
        if self.days_left == 0:
            return "сегодня"
        return "через " + format_count(self.days_left, "день", "дня", "дней")


def _next_on_or_after(today: dt.date, month: int, day: int) -> dt.date:
    this_year = dt.date(today.year, month, day)
    return this_year if this_year >= today else dt.date(today.year + 1, month, day)


def monitoring_report_year(today: dt.date | None = None) -> AcademicYear:
    """The academic year whose monitoring report is due next (on 20 October after it ends)."""
    due = _next_on_or_after(today or timezone.localdate(), *MONITORING_REPORT_DUE)
    return AcademicYear(due.year - 1)


def monitoring_deadlines(organization_id: int | None, today: dt.date | None = None) -> list[Deadline]:
    """The next due dates of the monitoring report (20 October, for the academic year that ended) and of
    the federal statistical form (20 January, for the academic year under way), nearest first.

    One query: whether the report's indicators are fixed already.
    """
    today = today or timezone.localdate()
    report_due = _next_on_or_after(today, *MONITORING_REPORT_DUE)
    report_year = AcademicYear(report_due.year - 1)
    form_due = _next_on_or_after(today, *STATISTICAL_FORM_DUE)
    form_year = AcademicYear(form_due.year - 1)
    fixed = (
        IndicatorSnapshot.objects.filter(organization_id=organization_id, year_start=report_year.start_year)
        .values_list("fixed_at", flat=True)
        .first()
        if organization_id
        else None
    )
    deadlines = [
        Deadline(
            "monitoring-report",
            f"Отчёт о мониторинге за {report_year.label} учебный год",
            report_due,
            report_year,
            (report_due - today).days,
            "monitoring:annual-report",
            f"показатели зафиксированы {timezone.localtime(fixed):%d.%m.%Y}" if fixed else "",
        ),
        Deadline(
            "statistical-form",
            f"Форма федерального статистического наблюдения: участники за {form_year.label} учебный год",
            form_due,
            form_year,
            (form_due - today).days,
            "monitoring:statistical-form",
        ),
    ]
    return sorted(deadlines, key=lambda deadline: deadline.due_on)


# --- Mentors' quarterly reports --------------------------------------------------------------------


def current_quarter(today: dt.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def _members_prefetch() -> Prefetch:
    return Prefetch(
        "pair__members", queryset=PairMember.objects.select_related("person").order_by("role", "person__last_name")
    )


def mentor_reports_visible_to(user: User) -> QuerySet[MentorReport]:
    """The organization's reports for the curator and the principal; a mentor's own reports for him."""
    if not user.is_authenticated or user.organization_id is None:
        return MentorReport.objects.none()
    reports = MentorReport.objects.filter(pair__program__organization_id=user.organization_id)
    if user.has_role(*KEEPERS):
        pass
    elif user.has_role(Role.MENTOR) and user.person_id is not None:
        reports = reports.filter(mentor_id=user.person_id)
    else:
        return MentorReport.objects.none()
    return reports.select_related("pair__program", "pair__form", "mentor")


def mentor_report_get_visible(user: User, report_id: int) -> MentorReport:
    """One report the user may see, or 404 (another mentor's report is «not found»)."""
    try:
        return mentor_reports_visible_to(user).prefetch_related(_members_prefetch()).get(pk=report_id)
    except MentorReport.DoesNotExist:
        raise Http404("Отчёт не найден") from None


REPORT_STATUS_ORDER = {
    MentorReport.Status.SUBMITTED: 0,
    MentorReport.Status.RETURNED: 1,
    MentorReport.Status.DRAFT: 2,
    MentorReport.Status.ACCEPTED: 3,
}


def mentor_reports_for_list(user: User, *, status: str = "", page_number=None) -> Page:
    """A page of the user's visible reports, those awaiting a check first (two queries and a prefetch)."""
    reports = mentor_reports_visible_to(user)
    if user.has_role(*KEEPERS):
        # the curator sees what mentors sent, not their drafts
        reports = reports.exclude(status=MentorReport.Status.DRAFT)
    if status in MentorReport.Status.values:
        reports = reports.filter(status=status)
    reports = reports.annotate(
        status_rank=Case(
            *(When(status=status_value, then=Value(rank)) for status_value, rank in REPORT_STATUS_ORDER.items()),
            output_field=IntegerField(),
        )
    ).order_by("status_rank", "-year", "-quarter", "pair_id")
    return Paginator(reports.prefetch_related(_members_prefetch()), REPORTS_PER_PAGE).get_page(page_number)


@dataclass
class MentorPairReports:
    pair: Pair
    year_report: YearEndReport | None


def mentor_own_pairs(user: User) -> list[MentorPairReports]:
    """The mentor's own pairs (to start a report from) with his part of the year-end report (four queries)."""
    pairs = mentor_pairs(user)
    year_reports = {
        report.pair_id: report
        for report in YearEndReport.objects.filter(
            pair__in=[pair.pk for pair in pairs], author_role=YearEndReport.Author.MENTOR
        )
    }
    return [MentorPairReports(pair, year_reports.get(pair.pk)) for pair in pairs]


def mentor_report_pair_get(user: User, pair_id: int) -> Pair:
    """A pair the user is a mentor of, fetched through the user's visible pairs; 404 otherwise."""
    pair = pair_get_visible(user, pair_id)
    if user.person_id is None or not any(
        member.person_id == user.person_id and member.role == PairMember.Role.MENTOR for member in pair.members.all()
    ):
        raise Http404("Пара не найдена")
    return pair


# --- Year-end formal reports -----------------------------------------------------------------------

YEAR_REPORT_PAIR_STATUSES = Pair.COUNTED_STATUSES


def year_report_programs(user: User) -> QuerySet[Program]:
    """The user's programs with how many pairs the year-end reports concern and how many parts are filled."""
    return (
        programs_visible_to(user)
        .annotate(
            report_pairs=Count("pairs", filter=Q(pairs__status__in=YEAR_REPORT_PAIR_STATUSES), distinct=True),
            report_parts=Count("pairs__year_reports", distinct=True),
        )
        .order_by("-year_start", "title")
    )


@dataclass
class YearReportPart:
    role: str
    label: str
    report: YearEndReport | None


def _year_report_parts(reports) -> list[YearReportPart]:
    by_role = {report.author_role: report for report in reports}
    return [YearReportPart(role.value, role.label, by_role.get(role.value)) for role in YearEndReport.Author]


def year_report_pairs(program: Program) -> list[Pair]:
    """The program's pairs that owe a year-end report, each with ``parts`` (curator, mentor, mentee). Three queries."""
    pairs = list(
        program.pairs.filter(status__in=YEAR_REPORT_PAIR_STATUSES)
        .select_related("form")
        .prefetch_related(
            Prefetch(
                "members", queryset=PairMember.objects.select_related("person").order_by("role", "person__last_name")
            ),
            Prefetch("year_reports", queryset=YearEndReport.objects.select_related("author")),
        )
        .order_by("pk")
    )
    for pair in pairs:
        pair.parts = _year_report_parts(pair.year_reports.all())
        pair.filled = sum(part.report is not None for part in pair.parts)
    return pairs


def year_report_pair_get(user: User, pair_id: int) -> Pair:
    """A pair the user sees, with its year-end report parts; 404 for another organization's pair."""
    pair = pair_get_visible(user, pair_id)
    pair.parts = _year_report_parts(YearEndReport.objects.filter(pair=pair).select_related("author"))
    return pair


def pair_people(pair: Pair, role: str) -> list[Person]:
    return [member.person for member in pair.members.all() if member.role == role]
