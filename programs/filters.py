"""Filter bars of the program and pair lists."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from mentorship.filters import BootstrapFilterSet
from people.selectors import person_search
from programs.forms import year_choices
from programs.models import MentoringForm, Pair, PairMember, Program

YES_ONLY = forms.Select(choices=[("", "Все"), ("true", "Только они")])


class ProgramFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="Статус", choices=Program.Status.choices, empty_label="Любой")
    year = django_filters.ChoiceFilter(
        label="Учебный год", field_name="year_start", choices=year_choices, empty_label="Любой"
    )

    class Meta:
        model = Program
        fields = ["q", "status", "year"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder="Название программы")


class PairFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label="Участник", method="filter_search")
    status = django_filters.ChoiceFilter(label="Статус", choices=Pair.Status.choices, empty_label="Любой")
    form = django_filters.ModelChoiceFilter(
        label="Форма", queryset=MentoringForm.objects.filter(is_active=True), empty_label="Любая"
    )
    program = django_filters.ModelChoiceFilter(label="Программа", queryset=Program.objects.none(), empty_label="Любая")
    consent = django_filters.BooleanFilter(label="Нет согласия", method="filter_consent", widget=YES_ONLY)
    inactive = django_filters.BooleanFilter(label="Нет активности", method="filter_inactive", widget=YES_ONLY)

    class Meta:
        model = Pair
        fields = ["q", "status", "form", "program", "consent", "inactive"]

    def __init__(self, data=None, *args, programs=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder="Фамилия, имя или отчество")
        if programs is None:
            del self.filters["program"]
            del self.form.fields["program"]
        else:
            self.filters["program"].queryset = programs
            self.form.fields["program"].queryset = programs

    def filter_search(self, queryset, name, value):
        members = person_search(PairMember.objects.filter(pair=OuterRef("pk")), value, person_path="person__")
        return queryset.filter(Exists(members))

    def filter_consent(self, queryset, name, value):
        return queryset.filter(consent_problem=value)

    def filter_inactive(self, queryset, name, value):
        return queryset.filter(is_inactive=value)
