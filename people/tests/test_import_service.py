"""The roster import service: what a file creates, updates and leaves alone — and that one bad row writes nothing."""

import datetime as dt

import pytest
from django.db import connections
from tablib import Dataset

from people.importing import parsing, service
from people.importing.related import RelatedWriter
from people.importing.resources import PersonResource
from people.importing.service import roster_import_from_file
from people.models import (
    Consent,
    LegalRepresentative,
    MenteeProfile,
    MenteeRequest,
    MentorProfile,
    MentorStatusChange,
    Person,
    RosterImport,
)
from people.tests.factories import LegalRepresentativeFactory, PartnerOrganizationFactory, PersonFactory
from people.tests.test_import_support import PUPIL_HEADERS, csv_upload, pupil_rows, xlsx_upload

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def load(organization, kind, upload, **kwargs):
    return roster_import_from_file(organization=organization, kind=kind, uploaded_file=upload, **kwargs)


def people_state(organization):
    """Everything the import may touch on people, to compare before and after."""
    return list(
        Person.objects.filter(organization=organization)
        .order_by("pk")
        .values_list("pk", "external_id", "last_name", "school_class", "birth_date", "phone", "sex", "updated_at")
    )


# --- Pupils from xlsx and CSV -----------------------------------------------------------------


def test_pupils_xlsx_creates_each_pupil_with_checked_values(organization):
    upload = xlsx_upload(
        [
            PUPIL_HEADERS + ["Телефон", "E-mail"],
            ["УЧ-1", "ИВАНОВ", "пётр", "Сергеевич", "муж", dt.datetime(2012, 3, 4), "7 б", 79141234567, "Petr@Mail.RU"],
            ["УЧ-2", "Петрова", "Анна", "Игоревна", "Ж", "05.06.2011", "8-а", "", ""],
        ]
    )
    roster_import, report = load(organization, "pupils", upload)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert roster_import.status == RosterImport.Status.DONE
    assert roster_import.created_count == 2 and roster_import.finished_at is not None
    petr = Person.objects.get(external_id="УЧ-1")
    assert (petr.last_name, petr.first_name, petr.sex, petr.category) == ("Иванов", "Пётр", "M", "pupil")
    assert (petr.birth_date, petr.school_class, petr.phone, petr.email) == (
        dt.date(2012, 3, 4),
        "7Б",
        "79141234567",
        "petr@mail.ru",
    )
    anna = Person.objects.get(external_id="УЧ-2")
    assert (anna.sex, anna.birth_date, anna.school_class) == ("F", dt.date(2011, 6, 5), "8А")


def test_windows_1251_csv_with_semicolons_is_read(organization):
    upload = csv_upload(
        [
            ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс", "Пол"],
            ["Ёлкина", "Алёна", "Петровна", "01.09.2013", "5А", "ж"],
            ["Щукин", "Фёдор", "Ильич", "02.10.2012", "6Б", "м"],
        ],
        encoding="cp1251",
        delimiter=";",
    )
    _, report = load(organization, "pupils", upload)
    assert report.ok, report.errors
    assert report.created == 2
    assert set(Person.objects.values_list("last_name", "first_name")) == {("Ёлкина", "Алёна"), ("Щукин", "Фёдор")}


def test_utf8_csv_with_commas_is_read(organization):
    upload = csv_upload(
        [["ФИО", "Дата рождения", "Класс"], ["Сидоров Глеб Олегович", "03.04.2012", "7В"]], delimiter=","
    )
    _, report = load(organization, "pupils", upload)
    assert report.ok, report.errors
    assert Person.objects.get().full_name == "Сидоров Глеб Олегович"


# --- All or nothing ---------------------------------------------------------------------------


def test_a_bad_date_on_row_40_writes_nothing_and_names_row_and_column(organization):
    rows = [PUPIL_HEADERS, *pupil_rows(45)]
    rows[39][5] = "31.02.2012"  # rows[39] is spreadsheet row 40 (the header is row 1)
    roster_import, report = load(organization, "pupils", xlsx_upload(rows))
    assert not report.ok
    assert [(error.row, error.column) for error in report.errors] == [(40, "Дата рождения")]
    assert "«31.02.2012» — такой даты нет" in report.errors[0].message
    assert not Person.objects.exists()
    assert roster_import.status == RosterImport.Status.INVALID
    assert roster_import.errors == [{"row": 40, "column": "Дата рождения", "message": report.errors[0].message}]
    assert (roster_import.created_count, roster_import.updated_count) == (0, 0)


