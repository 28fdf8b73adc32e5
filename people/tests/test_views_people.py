"""People, legal representatives and partners in the browser: who may do what, and what each action does."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import LegalRepresentative, PartnerOrganization, Person
from people.services import consent_create, consent_revoke, mentee_profile_create, mentor_profile_create
from people.tests.factories import LegalRepresentativeFactory, PartnerOrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ROLES = ["curator", "principal", "administrator", "mentor", "user_without_role"]
EDITORS = {"curator", "administrator"}
VIEWERS = {"curator", "principal", "administrator"}


@pytest.fixture
def pupil(organization):
    return PersonFactory(organization=organization, last_name="Орлов", first_name="Павел", school_class="7Б")


@pytest.fixture
def mother_link(pupil):
    return LegalRepresentativeFactory(
        minor=pupil, representative__last_name="Орлова", representative__first_name="Анна"
    )


@pytest.fixture
def partner(organization):
    return PartnerOrganizationFactory(organization=organization, name="ООО «Станкозавод»")


def _urls(pupil, link, partner):
    """(url name, url, who may GET, who may POST) for every page of this file."""
    archived = PersonFactory(organization=pupil.organization, is_archived=True)
    return [
        ("person-restore", reverse("people:person-restore", args=[archived.pk]), EDITORS, EDITORS),
        ("person-export", reverse("people:person-export"), VIEWERS, set()),
        ("person-create", reverse("people:person-create"), EDITORS, EDITORS),
        ("person-edit", reverse("people:person-edit", args=[pupil.pk]), EDITORS, EDITORS),
        ("person-archive", reverse("people:person-archive", args=[pupil.pk]), EDITORS, EDITORS),
        ("representative-link", reverse("people:representative-link", args=[pupil.pk]), EDITORS, EDITORS),
        ("representative-unlink", reverse("people:representative-unlink", args=[link.pk]), EDITORS, EDITORS),
        ("partner-detail", reverse("people:partner-detail", args=[partner.pk]), VIEWERS, set()),
        ("partner-create", reverse("people:partner-create"), EDITORS, EDITORS),
        ("partner-edit", reverse("people:partner-edit", args=[partner.pk]), EDITORS, EDITORS),
    ]


@pytest.mark.parametrize("role_fixture", ROLES)
def test_people_pages_open_only_for_their_roles(request, client_for, role_fixture, pupil, mother_link, partner):
    client = client_for(request.getfixturevalue(role_fixture))
    for name, url, may_get, may_post in _urls(pupil, mother_link, partner):
        expected_get = 200 if role_fixture in may_get else 403
        assert client.get(url).status_code == expected_get, f"GET {name} as {role_fixture}"
        if role_fixture not in may_post:
            # a POST never changes anything for a role that may not write (read-only pages answer 405)
            assert client.post(url, {}).status_code in (403, 405), f"POST {name} as {role_fixture}"
    # GET only asks for confirmation, and a POST of a read-only role is refused: nothing changed
    assert Person.objects.filter(pk=pupil.pk, is_archived=False).exists()
    assert Person.objects.filter(is_archived=True).count() == 1
    assert LegalRepresentative.objects.filter(pk=mother_link.pk).exists()


def test_anonymous_user_is_sent_to_login_from_every_people_page(client, pupil, mother_link, partner):
    for name, url, _, _ in _urls(pupil, mother_link, partner):
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name


def test_another_organizations_people_and_partners_are_not_found(client_for, curator, other_organization):
    stranger = PersonFactory(organization=other_organization)
    link = LegalRepresentativeFactory(minor=stranger)
    partner = PartnerOrganizationFactory(organization=other_organization)
    client = client_for(curator)
    assert client.get(reverse("people:partner-detail", args=[partner.pk])).status_code == 404
    for url in (
        reverse("people:person-edit", args=[stranger.pk]),
        reverse("people:person-archive", args=[stranger.pk]),
        reverse("people:person-restore", args=[stranger.pk]),
        reverse("people:representative-link", args=[stranger.pk]),
        reverse("people:representative-unlink", args=[link.pk]),
        reverse("people:partner-edit", args=[partner.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert LegalRepresentative.objects.filter(pk=link.pk).exists()
    assert not Person.objects.get(pk=stranger.pk).is_archived


def _person_data(**overrides):
    data = {
        "last_name": "Кузнецова",
        "first_name": "Мария",
        "middle_name": "Игоревна",
        "sex": "F",
        "birth_date": "2012-03-04",
        "category": "pupil",
        "school_class": "6 а",
        "phone": "",
        "email": "",
    }
    data.update(overrides)
    return data


def test_curator_creates_a_pupil_and_the_class_is_normalized(client_for, curator):
    response = client_for(curator).post(reverse("people:person-create"), _person_data(), follow=True)
    person = Person.objects.get(last_name="Кузнецова")
    assert person.school_class == "6А"
    assert person.organization == curator.organization
    assert response.redirect_chain[-1][0] == person.get_absolute_url()
    assert "Кузнецова Мария Игоревна добавлен(а) в список участников" in response.content.decode()


def test_a_wrong_class_is_refused_in_russian(client_for, curator):
    response = client_for(curator).post(reverse("people:person-create"), _person_data(school_class="15Ж"))
    assert response.status_code == 200
    assert "не похоже на класс" in response.content.decode()
    assert not Person.objects.filter(last_name="Кузнецова").exists()


def test_a_pupil_without_class_is_refused_by_the_service(client_for, curator):
    response = client_for(curator).post(reverse("people:person-create"), _person_data(school_class=""))
    assert "У обучающегося Кузнецова Мария Игоревна не указан класс" in response.content.decode()
    assert not Person.objects.filter(last_name="Кузнецова").exists()


def test_administrator_edits_a_person_without_seeing_or_touching_the_marks(client_for, administrator, organization):
    pupil = PersonFactory(organization=organization, is_at_risk=True, is_gifted=True)
    client = client_for(administrator)
    url = reverse("people:person-edit", args=[pupil.pk])
    html = client.get(url).content.decode()
    assert "is_at_risk" not in html and "группа риска" not in html and "ОВЗ" not in html
    data = _person_data(last_name="Новиков", sex="M", school_class="7Б", is_at_risk="", is_gifted="")
    assert client.post(url, data).status_code == 302
    pupil.refresh_from_db()
    assert pupil.last_name == "Новиков"
    assert pupil.is_at_risk and pupil.is_gifted


def test_curator_sees_and_sets_marks_on_the_edit_form(client_for, curator, pupil):
    url = reverse("people:person-edit", args=[pupil.pk])
    client = client_for(curator)
    assert 'name="is_at_risk"' in client.get(url).content.decode()
    data = _person_data(last_name="Орлов", first_name="Павел", sex="M", school_class="7Б", is_at_risk="on")
    assert client.post(url, data).status_code == 302
    pupil.refresh_from_db()
    assert pupil.is_at_risk


def test_the_ovz_mark_needs_a_valid_consent_covering_health_data(client_for, curator, pupil, mother_link):
    url = reverse("people:person-edit", args=[pupil.pk])
    data = _person_data(
        last_name="Орлов", first_name="Павел", middle_name="Иванович", sex="M", school_class="7Б", has_disability="on"
    )
    client = client_for(curator)

    consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY)  # no health data
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Отметку «ОВЗ» для Орлов Павел Иванович можно поставить только при действующем согласии" in (
        response.content.decode()
    )
    pupil.refresh_from_db()
    assert not pupil.has_disability

    health = consent_create(
        person=pupil, signed_by=mother_link.representative, signed_on=TODAY, covers_health_data=True
    )
    consent_revoke(consent=health, revoked_on=TODAY)
    assert client.post(url, data).status_code == 200
    pupil.refresh_from_db()
    assert not pupil.has_disability

    consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY, covers_health_data=True)
    assert client.post(url, data).status_code == 302
    pupil.refresh_from_db()
    assert pupil.has_disability


def test_a_new_person_cannot_be_created_with_the_ovz_mark(client_for, curator):
    response = client_for(curator).post(reverse("people:person-create"), _person_data(has_disability="on"))
    assert "Отметку «ОВЗ» для Кузнецова Мария Игоревна" in response.content.decode()
    assert not Person.objects.filter(last_name="Кузнецова").exists()


def test_archive_asks_for_confirmation_then_archives_and_restore_brings_back(client_for, curator, pupil):
    client = client_for(curator)
    archive_url = reverse("people:person-archive", args=[pupil.pk])
    page = client.get(archive_url).content.decode()
    assert "Переместить в архив" in page and "не удаляется" in page
    pupil.refresh_from_db()
    assert not pupil.is_archived

    response = client.post(archive_url, follow=True)
    pupil.refresh_from_db()
    assert pupil.is_archived and Person.objects.filter(pk=pupil.pk).exists()
    assert "перемещён(а) в архив" in response.content.decode()
    listed = client.get(reverse("people:person-list")).context["table"].data
    assert pupil not in list(listed)

    restore_url = reverse("people:person-restore", args=[pupil.pk])
    assert "Вернуть из архива" in client.get(restore_url).content.decode()
    client.post(restore_url)
    pupil.refresh_from_db()
    assert not pupil.is_archived


def test_curator_links_an_existing_parent_and_unlinks_after_confirmation(client_for, curator, pupil, organization):
    father = PersonFactory(
        organization=organization,
        category=Person.Category.PARENT,
        last_name="Орлов",
        first_name="Сергей",
        birth_date=dt.date(1980, 1, 1),
    )
    client = client_for(curator)
    link_url = reverse("people:representative-link", args=[pupil.pk])
    form_page = client.get(link_url, {"q": "орлов серг"})
    assert list(form_page.context["form"].fields["representative"].queryset) == [father]

    response = client.post(link_url, {"representative": father.pk, "relation": "father"}, follow=True)
    link = LegalRepresentative.objects.get(minor=pupil, representative=father)
    assert "указан(а) законным представителем" in response.content.decode()
    assert "Орлов Сергей Иванович" in response.content.decode() and "отец" in response.content.decode()

    unlink_url = reverse("people:representative-unlink", args=[link.pk])
    assert "Убрать связь" in client.get(unlink_url).content.decode()
    assert LegalRepresentative.objects.filter(pk=link.pk).exists()
    client.post(unlink_url)
    assert not LegalRepresentative.objects.filter(pk=link.pk).exists()
    assert Person.objects.filter(pk=father.pk).exists()


def test_a_minor_cannot_be_picked_as_a_representative(client_for, curator, pupil, organization):
    classmate = PersonFactory(organization=organization)
    response = client_for(curator).post(
        reverse("people:representative-link", args=[pupil.pk]), {"representative": classmate.pk, "relation": "other"}
    )
    assert response.status_code == 200
    assert "Выберите человека из списка" in response.content.decode()
    assert not LegalRepresentative.objects.filter(minor=pupil).exists()


def test_partners_are_created_and_edited_with_their_agreement(client_for, administrator):
    client = client_for(administrator)
    data = {"name": "АО «Дальэнерго»", "inn": "2723088770", "agreement_number": "12-СП", "agreement_date": "2025-08-30"}
    response = client.post(reverse("people:partner-create"), data, follow=True)
    partner = PartnerOrganization.objects.get(name="АО «Дальэнерго»")
    assert partner.organization == administrator.organization
    assert "Организация-партнёр «АО «Дальэнерго»» добавлена" in response.content.decode()

    data.update(agreement_end_date="2025-01-01")
    response = client.post(reverse("people:partner-edit", args=[partner.pk]), data)
    assert "не может закончиться раньше, чем заключён" in response.content.decode()
    data.update(agreement_end_date="2027-08-31")
    client.post(reverse("people:partner-edit", args=[partner.pk]), data)
    partner.refresh_from_db()
    assert partner.agreement_end_date == dt.date(2027, 8, 31)


def test_a_second_partner_with_the_same_inn_is_refused(client_for, curator, organization):
    PartnerOrganizationFactory(organization=organization, inn="2723088770")
    response = client_for(curator).post(reverse("people:partner-create"), {"name": "Двойник", "inn": "2723088770"})
    assert "Партнёр с таким ИНН уже есть" in response.content.decode()
    assert not PartnerOrganization.objects.filter(name="Двойник").exists()


def test_partner_page_lists_its_people_with_their_consent(client_for, principal, partner, organization):
    PersonFactory(organization=organization, category=Person.Category.EMPLOYER, partner=partner, last_name="Токарев")
    html = client_for(principal).get(reverse("people:partner-detail", args=[partner.pk])).content.decode()
    assert "Токарев" in html and "нет согласия" in html
    assert reverse("people:partner-edit", args=[partner.pk]) not in html


def test_person_page_shows_everything_to_the_curator(client_for, curator, pupil, mother_link):
    consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY, valid_until=TODAY)
    mentee = mentee_profile_create(person=pupil)
    html = client_for(curator).get(pupil.get_absolute_url()).content.decode()
    assert "Орлова Анна" in html and "мать" in html
    assert 'data-testid="consent-row"' in html and "действует" in html
    assert mentee.get_absolute_url() in html
    assert "Добавить в банк наставников" in html
    assert reverse("people:person-edit", args=[pupil.pk]) in html
    assert reverse("people:consent-create", args=[pupil.pk]) in html
    assert 'data-testid="consent-banner"' not in html


def test_person_page_is_read_only_for_the_principal(client_for, principal, pupil):
    html = client_for(principal).get(pupil.get_absolute_url()).content.decode()
    assert 'data-testid="consents"' in html
    for url in (
        reverse("people:person-edit", args=[pupil.pk]),
        reverse("people:person-archive", args=[pupil.pk]),
        reverse("people:consent-create", args=[pupil.pk]),
        reverse("people:representative-link", args=[pupil.pk]),
        reverse("people:mentee-create"),
    ):
        assert url not in html


def test_administrator_sees_no_consents_or_banks_on_a_person_page(client_for, administrator, pupil, mother_link):
    consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY)
    html = client_for(administrator).get(pupil.get_absolute_url()).content.decode()
    assert 'data-testid="consents"' not in html and 'data-testid="mentor-bank"' not in html
    assert reverse("people:person-edit", args=[pupil.pk]) in html


def test_person_page_links_to_the_mentor_profile(client_for, curator, organization):
    teacher = PersonFactory(organization=organization, category=Person.Category.TEACHER, birth_date=dt.date(1980, 1, 1))
    profile = mentor_profile_create(person=teacher)
    html = client_for(curator).get(teacher.get_absolute_url()).content.decode()
    assert profile.get_absolute_url() in html
    assert "Добавить в банк наставников" not in html


def test_person_list_marks_a_revoked_consent_on_the_row(client_for, administrator, pupil, mother_link):
    consent = consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY)
    consent_revoke(consent=consent, revoked_on=TODAY)
    html = client_for(administrator).get(reverse("people:person-list"), {"q": "орлов"}).content.decode()
    assert f"отозвано {TODAY:%d.%m.%Y}</span>" in html


def test_person_list_filters_by_consent_state(client_for, curator, pupil, mother_link, organization):
    consent_create(person=pupil, signed_by=mother_link.representative, signed_on=TODAY)
    PersonFactory(organization=organization, last_name="Бессогласный")
    client = client_for(curator)
    valid = [p.last_name for p in client.get(reverse("people:person-list"), {"consent": "valid"}).context["table"].data]
    missing = client.get(reverse("people:person-list"), {"consent": "missing"}).context["table"].data
    assert valid == ["Орлов"]
    assert "Бессогласный" in [p.last_name for p in missing] and "Орлов" not in [p.last_name for p in missing]


def test_person_list_with_consents_and_marks_keeps_its_query_count(
    client_for, curator, organization, django_assert_max_num_queries
):
    client = client_for(curator)

    def add_pupils(count):
        for _ in range(count):
            link = LegalRepresentativeFactory(minor__organization=organization, minor__is_gifted=True)
            consent = consent_create(person=link.minor, signed_by=link.representative, signed_on=TODAY)
            consent_revoke(consent=consent, revoked_on=TODAY)

    add_pupils(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("people:person-list"), {"category": "pupil"})
    add_pupils(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:person-list"), {"category": "pupil"})
    assert response.content.decode().count(f"отозвано {TODAY:%d.%m.%Y}") == 17


def test_administrator_list_has_no_marks_column(client_for, administrator, curator, organization):
    PersonFactory(organization=organization, has_disability=True, is_at_risk=True, is_gifted=True)
    admin_html = client_for(administrator).get(reverse("people:person-list")).content.decode()
    assert "Отметки" not in admin_html and "ОВЗ" not in admin_html and "группа риска" not in admin_html
    curator_html = client_for(curator).get(reverse("people:person-list")).content.decode()
    assert 'data-testid="mark-ovz"' in curator_html and 'data-testid="mark-risk"' in curator_html


def test_the_person_page_reads_both_kinds_of_representative_links_in_one_query(
    client_for, curator, pupil, mother_link, django_assert_max_num_queries
):
    """The mother's page lists whom she represents; the pupil's lists his representatives: one query each page."""
    younger = PersonFactory(organization=pupil.organization, last_name="Орлов", first_name="Илья")
    LegalRepresentativeFactory(minor=younger, representative=mother_link.representative)
    client = client_for(curator)

    with django_assert_max_num_queries(12) as mother_page:
        html = client.get(mother_link.representative.get_absolute_url()).content.decode()
    links = [query for query in mother_page.captured_queries if 'FROM "people_legalrepresentative"' in query["sql"]]
    assert len(links) == 1
    assert "Представляет интересы" in html and "Орлов Павел" in html and "Орлов Илья" in html

    pupil_html = client.get(pupil.get_absolute_url()).content.decode()
    assert "Законные представители" in pupil_html and "Орлова Анна" in pupil_html
