"""Programs: the list, creating one from a form, its page (printable), editing its sections, its status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from mentorship import datacache
from mentorship.academic_year import AcademicYear
from people.forms import add_service_error
from programs import selectors, services
from programs.filters import ProgramFilter
from programs.forms import ProgramCreateForm, ProgramForm
from programs.models import Program
from programs.tables import ProgramTable
from programs.views.shared import (
    confirm_page,
    crumbs,
    curator_only,
    form_page,
    keepers_only,
    program_context,
    service_error_messages,
)

# What each step of the program workflow is called on its button and what the confirmation says.
STATUS_ACTIONS = {
    Program.Status.APPROVED: ("Утвердить программу", "Программа будет утверждена и станет доступна для реализации."),
    Program.Status.RUNNING: (
        "Начать реализацию",
        "Программа перейдёт в статус «реализуется»: её этапы появятся на главной странице куратора.",
    ),
    Program.Status.COMPLETED: (
        "Завершить программу",
        "Программа будет завершена: новые пары в неё включать будет нельзя. Все пары должны быть закрыты.",
    ),
    Program.Status.DRAFT: ("Вернуть в черновик", "Программа вернётся в черновик для доработки."),
}


@keepers_only
@require_GET
def program_list(request):
    program_filter = ProgramFilter(request.GET, queryset=selectors.programs_visible_to(request.user))
    table = ProgramTable(program_filter.qs)
    RequestConfig(request).configure(table)
    context = {"filter": program_filter, "table": table, "can_edit": selectors.can_edit_programs(request.user)}
    return render(request, "programs/program_list.html", context)


@curator_only
def program_create(request):
    form = ProgramCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        mentoring_form, year = form.cleaned_data["mentoring_form"], form.academic_year
        try:
            program = services.program_create(
                organization=request.user.organization,
                title=form.cleaned_data["title"] or services.program_title_for(mentoring_form, year),
                year=year,
                forms=[mentoring_form],
                curator=form.cleaned_data["curator"],
                mentoring_type=form.cleaned_data["mentoring_type"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Программа создана: цель, задачи и ожидаемые результаты взяты из описания формы, "
                "дорожная карта из шести этапов составлена. Проверьте и дополните разделы программы.",
            )
            return redirect(program)
    suggestions = {
        f"{mentoring_form.pk}:{year}": services.program_title_for(mentoring_form, AcademicYear(year))
        for mentoring_form in form.fields["mentoring_form"].queryset
        for year, _label in form.fields["year"].choices
    }
    return form_page(
        request,
        form,
        title="Новая программа наставничества",
        intro="Программа создаётся по форме наставничества: название предлагается по форме и учебному году.",
        cancel_url=reverse("programs:program-list"),
        breadcrumbs=crumbs(None, ("Новая программа", None)),
        submit_label="Создать программу",
        title_suggestions=suggestions,
        scripts=["js/program-form.js"],
    )


@keepers_only
@require_GET
def program_detail(request, pk):
    user = request.user

    def compute():
        program = selectors.program_get_visible(user, pk)  # 404 for another school's: never cached
        program.organization  # noqa: B018 - fetched now, kept with the program: the print header shows it
        progress = selectors.roadmap_progress(program)
        counts = selectors.pair_counts_by_status(user, program)
        body = {
            "program": program,
            "progress": progress,
            "current_stage": selectors.roadmap_current_stage(progress),
            "pair_rows": selectors.pair_status_rows(counts),
            "pairs_total": counts["total"],
            "sections": [
                (Program._meta.get_field(name).verbose_name, getattr(program, name))
                for name in services.PROGRAM_SECTION_FIELDS
            ],
        }
        return program, render_to_string("programs/_program_detail_body.html", body)

    # The same for every keeper of the school with the same roles until its data changes (mentorship.datacache):
    # the program and the page's body as HTML (no form on it posts).
    program, body = datacache.cached(
        "program", [user.organization_id], compute, *(pk, datacache.roles_part(user), timezone.localdate())
    )
    transitions = [
        (status.value, STATUS_ACTIONS[status][0])
        for status in Program.Status
        if status in services.PROGRAM_TRANSITIONS[Program.Status(program.status)]
    ]
    context = program_context(request, program, "detail", body=mark_safe(body), transitions=transitions)
    return render(request, "programs/program_detail.html", context)


@curator_only
def program_edit(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    form = ProgramForm(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen_forms = list(data.pop("forms"))
        try:
            services.program_update(program=program, forms=chosen_forms, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Программа сохранена.")
            return redirect(program)
    return form_page(
        request,
        form,
        title="Изменение программы",
        cancel_url=program.get_absolute_url(),
        breadcrumbs=crumbs(program, ("Изменение", None)),
    )


@curator_only
def program_status(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    target = request.POST.get("to") or request.GET.get("to") or ""
    if target not in Program.Status.values:
        raise Http404("Нет такого статуса")
    target = Program.Status(target)
    label, explanation = STATUS_ACTIONS[target]
    if request.method == "GET" and target not in services.PROGRAM_TRANSITIONS[Program.Status(program.status)]:
        messages.error(
            request, f"Программу в статусе «{program.get_status_display()}» нельзя перевести в «{target.label}»."
        )
        return redirect(program)
    if request.method == "POST":
        try:
            services.program_status_change(program=program, status=target)
        except ValidationError as error:
            service_error_messages(request, error)
        else:
            messages.success(request, f"Статус программы: «{program.get_status_display()}».")
        return redirect(program)
    return confirm_page(
        request,
        title=f"{label}?",
        message=f"«{program}»: {explanation}",
        submit_label=label,
        cancel_url=program.get_absolute_url(),
        breadcrumbs=crumbs(program, (label, None)),
        hidden={"to": target.value},
    )
