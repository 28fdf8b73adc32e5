"""Forms of the indicators dashboard and the reports: they validate input; the views call a service."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from mentorship.academic_year import AcademicYear
from monitoring.dashboard_services import SWOT_FIELDS, TEXT_MAX
from monitoring.indicators import INDICATORS
from monitoring.models import MentorReport, MonitoringReport, YearEndReport
from people.forms import CrispyFormMixin
from people.models import Person

TEXTAREA = {"rows": 4, "maxlength": TEXT_MAX}


class IndicatorPlansForm(CrispyFormMixin, forms.Form):
    """One plan value per indicator; empty means the value of the methodology (seed 001 §5.1)."""

    def __init__(self, *args, year: AcademicYear, stored: dict[str, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            default = indicator.default_plan(year)
            self.fields[indicator.code] = forms.DecimalField(
                label=indicator.title,
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=4,
                decimal_places=1,
                initial=stored.get(indicator.code),
                help_text=f"Пусто — по методологии: {str(default).replace('.', ',')} %.",
                widget=forms.NumberInput(attrs={"step": "0.1", "placeholder": str(default)}),
            )

    def plan_values(self) -> dict[str, Decimal | None]:
        return {indicator.code: self.cleaned_data.get(indicator.code) for indicator in INDICATORS}


class SnapshotFixForm(forms.Form):
    replace = forms.BooleanField(
        label="Заменить ранее зафиксированные значения текущими", required=False, widget=forms.CheckboxInput
    )


class MentorReportForm(CrispyFormMixin, forms.ModelForm):
    """The criteria of seed 001 §5.3; the year and the quarter only when the report is new."""

    class Meta:
        model = MentorReport
        fields = [
            "year",
            "quarter",
            "project_culture",
            "clubs_attendance",
            "projects_done",
            "contests_activity",
            "comment",
        ]
        widgets = {
            "project_culture": forms.Textarea(attrs=TEXTAREA),
            "clubs_attendance": forms.Textarea(attrs=TEXTAREA),
            "contests_activity": forms.Textarea(attrs=TEXTAREA),
            "comment": forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_MAX}),
        }
        help_texts = {
            "project_culture": "Как выросла проектная культура наставляемых (по итогам проекта).",
            "clubs_attendance": "Творческие кружки, объединения, спортивные секции, внеурочные мероприятия.",
            "projects_done": "Успешно реализованные образовательные и творческие проекты за квартал.",
            "contests_activity": "Научная, спортивная, культурно-массовая, общественная деятельность: "
            "конкурсы, олимпиады, соревнования и их результаты (по портфолио).",
        }

    def __init__(self, *args, new: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.NumberInput(attrs={"min": 2019, "max": 2100})
        if not new:
            del self.fields["year"]
            del self.fields["quarter"]


class MentorReportReviewForm(CrispyFormMixin, forms.Form):
    ACCEPT = "accept"
    RETURN = "return"

    decision = forms.ChoiceField(
        label="Решение",
        choices=[(ACCEPT, "Принять отчёт"), (RETURN, "Вернуть на доработку")],
        widget=forms.RadioSelect,
        initial=ACCEPT,
    )
    comment = forms.CharField(
        label="Замечания куратора",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Обязательны, если отчёт возвращается: что доработать.",
    )


class YearEndReportForm(CrispyFormMixin, forms.ModelForm):
    """A part of the year-end report; the author is chosen when the pair (group) has several candidates."""

    author = forms.ModelChoiceField(label="Автор", queryset=Person.objects.none(), empty_label=None)

    class Meta:
        model = YearEndReport
        fields = ["results", "difficulties", "proposals"]
        widgets = {
            "results": forms.Textarea(attrs=TEXTAREA),
            "difficulties": forms.Textarea(attrs=TEXTAREA),
            "proposals": forms.Textarea(attrs=TEXTAREA),
        }
        help_texts = {
            "results": "Процесс наставничества, прогресс наставляемого, работа наставника.",
        }

    def __init__(self, *args, authors: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = Person.objects.filter(pk__in=[person.pk for person in authors])
        self.fields["author"].label_from_instance = lambda person: person.full_name
        if len(authors) == 1:
            del self.fields["author"]  # nobody to choose: the view knows the author
        else:
            self.order_fields(["author", "results", "difficulties", "proposals"])


class MonitoringReportForm(CrispyFormMixin, forms.ModelForm):
    class Meta:
        model = MonitoringReport
        fields = list(SWOT_FIELDS)
        widgets = {name: forms.Textarea(attrs=TEXTAREA) for name in SWOT_FIELDS}
        help_texts = {
            "strengths": "Что удалось в реализации программ наставничества.",
            "weaknesses": "Что не получилось или получилось хуже плана.",
            "opportunities": "Возможности программы: партнёры, ресурсы, новые формы.",
            "threats": "Угрозы реализации программы.",
            "conclusions": "«Упаковка» программы в лучшую практику или доработка дорожной карты и программы.",
        }
