"""Filter bars of the people lists, the banks and the «Нет согласия» page."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from mentorship.filters import BootstrapFilterSet
from people.classes import normalize_school_class
from people.models import MenteeProfile, MenteeRequest, MentorProfile, Person
from people.selectors import MENTEE_CATEGORIES, ConsentState, person_search
from people.services import MENTOR_CATEGORIES
from programs.models import MentoringForm

SEARCH_PLACEHOLDER = "Фамилия, имя или отчество"
CLASS_PLACEHOLDER = "например, 7Б"


def _in_class(queryset, value: str, person_path: str = ""):
    try:
        return queryset.filter(**{f"{person_path}school_class": normalize_school_class(value)})
    except ValueError:
        return queryset.none()


def _consent_filter(choices=ConsentState.choices):
    return django_filters.ChoiceFilter(label="Согласие", choices=choices, empty_label="Любое", method="filter_consent")


class ConsentStateFilterMixin:
    """Filters on the ``consent_state`` annotation of people.selectors.with_consent_state."""

    def filter_consent(self, queryset, name, value):
        return queryset.filter(consent_state=value)


class PersonFilter(ConsentStateFilterMixin, BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    category = django_filters.ChoiceFilter(label="Категория", choices=Person.Category.choices, empty_label="Все")
    school_class = django_filters.CharFilter(label="Класс", method="filter_class")
    consent = _consent_filter()
    archived = django_filters.BooleanFilter(
        label="Архив",
        method="filter_archived",
        widget=forms.Select(choices=[("", "Без архивных"), ("true", "Только архив")]),
    )

    class Meta:
        model = Person
        fields = ["q", "category", "school_class", "consent", "archived"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder=SEARCH_PLACEHOLDER)
        self.filters["school_class"].field.widget.attrs.update(placeholder=CLASS_PLACEHOLDER)

    def filter_search(self, queryset, name, value):
        return person_search(queryset, value)

    def filter_class(self, queryset, name, value):
        return _in_class(queryset, value)

    def filter_archived(self, queryset, name, value):
        return queryset.filter(is_archived=bool(value))

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(is_archived=False)
        return queryset


class MentorFilter(ConsentStateFilterMixin, BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    status = django_filters.ChoiceFilter(label="Статус", choices=MentorProfile.Status.choices, empty_label="Любой")
    category = django_filters.ChoiceFilter(
        label="Категория",
        field_name="person__category",
        choices=[(category.value, category.label) for category in MENTOR_CATEGORIES],
        empty_label="Все",
    )
    mentoring_form = django_filters.ModelChoiceFilter(
        label="Форма",
        field_name="forms",
        queryset=MentoringForm.objects.filter(is_active=True),
        empty_label="Любая",
    )
    consent = _consent_filter()

    class Meta:
        model = MentorProfile
        fields = ["q", "status", "category", "mentoring_form", "consent"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder=SEARCH_PLACEHOLDER)

    def filter_search(self, queryset, name, value):
        return person_search(queryset, value, person_path="person__")


MARK_CHOICES = [
    ("gifted", "одарённый / высокомотивированный"),
    ("disability", "ОВЗ"),
    ("at_risk", "группа риска"),
]
MARK_FIELDS = {"gifted": "person__is_gifted", "disability": "person__has_disability", "at_risk": "person__is_at_risk"}


class MenteeFilter(ConsentStateFilterMixin, BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    status = django_filters.ChoiceFilter(label="Статус", choices=MenteeProfile.Status.choices, empty_label="Любой")
    school_class = django_filters.CharFilter(label="Класс", method="filter_class")
    category = django_filters.ChoiceFilter(
        label="Категория",
        field_name="person__category",
        choices=[(category.value, category.label) for category in MENTEE_CATEGORIES],
        empty_label="Все",
    )
    source = django_filters.ChoiceFilter(
        label="Источник", choices=MenteeRequest.Source.choices, empty_label="Любой", method="filter_source"
    )
    mark = django_filters.ChoiceFilter(label="Отметка", choices=MARK_CHOICES, empty_label="—", method="filter_mark")
    consent = _consent_filter()

    class Meta:
        model = MenteeProfile
        fields = ["q", "status", "school_class", "category", "source", "mark", "consent"]

    def __init__(self, data=None, *args, show_sensitive: bool = False, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder=SEARCH_PLACEHOLDER)
        self.filters["school_class"].field.widget.attrs.update(placeholder=CLASS_PLACEHOLDER)
        if not show_sensitive:
            del self.filters["mark"]
            del self.form.fields["mark"]

    def filter_search(self, queryset, name, value):
        return person_search(queryset, value, person_path="person__")

    def filter_class(self, queryset, name, value):
        return _in_class(queryset, value, person_path="person__")

    def filter_source(self, queryset, name, value):
        return queryset.filter(Exists(MenteeRequest.objects.filter(profile=OuterRef("pk"), source=value)))

    def filter_mark(self, queryset, name, value):
        return queryset.filter(**{MARK_FIELDS[value]: True})


BANK_CHOICES = [
    ("any", "в любом банке"),
    ("mentor", "в банке наставников"),
    ("mentee", "в банке наставляемых"),
    ("none", "ни в одном"),
]


class ConsentMissingFilter(ConsentStateFilterMixin, BootstrapFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="filter_search")
    category = django_filters.ChoiceFilter(label="Категория", choices=Person.Category.choices, empty_label="Все")
    school_class = django_filters.CharFilter(label="Класс", method="filter_class")
    consent = _consent_filter([choice for choice in ConsentState.choices if choice[0] != ConsentState.VALID])
    bank = django_filters.ChoiceFilter(label="Банк", choices=BANK_CHOICES, empty_label="Все", method="filter_bank")

    class Meta:
        model = Person
        fields = ["q", "category", "school_class", "consent", "bank"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["q"].field.widget.attrs.update(placeholder=SEARCH_PLACEHOLDER)
        self.filters["school_class"].field.widget.attrs.update(placeholder=CLASS_PLACEHOLDER)
        self.form.fields["consent"].label = "Причина"

    def filter_search(self, queryset, name, value):
        return person_search(queryset, value)

    def filter_class(self, queryset, name, value):
        return _in_class(queryset, value)

    def filter_bank(self, queryset, name, value):
        if value == "mentor":
            return queryset.filter(in_mentor_bank=True)
        if value == "mentee":
            return queryset.filter(in_mentee_bank=True)
        if value == "none":
            return queryset.filter(in_mentor_bank=False, in_mentee_bank=False)
        return queryset.filter(Q(in_mentor_bank=True) | Q(in_mentee_bank=True))
