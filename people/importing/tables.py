"""The table of the import history."""

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from people.models import RosterImport
from people.tables import TABLE_TEMPLATE, LeanTable, status_badge

STATUS_TONES = {
    RosterImport.Status.PENDING: "secondary",
    RosterImport.Status.PREVIEW: "info",
    RosterImport.Status.INVALID: "danger",
    RosterImport.Status.RUNNING: "warning",
    RosterImport.Status.DONE: "success",
    RosterImport.Status.FAILED: "danger",
    RosterImport.Status.CANCELLED: "secondary",
}


class RosterImportTable(LeanTable):
    """The import history; its query annotates ``error_total`` (people.import_views.import_list)."""

    created_at = tables.Column(verbose_name="Загружен")
    original_name = tables.Column(verbose_name="Файл", linkify=True)
    kind = tables.Column(verbose_name="Что загружали")
    uploaded_by = tables.Column(verbose_name="Кто", accessor="uploaded_by", order_by=("uploaded_by__last_name",))
    status = tables.Column(verbose_name="Состояние")
    counts = tables.Column(verbose_name="Создано / обновлено / без изменений", accessor="pk", orderable=False)
    error_count = tables.Column(verbose_name="Ошибок", accessor="pk", orderable=False)

    class Meta:
        model = RosterImport
        template_name = TABLE_TEMPLATE
        fields = ("created_at", "original_name", "kind", "uploaded_by", "status", "counts", "error_count")
        empty_text = "Списков ещё не загружали."
        per_page = 25
        attrs = {"class": "table table-sm table-hover align-middle", "data-testid": "import-table"}

    def render_created_at(self, value):
        return f"{timezone.localtime(value):%d.%m.%Y %H:%M}"

    def render_uploaded_by(self, value):
        return value.get_full_name() or value.username

    def render_status(self, record):
        badge = status_badge(record.get_status_display(), STATUS_TONES.get(record.status, "secondary"))
        if record.status != RosterImport.Status.FAILED:
            # A run left «загружается» by a stopped process is told on its page: that takes a lock check per row.
            return badge
        return format_html(
            '{} <a class="small ms-1" href="{}#retry" data-testid="retry-link">Повторить…</a>',
            badge,
            record.get_absolute_url(),
        )

    def render_counts(self, record):
        if record.status not in (RosterImport.Status.DONE, RosterImport.Status.PREVIEW):
            return "—"
        return f"{record.created_count} / {record.updated_count} / {record.unchanged_count}"

    def render_error_count(self, record):
        return record.error_total or "—"
