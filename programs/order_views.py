"""Pages of orders (журнал приказов, a draft, signing) and of the other documents (preview and PDF).

Every view starts with its role gate — 403 for other roles, the login page for anonymous users —
and fetches its object through a selector scoped to the user, so another organization's id (or,
for a mentor, another pair) is a 404. Only the principal signs; a mentor gets only the agreement
of his own pair.
"""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from mentorship import datacache
from mentorship.access import role_required
from mentorship.pdf import pdf_response, render_pdf
from people import audit
from people import selectors as people_selectors
from people.forms import add_service_error
from people.roles import Role
from programs import document_tasks, documents, orders
from programs.models import Order, PairMember
from programs.order_forms import (
    CREATE_FORMS,
    KIND_HINTS,
    ConfirmForm,
    ConsentBatchForm,
    OrderEditForm,
    OrderFilter,
    OrderSignForm,
    OrderTable,
)
from programs.selectors import (
    pair_get_visible,
    pairs_visible_to,
    program_get_visible,
    program_mentors,
    programs_visible_to,
)

ORDER_KEEPERS = orders.ORDER_KEEPERS
AGREEMENT_READERS = (Role.CURATOR, Role.PRINCIPAL, Role.MENTOR)
PEOPLE_FOUND_SHOWN = 20


def _posted(request):
    return request.POST if request.method == "POST" else None


