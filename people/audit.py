"""The audit trail (журнал изменений) and the access log (журнал доступа).

Changes are recorded by django-pghistory: database triggers on the tracked models (``@pghistory.track()``
in the models modules) write a row to an event table for every insert, update and delete, bulk writes
and imports included. Who, from where and which page come from the context: the request's
(``mentorship.middleware.AuditContextMiddleware``) or one a task or command opens with
``audit_context``. The event tables and the access log refuse UPDATE and DELETE in the database;
``erase_person_history`` is the one lawful exception (the 152-ФЗ duty to destroy a person's data).

This module reads the trail for the record pages (``person_history``, ``pair_history``,
``order_history``) and for the act of destruction (``person_log_extract``), and writes the access log.
"""

import datetime as dt
import functools
from dataclasses import dataclass, field

import pghistory
import pgtrigger
from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models, transaction
from django.db.models import BigIntegerField, OuterRef, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Concat, Trim
from django.dispatch import receiver
from django.utils import timezone
from pghistory.models import Events

from mentorship import access, datacache
from people.models import (
    AccessEvent,
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    Person,
    User,
)
from people.roles import Role

# Who may read the history of a record: the issue names the curator and the administrator.
HISTORY_READERS = (Role.CURATOR, Role.ADMINISTRATOR)
# A record page shows this many latest events; the act of destruction takes them all.
HISTORY_PAGE_LIMIT = 200

SOURCE_LABELS = {"import": "импорт", "command": "команда", "task": "фоновая задача"}
ACTION_LABELS = {"insert": "создание", "update": "изменение", "delete": "удаление"}

# --- Context: who and from where ------------------------------------------------------------------


def audit_context(*, user: User | None = None, source: str, **extra):
    """Open (or extend) the audit context for writes outside a request: a task, an import, a command.

    Inside a request it adds to the request's context, so the address and page stay recorded.
    """
    metadata = {"source": source, **extra}
    if user is not None:
        metadata["user"] = user.pk
    return pghistory.context(**metadata)


def command_context(name: str):
    """The audit context of a management command: every change it writes is marked with its name."""
    return audit_context(source="command", command=name)


# --- The access log -------------------------------------------------------------------------------


def access_event_record(
    *, kind: str, request=None, user: User | None = None, username: str = "", details: str = ""
) -> AccessEvent:
    """Append a line to the access log: the user, the address and the page of the request."""
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.username if user else ""))[:150],
        ip=access.client_ip(request) if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
        details=details[:500],
    )


@receiver(user_logged_in, dispatch_uid="people.audit.login")
def _record_login(sender, request, user, **kwargs):
    access_event_record(kind=AccessEvent.Kind.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="people.audit.logout")
def _record_logout(sender, request, user, **kwargs):
    access_event_record(kind=AccessEvent.Kind.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="people.audit.login_failed")
def _record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    # The account is named when it exists, so the administrator of its organization sees the attempt.
    user = User.objects.filter(username=username).first() if username else None
    access_event_record(
        kind=AccessEvent.Kind.LOGIN_FAILED, request=request, user=user, username=username, details="неверный пароль"
    )


# --- Reading the trail ----------------------------------------------------------------------------