def test_a_row_refused_by_the_resource_rolls_back_every_other_row(organization):
    rows = [PUPIL_HEADERS, *pupil_rows(5)]
    rows[3][1] = "Очень" * 30  # too long for the model, caught only when the person is built
    _, report = load(organization, "pupils", xlsx_upload(rows))
    assert [(error.row, error.column) for error in report.errors] == [(4, "Фамилия")]
    assert "Длиннее 100 знаков" in report.errors[0].message
    assert not Person.objects.exists()


def test_person_resource_alone_commits_nothing_when_one_row_is_invalid(organization):
    """The admin site imports through the resource directly: its own rollback must hold too."""
    dataset = Dataset(headers=["Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Класс", "Категория"])
    dataset.append(["Иванов", "Иван", "Иванович", "м", "01.02.2012", "5А", "обучающийся"])
    dataset.append(["Петров", "Пётр", "Петрович", "м", "01.02.2012", "", "обучающийся"])  # a pupil without a class
    result = PersonResource(organization=organization).import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert result.invalid_rows[0].error_dict["school_class"] == ["У обучающегося Петров Пётр Петрович не указан класс."]
    assert not Person.objects.exists()


def test_every_problem_of_the_file_is_reported_in_one_pass(organization):
    rows = [PUPIL_HEADERS, *pupil_rows(4)]
    rows[1][6] = "13Я"  # row 2: a class that does not exist
    rows[3][0] = rows[2][0]  # row 4 repeats the external id of row 3
    _, report = load(organization, "pupils", xlsx_upload(rows))
    assert [(error.row, error.column) for error in report.errors] == [(2, "Класс"), (4, "Внешний идентификатор")]
    assert "«13Я» не похоже на класс" in report.errors[0].message
    assert "уже есть в строке 3" in report.errors[1].message
    assert not Person.objects.exists()


# --- Re-import and corrections ----------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(organization):
    rows = [PUPIL_HEADERS, *pupil_rows(30)]
    load(organization, "pupils", xlsx_upload(rows))
    before = people_state(organization)
    _, report = load(organization, "pupils", xlsx_upload(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 30)
    assert people_state(organization) == before


def test_a_corrected_file_updates_the_person_with_that_external_id(organization):
    rows = [PUPIL_HEADERS, *pupil_rows(10)]
    load(organization, "pupils", xlsx_upload(rows))
    corrected = [list(row) for row in rows]
    corrected[4][6] = "9Г"  # УЧ-004 moves to 9Г
    corrected[4][1] = "Кузнецова"  # and his surname was misspelt
    untouched = people_state(organization)
    _, report = load(organization, "pupils", xlsx_upload(corrected))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 9)
    person = Person.objects.get(external_id="УЧ-004")
    assert (person.school_class, person.last_name) == ("9Г", "Кузнецова")
    assert Person.objects.count() == 10
    assert [row for row in people_state(organization) if row[1] != "УЧ-004"] == [
        row for row in untouched if row[1] != "УЧ-004"
    ]
    assert report.changes[0]["details"] == "фамилия: Смирнов → Кузнецова; класс: 9А → 9Г"


def test_without_ids_a_corrected_file_finds_people_by_name_and_birth_date(organization):
    headers = ["ФИО", "Дата рождения", "Класс", "Пол"]
    rows = [
        headers,
        ["Иванов Иван Иванович", "01.02.2012", "6А", "м"],
        ["Иванов Иван Иванович", "03.04.2011", "7А", "м"],  # a namesake, a year older
        ["Орлова Мария Олеговна", "05.06.2012", "6Б", "ж"],
    ]
    load(organization, "pupils", xlsx_upload(rows))
    older = Person.objects.get(birth_date=dt.date(2011, 4, 3))
    rows[2][2] = "8А"
    _, report = load(organization, "pupils", xlsx_upload(rows))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    older.refresh_from_db()
    assert older.school_class == "8А"
    assert Person.objects.get(birth_date=dt.date(2012, 2, 1)).school_class == "6А"
    assert Person.objects.count() == 3


