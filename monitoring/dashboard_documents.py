"""The annual monitoring report and the statistical form as files: PDF (mentorship.pdf) and xlsx.

The xlsx cells go through mentorship.xlsx (text made formula-safe, dates kept as dates); the annual
report has a sheet per section, so it assembles the workbook itself with the same helpers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mentorship.pdf import render_pdf
from mentorship.xlsx import Column, cell_value, safe_text
from monitoring.dashboard_selectors import AnnualReport, StatisticalForm

MONITORING_REPORT_TEMPLATE = "documents/monitoring_report.html"
SWOT_LABELS = (
    ("strengths", "Сильные стороны"),
    ("weaknesses", "Слабые стороны"),
    ("opportunities", "Возможности"),
    ("threats", "Угрозы"),
    ("conclusions", "Выводы"),
)


def _number(value):
    """Decimals become numbers in the cell (not text); None stays empty."""
    return float(value) if isinstance(value, Decimal) else value


def _sheet(workbook: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence]) -> None:
    """A sheet like mentorship.xlsx.workbook_build draws it: bold frozen header, safe cells."""
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=safe_text(column.header))
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, row in enumerate(rows, start=2):
        for index, raw in enumerate(row, start=1):
            value = cell_value(_number(raw))
            cell = sheet.cell(row=row_number, column=index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"


def annual_report_context(report: AnnualReport) -> dict:
    return {
        "report": report,
        "organization": report.organization,
        "document_title": report.title,
        "swot": [(label, getattr(report.swot, name)) for name, label in SWOT_LABELS],
    }


def annual_report_pdf(report: AnnualReport) -> bytes:
    return render_pdf(MONITORING_REPORT_TEMPLATE, annual_report_context(report))


def annual_report_filename(report: AnnualReport, extension: str) -> str:
    return f"Отчёт о мониторинге {report.year.label.replace('/', '-')}.{extension}"


def annual_report_xlsx(report: AnnualReport) -> bytes:
    """Sheets: indicators, participants by form, impact, process, SWOT."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    fixed = (
        f"зафиксированы {timezone.localtime(report.snapshot.fixed_at):%d.%m.%Y}"
        if report.snapshot
        else f"по данным на {report.as_of:%d.%m.%Y}"
    )
    _sheet(
        workbook,
        "Показатели",
        [
            Column("Показатель", 70),
            Column("План, %", 10),
            Column("Факт, %", 10),
            Column("Отклонение", 12),
            Column("Числитель", 12),
            Column("Знаменатель", 13),
            Column("Источник", 24),
        ],
        [
            (figure.title, figure.plan, figure.fact, figure.deviation, figure.numerator, figure.denominator, fixed)
            for figure in report.shown_figures
        ],
    )
    participants = report.participants
    _sheet(
        workbook,
        "Участники по формам",
        [
            Column("Форма наставничества", 40),
            Column("Пар и групп", 12),
            Column("Наставников", 13),
            Column("Наставляемых", 14),
        ],
        [
            *((row.form, row.pairs, row.mentors, row.mentees) for row in participants.rows),
            (participants.total.form, participants.total.pairs, participants.total.mentors, participants.total.mentees),
        ],
    )
    _sheet(
        workbook,
        "Влияние (вход и выход)",
        [
            Column("Направление", 24),
            Column("Входное анкетирование", 14),
            Column("Ответили (вход)", 14),
            Column("Итоговое анкетирование", 14),
            Column("Ответили (выход)", 14),
            Column("Изменение", 12),
        ],
        [
            (area.label, area.entry, area.entry_respondents, area.final, area.final_respondents, area.change)
            for area in report.impact
        ],
    )
    process = report.process
    _sheet(
        workbook,
        "Процесс",
        [Column("Показатель процесса", 60), Column("Значение", 12)],
        [
            ("Пар и групп, учитываемых в учебном году", process.pairs),
            ("из них завершили работу", process.pairs_completed),
            ("Пар, прекращённых досрочно", process.pairs_terminated),
            ("Проведено встреч", process.meetings),
            ("Ежеквартальных отчётов наставников подано", process.reports_total),
            ("из них принято куратором", process.reports_accepted),
            ("Реализовано проектов (по принятым отчётам)", process.projects_done),
        ],
    )
    _sheet(
        workbook,
        "SWOT",
        [Column("Раздел", 22), Column("Текст", 100)],
        [(label, getattr(report.swot, name)) for name, label in SWOT_LABELS],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


STATISTICAL_COLUMNS = [
    Column("Категория участников", 36),
    Column("Наставники", 13),
    Column("Наставляемые", 14),
    Column("Всего участников (без повторов)", 18),
]


def statistical_form_rows(form: StatisticalForm) -> list[tuple]:
    return [
        *((row.label, row.mentors, row.mentees, row.people) for row in form.rows),
        (form.total.label, form.total.mentors, form.total.mentees, form.total.people),
    ]
