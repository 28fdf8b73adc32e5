"""Tables of the program and pair lists (sorting and pagination by django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from programs.models import Pair, PairMember, Program

PROGRAM_STATUS_TONES = {
    Program.Status.DRAFT: "secondary",
    Program.Status.APPROVED: "info",
    Program.Status.RUNNING: "success",
    Program.Status.COMPLETED: "dark",
}
PAIR_STATUS_TONES = {
    Pair.Status.FORMING: "warning",
    Pair.Status.APPROVED: "info",
    Pair.Status.ACTIVE: "success",
    Pair.Status.COMPLETED: "dark",
    Pair.Status.TERMINATED: "secondary",
}


def badge(label: str, tone: str, testid: str = ""):
    if testid:
        return format_html('<span class="badge text-bg-{}" data-testid="{}">{}</span>', tone, testid, label)
    return format_html('<span class="badge text-bg-{}">{}</span>', tone, label)


def _people(members: list[PairMember], role: str):
    return format_html_join(
        mark_safe("<br>"),
        '{} <span class="text-muted small">{}</span>',
        ((member.person.full_name, member.person.description) for member in members if member.role == role),
    )


class ProgramTable(tables.Table):
    title = tables.Column("Программа", linkify=True)
    year_start = tables.Column("Учебный год")
    mentoring_forms = tables.Column("Формы", accessor="pk", orderable=False)
    mentoring_type = tables.Column("Вид")
    curator = tables.Column("Куратор", order_by=("curator__last_name", "curator__first_name"), default="—")
    status = tables.Column("Статус")
    pairs_open = tables.Column("Пар работает", attrs={"td": {"data-testid": "pairs-open"}})
    pairs_total = tables.Column("Пар всего")

    class Meta:
        model = Program
        fields = (
            "title",
            "year_start",
            "mentoring_forms",
            "mentoring_type",
            "curator",
            "status",
            "pairs_open",
            "pairs_total",
        )
        empty_text = "Программ не найдено."
        per_page = 25

    def render_year_start(self, record):
        return record.academic_year.label

    def render_mentoring_forms(self, record):
        # forms are prefetched by programs_visible_to: no query per row
        return ", ".join(form.name for form in record.forms.all()) or "—"

    def render_curator(self, value):
        return value.get_full_name() or value.username

    def render_status(self, record):
        return badge(record.get_status_display(), PROGRAM_STATUS_TONES[record.status])


class PairTable(tables.Table):
    number = tables.Column("№", accessor="pk")
    program = tables.Column("Программа", order_by=("program__title",))
    form = tables.Column("Форма", order_by=("form__name",))
    mentors = tables.Column("Наставники", accessor="pk", orderable=False)
    mentees = tables.Column("Наставляемые", accessor="pk", orderable=False)
    starts_on = tables.DateColumn(verbose_name="Начало", format="d.m.Y")
    status = tables.Column("Статус")
    last_meeting_on = tables.Column("Последняя встреча", empty_values=())

    class Meta:
        model = Pair
        fields = ("number", "program", "form", "mentors", "mentees", "starts_on", "status", "last_meeting_on")
        empty_text = "Пар и групп не найдено."
        per_page = 25
        row_attrs = {"data-testid": lambda record: f"pair-row-{record.pk}"}

    def render_number(self, record):
        kind = "группа" if record.is_group else "пара"
        return format_html(
            '<a href="{}">{}</a> <span class="text-muted small">{}</span>', record.get_absolute_url(), record.pk, kind
        )

    def render_program(self, record):
        title = record.program.title
        return format_html(
            '<a href="{}" title="{}">{}</a>', record.program.get_absolute_url(), title, Truncator(title).chars(60)
        )

    def render_form(self, record):
        if record.role_model is None:
            return record.form.name
        return format_html('{}<br><span class="text-muted small">{}</span>', record.form.name, record.role_model.name)

    def render_mentors(self, record):
        # members are prefetched with their people by pairs_visible_to: no query per row
        return _people(list(record.members.all()), PairMember.Role.MENTOR)

    def render_mentees(self, record):
        return _people(list(record.members.all()), PairMember.Role.MENTEE)

    def render_status(self, record):
        status = badge(record.get_status_display(), PAIR_STATUS_TONES[record.status])
        if record.consent_problem and record.status in Pair.OPEN_STATUSES:
            return format_html("{} {}", status, badge("отозвано согласие", "danger", "consent-problem"))
        return status

    def render_last_meeting_on(self, record):
        date = record.last_meeting_on.strftime("%d.%m.%Y") if record.last_meeting_on else "—"
        if record.is_inactive:
            return format_html("{} {}", date, badge("нет активности", "warning", "inactive"))
        return date
