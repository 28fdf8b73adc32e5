"""xlsx exports: safe against formula injection, real dates, marks only for those who may see them."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from mentorship.xlsx import Column, safe_text, workbook_build
from people.models import MentorProfile, Person
from people.services import consent_create, mentee_bank_add, mentor_profile_create
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
SENSITIVE_WORDS = ("ОВЗ", "Одарённый", "Группа риска", "одарённый", "группа риска")


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _cells(workbook):
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _rows(workbook):
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil","x")', "+7 914 000-00-00", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_text(text) == "'" + text


def test_plain_text_is_left_alone_and_nul_is_neutralized():
    assert safe_text("Иванов Иван") == "Иванов Иван"
    assert safe_text("\0=1+1") == "'=1+1"


def test_workbook_has_a_bold_header_widths_and_real_dates():
    content = workbook_build(
        title="Проба", columns=[Column("ФИО", 30), Column("Дата", 12)], rows=[["=1+1", dt.date(2025, 8, 30)]]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A1"].font.bold and sheet["A1"].value == "ФИО"
    assert sheet.column_dimensions["A"].width == 30
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B2"].is_date and sheet["B2"].value.date() == dt.date(2025, 8, 30)
    assert sheet["B2"].number_format == "dd.mm.yyyy"


def test_people_export_quotes_formula_like_names_and_phones(client_for, curator, organization):
    PersonFactory(
        organization=organization,
        last_name='=HYPERLINK("http://evil.example","Жми")',
        phone="+7 914 123-45-67",
        birth_date=dt.date(2012, 2, 29),
    )
    workbook = _workbook(client_for(curator).get(reverse("people:person-export"), {"category": "pupil"}))
    row = _rows(workbook)[0]
    assert row["ФИО"].startswith("'=HYPERLINK(")
    assert row["Телефон"] == "'+7 914 123-45-67"
    assert row["Дата рождения"] == dt.datetime(2012, 2, 29)
    for cell in _cells(workbook):
        assert cell.data_type != "f", cell.coordinate
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@")), cell.coordinate


def test_people_export_follows_the_filter(client_for, curator, organization):
    PersonFactory(organization=organization, last_name="Семёнов")
    PersonFactory(organization=organization, last_name="Сидоров")
    workbook = _workbook(client_for(curator).get(reverse("people:person-export"), {"q": "семенов"}))
    assert [row["ФИО"] for row in _rows(workbook)] == ["Семёнов Иван Иванович"]


def test_administrator_export_has_no_sensitive_marks_in_any_cell(client_for, curator, administrator, organization):
    PersonFactory(organization=organization, is_gifted=True, is_at_risk=True, has_disability=True)
    curator_rows = _rows(_workbook(client_for(curator).get(reverse("people:person-export"), {"category": "pupil"})))
    assert curator_rows[0]["ОВЗ"] == "да" and curator_rows[0]["Группа риска"] == "да"

    workbook = _workbook(client_for(administrator).get(reverse("people:person-export")))
    for cell in _cells(workbook):
        if isinstance(cell.value, str):
            assert not any(word in cell.value for word in SENSITIVE_WORDS), (cell.coordinate, cell.value)


def test_mentor_registry_lists_the_filtered_bank_with_dates_and_forms(client_for, principal, organization):
    from programs.models import MentoringForm

    form = MentoringForm.objects.create(
        code="t-p", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )
    teacher = PersonFactory(
        organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1980, 1, 1), last_name="Белова"
    )
    consent_create(person=teacher, signed_on=TODAY)
    mentor_profile_create(
        person=teacher,
        status=MentorProfile.Status.APPROVED,
        approved_on=dt.date(2025, 8, 30),
        approval_basis="-решение педсовета № 1",
        competencies=["=cmd|' /C calc'!A0", "ФГОС"],
        forms=[form],
    )
    mentor_profile_create(
        person=PersonFactory(
            organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1980, 1, 1)
        )
    )
    response = client_for(principal).get(reverse("people:mentor-export"), {"status": "approved"})
    assert "Реестр" in response["Content-Disposition"] or "utf-8''" in response["Content-Disposition"]
    workbook = _workbook(response)
    assert workbook.active.title == "Реестр наставников"
    rows = _rows(workbook)
    assert len(rows) == 1
    row = rows[0]
    assert row["ФИО"].startswith("Белова")
    assert row["Статус"] == "одобрен" and row["Согласие"] == "действует"
    assert row["Дата одобрения"] == dt.datetime(2025, 8, 30)
    assert row["Основание одобрения"] == "'-решение педсовета № 1"
    assert row["Компетенции"] == "'=cmd|' /C calc'!A0, ФГОС"
    assert row["Формы наставничества"] == "учитель – ученик"
    assert "ОВЗ" in row  # the principal may see the marks


def test_mentee_registry_joins_requests_and_shows_the_full_cycle_date(client_for, curator, organization):
    link = LegalRepresentativeFactory(minor__organization=organization, minor__has_disability=False)
    profile = mentee_bank_add(
        person=link.minor, request_text="+ помощь с алгеброй", request_source="self", request_tags=["алгебра"]
    )
    from people.services import mentee_full_cycle_mark, mentee_request_add

    mentee_request_add(
        profile=profile, text="профориентация", source="parents", received_on=TODAY - dt.timedelta(days=9)
    )
    mentee_full_cycle_mark(profile=profile, completed_on=dt.date(2025, 5, 25))
    workbook = _workbook(client_for(curator).get(reverse("people:mentee-export")))
    assert workbook.active.title == "Реестр наставляемых"
    row = _rows(workbook)[0]
    assert row["Запросы"] == "'+ помощь с алгеброй; профориентация"  # newest first, quoted as a whole
    assert row["Источники запросов"] == "родители, самозапрос"
    assert row["Прошёл полный цикл программы"] == dt.datetime(2025, 5, 25)
    assert row["Согласие"] == "нет согласия"
    for cell in _cells(workbook):
        assert cell.data_type != "f"


def test_registries_are_closed_to_the_administrator_and_the_mentor(client_for, administrator, mentor):
    for user in (administrator, mentor):
        client = client_for(user)
        assert client.get(reverse("people:mentor-export")).status_code == 403
        assert client.get(reverse("people:mentee-export")).status_code == 403
    assert client_for(mentor).get(reverse("people:person-export")).status_code == 403


def test_another_organizations_people_never_reach_an_export(client_for, curator, other_organization):
    PersonFactory(organization=other_organization, last_name="Чужой")
    mentee_bank_add(
        person=PersonFactory(organization=other_organization, last_name="Чужая"),
        request_text="запрос",
        request_source="self",
    )
    client = client_for(curator)
    for url in (reverse("people:person-export"), reverse("people:mentee-export")):
        values = [cell.value for cell in _cells(_workbook(client.get(url)))]
        assert not any(isinstance(value, str) and "Чуж" in value for value in values)


def test_mentee_export_keeps_its_query_count(client_for, curator, organization, django_assert_max_num_queries):
    client = client_for(curator)

    def add(count):
        for _ in range(count):
            mentee_bank_add(
                person=PersonFactory(organization=organization), request_text="запрос", request_source="self"
            )

    add(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("people:mentee-export"))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:mentee-export"))
    assert len(_rows(_workbook(response))) == 22
