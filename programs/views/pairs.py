"""Pairs and groups: the lists, forming one from the banks, the pair page and its status actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from mentorship import datacache
from people import audit
from people.forms import add_service_error
from programs import selectors, services
from programs.filters import PairFilter
from programs.forms import PairCompleteForm, PairForm, PairTerminateForm
from programs.models import Pair, PairMember, Program
from programs.tables import PAIR_STATUS_TONES, PairTable
from programs.views.shared import (
    confirm_page,
    crumbs,
    curator_only,
    form_page,
    keepers_only,
    program_context,
    service_error_messages,
)


def _pair_table(request, program: Program | None) -> str:
    """The filter bar and the page of the table, as HTML: everything here follows from the URL."""
    pairs = selectors.pairs_for_list(request.user, program)
    programs = None if program is not None else selectors.programs_visible_to(request.user).order_by("-year_start")
    pair_filter = PairFilter(request.GET, queryset=pairs, programs=programs)
    table = PairTable(pair_filter.qs, exclude=("program",) if program is not None else ())
    RequestConfig(request).configure(table)
    return render_to_string("programs/_pair_table.html", {"filter": pair_filter, "table": table}, request=request)


def _pair_list_page(request, program: Program | None):
    user = request.user
    # The same page of the same filter for every keeper of the school until the school's data changes (mentorship.datacache).
    table = datacache.cached(
        "pair-list",
        [user.organization_id],
        lambda: _pair_table(request, program),
        *(datacache.roles_part(user), timezone.localdate(), request.get_full_path()),
    )
    context = {"pair_table": table, "can_edit": selectors.can_edit_programs(user)}
    if program is not None:
        context.update(program_context(request, program, "pairs"))
    return render(request, "programs/pair_list.html", context)


@keepers_only
@require_GET
def pair_list(request):
    return _pair_list_page(request, None)


@keepers_only
@require_GET
def program_pairs(request, pk):
    return _pair_list_page(request, selectors.program_get_visible(request.user, pk))


@curator_only
def pair_create(request, pk):
    program = selectors.program_get_visible(request.user, pk)
    forms_allowed = selectors.program_forms_for_pairing(program)
    form = PairForm(
        request.POST or None,
        program=program,
        forms_allowed=forms_allowed,
        role_models=selectors.role_models_of(forms_allowed),
        mentors=selectors.mentor_bank_for_pairing(request.user),
        mentees=selectors.mentee_bank_for_pairing(request.user),
    )
    violations = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pair = services.pair_create(
                program=program,
                form=data["mentoring_form"],
                role_model=data["role_model"],
                mentors=list(data["mentors"]),
                mentees=list(data["mentees"]),
                starts_on=data["starts_on"],
                planned_end_on=data["planned_end_on"],
                goals=data["goals"],
            )
        except ValidationError as error:
            violations = error.messages
        else:
            messages.success(request, f"{pair} сформирована. Её утвердит приказ руководителя.")
            return redirect(pair)
    pairs_url = reverse("programs:program-pairs", args=[program.pk])
    return form_page(
        request,
        form,
        title="Новая пара или группа",
        intro=f"{program}. Несколько наставников или наставляемых образуют наставническую группу.",
        cancel_url=pairs_url,
        breadcrumbs=crumbs(program, ("Пары и группы", pairs_url), ("Новая пара", None)),
        submit_label="Сформировать",
        violations=violations,
        scripts=["js/pair-form.js"],
    )


@keepers_only
@require_GET
def pair_detail(request, pk):
    pair = selectors.pair_get_for_page(request.user, pk)
    members = list(pair.members.all())
    can_edit = selectors.can_edit_programs(request.user)
    context = {
        "pair": pair,
        "program": pair.program,
        "mentors": [member for member in members if member.role == PairMember.Role.MENTOR],
        "mentees": [member for member in members if member.role == PairMember.Role.MENTEE],
        "meetings": selectors.pair_meetings(pair),
        "plan_goals": selectors.pair_plan_goals(pair),
        "can_edit": can_edit,
        "status_tone": PAIR_STATUS_TONES[pair.status],
        "is_open": pair.status in Pair.OPEN_STATUSES,
        "can_activate": can_edit and pair.status == Pair.Status.APPROVED,
        "can_complete": can_edit and pair.status in (Pair.Status.APPROVED, Pair.Status.ACTIVE),
        "can_terminate": can_edit and pair.status in Pair.OPEN_STATUSES,
        "breadcrumbs": crumbs(
            pair.program,
            ("Пары и группы", reverse("programs:program-pairs", args=[pair.program_id])),
            (str(pair), None),
        ),
    }
    context["history"] = (
        audit.pair_history(pair, goals=context["plan_goals"]) if audit.can_read_history(request.user) else None
    )
    return render(request, "programs/pair_detail.html", context)


def _pair_crumbs(pair: Pair, label: str):
    return crumbs(
        pair.program,
        ("Пары и группы", reverse("programs:program-pairs", args=[pair.program_id])),
        (str(pair), pair.get_absolute_url()),
        (label, None),
    )


@curator_only
def pair_activate(request, pk):
    pair = selectors.pair_get_visible(request.user, pk)
    if request.method == "POST":
        try:
            services.pair_activate(pair=pair)
        except ValidationError as error:
            service_error_messages(request, error)
        else:
            messages.success(request, f"{pair} начала работу.")
        return redirect(pair)
    return confirm_page(
        request,
        title="Начать работу пары?",
        message=f"{pair} утверждена приказом и перейдёт в статус «действует».",
        submit_label="Начать работу",
        cancel_url=pair.get_absolute_url(),
        breadcrumbs=_pair_crumbs(pair, "Начало работы"),
    )


@curator_only
def pair_complete(request, pk):
    pair = selectors.pair_get_visible(request.user, pk)
    mentees = [member.person for member in pair.members.all() if member.role == PairMember.Role.MENTEE]
    form = PairCompleteForm(request.POST or None, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pair_complete(
                pair=pair,
                ended_on=data["ended_on"],
                results=data["results"],
                feedback=data["feedback"],
                full_cycle_mentee_ids=data["full_cycle"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{pair} завершена.")
            return redirect(pair)
    return form_page(
        request,
        form,
        title=f"Завершение: {pair}",
        intro="Результаты работы пары и обратная связь войдут в итоги программы.",
        cancel_url=pair.get_absolute_url(),
        breadcrumbs=_pair_crumbs(pair, "Завершение"),
        submit_label="Завершить",
    )


@curator_only
def pair_terminate(request, pk):
    pair = selectors.pair_get_visible(request.user, pk)
    form = PairTerminateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_terminate(
                pair=pair, ended_on=form.cleaned_data["ended_on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{pair} прекращена досрочно; наставляемые снова ожидают подбора.")
            return redirect(pair)
    return form_page(
        request,
        form,
        title=f"Досрочное прекращение: {pair}",
        warning="Наставляемые вернутся в банк со статусом «ожидает подбора».",
        cancel_url=pair.get_absolute_url(),
        breadcrumbs=_pair_crumbs(pair, "Досрочное прекращение"),
        submit_label="Прекратить",
        submit_tone="danger",
    )
