"""Pages of the roster import: the history, the upload, the preview with its confirmation, the progress."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Func, IntegerField
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_tables2 import RequestConfig

from mentorship.access import role_required
from people.import_forms import RosterUploadForm
from people.importing import selectors, service
from people.importing.columns import kind_descriptions, template_workbook
from people.importing.tables import STATUS_TONES, RosterImportTable
from people.models import Person, RosterImport
from people.roles import Role

Status = RosterImport.Status


@role_required(Role.ADMINISTRATOR)
def import_list(request):
    # The errors themselves stay in the database: the list shows how many there are.
    imports = selectors.roster_imports_visible_to(request.user).defer("errors")
    table = RosterImportTable(
        imports.annotate(error_total=Func("errors", function="jsonb_array_length", output_field=IntegerField()))
    )
    RequestConfig(request).configure(table)
    return render(request, "people/imports/list.html", {"table": table})


@role_required(Role.ADMINISTRATOR)
def import_new(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            roster_import = service.roster_import_create(
                organization=request.user.organization,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            service.roster_import_preview(roster_import=roster_import)
            return redirect(roster_import)
    return render(request, "people/imports/new.html", {"form": form, "kinds": kind_descriptions()})


@role_required(Role.ADMINISTRATOR)
def import_detail(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    can_retry = service.roster_import_can_retry(roster_import)
    context = {
        "roster_import": roster_import,
        "tone": STATUS_TONES.get(roster_import.status, "secondary"),
        "summary": selectors.roster_import_summary(roster_import),
        "progress": selectors.roster_import_progress(roster_import),
        # a run whose process is gone is not in progress: it waits for «Повторить»
        "in_progress": roster_import.status in (Status.PENDING, Status.RUNNING) and not can_retry,
        "can_retry": can_retry,
        "people_url": _people_url(roster_import.kind),
        "row_errors": [error for error in roster_import.errors if error.get("row")],
        "file_errors": [error for error in roster_import.errors if not error.get("row")],
    }
    return render(request, "people/imports/detail.html", context)


def _people_url(kind: str) -> str:
    """The people list, filtered to what a roster of this kind holds when that is one category."""
    category = {
        RosterImport.Kind.PUPILS: Person.Category.PUPIL,
        RosterImport.Kind.STAFF: Person.Category.TEACHER,
        RosterImport.Kind.PARENTS: Person.Category.PARENT,
    }.get(kind)
    url = reverse("people:person-list")
    return f"{url}?category={category}" if category else url


@role_required(Role.ADMINISTRATOR)
@require_GET
def import_status(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    response = JsonResponse(selectors.roster_import_progress(roster_import))
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.ADMINISTRATOR)
@require_POST
def import_confirm(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    try:
        roster_import = service.roster_import_confirm(roster_import=roster_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(roster_import)


@role_required(Role.ADMINISTRATOR)
@require_POST
def import_cancel(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    try:
        service.roster_import_cancel(roster_import=roster_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.info(request, "Загрузка отменена, ничего не записано.")
    return redirect("people:import-list")


@role_required(Role.ADMINISTRATOR)
@require_POST
def import_retry(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    try:
        roster_import = service.roster_import_retry(roster_import=roster_import)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        checked = roster_import.status in (Status.PREVIEW, Status.INVALID)
        messages.info(request, "Файл проверен заново." if checked else "Загрузка запущена заново.")
    return redirect(roster_import)


@role_required(Role.ADMINISTRATOR)
def import_file(request, pk):
    roster_import = selectors.roster_import_get_visible(request.user, pk)
    if not roster_import.file:
        raise Http404("Файла нет")
    return FileResponse(roster_import.file.open("rb"), as_attachment=True, filename=roster_import.original_name)


@role_required(Role.ADMINISTRATOR)
def import_template(request, kind):
    if kind not in RosterImport.Kind.values:
        raise Http404("Нет такого списка")
    filename = f"образец — {RosterImport.Kind(kind).label}.xlsx"
    return FileResponse(io.BytesIO(template_workbook(kind)), as_attachment=True, filename=filename)
