"""Pages of the indicators dashboard and the reports of monitoring.

The curator and the principal of an organization see its indicators, plans, snapshots and reports;
the curator checks the mentors' quarterly reports and writes the annual report's SWOT texts. A mentor
reaches only his own quarterly reports and his part of the year-end report. Everything is fetched
through the user's organization or his own pairs, so another organization's id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentorship import datacache
from mentorship.academic_year import AcademicYear
from mentorship.access import role_required
from mentorship.pdf import pdf_response
from mentorship.xlsx import XLSX_CONTENT_TYPE, xlsx_response
from monitoring import dashboard_documents as documents
from monitoring import dashboard_selectors as selectors
from monitoring import dashboard_services as services
from monitoring.dashboard_forms import (
    IndicatorPlansForm,
    MentorReportForm,
    MentorReportReviewForm,
    MonitoringReportForm,
    SnapshotFixForm,
    YearEndReportForm,
)
from monitoring.models import IndicatorPlan, MentorReport, YearEndReport
from people import personal_data
from people.forms import add_service_error
from people.roles import Role
from programs.selectors import pair_get_visible, program_get_visible

keepers_only = role_required(*selectors.KEEPERS)
curator_only = role_required(*selectors.CURATOR)
report_readers = role_required(Role.MENTOR, *selectors.KEEPERS)

REPORT_STATUS_TONES = {
    MentorReport.Status.DRAFT: "secondary",
    MentorReport.Status.SUBMITTED: "primary",
    MentorReport.Status.RETURNED: "warning",
    MentorReport.Status.ACCEPTED: "success",
}


def _year_or_404(start_year: int) -> AcademicYear:
    year = selectors.year_from_param(str(start_year))
    if year.start_year != start_year:
        raise Http404("Учебный год вне допустимого диапазона")
    return year


def _dashboard_url(year: AcademicYear, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in {"year": year.start_year, **params}.items())
    return f"{reverse('monitoring:indicators')}?{query}"


def _crumbs(*tail):
    return [("Показатели", reverse("monitoring:indicators")), *tail]


def _page(request, template: str, section: str, **context):
    context.setdefault("section", section)
    context.setdefault("can_review", selectors.can_review_reports(request.user))
    context.setdefault("is_keeper", selectors.can_view_indicators(request.user))
    return render(request, f"monitoring/dashboard/{template}", context)


def _form_page(request, *, form, title, breadcrumbs, cancel_url, submit_label="Сохранить", intro="", extra=None):
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": breadcrumbs,
        "cancel_url": cancel_url,
        "submit_label": submit_label,
        "intro": intro,
        **(extra or {}),
    }
    return render(request, "monitoring/dashboard/form_page.html", context)


def _service_call(form, service, /, **kwargs):
    """Run a service; when it refuses, show its Russian message on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


# --- The dashboard ---------------------------------------------------------------------------------


@keepers_only
@require_GET
def indicators(request):
    user = request.user
    year = selectors.year_from_param(request.GET.get("year"))
    organization = user.organization
    compare = request.GET.get("compare") == "1"

    def body() -> str:
        context = {
            "dashboard": selectors.indicator_dashboard(organization, year, compare=compare),
            "year": year,
            "years": selectors.year_choices(),
            "section": "indicators",
            "is_keeper": True,
            "can_edit": selectors.can_edit_plans(user),
            "compare_url": _dashboard_url(year, compare=1),
            "plain_url": _dashboard_url(year),
        }
        return render_to_string("monitoring/dashboard/_indicators_body.html", context)

    # The same HTML for every keeper with the same roles until the school's data changes (mentorship.datacache);
    # the page holds no form that posts, so nothing per request (a CSRF token) is inside.
    html = datacache.cached(
        "indicators",
        [organization.pk],
        body,
        *(year.start_year, compare, timezone.localdate(), datacache.roles_part(user)),
    )
    return render(request, "monitoring/dashboard/indicators.html", {"body": mark_safe(html), "year": year})


@keepers_only
@require_GET
def indicator_people(request, year, code, part):
    year = _year_or_404(year)
    people = selectors.indicator_people_page(request.user.organization, year, code, part, request.GET.get("page"))
    breadcrumbs = _crumbs((f"{year.label} учебный год", _dashboard_url(year)), (people.label, None))
    return _page(
        request,
        "indicator_people.html",
        "indicators",
        people=people,
        year=year,
        breadcrumbs=breadcrumbs,
        back_url=_dashboard_url(year),
    )


