"""Tables of the people lists (sorting and pagination by django-tables2) and their xlsx exports."""

from collections.abc import Iterator

import django_tables2 as tables
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from mentorship.xlsx import Column
from people.models import MenteeProfile, MentorProfile, PartnerOrganization, Person, User
from people.selectors import ConsentState

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
# The markup of the project-wide bootstrap5-responsive template in one flat template, cheaper to render.
TABLE_TEMPLATE = "django_tables2/lean.html"


def _description(person: Person) -> str:
    """Class or position; the category is a column of its own, so it is not repeated."""
    description = person.description
    return "—" if description == person.get_category_display() else description


def status_badge(label: str, tone: str):
    """The markup of includes/status_badge.html."""
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, label)


# --- Cells rendered in Python: an {% include %} per cell cost more than the rest of a row ----------------

MARK_BADGES = (
    ("is_gifted", "success", "mark-gifted", "одарённый"),
    ("has_disability", "warning", "mark-ovz", "ОВЗ"),
    ("is_at_risk", "danger", "mark-risk", "группа риска"),
)


def marks_badges(person: Person) -> SafeString:
    """The sensitive marks (the tables' cells and people/_marks.html); only where
    people.selectors.can_see_sensitive_marks allows (the views exclude the column for others)."""
    return format_html_join(
        " ",
        '<span class="badge text-bg-{} sensitive-mark" data-testid="{}">{}</span>',
        ((tone, testid, label) for flag, tone, testid, label in MARK_BADGES if getattr(person, flag)),
    )


def consent_badge(state: str, revoked_on=None, valid_until=None, *, short: bool = False) -> SafeString:
    """The consent state badge (the tables' cells and people/_consent_badge.html)."""
    if state == ConsentState.VALID:
        tone, text = "success", "действует" if short else "согласие действует"
    elif state == ConsentState.REVOKED:
        tone, text = "danger", "отозвано" if short else "согласие отозвано"
        text += f" {revoked_on:%d.%m.%Y}" if revoked_on else ""
    elif state == ConsentState.EXPIRED:
        tone, text = "warning", "истёк срок" if short else "истёк срок согласия"
        text += f" {valid_until:%d.%m.%Y}" if valid_until else ""
    else:
        tone, text = "secondary", "нет согласия"
    return format_html('<span class="badge text-bg-{}" data-testid="consent-state">{}</span>', tone, text)


def _consent_cell(record) -> SafeString:
    return consent_badge(record.consent_state, record.consent_revoked_on, record.consent_valid_until, short=True)


def _link(url: str, content) -> SafeString:
    """The cell's content as a link, the markup of django-tables2's ``linkify``."""
    return format_html('<a href="{}">{}</a>', url, content)


class RowUrls:
    """The detail page URL of each row: ``reverse`` once per table, then only the id changes."""

    PLACEHOLDER = "2147483647"

    def __init__(self, viewname: str):
        self.head, self.tail = reverse(viewname, args=[self.PLACEHOLDER]).split(self.PLACEHOLDER)

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


class LeanTable(tables.Table):
    """A people table: django_tables2/lean.html renders it, with the rows of the page joined here."""

    def body_html(self) -> SafeString:
        """The <tr> of the page's rows. Each cell still goes through django-tables2 (render_FOO, choices,
        defaults) and is escaped and localized as ``{{ cell }}`` would be; the <td> attributes are computed
        once per column, as no cell attribute of these tables depends on the record."""
        context = Context()
        columns = [(column.name, column.attrs["td"].as_html()) for column in self.columns]
        rows = []
        for row in self.paginated_rows:
            cells = "".join(
                f"<td {attrs}>{render_value_in_context(row.get_cell(name), context)}</td>" for name, attrs in columns
            )
            rows.append(f"<tr {row.attrs.as_html()}>{cells}</tr>")
        return mark_safe("\n".join(rows))  # every part above is escaped


class DayColumn(tables.Column):
    """A date as «дд.мм.гггг»: django-tables2's DateColumn compiles a template for every cell."""

    def render(self, value):
        return f"{value:%d.%m.%Y}"


def _marks_column():
    return tables.Column("Отметки", accessor="pk", orderable=False, empty_values=())


def _consent_column():
    return tables.Column("Согласие", accessor="consent_state", empty_values=())


class PersonTable(LeanTable):
    full_name = tables.Column("ФИО", order_by=("last_name", "first_name", "middle_name"), accessor="full_name")
    category = tables.Column(verbose_name="Категория")
    description = tables.Column(
        verbose_name="Класс / должность", order_by=("school_class", "position"), accessor="description"
    )
    birth_date = DayColumn(verbose_name="Дата рождения")
    marks = _marks_column()
    consent = _consent_column()

    class Meta:
        model = Person
        template_name = TABLE_TEMPLATE
        fields = ("full_name", "category", "description", "birth_date", "marks", "consent")
        empty_text = "Никого не найдено. Измените условия поиска."
        per_page = 25

    def render_description(self, record):
        return _description(record)

    @cached_property
    def person_url(self) -> RowUrls:
        return RowUrls("people:person-detail")

    def render_full_name(self, value, record):
        if record.is_archived:
            value = format_html('{} <span class="badge text-bg-secondary">в архиве</span>', value)
        return _link(self.person_url(record.pk), value)

    def render_marks(self, record):
        return marks_badges(record)

    def render_consent(self, record):
        return _consent_cell(record)


