"""Writes of the indicators dashboard and the reports: plans, fixed snapshots, mentors' quarterly
reports, year-end reports and the annual monitoring report. One transaction each; every refusal is a
ValidationError with a Russian message that names the record and the rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentorship.academic_year import AcademicYear
from monitoring.dashboard_selectors import current_quarter, quarter_bounds
from monitoring.indicators import INDICATORS_BY_CODE, indicators_compute
from monitoring.models import IndicatorPlan, IndicatorSnapshot, MentorReport, MonitoringReport, YearEndReport
from people.models import Organization, Person, User
from programs.models import Pair, PairMember

QUARTER_NAMES = dict(MentorReport._meta.get_field("quarter").choices)
REPORT_TEXT_FIELDS = ("project_culture", "clubs_attendance", "contests_activity", "comment")
REPORT_CRITERIA = ("project_culture", "clubs_attendance", "projects_done", "contests_activity")
SWOT_FIELDS = ("strengths", "weaknesses", "opportunities", "threats", "conclusions")
TEXT_MAX = 10_000


# --- Plans and snapshots ---------------------------------------------------------------------------


@transaction.atomic
def indicator_plans_set(
    *, organization: Organization, year: AcademicYear, values: Mapping[str, Decimal | None]
) -> list[IndicatorPlan]:
    """Store the organization's plan values of the year; None removes a value (the default applies again)."""
    unknown = sorted(set(values) - set(INDICATORS_BY_CODE))
    if unknown:
        raise ValidationError(f"Неизвестные показатели: {', '.join(unknown)}.")
    errors = {}
    for code, value in values.items():
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            errors[code] = f"«{INDICATORS_BY_CODE[code].title}»: план — от 0 до 100 %."
    if errors:
        raise ValidationError(errors)
    stored = []
    for code, value in values.items():
        if value is None:
            IndicatorPlan.objects.filter(organization=organization, year_start=year.start_year, indicator=code).delete()
            continue
        plan, _ = IndicatorPlan.objects.update_or_create(
            organization=organization,
            year_start=year.start_year,
            indicator=code,
            defaults={"value": value.quantize(Decimal("0.1"))},
        )
        stored.append(plan)
    return stored


def snapshot_data(organization: Organization, year: AcademicYear) -> list[dict]:
    """The year's indicators as they stand now, in the shape a snapshot keeps (IndicatorValue.as_dict)."""
    return [value.as_dict() for value in indicators_compute(organization_ids=[organization.pk], year=year)]


@transaction.atomic
def indicator_snapshot_fix(
    *,
    organization: Organization,
    year: AcademicYear,
    fixed_by: User | None,
    replace: bool = False,
    today: dt.date | None = None,
) -> IndicatorSnapshot:
    """Fix the year's indicators as reported, so the figures stay as they were sent.

    A year is fixed once; fixing it again replaces the figures only when ``replace`` says the user
    confirmed it. A year that has not begun cannot be fixed.
    """
    today = today or timezone.localdate()
    if year.start > today:
        raise ValidationError(f"{year.label} учебный год ещё не начался: фиксировать нечего.")
    existing = (
        IndicatorSnapshot.objects.select_for_update()
        .filter(organization=organization, year_start=year.start_year)
        .first()
    )
    if existing is not None and not replace:
        raise ValidationError(
            f"Показатели {year.label} учебного года уже зафиксированы "
            f"{timezone.localtime(existing.fixed_at):%d.%m.%Y}. Заменить их текущими значениями можно "
            "только с подтверждением."
        )
    data = snapshot_data(organization, year)
    if existing is None:
        return IndicatorSnapshot.objects.create(
            organization=organization, year_start=year.start_year, data=data, fixed_by=fixed_by
        )
    existing.data = data
    existing.fixed_at = timezone.now()
    existing.fixed_by = fixed_by
    existing.save(update_fields=["data", "fixed_at", "fixed_by"])
    return existing


# --- Mentors' quarterly reports --------------------------------------------------------------------