@dataclass
class HistoryChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One event of the trail as the page shows it."""

    at: dt.datetime
    action: str
    subject: str
    who: str
    ip: str
    url: str
    changes: list[HistoryChange] = field(default_factory=list)

    def as_act_row(self) -> dict:
        """The entry as a row of the act of destruction (Russian column names)."""
        if self.action == "удаление":
            what = "запись удалена"
        else:
            what = "; ".join(
                f"{change.label}: {change.new}"
                if self.action == "создание"
                else f"{change.label}: {change.old} → {change.new}"
                for change in self.changes
            )
        return {
            "когда": timezone.localtime(self.at).strftime("%d.%m.%Y %H:%M:%S"),
            "кто": self.who,
            "откуда": self.ip or "—",
            "действие": self.action,
            "запись": self.subject,
            "что изменено": what or "—",
        }


def _event_model(tracked):
    return tracked.pgh_event_models["insert"]


def _events(event_models, references) -> models.QuerySet:
    """The events of ``event_models`` that point at ``references``, with the name of the user who wrote each."""
    user_login = User.objects.filter(pk=OuterRef("context_user")).values("username")[:1]
    user_full_name = (
        User.objects.filter(pk=OuterRef("context_user"))
        .annotate(name=Trim(Concat("last_name", Value(" "), "first_name")))
        .values("name")[:1]
    )
    return (
        Events.objects.across(*event_models)
        .references(references)
        .annotate(context_user=Cast(KT("pgh_context__user"), BigIntegerField()))
        .annotate(user_full_name=Subquery(user_full_name), user_login=Subquery(user_login))
        .order_by("-pgh_created_at", "-pgh_id")
    )


def _display(model_field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(model_field, models.FileField):
        return "файл"  # a consent scan is never shown here, not even its name
    if model_field.is_relation:
        return f"№ {value}"
    choices = dict(model_field.flatchoices) if model_field.choices else None
    if choices:
        return str(choices.get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "да" if value else "нет"
    if isinstance(model_field, models.DateTimeField):
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%d.%m.%Y %H:%M")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(model_field, models.DateField):
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@functools.cache
def _shown_fields(tracked) -> dict[str, models.Field]:
    """The tracked model's fields by column, without its key, automatic timestamps and generated columns
    (such as the person's search key, which only repeats the name)."""
    return {
        model_field.column: model_field
        for model_field in tracked._meta.concrete_fields
        if not model_field.primary_key
        and not isinstance(model_field, models.GeneratedField)
        and not getattr(model_field, "auto_now", False)
        and not getattr(model_field, "auto_now_add", False)
    }


def _who(event) -> str:
    context = event.pgh_context or {}
    source = context.get("source")
    name = event.user_full_name or event.user_login
    if context.get("user") and not name:
        name = f"пользователь № {context['user']}"
    if source:
        label = SOURCE_LABELS.get(source, source)
        if source == "command" and context.get("command"):
            label = f"команда {context['command']}"
        return f"{name} ({label})" if name else label
    if not name and context.get("url"):
        return "без входа (по ссылке)"  # a questionnaire filled in through its personal link
    return name or "система"


# The marks and a consent's health data: only for those who may see them (people.selectors.can_see_sensitive_marks).
SENSITIVE_COLUMNS = frozenset({"is_gifted", "has_disability", "is_at_risk", "covers_health_data", "data_list"})


def _entry(event, *, hidden=frozenset()) -> HistoryEntry:
    tracked = apps.get_model(event.pgh_obj_model)
    fields = _shown_fields(tracked)
    action = ACTION_LABELS.get(event.pgh_label, event.pgh_label)
    changes = []
    if event.pgh_label == "update":
        for column, (old, new) in sorted((event.pgh_diff or {}).items()):
            if column in fields and column not in hidden:
                model_field = fields[column]
                changes.append(
                    HistoryChange(str(model_field.verbose_name), _display(model_field, old), _display(model_field, new))
                )
    elif event.pgh_label == "insert":
        for column, model_field in fields.items():
            value = (event.pgh_data or {}).get(column)
            if value not in (None, "", []) and column not in hidden:
                changes.append(HistoryChange(str(model_field.verbose_name), "—", _display(model_field, value)))
    context = event.pgh_context or {}
    return HistoryEntry(
        at=event.pgh_created_at,
        action=action,
        subject=f"{str(tracked._meta.verbose_name).capitalize()} № {event.pgh_obj_id}",
        who=_who(event),
        ip=context.get("ip") or "",
        url=context.get("url") or "",
        changes=changes,
    )


def _keyed_entries(*querysets, limit: int | None, hidden=frozenset()) -> list[tuple[tuple, HistoryEntry]]:
    """The newest ``limit`` events of the querysets, newest first, each with its place in the trail."""
    events = [event for queryset in querysets for event in (queryset[:limit] if limit else queryset)]
    events.sort(key=lambda event: (event.pgh_created_at, event.pgh_id), reverse=True)
    return [((event.pgh_created_at, event.pgh_id), _entry(event, hidden=hidden)) for event in events[:limit]]


def _merge(*querysets, limit: int | None, hidden=frozenset()) -> list[HistoryEntry]:
    return [entry for _, entry in _keyed_entries(*querysets, limit=limit, hidden=hidden)]


_PERSON_EVENT_MODELS = (Person, Consent, LegalRepresentative, MentorProfile, MenteeProfile)


def person_history(
    person: Person, *, limit: int | None = HISTORY_PAGE_LIMIT, show_sensitive: bool = True
) -> list[HistoryEntry]:
    """The person's trail: the record, consents, representatives, bank records, requests, pair memberships.

    One query, and a second for the mentee's requests when the person is in the mentee bank.
    """
    hidden = frozenset() if show_sensitive else SENSITIVE_COLUMNS
    querysets = [_person_record_events(person)]
    mentee_profile = getattr(person, "mentee_profile", None)  # no query when the page selected it
    if mentee_profile is not None:
        querysets.append(_events([_event_model(MenteeRequest)], mentee_profile))
    return _merge(*querysets, limit=limit, hidden=hidden)


def _person_record_events(person: Person) -> models.QuerySet:
    from programs.models import PairMember

    return _events([_event_model(model) for model in (*_PERSON_EVENT_MODELS, PairMember)], person)


def person_history_for_page(person: Person, *, show_sensitive: bool) -> list[HistoryEntry]:
    """``person_history`` for the person's page, its records' part computed once per version of the school's
    data (mentorship.datacache: triggers on people, consents, representatives, bank records and pair members).

    The mentee's requests are read afresh, as no trigger follows their table. The names of the users who made
    the changes are those of the moment the part was computed (users' accounts are not followed either).
    """
    hidden = frozenset() if show_sensitive else SENSITIVE_COLUMNS
    records = datacache.cached(
        "person-history",
        [person.organization_id],
        lambda: _keyed_entries(_person_record_events(person), limit=HISTORY_PAGE_LIMIT, hidden=hidden),
        person.pk,
        show_sensitive,
    )
    mentee_profile = getattr(person, "mentee_profile", None)  # no query when the page selected it
    if mentee_profile is None:
        return [entry for _, entry in records]
    requests = _keyed_entries(
        _events([_event_model(MenteeRequest)], mentee_profile), limit=HISTORY_PAGE_LIMIT, hidden=hidden
    )
    merged = sorted(records + requests, key=lambda keyed: keyed[0], reverse=True)
    return [entry for _, entry in merged[:HISTORY_PAGE_LIMIT]]


def pair_history(pair, *, goals=(), limit: int | None = HISTORY_PAGE_LIMIT) -> list[HistoryEntry]:
    """The pair's trail: the pair, its members, meetings, plan goals, reports and questionnaire answers;
    the tasks of ``goals`` (the plan the page already holds) in a second query."""
    from monitoring.models import MentorReport, Response
    from programs.models import Meeting, Pair, PairMember, PlanGoal, PlanTask

    tracked = [_event_model(model) for model in (Pair, PairMember, Meeting, PlanGoal, MentorReport, Response)]
    querysets = [_events(tracked, pair)]
    goals = list(goals)
    if goals:
        querysets.append(_events([_event_model(PlanTask)], goals))
    return _merge(*querysets, limit=limit)


def order_history(order, *, limit: int | None = HISTORY_PAGE_LIMIT) -> list[HistoryEntry]:
    """The order's trail: its own events (drafting, editing, signing), one query."""
    from programs.models import Order

    return _merge(_events([_event_model(Order)], order), limit=limit)


def can_read_history(user) -> bool:
    return user.is_authenticated and user.has_role(*HISTORY_READERS)


def person_log_extract(person: Person) -> list[dict]:
    """The whole trail of a person as rows for the act of destruction, oldest first:
    «когда», «кто», «откуда», «действие», «запись», «что изменено»."""
    return [entry.as_act_row() for entry in reversed(person_history(person, limit=None))]


# --- The one lawful exception to append-only ------------------------------------------------------


def _append_only_triggers() -> list[str]:
    from monitoring.models import Answer, Response
    from programs.models import PairMember, PlanGoal, PlanTask

    tracked = (*_PERSON_EVENT_MODELS, MenteeRequest, PairMember, PlanGoal, PlanTask, Response, Answer)
    return [f"{_event_model(model)._meta.label}:append_only" for model in tracked]


def erase_person_history(person_ids) -> int:
    """Delete the history rows of these persons and of their consents, representatives' links,
    bank records, requests, pair memberships, development plans and questionnaire responses; returns
    how many rows went.

    This is the ONLY code allowed to remove history: the 152-ФЗ duty to destroy personal data once
    its purpose is reached overrides the append-only trail. Call it from the purge that destroys the
    persons themselves (after taking ``person_log_extract`` for the act), never from anywhere else.
    """
    from monitoring.models import Answer, Response
    from programs.models import PairMember, PlanGoal, PlanTask

    person_ids = [int(person_id) for person_id in person_ids]
    if not person_ids:
        return 0
    person_event = _event_model(Person)
    mentee_profile_event = _event_model(MenteeProfile)
    deleted = 0
    with transaction.atomic(), pgtrigger.ignore(*_append_only_triggers()):
        profile_ids = set(
            mentee_profile_event.objects.filter(person_id__in=person_ids).values_list("pgh_obj_id", flat=True)
        ) | set(MenteeProfile.objects.filter(person_id__in=person_ids).values_list("pk", flat=True))
        doomed = [
            person_event.objects.filter(pgh_obj_id__in=person_ids),
            _event_model(Consent).objects.filter(person_id__in=person_ids),
            _event_model(LegalRepresentative).objects.filter(
                models.Q(minor_id__in=person_ids) | models.Q(representative_id__in=person_ids)
            ),
            _event_model(MentorProfile).objects.filter(person_id__in=person_ids),
            mentee_profile_event.objects.filter(person_id__in=person_ids),
            _event_model(MenteeRequest).objects.filter(profile_id__in=profile_ids),
            _event_model(PairMember).objects.filter(person_id__in=person_ids),
        ]
        # The development plan and the questionnaire answers are about the person too (titles, free text).
        goal_event = _event_model(PlanGoal)
        goal_ids = set(goal_event.objects.filter(mentee_id__in=person_ids).values_list("pgh_obj_id", flat=True))
        goal_ids |= set(PlanGoal.objects.filter(mentee_id__in=person_ids).values_list("pk", flat=True))
        response_event = _event_model(Response)
        response_ids = set(
            response_event.objects.filter(respondent_id__in=person_ids).values_list("pgh_obj_id", flat=True)
        ) | set(Response.objects.filter(respondent_id__in=person_ids).values_list("pk", flat=True))
        doomed += [
            goal_event.objects.filter(pgh_obj_id__in=goal_ids),
            _event_model(PlanTask).objects.filter(goal_id__in=goal_ids),
            response_event.objects.filter(pgh_obj_id__in=response_ids),
            _event_model(Answer).objects.filter(response_id__in=response_ids),
        ]
        for queryset in doomed:
            deleted += queryset.delete()[0]
    return deleted
