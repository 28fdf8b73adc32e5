"""The roadmap of a program: stages with progress, activities, marking them done with evidence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from people.forms import add_service_error
from programs import selectors, services
from programs.forms import ActivityForm, ActivityMarkForm
from programs.views.shared import confirm_page, crumbs, curator_only, form_page, keepers_only, program_context


@keepers_only
@require_GET
def roadmap(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    stages = selectors.roadmap_by_stage(program)
    return render(request, "programs/roadmap.html", program_context(request, program, "roadmap", stages=stages))


@curator_only
def activity_create(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    initial = {"stage": request.GET.get("stage")} if request.GET.get("stage") else None
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        program=program,
        responsible_people=selectors.responsible_people_choices(program),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.roadmap_activity_create(
                stage=data["stage"],
                title=data["title"],
                deadline=data["deadline"],
                content=data["content"],
                responsible=data["responsible"],
                responsible_people=list(data["responsible_people"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Мероприятие добавлено в дорожную карту.")
            return redirect("programs:program-roadmap", program.pk)
    roadmap_url = reverse("programs:program-roadmap", args=[program.pk])
    return form_page(
        request,
        form,
        title="Новое мероприятие дорожной карты",
        cancel_url=roadmap_url,
        breadcrumbs=crumbs(program, ("Дорожная карта", roadmap_url), ("Новое мероприятие", None)),
    )


@curator_only
def activity_edit(request, pk):
    activity = selectors.activity_get_visible(request.user, pk)
    program = activity.stage.program
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        program=program,
        responsible_people=selectors.responsible_people_choices(program),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.roadmap_activity_update(
                activity=activity,
                title=data["title"],
                deadline=data["deadline"],
                content=data["content"],
                responsible=data["responsible"],
                responsible_people=list(data["responsible_people"]),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Мероприятие сохранено.")
            return redirect("programs:program-roadmap", program.pk)
    roadmap_url = reverse("programs:program-roadmap", args=[program.pk])
    return form_page(
        request,
        form,
        title="Мероприятие дорожной карты",
        intro=f"Этап {activity.stage}",
        cancel_url=roadmap_url,
        breadcrumbs=crumbs(program, ("Дорожная карта", roadmap_url), ("Изменение мероприятия", None)),
    )


@curator_only
def activity_mark(request, pk):
    activity = selectors.activity_get_visible(request.user, pk)
    program = activity.stage.program
    form = ActivityMarkForm(request.POST or None, request.FILES or None, activity=activity)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.roadmap_activity_mark(
                activity=activity,
                status=data["status"],
                completed_on=data["completed_on"],
                evidence=data["evidence"],
                evidence_note=data["evidence_note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"«{activity}»: {activity.get_status_display()}.")
            return redirect("programs:program-roadmap", program.pk)
    roadmap_url = reverse("programs:program-roadmap", args=[program.pk])
    return form_page(
        request,
        form,
        title="Выполнение мероприятия",
        intro=f"{activity.title} (срок {activity.deadline:%d.%m.%Y})",
        cancel_url=roadmap_url,
        breadcrumbs=crumbs(program, ("Дорожная карта", roadmap_url), ("Выполнение", None)),
        submit_label="Сохранить",
    )


@curator_only
def activity_delete(request, pk):
    activity = selectors.activity_get_visible(request.user, pk)
    program = activity.stage.program
    roadmap_url = reverse("programs:program-roadmap", args=[program.pk])
    if request.method == "POST":
        services.roadmap_activity_delete(activity=activity)
        messages.success(request, f"Мероприятие «{activity}» удалено из дорожной карты.")
        return redirect(roadmap_url)
    return confirm_page(
        request,
        title="Удалить мероприятие?",
        message=f"«{activity}» (этап {activity.stage.number}, срок {activity.deadline:%d.%m.%Y}) будет удалено "
        "из дорожной карты вместе с подтверждающим документом.",
        submit_label="Удалить",
        tone="danger",
        cancel_url=roadmap_url,
        breadcrumbs=crumbs(program, ("Дорожная карта", roadmap_url), ("Удаление мероприятия", None)),
    )


@keepers_only
@require_GET
def activity_evidence(request, pk):
    """The evidence file, to those who see the program (never a public media URL)."""
    activity = selectors.activity_get_visible(request.user, pk)
    if not activity.evidence:
        raise Http404("Документ не загружен")
    return FileResponse(
        activity.evidence.open("rb"), as_attachment=True, filename=activity.evidence.name.split("/")[-1]
    )
