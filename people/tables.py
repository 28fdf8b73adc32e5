"""Tables of the people lists (sorting and pagination by django-tables2) and their xlsx exports."""

from collections.abc import Iterator

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from mentorship.xlsx import Column
from people.models import MenteeProfile, MentorProfile, PartnerOrganization, Person, User
from people.selectors import ConsentState

CONSENT_BADGE = (
    '{% include "people/_consent_badge.html" with state=record.consent_state '
    "revoked_on=record.consent_revoked_on valid_until=record.consent_valid_until short=True %}"
)
MENTOR_STATUS_TONES = {
    MentorProfile.Status.CANDIDATE: "secondary",
    MentorProfile.Status.APPROVED: "info",
    MentorProfile.Status.TRAINED: "primary",
    MentorProfile.Status.ACTIVE: "success",
    MentorProfile.Status.RESERVE: "warning",
    MentorProfile.Status.LEFT: "dark",
}
MENTEE_STATUS_TONES = {
    MenteeProfile.Status.WAITING: "warning",
    MenteeProfile.Status.PAIRED: "info",
    MenteeProfile.Status.COMPLETED: "success",
    MenteeProfile.Status.LEFT: "dark",
}
PERSON_ORDER = ("person__last_name", "person__first_name", "person__middle_name")


def _description(person: Person) -> str:
    """Class or position; the category is a column of its own, so it is not repeated."""
    description = person.description
    return "—" if description == person.get_category_display() else description


def _status_badge(label: str, tone: str):
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, label)


class PersonTable(tables.Table):
    full_name = tables.Column(
        "ФИО", linkify=True, order_by=("last_name", "first_name", "middle_name"), accessor="full_name"
    )
    category = tables.Column(verbose_name="Категория")
    description = tables.Column(
        verbose_name="Класс / должность", order_by=("school_class", "position"), accessor="description"
    )
    birth_date = tables.DateColumn(verbose_name="Дата рождения", format="d.m.Y")
    marks = tables.TemplateColumn(
        '{% include "people/_marks.html" with person=record %}', verbose_name="Отметки", orderable=False
    )
    consent = tables.TemplateColumn(CONSENT_BADGE, verbose_name="Согласие", accessor="consent_state")

    class Meta:
        model = Person
        fields = ("full_name", "category", "description", "birth_date", "marks", "consent")
        empty_text = "Никого не найдено. Измените условия поиска."
        per_page = 25

    def render_description(self, record):
        return _description(record)

    def render_full_name(self, value, record):
        if record.is_archived:
            return format_html('{} <span class="badge text-bg-secondary">в архиве</span>', value)
        return value


class PartnerTable(tables.Table):
    name = tables.Column(verbose_name="Наименование", linkify=("people:partner-detail", [tables.A("pk")]))
    inn = tables.Column(verbose_name="ИНН")
    agreement = tables.Column(verbose_name="Договор", accessor="agreement_number", order_by=("agreement_date",))
    people_count = tables.Column(verbose_name="Сотрудников в базе")

    class Meta:
        model = PartnerOrganization
        fields = ("name", "inn", "agreement", "people_count")
        empty_text = "Партнёров пока нет."
        per_page = 25

    def render_agreement(self, record):
        if not record.agreement_number:
            return "—"
        date = record.agreement_date.strftime("%d.%m.%Y") if record.agreement_date else ""
        return format_html("№ {} от {}", record.agreement_number, date)


class UserTable(tables.Table):
    username = tables.Column(verbose_name="Логин")
    full_name = tables.Column(verbose_name="ФИО", accessor="get_full_name", order_by=("last_name", "first_name"))
    roles = tables.Column(verbose_name="Роли", accessor="pk", orderable=False)
    last_login = tables.DateTimeColumn(verbose_name="Последний вход", format="d.m.Y H:i")
    is_active = tables.BooleanColumn(verbose_name="Активен")

    class Meta:
        model = User
        fields = ("username", "full_name", "roles", "last_login", "is_active")
        per_page = 25

    def render_roles(self, record):
        # groups are prefetched by users_visible_to: no query per row
        return ", ".join(sorted(group.name for group in record.groups.all())) or "—"