def test_a_person_imported_without_id_gets_it_from_a_later_file(organization):
    load(
        organization,
        "pupils",
        xlsx_upload([["ФИО", "Дата рождения", "Класс"], ["Орлов Олег Ильич", "05.06.2012", "6Б"]]),
    )
    with_ids = [["Код", "ФИО", "Дата рождения", "Класс"], ["А-17", "Орлов Олег Ильич", "05.06.2012", "6Б"]]
    _, report = load(organization, "pupils", xlsx_upload(with_ids))
    assert (report.created, report.updated) == (0, 1)
    assert Person.objects.get().external_id == "А-17"


def test_an_id_of_a_teacher_in_a_pupils_file_is_an_error(organization):
    PersonFactory(organization=organization, category=Person.Category.TEACHER, external_id="T-1")
    _, report = load(
        organization,
        "pupils",
        xlsx_upload([["ID", "ФИО", "Дата рождения", "Класс"], ["T-1", "Орлов Олег Ильич", "05.06.2012", "6Б"]]),
    )
    assert report.errors[0].row == 2 and report.errors[0].column == "ID"
    assert "«педагог»" in report.errors[0].message


def test_people_of_another_organization_are_never_matched(organization, other_organization):
    stranger = PersonFactory(organization=other_organization, external_id="УЧ-001", school_class="11А")
    _, report = load(organization, "pupils", xlsx_upload([PUPIL_HEADERS, *pupil_rows(1)]))
    assert report.created == 1
    stranger.refresh_from_db()
    assert stranger.school_class == "11А"


# --- Headers ----------------------------------------------------------------------------------


def test_header_synonyms_and_one_fio_column_are_understood(organization):
    upload = xlsx_upload(
        [
            ["Код", "Ф.И.О.", "Дата рожд.", "Класс (группа)", "пол", "Эл. почта", "Моб. телефон"],
            ["7", "Мамедов Эльдар Рашид оглы", "12.12.12", "10в", "М", "e@example.ru", "+7 900 000-00-00"],
        ]
    )
    _, report = load(organization, "pupils", upload)
    assert report.ok, report.errors
    person = Person.objects.get()
    assert (person.external_id, person.last_name, person.first_name, person.middle_name) == (
        "7",
        "Мамедов",
        "Эльдар",
        "Рашид оглы",
    )
    assert (person.birth_date, person.school_class, person.email, person.phone) == (
        dt.date(2012, 12, 12),
        "10В",
        "e@example.ru",
        "+7 900 000-00-00",
    )


def test_headers_may_start_below_a_title_and_rows_keep_their_excel_numbers(organization):
    rows = [
        ["Список обучающихся на 01.09"],
        [],
        ["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"],
        ["Лебедев", "Олег", "Ильич", "01.02.2012", "5А"],
        ["Лебедева", "Ольга", "Ильинична", "не знаю", "5А"],
    ]
    _, report = load(organization, "pupils", xlsx_upload(rows))
    assert [(error.row, error.column) for error in report.errors] == [(5, "Дата рождения")]


def test_unknown_columns_are_reported_not_silently_dropped(organization):
    upload = xlsx_upload(
        [
            ["ФИО", "Дата рождения", "Класс", "Любимый предмет", "Должность"],
            ["Лебедев Олег Ильич", "01.02.2012", "5А", "физика", "староста"],
        ]
    )
    roster_import, report = load(organization, "pupils", upload)
    assert report.ok
    assert report.unknown_columns == [
        "Любимый предмет",
        "Должность (не используется в списке «обучающиеся»)",
    ]
    assert roster_import.unknown_columns == report.unknown_columns


def test_a_file_without_required_columns_is_refused_before_any_row(organization):
    _, report = load(organization, "pupils", xlsx_upload([["ФИО", "Класс"], ["Лебедев Олег Ильич", "5А"]]))
    assert [error.message for error in report.errors] == ["Нет столбца «Дата рождения»."]
    assert report.errors[0].row is None


def test_sex_is_inferred_from_the_patronymic_and_the_preview_says_so(organization):
    upload = xlsx_upload(
        [
            ["ФИО", "Дата рождения", "Класс"],
            ["Лебедев Олег Ильич", "01.02.2012", "5А"],
            ["Лебедева Ольга Ильинична", "01.02.2012", "5А"],
        ]
    )
    _, report = load(organization, "pupils", upload)
    assert dict(Person.objects.values_list("first_name", "sex")) == {"Олег": "M", "Ольга": "F"}
    assert "определён по отчеству" in report.notes[0] and "(строки 2, 3)" in report.notes[0]


