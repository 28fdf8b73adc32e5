"""Filter bars of the people lists."""

import django_filters
from django import forms

from mentorship.filters import BootstrapFilterSet
from people.models import Person
from people.selectors import person_search


class PersonFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    category = django_filters.ChoiceFilter(label="Категория", choices=Person.Category.choices, empty_label="Все")
    school_class = django_filters.CharFilter(label="Класс", method="filter_class")
    archived = django_filters.BooleanFilter(
        label="Архив",
        method="filter_archived",
        widget=forms.Select(choices=[("", "Без архивных"), ("true", "Только архив")]),
    )

    class Meta:
        model = Person
        fields = ["q", "category", "school_class", "archived"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder="Фамилия, имя или отчество")
        self.filters["school_class"].field.widget.attrs.update(placeholder="например, 7Б")

    def filter_search(self, queryset, name, value):
        return person_search(queryset, value)

    def filter_class(self, queryset, name, value):
        from people.classes import normalize_school_class

        try:
            return queryset.filter(school_class=normalize_school_class(value))
        except ValueError:
            return queryset.none()

    def filter_archived(self, queryset, name, value):
        return queryset.filter(is_archived=bool(value))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(is_archived=False)
        return queryset
