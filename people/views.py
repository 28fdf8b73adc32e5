"""Pages of the people app: lists of participants, partners and accounts, and a person's page."""

from django.shortcuts import render
from django_tables2 import RequestConfig

from mentorship.access import role_required
from people import selectors
from people.filters import PersonFilter
from people.roles import Role
from people.tables import PartnerTable, PersonTable, UserTable

BANK_KEEPERS = (Role.CURATOR, Role.PRINCIPAL, Role.ADMINISTRATOR)


@role_required(*BANK_KEEPERS)
def person_list(request):
    person_filter = PersonFilter(request.GET, queryset=selectors.people_visible_to(request.user))
    table = PersonTable(person_filter.qs)
    RequestConfig(request).configure(table)
    return render(request, "people/person_list.html", {"filter": person_filter, "table": table})


@role_required(*BANK_KEEPERS)
def person_detail(request, pk):
    person = selectors.person_get_visible(request.user, pk)
    context = {
        "person": person,
        "show_sensitive": selectors.can_see_sensitive_marks(request.user),
        "representatives": selectors.representatives_of(person),
        "represented": selectors.represented_by(person),
    }
    return render(request, "people/person_detail.html", context)


@role_required(*BANK_KEEPERS)
def partner_list(request):
    table = PartnerTable(selectors.partners_visible_to(request.user))
    RequestConfig(request).configure(table)
    return render(request, "people/partner_list.html", {"table": table})


@role_required(Role.ADMINISTRATOR)
def user_list(request):
    table = UserTable(selectors.users_visible_to(request.user))
    RequestConfig(request).configure(table)
    return render(request, "people/user_list.html", {"table": table})