def test_a_new_person_whose_sex_cannot_be_told_is_an_error(organization):
    _, report = load(
        organization, "pupils", xlsx_upload([["ФИО", "Дата рождения", "Класс"], ["Ким Саша", "01.02.2012", "5А"]])
    )
    assert report.errors[0].column == "Пол"
    assert "Не указан пол" in report.errors[0].message


# --- Parents, partners, consents ------------------------------------------------------------


@pytest.fixture
def pupils_in_school(organization):
    return {
        "kolya": PersonFactory(
            organization=organization, last_name="Смирнов", first_name="Коля", middle_name="Петрович", school_class="3А"
        ),
        "olya": PersonFactory(
            organization=organization,
            last_name="Смирнова",
            first_name="Оля",
            middle_name="Петровна",
            sex="F",
            school_class="5Б",
            birth_date=dt.date(2014, 1, 2),
        ),
    }


def test_parents_are_linked_to_their_children_and_a_parent_of_two_is_one_person(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО родителя", "Кем приходится", "ФИО ребёнка", "Класс ребёнка", "Телефон"],
            ["Смирнова Елена Викторовна", "мать", "Смирнов Коля Петрович", "3 а", "+7 914 111-11-11"],
            ["Смирнова Елена Викторовна", "мама", "Смирнова Оля", "5Б", "+7 914 111-11-11"],
            ["Смирнов Пётр Иванович", "отец", "Смирнова Оля Петровна", "5Б", ""],
        ]
    )
    _, report = load(organization, "parents", upload)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    mother = Person.objects.get(first_name="Елена")
    assert (mother.category, mother.sex) == (Person.Category.PARENT, "F")
    links = LegalRepresentative.objects.filter(representative=mother)
    assert {link.minor.first_name for link in links} == {"Коля", "Оля"}
    assert {link.relation for link in links} == {"mother"}
    assert LegalRepresentative.objects.get(representative__first_name="Пётр").minor == pupils_in_school["olya"]
    _, again = load(organization, "parents", upload)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_parent_whose_child_is_not_found_is_a_row_error(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО", "Кем приходится", "ФИО ребёнка", "Класс ребёнка"],
            ["Смирнова Елена Викторовна", "мать", "Смирнов Коля Петрович", "3А"],
            ["Волкова Ирина Сергеевна", "мать", "Волков Денис Андреевич", "4А"],
        ]
    )
    _, report = load(organization, "parents", upload)
    assert [(error.row, error.column) for error in report.errors] == [(3, "ФИО ребёнка")]
    assert "не найден" in report.errors[0].message
    assert not LegalRepresentative.objects.exists()
    assert not Person.objects.filter(category=Person.Category.PARENT).exists()


def test_consent_columns_record_paper_consents_signed_by_the_right_people(organization, pupils_in_school):
    olya = pupils_in_school["olya"]
    mother = LegalRepresentativeFactory(
        minor=olya,
        representative__last_name="Смирнова",
        representative__first_name="Елена",
        representative__middle_name="Викторовна",
    ).representative
    upload = xlsx_upload(
        [
            ["ФИО", "Дата рождения", "Класс", "Дата согласия", "Согласие подписал"],
            ["Смирнова Оля Петровна", "02.01.2014", "5Б", "01.09.2024", "Смирнова Елена Викторовна"],
        ]
    )
    _, report = load(organization, "pupils", upload)
    assert report.ok, report.errors
    consent = Consent.objects.get(person=olya)
    assert (consent.signed_by, consent.signed_on, consent.source) == (mother, dt.date(2024, 9, 1), "import")
    assert consent.operator == organization.full_name
    assert report.updated == 1 and "согласие от 01.09.2024" in report.changes[0]["details"]
    _, again = load(organization, "pupils", upload)
    assert again.unchanged == 1 and Consent.objects.count() == 1


def test_a_minors_consent_without_a_linked_representative_is_a_row_error(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО", "Дата рождения", "Класс", "Дата согласия", "Согласие подписал"],
            ["Смирнова Оля Петровна", "02.01.2014", "5Б", "01.09.2024", "Смирнова Елена Викторовна"],
            ["Смирнов Коля Петрович", "17.05.2011", "3А", "01.09.2024", ""],
        ]
    )
    _, report = load(organization, "pupils", upload)
    assert [(error.row, error.column) for error in report.errors] == [
        (2, "Согласие подписал"),
        (3, "Согласие подписал"),
    ]
    assert "не указан(а) законным представителем Смирнова Оля Петровна" in report.errors[0].message
    assert "несовершеннолетний: согласие подписывает законный представитель" in report.errors[1].message
    assert not Consent.objects.exists()