def _quarter_label(year: int, quarter: int) -> str:
    return f"{QUARTER_NAMES.get(quarter, quarter)} квартал {year} г."


def _is_pair_mentor(pair: Pair, person: Person) -> bool:
    return PairMember.objects.filter(pair=pair, person=person, role=PairMember.Role.MENTOR).exists()


def _report_validate_period(*, pair: Pair, year: int, quarter: int, today: dt.date) -> None:
    if quarter not in QUARTER_NAMES:
        raise ValidationError({"quarter": "Квартал — от I до IV."})
    if (year, quarter) > current_quarter(today):
        raise ValidationError(
            {"quarter": f"{_quarter_label(year, quarter)} ещё не наступил: отчитаться за него нельзя."}
        )
    starts, ends = quarter_bounds(year, quarter)
    if ends < pair.starts_on or (pair.ended_on is not None and starts > pair.ended_on):
        period = f"с {pair.starts_on:%d.%m.%Y}" + (f" по {pair.ended_on:%d.%m.%Y}" if pair.ended_on else "")
        raise ValidationError(
            {"quarter": f"{pair} работает {period}: {_quarter_label(year, quarter)} не входит в этот срок."}
        )


def _report_validate_content(report: MentorReport) -> None:
    if not any(getattr(report, name) for name in REPORT_CRITERIA):
        raise ValidationError(
            "Заполните хотя бы один критерий: проектная культура, посещение кружков и секций, "
            "реализованные проекты или участие в конкурсах и олимпиадах."
        )
    for name in REPORT_TEXT_FIELDS:
        if len(getattr(report, name)) > TEXT_MAX:
            raise ValidationError({name: f"Не больше {TEXT_MAX} знаков."})


@transaction.atomic
def mentor_report_create(
    *,
    pair: Pair,
    mentor: Person,
    year: int,
    quarter: int,
    project_culture: str = "",
    clubs_attendance: str = "",
    projects_done: int = 0,
    contests_activity: str = "",
    comment: str = "",
    submit: bool = False,
    today: dt.date | None = None,
) -> MentorReport:
    """A mentor's report on his pair for a quarter (a draft, or sent to the curator at once with ``submit``)."""
    today = today or timezone.localdate()
    if not _is_pair_mentor(pair, mentor):
        raise ValidationError(f"{mentor.short_name} не наставник пары № {pair.pk}: отчёт по ней подаёт её наставник.")
    if pair.status == Pair.Status.FORMING:
        raise ValidationError(f"{pair} ещё формируется: отчёт подаётся после её утверждения.")
    _report_validate_period(pair=pair, year=year, quarter=quarter, today=today)
    if MentorReport.objects.filter(pair=pair, mentor=mentor, year=year, quarter=quarter).exists():
        raise ValidationError(
            {"quarter": f"Отчёт {mentor.short_name} по паре № {pair.pk} за {_quarter_label(year, quarter)} уже есть."}
        )
    report = MentorReport(
        pair=pair,
        mentor=mentor,
        year=year,
        quarter=quarter,
        project_culture=project_culture,
        clubs_attendance=clubs_attendance,
        projects_done=projects_done,
        contests_activity=contests_activity,
        comment=comment,
    )
    if submit:
        _report_validate_content(report)
        report.status = MentorReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


def _ensure_editable(report: MentorReport) -> None:
    if report.status == MentorReport.Status.ACCEPTED:
        raise ValidationError(f"{report} принят куратором: изменить его нельзя.")
    if report.status == MentorReport.Status.SUBMITTED:
        raise ValidationError(
            f"{report} на проверке у куратора: изменить его можно, если куратор вернёт его на доработку."
        )


