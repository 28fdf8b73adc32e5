"""The admin site: every people model registered; people and banks imported and exported with the roster resources."""

import io

import openpyxl
import pghistory.models
import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from people.models import MentorProfile, Person
from people.tests.factories import PersonFactory
from people.tests.test_import_support import csv_upload

pytestmark = pytest.mark.django_db


def test_every_people_model_is_in_the_admin():
    # History rows (pghistory events) are read on the record's own page, not in the admin.
    missing = [
        model.__name__
        for model in apps.get_app_config("people").get_models()
        if model not in admin.site._registry and not issubclass(model, pghistory.models.Event)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    ["person", "mentorprofile", "menteeprofile", "consent", "rosterimport", "legalrepresentative", "menteerequest"],
)
def test_admin_lists_open(client_for, administrator, model):
    PersonFactory(organization=administrator.organization)
    response = client_for(administrator).get(reverse(f"admin:people_{model}_changelist"))
    assert response.status_code == 200


def _format_index(name: str) -> int:
    model_admin = admin.site._registry[Person]
    return next(i for i, fmt in enumerate(model_admin.get_import_formats()) if fmt().get_title() == name)


def _admin_import(client, upload):
    response = client.post(
        reverse("admin:people_person_import"), {"import_file": upload, "format": _format_index("csv")}
    )
    assert response.status_code == 200
    return response


def test_admin_import_with_one_bad_row_offers_no_confirmation_and_writes_nothing(client_for, administrator):
    upload = csv_upload(
        [
            ["Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс", "Категория"],
            ["Иванов", "Иван", "Иванович", "м", "01.02.2012", "5А", "обучающийся"],
            ["Петров", "Пётр", "Петрович", "м", "31.02.2012", "5А", "обучающийся"],
        ],
        delimiter=",",
    )
    response = _admin_import(client_for(administrator), upload)
    assert "confirm_form" not in response.context
    assert "такой даты нет" in response.content.decode()
    assert not Person.objects.exists()


def test_admin_import_creates_people_in_the_administrators_organization(client_for, administrator):
    client = client_for(administrator)
    upload = csv_upload(
        [
            ["Внешний идентификатор", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс", "Категория"],
            ["A-1", "Иванов", "Иван", "Иванович", "м", "01.02.2012", "5 а", "ученик"],
        ],
        delimiter=",",
    )
    response = _admin_import(client, upload)
    confirm = response.context["confirm_form"]
    response = client.post(reverse("admin:people_person_process_import"), confirm.initial)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.organization, person.school_class, person.category) == (administrator.organization, "5А", "pupil")


def test_admin_export_of_the_mentor_bank_has_russian_headers(client_for, administrator):
    teacher = PersonFactory(organization=administrator.organization, category=Person.Category.TEACHER)
    MentorProfile.objects.create(person=teacher, competencies=["математика", "шахматы"], capacity=2)
    model_admin = admin.site._registry[MentorProfile]
    xlsx_index = next(i for i, fmt in enumerate(model_admin.get_export_formats()) if fmt().get_title() == "xlsx")
    response = client_for(administrator).post(
        reverse("admin:people_mentorprofile_export"),
        {
            "format": xlsx_index,
            "resource": 0,
            "mentorprofileresource_person": True,
            "mentorprofileresource_status": True,
            "mentorprofileresource_competencies": True,
            "mentorprofileresource_capacity": True,
        },
    )
    assert response.status_code == 200, response.content.decode()[:1000]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Участник", "Статус", "Компетенции", "Число наставляемых")
    assert rows[1][:4] == (teacher.full_name, "кандидат", "математика, шахматы", 2)