def test_an_adult_signs_his_own_consent_and_nobody_else_may(organization):
    upload = xlsx_upload(
        [
            ["ФИО", "Должность", "Дата согласия", "Согласие подписал"],
            ["Белова Нина Юрьевна", "учитель химии", "02.09.2024", ""],
            ["Белов Юрий Ильич", "учитель физики", "02.09.2024", "Белова Нина Юрьевна"],
        ]
    )
    _, report = load(organization, "staff", upload)
    assert [(error.row, "совершеннолетний и подписывает согласие сам" in error.message) for error in report.errors] == [
        (3, True)
    ]
    upload = xlsx_upload(
        [["ФИО", "Должность", "Дата согласия"], ["Белова Нина Юрьевна", "учитель химии", "02.09.2024"]]
    )
    _, report = load(organization, "staff", upload)
    assert report.ok
    consent = Consent.objects.get()
    assert consent.signed_by is None and consent.person.position == "учитель химии"


def test_a_parent_signs_the_consent_of_the_child_named_in_his_row(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО", "Кем приходится", "ФИО ребёнка", "Класс ребёнка", "Дата согласия за ребёнка"],
            ["Смирнова Елена Викторовна", "мать", "Смирнов Коля Петрович", "3А", "30.08.2024"],
        ]
    )
    _, report = load(organization, "parents", upload)
    assert report.ok, report.errors
    consent = Consent.objects.get()
    assert consent.person == pupils_in_school["kolya"]
    assert consent.signed_by.full_name == "Смирнова Елена Викторовна"


def test_staff_get_their_position_and_the_start_of_their_teaching_experience(organization):
    upload = xlsx_upload(
        [
            ["Табельный номер", "Фамилия", "Имя", "Отчество", "Должность", "Дата начала педагогического стажа"],
            ["", "Орлова", "Вера", "Павловна", "учитель начальных классов", "01.09.2023"],
        ]
    )
    roster_import, report = load(organization, "staff", upload)
    assert report.ok, report.errors
    teacher = Person.objects.get()
    assert (teacher.category, teacher.position, teacher.teaching_since) == (
        Person.Category.TEACHER,
        "учитель начальных классов",
        dt.date(2023, 9, 1),
    )
    assert teacher.is_young_specialist(dt.date(2024, 9, 1))
    assert roster_import.unknown_columns == ["Табельный номер"]


def test_a_parent_listed_twice_with_different_data_is_an_error(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО", "Кем приходится", "ФИО ребёнка", "Класс ребёнка", "Телефон"],
            ["Смирнова Елена Викторовна", "мать", "Смирнов Коля Петрович", "3А", "+7 914 111-11-11"],
            ["Смирнова Елена Викторовна", "мать", "Смирнова Оля Петровна", "5Б", "+7 914 999-99-99"],
        ]
    )
    _, report = load(organization, "parents", upload)
    assert [(error.row, error.column) for error in report.errors] == [(3, "Телефон")]
    assert "Тот же родитель, что в строке 2" in report.errors[0].message
    assert not LegalRepresentative.objects.exists()