def _service_call(form, service, /, **kwargs):
    """Run a service; when it refuses, show its Russian message on the form and return None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def _orders_crumbs(*tail):
    return [("Приказы", reverse("programs:order-list")), *tail]


def _documents_crumbs(*tail):
    return [("Документы", reverse("programs:document-hub")), *tail]


def _form_page(request, *, form, title, breadcrumbs, cancel_url, **extra):
    context = {"form": form, "title": title, "breadcrumbs": breadcrumbs, "cancel_url": cancel_url, **extra}
    return render(request, "programs/orders/form_page.html", context)


# --- The registry ----------------------------------------------------------------------------------


@role_required(*ORDER_KEEPERS)
@require_GET
def order_list(request):
    user = request.user
    # The registry (count, filter bar, table: no form with a CSRF token) as HTML, once per version of the
    # school's data and per query string (mentorship.datacache); what the user may see follows his roles.
    registry_html = datacache.cached(
        "order-registry",
        [user.organization_id],
        lambda: _registry_html(request),
        *(datacache.roles_part(user), request.path, request.GET.urlencode()),
    )
    return render(request, "programs/orders/order_list.html", {"registry_html": registry_html})


def _registry_html(request) -> str:
    order_filter = OrderFilter(
        request.GET, queryset=orders.orders_for_registry(request.user), years=orders.order_years(request.user)
    )
    table = OrderTable(order_filter.qs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    # The request for the filter bar and the sort and page links only: no context processor runs here.
    context = {"filter": order_filter, "table": table, "request": request}
    return render_to_string("programs/orders/_order_registry.html", context)


# --- Drafting ----------------------------------------------------------------------------------------


@role_required(*ORDER_KEEPERS)
@require_GET
def order_create_choose(request):
    kinds = [(kind, kind.label, KIND_HINTS[kind]) for kind in Order.Kind]
    context = {"kinds": kinds, "breadcrumbs": _orders_crumbs(("Новый приказ", None))}
    return render(request, "programs/orders/order_create_choose.html", context)


def _program_param(request):
    value = request.GET.get("program", "")
    if not value.isdigit():
        return None
    return program_get_visible(request.user, int(value))


@role_required(*ORDER_KEEPERS)
def order_create(request, kind):
    try:
        kind = Order.Kind(kind)
    except ValueError:
        raise Http404("Нет такого вида приказа") from None
    form_class = CREATE_FORMS[kind]
    extra = {}
    if kind in (Order.Kind.PAIRS_APPROVAL, Order.Kind.MENTOR_AWARDS):
        extra["program"] = _program_param(request)
    form = form_class(_posted(request), user=request.user, **extra)
    if request.method == "POST" and form.is_valid():
        order = _service_call(
            form,
            orders.order_create,
            organization=request.user.organization,
            kind=kind,
            created_by=request.user,
            **form.order_kwargs(),
        )
        if order:
            messages.success(request, f"Проект приказа «{order.subject}» подготовлен. Проверьте текст перед подписью.")
            return redirect(order)
    return _form_page(
        request,
        form=form,
        title=f"Новый приказ: {kind.label}",
        breadcrumbs=_orders_crumbs(("Новый приказ", reverse("programs:order-create")), (kind.label, None)),
        cancel_url=reverse("programs:order-create"),
        intro=KIND_HINTS[kind],
        submit_label="Подготовить проект",
        program_filter=kind in (Order.Kind.PAIRS_APPROVAL, Order.Kind.MENTOR_AWARDS),
        programs=form.fields["program"].queryset,
        selected_program=extra.get("program"),
    )


# --- One order ----------------------------------------------------------------------------------------


@role_required(*ORDER_KEEPERS)
@require_GET
@csp_replace({"object-src": [SELF]})  # a signed order's PDF is shown in an <object> from our origin
def order_detail(request, pk):
    order = orders.order_get_visible(request.user, pk)
    is_draft = order.status == Order.Status.DRAFT
    context = {
        "order": order,
        "is_draft": is_draft,
        "can_sign": is_draft and request.user.has_role(Role.PRINCIPAL),
        "pairs_count": order.pairs.count() if order.kind == Order.Kind.PAIRS_APPROVAL else None,
        "breadcrumbs": _orders_crumbs((str(order), None)),
        "history": audit.order_history(order) if audit.can_read_history(request.user) else None,
    }
    return render(request, "programs/orders/order_detail.html", context)


@role_required(*ORDER_KEEPERS)
@require_GET
@xframe_options_sameorigin  # shown in a frame on the order's page
@csp_replace({"frame-ancestors": [SELF]})
def order_preview(request, pk):
    order = orders.order_get_visible(request.user, pk)
    if order.status == Order.Status.SIGNED:
        # The signed order is its stored PDF; the browser shows it as it will be printed.
        return pdf_response(orders.order_pdf(order), orders.order_filename(order), inline=True)
    response = render(request, orders.ORDER_TEMPLATE, orders.order_context(order, screen=True))
    add_never_cache_headers(response)
    return response


@role_required(*ORDER_KEEPERS)
@require_GET
def order_pdf(request, pk):
    order = orders.order_get_visible(request.user, pk)
    inline = request.GET.get("inline") == "1"
    return pdf_response(orders.order_pdf(order), orders.order_filename(order), inline=inline)


def _draft_or_redirect(request, order):
    if order.status != Order.Status.DRAFT:
        messages.info(request, f"{order} подписан: его нельзя изменить или удалить.")
        return redirect(order)
    return None


@role_required(*ORDER_KEEPERS)
def order_edit(request, pk):
    order = orders.order_get_visible(request.user, pk)
    if response := _draft_or_redirect(request, order):
        return response
    form = OrderEditForm(_posted(request), order=order)
    if request.method == "POST" and form.is_valid():
        saved = _service_call(
            form,
            orders.order_update,
            order=order,
            subject=form.cleaned_data["subject"],
            preamble=form.cleaned_data["preamble"],
            items=form.cleaned_data.get("items", []),
        )
        if saved:
            messages.success(request, "Проект приказа сохранён.")
            return redirect(order)
    return _form_page(
        request,
        form=form,
        title=f"Изменение: {order}",
        breadcrumbs=_orders_crumbs((str(order), order.get_absolute_url()), ("Изменение", None)),
        cancel_url=order.get_absolute_url(),
    )


@role_required(*ORDER_KEEPERS)
def order_delete(request, pk):
    order = orders.order_get_visible(request.user, pk)
    if response := _draft_or_redirect(request, order):
        return response
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        subject = order.subject
        try:
            orders.order_delete(order=order)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Проект приказа «{subject}» удалён.")
            return redirect("programs:order-list")
    return _form_page(
        request,
        form=form,
        title=f"Удалить {str(order)[0].lower()}{str(order)[1:]}?",
        breadcrumbs=_orders_crumbs((str(order), order.get_absolute_url()), ("Удаление", None)),
        cancel_url=order.get_absolute_url(),
        warning="Проект будет удалён безвозвратно; его пары снова можно будет включить в другой приказ.",
        submit_label="Удалить проект",
        submit_tone="danger",
    )


@role_required(Role.PRINCIPAL)
def order_sign(request, pk):
    order = orders.order_get_visible(request.user, pk)
    if order.status != Order.Status.DRAFT:
        messages.info(request, f"{order} уже подписан.")
        return redirect(order)
    form = OrderSignForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        signed = _service_call(
            form, orders.order_sign, order=order, user=request.user, issued_on=form.cleaned_data["issued_on"]
        )
        if signed:
            messages.success(request, f"Приказ подписан: № {signed.number} от {signed.issued_on:%d.%m.%Y}.")
            return redirect(signed)
    warning = "После подписи приказу присваивается номер, его PDF сохраняется и больше не меняется."
    if order.kind == Order.Kind.PAIRS_APPROVAL:
        warning += " Пары и группы приказа станут «утверждёнными»."
    return _form_page(
        request,
        form=form,
        title=f"Подписать {str(order)[0].lower()}{str(order)[1:]}?",
        breadcrumbs=_orders_crumbs((str(order), order.get_absolute_url()), ("Подпись", None)),
        cancel_url=order.get_absolute_url(),
        warning=warning,
        submit_label="Подписать",
    )


# --- Other documents: a hub, then a preview and a PDF of each -------------------------------------------


@role_required(*AGREEMENT_READERS)
@require_GET
def document_hub(request):
    user = request.user
    is_keeper = user.has_role(*ORDER_KEEPERS)
    context = {"is_keeper": is_keeper, "is_curator": user.has_role(Role.CURATOR), "breadcrumbs": _documents_crumbs()}
    if is_keeper:
        search = request.GET.get("q", "").strip()
        people = people_selectors.people_visible_to(user).filter(is_archived=False)
        context.update(
            programs=programs_visible_to(user).order_by("-year_start", "title"),
            batch_form=ConsentBatchForm(),
            search=search,
            people_found=(
                list(
                    people_selectors.person_search(people, search).order_by("last_name", "first_name")[
                        :PEOPLE_FOUND_SHOWN
                    ]
                )
                if search
                else []
            ),
        )
    else:
        own = PairMember.objects.filter(person_id=user.person_id, role=PairMember.Role.MENTOR).values("pair_id")
        context["own_pairs"] = list(pairs_visible_to(user).filter(pk__in=own).order_by("-starts_on", "pk"))
    return render(request, "programs/orders/document_hub.html", context)


@role_required(*ORDER_KEEPERS)
@require_GET
def program_documents(request, pk):
    program = program_get_visible(request.user, pk)
    context = {
        "program": program,
        "pairs": pairs_visible_to(request.user).filter(program=program).order_by("pk"),
        "mentors": program_mentors(program),
        "program_orders": orders.orders_visible_to(request.user).filter(program=program),
        "breadcrumbs": _documents_crumbs((program.title, None)),
    }
    return render(request, "programs/orders/program_documents.html", context)


def _document_response(request, *, template, context, filename, as_pdf, back_url, pdf_url):
    """The document as a PDF download, or its preview with «Назад» and «Скачать PDF» above it."""
    if as_pdf:
        return pdf_response(render_pdf(template, context), filename)
    context.update(screen=True, toolbar_links=[("← Назад", back_url), ("Скачать PDF", pdf_url)])
    response = render(request, template, context)
    add_never_cache_headers(response)  # personal data: not kept by the browser or a proxy
    return response


@role_required(*ORDER_KEEPERS)
@require_GET
def consent_document(request, pk, as_pdf=False):
    person = people_selectors.person_get_visible(request.user, pk)
    representative = None
    if request.GET.get("representative", "").isdigit():
        link = person.representatives.filter(representative_id=int(request.GET["representative"])).first()
        representative = link.representative if link else None
    form = documents.consent_form_data(person, representative=representative)
    context = documents.consent_context(request.user.organization, [form], title=f"Согласие: {person.full_name}")
    return _document_response(
        request,
        template=documents.CONSENT_TEMPLATE,
        context=context,
        filename=documents.consent_filename(person),
        as_pdf=as_pdf,
        back_url=person.get_absolute_url(),
        pdf_url=reverse("programs:document-consent-pdf", args=[person.pk])
        + (f"?representative={representative.pk}" if representative else ""),
    )


@role_required(*AGREEMENT_READERS)
@require_GET
def agreement_document(request, pk, as_pdf=False):
    pair = pair_get_visible(request.user, pk)  # a mentor's other pair is a 404
    pair = documents.agreement_pair(pair.pk)
    return _document_response(
        request,
        template=documents.AGREEMENT_TEMPLATE,
        context=documents.agreement_context(pair),
        filename=documents.agreement_filename(pair),
        as_pdf=as_pdf,
        back_url=reverse("programs:document-hub"),
        pdf_url=reverse("programs:document-agreement-pdf", args=[pair.pk]),
    )


@role_required(*ORDER_KEEPERS)
@require_GET
def roadmap_document(request, pk, as_pdf=False):
    program = program_get_visible(request.user, pk)
    return _document_response(
        request,
        template=documents.ROADMAP_TEMPLATE,
        context=documents.roadmap_context(program),
        filename=documents.roadmap_filename(program),
        as_pdf=as_pdf,
        back_url=reverse("programs:document-program-set", args=[program.pk]),
        pdf_url=reverse("programs:document-roadmap-pdf", args=[program.pk]),
    )


@role_required(*ORDER_KEEPERS)
@require_GET
def program_document(request, pk, as_pdf=False):
    program = documents.program_document_program(program_get_visible(request.user, pk).pk)
    return _document_response(
        request,
        template=documents.PROGRAM_TEMPLATE,
        context=documents.program_context(program),
        filename=documents.program_filename(program),
        as_pdf=as_pdf,
        back_url=reverse("programs:document-program-set", args=[program.pk]),
        pdf_url=reverse("programs:document-program-pdf", args=[program.pk]),
    )


@role_required(*ORDER_KEEPERS)
@require_GET
def thanks_document(request, pk, person_pk, as_pdf=False):
    program = program_get_visible(request.user, pk)
    mentor = program_mentors(program).filter(pk=person_pk).select_related("partner").first()
    if mentor is None:
        raise Http404("Наставник не найден в программе")
    return _document_response(
        request,
        template=documents.THANKS_TEMPLATE,
        context=documents.thanks_context(program, mentor),
        filename=documents.thanks_filename(mentor),
        as_pdf=as_pdf,
        back_url=reverse("programs:document-program-set", args=[program.pk]),
        pdf_url=reverse("programs:document-thanks-pdf", args=[program.pk, mentor.pk]),
    )


# --- The consents of a class as a background batch (curator only) -----------------------------------


@role_required(Role.CURATOR)
def consent_batch_create(request):
    form = ConsentBatchForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        batch_id = document_tasks.consent_batch_start(
            user=request.user,
            school_class=form.cleaned_data["school_class"],
            only_missing=form.cleaned_data["only_missing"],
        )
        return redirect("programs:consent-batch", batch_id=batch_id)
    return _form_page(
        request,
        form=form,
        title="Согласия на обработку персональных данных для класса",
        breadcrumbs=_documents_crumbs(("Согласия для класса", None)),
        cancel_url=reverse("programs:document-hub"),
        intro="Один PDF: форма каждого обучающегося класса с новой страницы, заполненная по его данным.",
        submit_label="Подготовить PDF",
    )


def _batch_for(request, batch_id) -> document_tasks.BatchState:
    state = document_tasks.batch_state(batch_id)
    if state is None or state.organization_id != request.user.organization_id:
        raise Http404("Пакет документов не найден")
    return state


def _batch_json(state: document_tasks.BatchState) -> dict:
    return {
        "state": state.state,
        "done": state.done,
        "total": state.total,
        "percent": state.percent,
        "message": state.message,
        "download_url": reverse("programs:consent-batch-pdf", args=[state.batch_id]) if state.state == "done" else "",
    }


@role_required(Role.CURATOR)
@require_GET
def consent_batch(request, batch_id):
    state = _batch_for(request, batch_id)
    context = {
        "state": state,
        "status": _batch_json(state),
        "status_url": reverse("programs:consent-batch-status", args=[batch_id]),
        "breadcrumbs": _documents_crumbs((f"Согласия, {state.school_class} класс", None)),
    }
    return render(request, "programs/orders/consent_batch.html", context)


@role_required(Role.CURATOR)
@require_GET
def consent_batch_status(request, batch_id):
    response = JsonResponse(_batch_json(_batch_for(request, batch_id)))
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.CURATOR)
@require_GET
def consent_batch_pdf(request, batch_id):
    state = _batch_for(request, batch_id)
    if state.state != "done":
        raise Http404("PDF ещё не готов")
    return pdf_response(document_tasks.batch_pdf(state), state.filename)