class MentorTable(tables.Table):
    full_name = tables.Column("ФИО", linkify=True, accessor="person__full_name", order_by=PERSON_ORDER)
    description = tables.Column(
        "Класс / должность", accessor="person__description", order_by=("person__school_class", "person__position")
    )
    status = tables.Column("Статус")
    mentoring_forms = tables.Column("Формы", accessor="pk", orderable=False)
    criteria = tables.Column("Критерии", accessor="pk", orderable=False)
    capacity = tables.Column("Макс. наставляемых")
    hours_per_month = tables.Column("Часов в мес.", default="—")
    training_hours = tables.Column("Обучение, ч.", default="—")
    marks = tables.TemplateColumn(
        '{% include "people/_marks.html" with person=record.person %}', verbose_name="Отметки", orderable=False
    )
    consent = tables.TemplateColumn(CONSENT_BADGE, verbose_name="Согласие", accessor="consent_state")

    class Meta:
        model = MentorProfile
        fields = (
            "full_name",
            "description",
            "status",
            "mentoring_forms",
            "criteria",
            "capacity",
            "hours_per_month",
            "training_hours",
            "marks",
            "consent",
        )
        empty_text = "В банке наставников никого не найдено."
        per_page = 25

    def render_status(self, record):
        return _status_badge(record.get_status_display(), MENTOR_STATUS_TONES[record.status])

    def render_mentoring_forms(self, record):
        # forms are prefetched by mentor_list_for: no query per row
        return ", ".join(form.name for form in record.forms.all()) or "—"

    def render_criteria(self, record):
        return f"{record.criteria_met} из {len(MentorProfile.CRITERIA)}"


class MenteeTable(tables.Table):
    full_name = tables.Column("ФИО", linkify=True, accessor="person__full_name", order_by=PERSON_ORDER)
    description = tables.Column(
        "Класс / должность", accessor="person__description", order_by=("person__school_class", "person__position")
    )
    status = tables.Column("Статус")
    requests = tables.Column("Запросы", accessor="pk", orderable=False)
    full_cycle_completed_on = tables.DateColumn(verbose_name="Полный цикл", format="d.m.Y")
    marks = tables.TemplateColumn(
        '{% include "people/_marks.html" with person=record.person %}', verbose_name="Отметки", orderable=False
    )
    consent = tables.TemplateColumn(CONSENT_BADGE, verbose_name="Согласие", accessor="consent_state")

    class Meta:
        model = MenteeProfile
        fields = ("full_name", "description", "status", "requests", "full_cycle_completed_on", "marks", "consent")
        empty_text = "В банке наставляемых никого не найдено."
        per_page = 25

    def render_status(self, record):
        return _status_badge(record.get_status_display(), MENTEE_STATUS_TONES[record.status])

    def render_requests(self, record):
        # requests are prefetched by mentee_list_for, newest first
        requests = list(record.requests.all())
        if not requests:
            return "—"
        latest = requests[0]
        tags = format_html_join(" ", '<span class="badge text-bg-light border">{}</span>', ((t,) for t in latest.tags))
        more = f" и ещё {len(requests) - 1}" if len(requests) > 1 else ""
        return format_html(
            '{} <span class="text-muted small">({}{})</span> {}',
            _shorten(latest.text),
            latest.get_source_display(),
            more,
            tags,
        )


class ConsentMissingTable(tables.Table):
    full_name = tables.Column(
        "ФИО", linkify=True, order_by=("last_name", "first_name", "middle_name"), accessor="full_name"
    )
    category = tables.Column(verbose_name="Категория")
    description = tables.Column(
        verbose_name="Класс / должность", order_by=("school_class", "position"), accessor="description"
    )
    consent = tables.TemplateColumn(CONSENT_BADGE, verbose_name="Согласие", accessor="consent_state")
    banks = tables.Column("В банке", accessor="pk", orderable=False)
    action = tables.TemplateColumn(
        '<a class="btn btn-sm btn-outline-primary text-nowrap" href="{% url \'people:consent-create\' record.pk %}">'
        "Внести согласие</a>",
        verbose_name="",
        orderable=False,
    )

    class Meta:
        model = Person
        fields = ("full_name", "category", "description", "consent", "banks", "action")
        empty_text = "У всех, кто подходит под условия, есть действующее согласие."
        per_page = 50

    def render_description(self, record):
        return _description(record)

    def render_banks(self, record):
        banks = []
        if record.in_mentor_bank:
            banks.append("наставников")
        if record.in_mentee_bank:
            banks.append("наставляемых")
        return ", ".join(banks) or "—"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- xlsx exports ---------------------------------------------------------------------------------

