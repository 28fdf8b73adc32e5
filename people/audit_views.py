"""The access log page (журнал доступа) of the administrator: sign-ins, refusals and downloads, with filters."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from mentorship.access import role_required
from mentorship.filters import BootstrapFilterSet
from people.forms import DateInput
from people.models import AccessEvent, User
from people.roles import Role


def access_events_visible_to(user: User):
    """The access log of the user's organization: lines that name one of its accounts."""
    return AccessEvent.objects.filter(user__organization_id=user.organization_id).select_related("user")


class AccessEventFilter(BootstrapFilterSet):
    kind = django_filters.ChoiceFilter(label="Событие", choices=AccessEvent.Kind.choices, empty_label="Все")
    who = django_filters.CharFilter(label="Пользователь", method="filter_who")
    date_from = django_filters.DateFilter(label="С", field_name="at", lookup_expr="date__gte", widget=DateInput())
    date_to = django_filters.DateFilter(label="По", field_name="at", lookup_expr="date__lte", widget=DateInput())

    class Meta:
        model = AccessEvent
        fields = ["kind", "who", "date_from", "date_to"]

    def filter_who(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(username__icontains=value) | Q(user__last_name__icontains=value) | Q(user__first_name__icontains=value)
        )


class AccessEventTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="Когда", format="d.m.Y H:i:s")
    kind = tables.Column(verbose_name="Событие")
    user = tables.Column(verbose_name="Пользователь", empty_values=())
    ip = tables.Column(verbose_name="IP-адрес")
    path = tables.Column(verbose_name="Страница")
    details = tables.Column(verbose_name="Подробности")

    class Meta:
        model = AccessEvent
        fields = ["at", "kind", "user", "ip", "path", "details"]
        orderable = False
        per_page = 50

    def render_user(self, record):
        name = record.user.get_full_name() if record.user else ""
        return f"{name} ({record.username})" if name else record.username or "—"


@role_required(Role.ADMINISTRATOR)
@require_GET
def access_log(request):
    event_filter = AccessEventFilter(request.GET, queryset=access_events_visible_to(request.user))
    table = AccessEventTable(event_filter.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "people/access_log.html", {"filter": event_filter, "table": table})