def test_a_file_longer_than_the_limit_is_refused(organization, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_DATA_ROWS", 3)
    _, report = load(organization, "pupils", xlsx_upload([PUPIL_HEADERS, *pupil_rows(5)]))
    assert [error.message for error in report.errors if error.row is None] == [
        "В файле больше 3 строк — разделите его на части."
    ]
    assert not Person.objects.exists()


def test_partner_people_are_tied_to_an_existing_partner_organization(organization):
    plant = PartnerOrganizationFactory(organization=organization, name="АО «Завод»", inn="2721000018")
    upload = xlsx_upload(
        [
            ["ФИО", "Должность", "ИНН организации", "Организация"],
            ["Рябов Андрей Ильич", "инженер", "2721000018", ""],
            ["Котов Илья Петрович", "мастер", "", "ао «завод»"],
            ["Зайцев Олег Петрович", "технолог", "", "ООО «Неизвестное»"],
        ]
    )
    _, report = load(organization, "partners", upload)
    assert [(error.row, error.column) for error in report.errors] == [(4, "Организация")]
    assert "не найдена среди партнёров" in report.errors[0].message
    assert not Person.objects.exists()
    _, report = load(
        organization, "partners", xlsx_upload([["ФИО", "ИНН организации"], ["Рябов Андрей Ильич", "2721 000 018"]])
    )
    assert report.ok, report.errors
    assert (Person.objects.get().partner, Person.objects.get().category) == (plant, Person.Category.EMPLOYER)


# --- The banks --------------------------------------------------------------------------------


def test_mentors_file_fills_the_mentor_bank(organization, administrator):
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, external_id="T-7")
    upload = xlsx_upload(
        [
            ["ID", "ФИО", "Статус", "Компетенции", "Число наставляемых", "Дата одобрения", "Основание"],
            ["T-7", teacher.full_name, "одобрен", "математика, олимпиады; проекты", 3, "28.08.2024", "педсовет № 1"],
            ["T-8", "Гусева Анна Павловна", "кандидат", "", "", "", ""],
        ]
    )
    _, report = roster_import_from_file(
        organization=organization, kind="mentors", uploaded_file=upload, uploaded_by=administrator
    )
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    profile = MentorProfile.objects.get(person=teacher)
    assert (profile.status, profile.capacity, profile.approved_on) == ("approved", 3, dt.date(2024, 8, 28))
    assert profile.competencies == ["математика", "олимпиады", "проекты"]
    history = MentorStatusChange.objects.get(profile=profile)
    assert (history.to_status, history.basis, history.changed_by) == ("approved", "педсовет № 1", administrator)
    newcomer = Person.objects.get(external_id="T-8")
    assert newcomer.category == Person.Category.TEACHER and newcomer.mentor_profile.status == "candidate"
    _, again = load(organization, "mentors", upload)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert MentorStatusChange.objects.count() == 2


def test_mentor_rules_are_row_errors(organization):
    retired = PersonFactory(
        organization=organization, category=Person.Category.TEACHER, external_id="T-1", is_archived=True
    )
    upload = xlsx_upload(
        [
            ["ID", "ФИО", "Категория", "Статус"],
            ["T-1", retired.full_name, "", "кандидат"],
            ["T-2", "Гусева Анна Павловна", "педагог", "активен"],
        ]
    )
    _, report = load(organization, "mentors", upload)
    assert [(error.row, error.column) for error in report.errors] == [(2, "ФИО"), (3, "Дата одобрения")]
    assert report.errors[0].message == f"{retired.full_name} в архиве."
    assert "нужна дата одобрения" in report.errors[1].message
    assert not MentorProfile.objects.exists() and not Person.objects.filter(external_id="T-2").exists()


def test_mentees_file_fills_the_mentee_bank_with_requests(organization, pupils_in_school):
    upload = xlsx_upload(
        [
            ["ФИО", "Класс", "Запрос", "Источник запроса", "Темы"],
            ["Смирнов Коля Петрович", "3А", "Трудности с математикой", "классный руководитель", "Математика, учёба"],
            ["Смирнова Оля Петровна", "5Б", "Хочет в проектную школу", "самозапрос", ""],
        ]
    )
    _, report = load(organization, "mentees", upload)
    assert report.ok, report.errors
    assert report.created == 2
    request = MenteeRequest.objects.get(profile__person=pupils_in_school["kolya"])
    assert (request.source, request.tags, request.received_on) == ("class_teacher", ["математика", "учёба"], TODAY)
    assert MenteeProfile.objects.get(person=pupils_in_school["olya"]).status == "waiting"
    _, again = load(organization, "mentees", upload)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert MenteeRequest.objects.count() == 2


def test_a_request_without_its_source_is_a_row_error(organization, pupils_in_school):
    upload = xlsx_upload([["ФИО", "Класс", "Запрос", "Источник"], ["Смирнов Коля Петрович", "3А", "Математика", ""]])
    _, report = load(organization, "mentees", upload)
    assert [(error.row, error.column) for error in report.errors] == [(2, "Источник")]
    assert not MenteeProfile.objects.exists()


# --- Preview, confirmation, background run -----------------------------------------------------


def stored_import(organization, administrator, rows, kind="pupils"):
    return service.roster_import_create(
        organization=organization, kind=kind, uploaded_file=xlsx_upload(rows), uploaded_by=administrator
    )