MARK_COLUMNS = [Column("Одарённый", 12), Column("ОВЗ", 8), Column("Группа риска", 14)]


def _marks(person: Person) -> list[bool]:
    return [person.is_gifted, person.has_disability, person.is_at_risk]


def _consent_label(record) -> str:
    return ConsentState(record.consent_state).label


def person_export(people, *, show_sensitive: bool) -> tuple[list[Column], Iterator[list]]:
    """Columns and rows of the people list; the marks only for those who may see them."""
    columns = [
        Column("ФИО", 36),
        Column("Категория", 24),
        Column("Класс / группа", 10),
        Column("Должность", 28),
        Column("Дата рождения", 14),
        Column("Телефон", 18),
        Column("E-mail", 26),
        Column("Организация-партнёр", 30),
        Column("Согласие", 14),
        Column("В архиве", 10),
    ]
    if show_sensitive:
        columns += MARK_COLUMNS

    def rows():
        for person in people:
            row = [
                person.full_name,
                person.get_category_display(),
                person.school_class,
                person.position,
                person.birth_date,
                person.phone,
                person.email,
                person.partner.name if person.partner else "",
                _consent_label(person),
                person.is_archived,
            ]
            yield row + _marks(person) if show_sensitive else row

    return columns, rows()


def mentor_export(profiles, *, show_sensitive: bool) -> tuple[list[Column], Iterator[list]]:
    """«Реестр наставников»: one row per mentor of the filtered bank."""
    columns = [
        Column("ФИО", 36),
        Column("Категория", 24),
        Column("Класс / должность", 28),
        Column("Организация-партнёр", 30),
        Column("Статус", 16),
        Column("Дата одобрения", 14),
        Column("Основание одобрения", 40),
        Column("Формы наставничества", 40),
        Column("Компетенции", 40),
        Column("Интересы", 30),
        Column("Часов в месяц", 10),
        Column("Наставляемых, не более", 12),
        Column("Критериев отбора (из 6)", 12),
        Column("Обучение, часов", 10),
        Column("Согласие", 14),
        Column("Телефон", 18),
        Column("E-mail", 26),
    ]
    if show_sensitive:
        columns += MARK_COLUMNS

    def rows():
        for profile in profiles:
            person = profile.person
            row = [
                person.full_name,
                person.get_category_display(),
                person.description,
                person.partner.name if person.partner else "",
                profile.get_status_display(),
                profile.approved_on,
                profile.approval_basis,
                [form.name for form in profile.forms.all()],
                profile.competencies,
                profile.interests,
                profile.hours_per_month,
                profile.capacity,
                profile.criteria_met,
                profile.training_hours or 0,
                _consent_label(profile),
                person.phone,
                person.email,
            ]
            yield row + _marks(person) if show_sensitive else row

    return columns, rows()


def mentee_export(profiles, *, show_sensitive: bool) -> tuple[list[Column], Iterator[list]]:
    """«Реестр наставляемых»: one row per mentee with his requests joined."""
    columns = [
        Column("ФИО", 36),
        Column("Категория", 20),
        Column("Класс / должность", 24),
        Column("Статус", 18),
        Column("Запросы", 60),
        Column("Источники запросов", 30),
        Column("Темы", 30),
        Column("Внесён в банк", 14),
        Column("Прошёл полный цикл программы", 16),
        Column("Согласие", 14),
    ]
    if show_sensitive:
        columns += MARK_COLUMNS

    def rows():
        for profile in profiles:
            person = profile.person
            requests = list(profile.requests.all())
            row = [
                person.full_name,
                person.get_category_display(),
                person.description,
                profile.get_status_display(),
                "; ".join(request.text for request in requests),
                sorted({request.get_source_display() for request in requests}),
                sorted({tag for request in requests for tag in request.tags}),
                timezone.localtime(profile.created_at).date(),
                profile.full_cycle_completed_on,
                _consent_label(profile),
            ]
            yield row + _marks(person) if show_sensitive else row

    return columns, rows()
