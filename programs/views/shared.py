"""What the program pages share: access decorators, the program's tab context, form and confirmation pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse

from mentorship.access import role_required
from people.roles import Role
from programs import selectors
from programs.forms import ConfirmForm
from programs.models import Program
from programs.tables import PROGRAM_STATUS_TONES

KEEPERS = (Role.CURATOR, Role.PRINCIPAL)
keepers_only = role_required(*KEEPERS)
curator_only = role_required(Role.CURATOR)


def program_context(request, program: Program, section: str, **extra) -> dict:
    """What every page of a program shares: the program, its tabs and whether the user may edit."""
    return {
        "program": program,
        "section": section,
        "can_edit": selectors.can_edit_programs(request.user),
        "status_tone": PROGRAM_STATUS_TONES[program.status],
        **extra,
    }


def form_page(request, form, *, title, cancel_url, breadcrumbs, submit_label="Сохранить", **extra):
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs,
        "submit_label": submit_label,
        **extra,
    }
    return render(request, "programs/form_page.html", context)


def confirm_page(
    request, *, title, message, submit_label, cancel_url, breadcrumbs, tone="primary", items=(), hidden=None
):
    context = {
        "hidden": hidden or {},
        "form": ConfirmForm(),
        "title": title,
        "message": message,
        "submit_label": submit_label,
        "submit_tone": tone,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs,
        "items": items,
    }
    return render(request, "programs/confirm.html", context)


def crumbs(program: Program | None = None, *tail):
    crumbs = [("Программы", reverse("programs:program-list"))]
    if program is not None:
        crumbs.append((program.title, program.get_absolute_url()))
    return [*crumbs, *tail]


def service_error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