@keepers_only
@require_http_methods(["GET", "POST"])
def indicator_plans(request, year):
    year = _year_or_404(year)
    if not selectors.can_edit_plans(request.user):
        raise PermissionDenied("Плановые значения меняют куратор и руководитель.")
    organization = request.user.organization
    stored = dict(
        IndicatorPlan.objects.filter(organization=organization, year_start=year.start_year).values_list(
            "indicator", "value"
        )
    )
    form = IndicatorPlansForm(request.POST or None, year=year, stored=stored)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form, services.indicator_plans_set, organization=organization, year=year, values=form.plan_values()
        )
        if saved is not None:
            messages.success(request, f"Плановые значения на {year.label} учебный год сохранены.")
            return redirect(_dashboard_url(year))
    return _form_page(
        request,
        form=form,
        title=f"Плановые значения показателей на {year.label} учебный год",
        intro="Значения, которые школа ставит себе на год (в процентах). Пустое поле — значение "
        "региональной методологии (раздел 5.1): от 2020 к 2024 году по прямой, дальше — значение 2024 года.",
        breadcrumbs=_crumbs((f"{year.label} учебный год", _dashboard_url(year)), ("Плановые значения", None)),
        cancel_url=_dashboard_url(year),
    )


@keepers_only
@require_http_methods(["GET", "POST"])
def indicator_fix(request, year):
    """Fix the year's figures as reported; a second fixing replaces them only when confirmed."""
    year = _year_or_404(year)
    if not selectors.can_edit_plans(request.user):
        raise PermissionDenied("Фиксируют показатели куратор и руководитель.")
    organization = request.user.organization
    existing = selectors.snapshot_of(organization, year)
    form = SnapshotFixForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.indicator_snapshot_fix(
                organization=organization, year=year, fixed_by=request.user, replace=form.cleaned_data["replace"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Показатели {year.label} учебного года зафиксированы {snapshot.fixed_at:%d.%m.%Y}."
            )
            return redirect(_dashboard_url(year))
    live = selectors.live_figures([organization.pk], year)
    fixed = selectors.snapshot_figures(existing) if existing else {}
    rows = [(figure, fixed.get(code)) for code, figure in live.items()]
    return _page(
        request,
        "fix_confirm.html",
        "indicators",
        year=year,
        existing=existing,
        rows=rows,
        breadcrumbs=_crumbs((f"{year.label} учебный год", _dashboard_url(year)), ("Зафиксировать показатели", None)),
        cancel_url=_dashboard_url(year),
    )


# --- Mentors' quarterly reports --------------------------------------------------------------------


def _report_crumbs(*tail):
    return [("Отчёты наставников", reverse("monitoring:mentor-report-list")), *tail]


def _own_report(request, report_id) -> MentorReport:
    """A report of the user himself as its mentor: 404 if he may not see it, 403 if it is not his."""
    report = selectors.mentor_report_get_visible(request.user, report_id)
    if request.user.person_id is None or report.mentor_id != request.user.person_id:
        raise PermissionDenied("Изменять отчёт может только наставник, который его подаёт.")
    return report


@report_readers
@require_GET
def mentor_report_list(request):
    status = request.GET.get("status", "")
    page = selectors.mentor_reports_for_list(request.user, status=status, page_number=request.GET.get("page"))
    for report in page:
        report.status_tone = REPORT_STATUS_TONES[report.status]
    is_mentor = request.user.has_role(Role.MENTOR) and request.user.person_id is not None
    own_pairs = selectors.mentor_own_pairs(request.user) if is_mentor else []
    if not request.user.has_role(Role.CURATOR, Role.PRINCIPAL):
        # Processing stops on consent revocation: a mentor no longer sees the person's name (152-ФЗ).
        personal_data.mask_report_pairs_for_mentor(page)
    return _page(
        request,
        "mentor_report_list.html",
        "mentor-reports",
        page=page,
        status=status,
        statuses=MentorReport.Status.choices,
        own_pairs=own_pairs,
        page_query=f"status={status}&" if status in MentorReport.Status.values else "",
        is_mentor=is_mentor,
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def mentor_report_create(request, pair_id):
    pair = selectors.mentor_report_pair_get(request.user, pair_id)
    year, quarter = selectors.current_quarter()
    form = MentorReportForm(request.POST or None, new=True, initial={"year": year, "quarter": quarter})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = _service_call(
            form,
            services.mentor_report_create,
            pair=pair,
            mentor=request.user.person,
            year=data["year"],
            quarter=data["quarter"],
            project_culture=data["project_culture"],
            clubs_attendance=data["clubs_attendance"],
            projects_done=data["projects_done"],
            contests_activity=data["contests_activity"],
            comment=data["comment"],
            submit="submit" in request.POST,
        )
        if report is not None:
            sent = report.status == MentorReport.Status.SUBMITTED
            messages.success(request, f"{report} {'отправлен куратору' if sent else 'сохранён как черновик'}.")
            return redirect("monitoring:mentor-report-detail", report.pk)
    return _form_page(
        request,
        form=form,
        title=f"Ежеквартальный отчёт наставника: {pair}",
        intro="Критерии оценки работы наставника (раздел 5.3 методологии). Черновик можно дописать позже; "
        "отправленный отчёт проверяет куратор.",
        breadcrumbs=_report_crumbs((f"Новый отчёт: {pair}", None)),
        cancel_url=reverse("monitoring:mentor-report-list"),
        submit_label="Сохранить черновик",
        extra={"submit_also": "Отправить куратору", "pair": pair},
    )


@report_readers
@require_GET
def mentor_report_detail(request, pk):
    report = selectors.mentor_report_get_visible(request.user, pk)
    report.status_tone = REPORT_STATUS_TONES[report.status]
    if not request.user.has_role(Role.CURATOR, Role.PRINCIPAL):
        personal_data.mask_report_pairs_for_mentor([report])
    is_author = request.user.person_id is not None and report.mentor_id == request.user.person_id
    editable = report.status in (MentorReport.Status.DRAFT, MentorReport.Status.RETURNED)
    return _page(
        request,
        "mentor_report_detail.html",
        "mentor-reports",
        report=report,
        can_edit=is_author and editable,
        can_check=selectors.can_review_reports(request.user) and report.status == MentorReport.Status.SUBMITTED,
        review_form=MentorReportReviewForm(),
        breadcrumbs=_report_crumbs((str(report), None)),
    )


@role_required(Role.MENTOR)
@require_http_methods(["GET", "POST"])
def mentor_report_edit(request, pk):
    report = _own_report(request, pk)
    form = MentorReportForm(request.POST or None, instance=report, new=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = _service_call(
            form,
            services.mentor_report_update,
            report=report,
            project_culture=data["project_culture"],
            clubs_attendance=data["clubs_attendance"],
            projects_done=data["projects_done"],
            contests_activity=data["contests_activity"],
            comment=data["comment"],
            submit="submit" in request.POST,
        )
        if updated is not None:
            sent = updated.status == MentorReport.Status.SUBMITTED
            messages.success(request, f"{updated} {'отправлен куратору' if sent else 'сохранён'}.")
            return redirect("monitoring:mentor-report-detail", updated.pk)
    return _form_page(
        request,
        form=form,
        title=f"{report}: {report.pair}",
        intro=f"Замечания куратора: {report.curator_comment}" if report.curator_comment else "",
        breadcrumbs=_report_crumbs(
            (str(report), reverse("monitoring:mentor-report-detail", args=[report.pk])), ("Изменить", None)
        ),
        cancel_url=reverse("monitoring:mentor-report-detail", args=[report.pk]),
        submit_label="Сохранить",
        extra={"submit_also": "Отправить куратору"},
    )


@role_required(Role.MENTOR)
@require_POST
def mentor_report_submit(request, pk):
    report = _own_report(request, pk)
    try:
        report = services.mentor_report_submit(report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{report} отправлен куратору.")
    return redirect("monitoring:mentor-report-detail", report.pk)


@curator_only
@require_POST
def mentor_report_review(request, pk):
    report = selectors.mentor_report_get_visible(request.user, pk)
    form = MentorReportReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["decision"] == MentorReportReviewForm.ACCEPT
        service = services.mentor_report_accept if accept else services.mentor_report_return
        try:
            report = service(report=report, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{report} {'принят' if accept else 'возвращён наставнику на доработку'}.")
    else:
        messages.error(request, "Выберите решение: принять отчёт или вернуть его на доработку.")
    return redirect("monitoring:mentor-report-detail", report.pk)


# --- Year-end formal reports -----------------------------------------------------------------------


def _year_crumbs(*tail):
    return [("Итоговые отчёты пар", reverse("monitoring:year-report-programs")), *tail]


@keepers_only
@require_GET
def year_report_programs(request):
    return _page(
        request,
        "year_report_programs.html",
        "year-reports",
        programs=selectors.year_report_programs(request.user),
    )


@keepers_only
@require_GET
def year_report_list(request, program_id):
    program = program_get_visible(request.user, program_id)
    return _page(
        request,
        "year_report_list.html",
        "year-reports",
        program=program,
        pairs=selectors.year_report_pairs(program),
        breadcrumbs=_year_crumbs((program.title, None)),
    )


@keepers_only
@require_GET
def year_report_pair(request, pair_id):
    pair = selectors.year_report_pair_get(request.user, pair_id)
    return _page(
        request,
        "year_report_pair.html",
        "year-reports",
        pair=pair,
        breadcrumbs=_year_crumbs(
            (pair.program.title, reverse("monitoring:year-report-list", args=[pair.program_id])), (str(pair), None)
        ),
    )


@role_required(Role.MENTOR, Role.CURATOR)
@require_http_methods(["GET", "POST"])
def year_report_edit(request, pair_id, role):
    """The curator fills any part (the mentee's through him); a mentor fills his own part of his pair."""
    if role not in YearEndReport.Author.values:
        raise Http404("Нет такой части отчёта")
    user = request.user
    if user.has_role(Role.CURATOR):
        pair = pair_get_visible(user, pair_id)
        if role == YearEndReport.Author.CURATOR:
            authors = [user.person] if user.person_id else []
        else:
            authors = selectors.pair_people(pair, role)
        done_url = reverse("monitoring:year-report-pair", args=[pair.pk])
    else:
        if role != YearEndReport.Author.MENTOR:
            raise PermissionDenied("Наставник заполняет свою часть итогового отчёта.")
        pair = selectors.mentor_report_pair_get(user, pair_id)
        authors = [user.person]
        done_url = reverse("monitoring:mentor-report-list")
    if not authors:
        messages.error(request, "У вашей учётной записи нет карточки участника: попросите администратора связать их.")
        return redirect(done_url)
    existing = YearEndReport.objects.filter(pair=pair, author_role=role).first()
    form = YearEndReportForm(
        request.POST or None,
        instance=existing,
        authors=authors,
        initial={"author": existing.author_id} if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = _service_call(
            form,
            services.year_end_report_save,
            pair=pair,
            author_role=role,
            author=data.get("author") or authors[0],
            results=data["results"],
            difficulties=data["difficulties"],
            proposals=data["proposals"],
        )
        if report is not None:
            messages.success(request, f"{report} сохранён.")
            return redirect(done_url)
    role_label = YearEndReport.Author(role).label
    return _form_page(
        request,
        form=form,
        title=f"Итоговый отчёт: {pair}, часть — {role_label}",
        intro="Формализованный отчёт о процессе наставничества, прогрессе наставляемого и работе наставника "
        "(раздел 5.3 методологии)."
        + (" Часть наставляемого куратор вносит с его слов или по его анкете." if role == "mentee" else ""),
        breadcrumbs=_year_crumbs((str(pair), done_url), (role_label.capitalize(), None)),
        cancel_url=done_url,
    )


# --- The annual monitoring report and the statistical form ------------------------------------------


@keepers_only
@require_GET
def annual_report(request):
    if "year" in request.GET:
        year = selectors.year_from_param(request.GET["year"])
    else:
        year = selectors.monitoring_report_year()
    report = selectors.annual_report(request.user.organization, year)
    return _page(
        request,
        "annual_report.html",
        "annual-report",
        report=report,
        year=year,
        years=selectors.year_choices(),
        swot=documents.annual_report_context(report)["swot"],
        can_edit=selectors.can_edit_monitoring_report(request.user),
    )


@curator_only
@require_http_methods(["GET", "POST"])
def annual_report_edit(request, year):
    year = _year_or_404(year)
    organization = request.user.organization
    report = selectors.monitoring_report_of(organization, year)
    form = MonitoringReportForm(request.POST or None, instance=report)
    back = f"{reverse('monitoring:annual-report')}?year={year.start_year}"
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form,
            services.monitoring_report_save,
            organization=organization,
            year=year,
            **{name: form.cleaned_data[name] for name in services.SWOT_FIELDS},
        )
        if saved is not None:
            messages.success(request, f"{saved} сохранён.")
            return redirect(back)
    return _form_page(
        request,
        form=form,
        title=f"Анализ реализации программы за {year.label} учебный год",
        intro="Сильные и слабые стороны программы наставничества, её возможности и угрозы (раздел 5.3 методологии).",
        breadcrumbs=[("Отчёт о мониторинге", back), ("Анализ (SWOT)", None)],
        cancel_url=back,
    )


@keepers_only
@require_GET
def annual_report_pdf(request, year):
    report = selectors.annual_report(request.user.organization, _year_or_404(year))
    return pdf_response(documents.annual_report_pdf(report), documents.annual_report_filename(report, "pdf"))


@keepers_only
@require_GET
def annual_report_xlsx(request, year):
    report = selectors.annual_report(request.user.organization, _year_or_404(year))
    response = HttpResponse(documents.annual_report_xlsx(report), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=documents.annual_report_filename(report, "xlsx")
    )
    return response


@keepers_only
@require_GET
def statistical_form(request):
    year = selectors.year_from_param(request.GET.get("year"))
    return _page(
        request,
        "statistical_form.html",
        "statistical-form",
        form=selectors.statistical_form(request.user.organization, year),
        year=year,
        years=selectors.year_choices(),
    )


@keepers_only
@require_GET
def statistical_form_xlsx(request, year):
    form = selectors.statistical_form(request.user.organization, _year_or_404(year))
    return xlsx_response(
        filename=f"Участники программ наставничества {form.year.label.replace('/', '-')}.xlsx",
        title=f"Участники {form.year.label.replace('/', '-')}",
        columns=documents.STATISTICAL_COLUMNS,
        rows=documents.statistical_form_rows(form),
    )