@transaction.atomic
def mentor_report_update(
    *,
    report: MentorReport,
    project_culture: str,
    clubs_attendance: str,
    projects_done: int,
    contests_activity: str,
    comment: str = "",
    submit: bool = False,
) -> MentorReport:
    """Change a draft or a returned report; ``submit`` sends it (again) to the curator."""
    report = MentorReport.objects.select_for_update().get(pk=report.pk)
    _ensure_editable(report)
    report.project_culture = project_culture
    report.clubs_attendance = clubs_attendance
    report.projects_done = projects_done
    report.contests_activity = contests_activity
    report.comment = comment
    if submit:
        _report_validate_content(report)
        report.status = MentorReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def mentor_report_submit(*, report: MentorReport) -> MentorReport:
    """Send a draft or a returned report to the curator."""
    report = MentorReport.objects.select_for_update().get(pk=report.pk)
    _ensure_editable(report)
    _report_validate_content(report)
    report.status = MentorReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    return report


def _ensure_submitted(report: MentorReport) -> None:
    if report.status != MentorReport.Status.SUBMITTED:
        raise ValidationError(
            f"{report}: проверить можно только отчёт на проверке, а он — «{report.get_status_display()}»."
        )


@transaction.atomic
def mentor_report_accept(*, report: MentorReport, comment: str = "") -> MentorReport:
    """The curator accepts a submitted report; from now on it is locked."""
    report = MentorReport.objects.select_for_update().get(pk=report.pk)
    _ensure_submitted(report)
    report.status = MentorReport.Status.ACCEPTED
    report.curator_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "curator_comment", "reviewed_at"])
    return report


@transaction.atomic
def mentor_report_return(*, report: MentorReport, comment: str) -> MentorReport:
    """The curator returns a submitted report with remarks; the mentor may edit and send it again."""
    report = MentorReport.objects.select_for_update().get(pk=report.pk)
    _ensure_submitted(report)
    if not comment.strip():
        raise ValidationError({"comment": "Напишите наставнику, что нужно доработать."})
    report.status = MentorReport.Status.RETURNED
    report.curator_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "curator_comment", "reviewed_at"])
    return report


# --- Year-end formal reports -----------------------------------------------------------------------


@transaction.atomic
def year_end_report_save(
    *, pair: Pair, author_role: str, author: Person, results: str, difficulties: str = "", proposals: str = ""
) -> YearEndReport:
    """Fill (or correct) one part of a pair's year-end report: the curator's, the mentor's or the mentee's."""
    if author_role not in YearEndReport.Author.values:
        raise ValidationError(f"Неизвестная роль автора отчёта: {author_role}.")
    if pair.status not in Pair.COUNTED_STATUSES:
        raise ValidationError(f"{pair} — «{pair.get_status_display()}»: итоговый отчёт по ней не заполняется.")
    if (
        author_role in (YearEndReport.Author.MENTOR, YearEndReport.Author.MENTEE)
        and not PairMember.objects.filter(pair=pair, person=author, role=author_role).exists()
    ):
        role_label = YearEndReport.Author(author_role).label
        raise ValidationError(f"{author.short_name} не {role_label} пары № {pair.pk}.")
    if not results.strip():
        raise ValidationError({"results": "Опишите достигнутые результаты."})
    report, _ = YearEndReport.objects.update_or_create(
        pair=pair,
        author_role=author_role,
        defaults={
            "author": author,
            "results": results.strip(),
            "difficulties": difficulties.strip(),
            "proposals": proposals.strip(),
        },
    )
    return report


# --- The annual monitoring report ------------------------------------------------------------------


@transaction.atomic
def monitoring_report_save(*, organization: Organization, year: AcademicYear, **texts: str) -> MonitoringReport:
    """Store the SWOT texts and conclusions of the year's monitoring report."""
    unknown = set(texts) - set(SWOT_FIELDS)
    if unknown:
        raise ValidationError(f"Неизвестные разделы отчёта: {', '.join(sorted(unknown))}.")
    for name, text in texts.items():
        if len(text) > TEXT_MAX:
            raise ValidationError({name: f"Не больше {TEXT_MAX} знаков."})
    report, _ = MonitoringReport.objects.update_or_create(
        organization=organization,
        year_start=year.start_year,
        defaults={name: text.strip() for name, text in texts.items()},
    )
    return report