class PartnerTable(LeanTable):
    name = tables.Column(verbose_name="Наименование", linkify=("people:partner-detail", [tables.A("pk")]))
    inn = tables.Column(verbose_name="ИНН")
    agreement = tables.Column(verbose_name="Договор", accessor="agreement_number", order_by=("agreement_date",))
    people_count = tables.Column(verbose_name="Сотрудников в базе")

    class Meta:
        model = PartnerOrganization
        template_name = TABLE_TEMPLATE
        fields = ("name", "inn", "agreement", "people_count")
        empty_text = "Партнёров пока нет."
        per_page = 25

    def render_agreement(self, record):
        if not record.agreement_number:
            return "—"
        date = record.agreement_date.strftime("%d.%m.%Y") if record.agreement_date else ""
        return format_html("№ {} от {}", record.agreement_number, date)


class UserTable(LeanTable):
    username = tables.Column(verbose_name="Логин")
    full_name = tables.Column(verbose_name="ФИО", accessor="get_full_name", order_by=("last_name", "first_name"))
    roles = tables.Column(verbose_name="Роли", accessor="pk", orderable=False)
    last_login = tables.DateTimeColumn(verbose_name="Последний вход", format="d.m.Y H:i")
    is_active = tables.BooleanColumn(verbose_name="Активен")

    class Meta:
        model = User
        template_name = TABLE_TEMPLATE
        fields = ("username", "full_name", "roles", "last_login", "is_active")
        per_page = 25

    def render_roles(self, record):
        # groups are prefetched by users_visible_to: no query per row
        return ", ".join(sorted(group.name for group in record.groups.all())) or "—"


class BankTable(LeanTable):
    """A bank of mentors or mentees: a row is a profile; the name links to its card, the marks and consent
    are the person's."""

    profile_view = ""
    status_tones: dict = {}

    @cached_property
    def profile_url(self) -> RowUrls:
        return RowUrls(self.profile_view)

    def render_full_name(self, value, record):
        return _link(self.profile_url(record.pk), value)

    def render_marks(self, record):
        return marks_badges(record.person)

    def render_consent(self, record):
        return _consent_cell(record)

    def render_status(self, record):
        return status_badge(record.get_status_display(), self.status_tones[record.status])


class MentorTable(BankTable):
    profile_view = "people:mentor-detail"
    status_tones = MENTOR_STATUS_TONES

    full_name = tables.Column("ФИО", accessor="person__full_name", order_by=PERSON_ORDER)
    description = tables.Column(
        "Класс / должность", accessor="person__description", order_by=("person__school_class", "person__position")
    )
    status = tables.Column("Статус")
    mentoring_forms = tables.Column("Формы", accessor="pk", orderable=False)
    criteria = tables.Column("Критерии", accessor="pk", orderable=False)
    capacity = tables.Column("Макс. наставляемых")
    hours_per_month = tables.Column("Часов в мес.", default="—")
    training_hours = tables.Column("Обучение, ч.", default="—")
    marks = _marks_column()
    consent = _consent_column()

    class Meta:
        model = MentorProfile
        template_name = TABLE_TEMPLATE
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

    def render_mentoring_forms(self, record):
        # forms are prefetched by mentor_list_for: no query per row
        return ", ".join(form.name for form in record.forms.all()) or "—"

    def render_criteria(self, record):
        return f"{record.criteria_met} из {len(MentorProfile.CRITERIA)}"


class MenteeTable(BankTable):
    profile_view = "people:mentee-detail"
    status_tones = MENTEE_STATUS_TONES

    full_name = tables.Column("ФИО", accessor="person__full_name", order_by=PERSON_ORDER)
    description = tables.Column(
        "Класс / должность", accessor="person__description", order_by=("person__school_class", "person__position")
    )
    status = tables.Column("Статус")
    requests = tables.Column("Запросы", accessor="pk", orderable=False)
    full_cycle_completed_on = DayColumn(verbose_name="Полный цикл")
    marks = _marks_column()
    consent = _consent_column()

    class Meta:
        model = MenteeProfile
        template_name = TABLE_TEMPLATE
        fields = ("full_name", "description", "status", "requests", "full_cycle_completed_on", "marks", "consent")
        empty_text = "В банке наставляемых никого не найдено."
        per_page = 25

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


class ConsentMissingTable(LeanTable):
    full_name = tables.Column("ФИО", order_by=("last_name", "first_name", "middle_name"), accessor="full_name")
    category = tables.Column(verbose_name="Категория")
    description = tables.Column(
        verbose_name="Класс / должность", order_by=("school_class", "position"), accessor="description"
    )
    consent = _consent_column()
    banks = tables.Column("В банке", accessor="pk", orderable=False)
    action = tables.Column("", accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = Person
        template_name = TABLE_TEMPLATE
        fields = ("full_name", "category", "description", "consent", "banks", "action")
        empty_text = "У всех, кто подходит под условия, есть действующее согласие."
        per_page = 50

    def render_description(self, record):
        return _description(record)

    @cached_property
    def person_url(self) -> RowUrls:
        return RowUrls("people:person-detail")

    @cached_property
    def consent_create_url(self) -> RowUrls:
        return RowUrls("people:consent-create")

    def render_full_name(self, value, record):
        return _link(self.person_url(record.pk), value)

    def render_consent(self, record):
        return _consent_cell(record)

    def render_action(self, record):
        return format_html(
            '<a class="btn btn-sm btn-outline-primary text-nowrap" href="{}">Внести согласие</a>',
            self.consent_create_url(record.pk),
        )

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
