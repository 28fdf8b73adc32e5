"""Tables of the people lists (sorting and pagination by django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html

from people.models import PartnerOrganization, Person, User


class PersonTable(tables.Table):
    full_name = tables.Column(
        "ФИО", linkify=True, order_by=("last_name", "first_name", "middle_name"), accessor="full_name"
    )
    category = tables.Column(verbose_name="Категория")
    description = tables.Column(
        verbose_name="Класс / должность", order_by=("school_class", "position"), accessor="description"
    )
    birth_date = tables.DateColumn(verbose_name="Дата рождения", format="d.m.Y")

    class Meta:
        model = Person
        fields = ("full_name", "category", "description", "birth_date")
        empty_text = "Никого не найдено. Измените условия поиска."
        per_page = 25


class PartnerTable(tables.Table):
    name = tables.Column(verbose_name="Наименование")
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