def test_preview_counts_what_would_change_and_writes_nothing(organization, administrator):
    PersonFactory(organization=organization, external_id="УЧ-001", last_name="Иванов", school_class="5А")
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(3)])
    service.roster_import_preview(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.PREVIEW
    assert (roster_import.created_count, roster_import.updated_count, roster_import.total_rows) == (2, 1, 3)
    assert Person.objects.count() == 1
    assert Person.objects.get().last_name == "Иванов"


def test_confirming_a_preview_writes_it(organization, administrator):
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(3)])
    service.roster_import_preview(roster_import=roster_import)
    service.roster_import_confirm(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.DONE
    assert Person.objects.count() == 3
    with pytest.raises(service.ValidationError, match="уже подтвердили"):
        service.roster_import_confirm(roster_import=roster_import)
    assert Person.objects.count() == 3


def test_a_large_import_runs_as_a_background_task(organization, administrator, monkeypatch):
    monkeypatch.setattr(service, "INLINE_MAX_ROWS", 2)
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(3)])
    service.roster_import_preview(roster_import=roster_import)
    service.roster_import_confirm(roster_import=roster_import)  # the tests' immediate backend runs it here
    assert roster_import.task_id
    assert roster_import.status == RosterImport.Status.DONE
    assert Person.objects.count() == 3


def test_a_file_changed_behind_the_preview_is_checked_again_on_confirmation(organization, administrator):
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(3)])
    service.roster_import_preview(roster_import=roster_import)
    PersonFactory(organization=organization, category=Person.Category.TEACHER, external_id="УЧ-002")
    service.roster_import_confirm(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.INVALID
    assert roster_import.errors[0]["row"] == 3
    assert not Person.objects.filter(category=Person.Category.PUPIL).exists()


def test_cancelled_preview_cannot_be_confirmed(organization, administrator):
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(2)])
    service.roster_import_preview(roster_import=roster_import)
    service.roster_import_cancel(roster_import=roster_import)
    with pytest.raises(service.ValidationError):
        service.roster_import_confirm(roster_import=roster_import)
    assert not Person.objects.exists()


def test_an_unexpected_failure_marks_the_import_failed_and_writes_nothing(organization, administrator, monkeypatch):
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(2)])
    service.roster_import_preview(roster_import=roster_import)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("people.importing.related.RelatedWriter.write", broken)
    service.roster_import_confirm(roster_import=roster_import)
    assert roster_import.status == RosterImport.Status.FAILED
    assert "ничего не записано" in roster_import.errors[0]["message"]
    assert not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_the_people_are_not_until_the_end(
    organization, administrator, monkeypatch
):
    """The progress page polls through another connection: it sees only what is committed."""
    monkeypatch.setattr(parsing, "PROGRESS_EVERY", 2)
    roster_import = stored_import(organization, administrator, [PUPIL_HEADERS, *pupil_rows(6)])
    service.roster_import_preview(roster_import=roster_import)
    other = connections.create_connection("default")

    def seen_by_other(sql):
        with other.cursor() as cursor:
            cursor.execute(sql, [roster_import.pk] if "%s" in sql else [])
            return cursor.fetchone()[0]

    progress_seen, people_seen_while_writing = [], []
    check_and_write = service.roster_check_and_write

    def spying_check_and_write(**kwargs):
        on_progress = kwargs.pop("on_progress")

        def reported(rows_done):
            on_progress(rows_done)
            progress_seen.append(seen_by_other("SELECT processed_rows FROM people_rosterimport WHERE id = %s"))

        return check_and_write(on_progress=reported, **kwargs)

    write = RelatedWriter.write

    def spying_write(self, outcomes):
        people_seen_while_writing.append(seen_by_other("SELECT count(*) FROM people_person WHERE category = 'pupil'"))
        return write(self, outcomes)

    monkeypatch.setattr(service, "roster_check_and_write", spying_check_and_write)
    monkeypatch.setattr(RelatedWriter, "write", spying_write)
    try:
        service.roster_import_confirm(roster_import=roster_import)
    finally:
        other.close()
    assert progress_seen == [2, 4, 6]
    assert people_seen_while_writing == [0]  # inserted, but not committed yet
    assert Person.objects.filter(category=Person.Category.PUPIL).count() == 6
