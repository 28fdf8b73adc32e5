"""Completion of a program (seed 000, stage 6): the summary, nominations and best-practice cases."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from people.forms import add_service_error
from programs import selectors, services
from programs.forms import NominationForm, PracticeCaseForm
from programs.views.shared import confirm_page, crumbs, curator_only, form_page, keepers_only, program_context


@keepers_only
@require_GET
def program_summary(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    context = program_context(
        request,
        program,
        "summary",
        summary=selectors.program_summary(program),
        nominations=selectors.program_nominations(program),
        cases=selectors.program_cases(program),
    )
    return render(request, "programs/summary.html", context)


@curator_only
def nomination_create(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    form = NominationForm(
        request.POST or None,
        mentors=selectors.program_mentors(program),
        pairs=selectors.program_pairs_for_awards(program),
    )
    summary_url = reverse("programs:program-summary", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.nomination_create(
                program=program, kind=data["kind"], reason=data["reason"], mentor=data["mentor"], pair=data["pair"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Номинация добавлена.")
            return redirect(summary_url)
    return form_page(
        request,
        form,
        title="Номинация «Наставник года» или «Лучшая пара»",
        cancel_url=summary_url,
        breadcrumbs=crumbs(program, ("Итоги", summary_url), ("Номинация", None)),
    )


@curator_only
def nomination_delete(request, pk):
    nomination = selectors.nomination_get_visible(request.user, pk)
    summary_url = reverse("programs:program-summary", args=[nomination.program_id])
    if request.method == "POST":
        services.nomination_delete(nomination=nomination)
        messages.success(request, "Номинация удалена.")
        return redirect(summary_url)
    return confirm_page(
        request,
        title="Удалить номинацию?",
        message=f"{nomination} будет удалена из итогов программы.",
        submit_label="Удалить",
        tone="danger",
        cancel_url=summary_url,
        breadcrumbs=crumbs(nomination.program, ("Итоги", summary_url), ("Удаление номинации", None)),
    )


@curator_only
def case_create(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    form = PracticeCaseForm(request.POST or None, pairs=selectors.program_pairs_for_awards(program))
    summary_url = reverse("programs:program-summary", args=[program.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.practice_case_create(
                program=program, title=data["title"], description=data["description"], pair=data["pair"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Кейс лучшей практики добавлен.")
            return redirect(summary_url)
    return form_page(
        request,
        form,
        title="Кейс лучшей практики",
        cancel_url=summary_url,
        breadcrumbs=crumbs(program, ("Итоги", summary_url), ("Кейс", None)),
    )


@curator_only
def case_delete(request, pk):
    case = selectors.case_get_visible(request.user, pk)
    summary_url = reverse("programs:program-summary", args=[case.program_id])
    if request.method == "POST":
        services.practice_case_delete(case=case)
        messages.success(request, "Кейс удалён.")
        return redirect(summary_url)
    return confirm_page(
        request,
        title="Удалить кейс?",
        message=f"Кейс «{case}» будет удалён из итогов программы.",
        submit_label="Удалить",
        tone="danger",
        cancel_url=summary_url,
        breadcrumbs=crumbs(case.program, ("Итоги", summary_url), ("Удаление кейса", None)),
    )
