"""The mentee bank in the browser: list, card, adding with a first request, requests, status, full-cycle mark."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import MenteeProfile, MenteeRequest, Person
from people.services import consent_create, mentee_bank_add, mentee_full_cycle_mark, mentee_request_add
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ROLES = ["curator", "principal", "administrator", "mentor", "user_without_role"]
READERS = {"curator", "principal"}
WRITERS = {"curator"}


def _mentee(organization, text="подготовка к олимпиаде", source="self", **person_values):
    person = PersonFactory(organization=organization, **person_values)
    return mentee_bank_add(person=person, request_text=text, request_source=source, request_tags=["математика"])


@pytest.fixture
def profile(organization):
    return _mentee(organization, last_name="Алёшин", first_name="Фёдор", school_class="8В")


def _pages(profile):
    return [
        (reverse("people:mentee-list"), READERS, set()),
        (reverse("people:mentee-export"), READERS, set()),
        (reverse("people:mentee-detail", args=[profile.pk]), READERS, set()),
        (reverse("people:mentee-create"), WRITERS, WRITERS),
        (reverse("people:mentee-request-add", args=[profile.pk]), WRITERS, WRITERS),
        (reverse("people:mentee-full-cycle", args=[profile.pk]), WRITERS, WRITERS),
        (reverse("people:mentee-status", args=[profile.pk]), WRITERS, WRITERS),
    ]


@pytest.mark.parametrize("role_fixture", ROLES)
def test_mentee_bank_opens_for_curator_and_principal_and_changes_only_for_curator(
    request, client_for, role_fixture, profile
):
    client = client_for(request.getfixturevalue(role_fixture))
    data = {"status": "left", "completed_on": TODAY.isoformat(), "text": "чужой запрос", "source": "self"}
    for url, may_get, may_post in _pages(profile):
        assert client.get(url).status_code == (200 if role_fixture in may_get else 403), url
        if may_post and role_fixture not in may_post:
            assert client.post(url, data).status_code == 403, url
    profile.refresh_from_db()
    assert profile.status == MenteeProfile.Status.WAITING and profile.requests.count() == 1


def test_anonymous_user_is_sent_to_login_from_the_mentee_bank(client, profile):
    for url, _, _ in _pages(profile):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_another_organizations_mentee_is_not_found(client_for, curator, other_organization):
    foreign = _mentee(other_organization)
    client = client_for(curator)
    for name in ("mentee-detail", "mentee-request-add", "mentee-full-cycle", "mentee-status"):
        url = reverse(f"people:{name}", args=[foreign.pk])
        assert client.get(url).status_code == 404, name
    response = client.post(reverse("people:mentee-status", args=[foreign.pk]), {"status": "left"})
    assert response.status_code == 404
    assert client.get(reverse("people:mentee-create"), {"person": foreign.person.pk}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MenteeProfile.Status.WAITING


@pytest.mark.parametrize(("query", "expected"), [("алешин", "Алёшин"), ("федор", "Алёшин"), ("СЁМИНА", "Семина")])
def test_mentee_search_ignores_case_and_yo(client_for, curator, organization, profile, query, expected):
    _mentee(organization, last_name="Семина", first_name="Ольга")
    response = client_for(curator).get(reverse("people:mentee-list"), {"q": query})
    assert [mentee.person.last_name for mentee in response.context["table"].data] == [expected]


def test_mentee_list_filters_by_status_class_category_source_mark_and_consent(
    client_for, curator, organization, profile
):
    teacher = _mentee(
        organization,
        text="адаптация в коллективе",
        source="attestation",
        category=Person.Category.TEACHER,
        birth_date=dt.date(1999, 1, 1),
        last_name="Молодая",
    )
    consent_create(person=teacher.person, signed_on=TODAY)
    gifted = _mentee(organization, last_name="Одарённый", school_class="5А", is_gifted=True)
    mentee_full_cycle_mark(profile=gifted, completed_on=TODAY)
    client = client_for(curator)

    def names(**params):
        return {m.person.last_name for m in client.get(reverse("people:mentee-list"), params).context["table"].data}

    assert names(status="completed") == {"Одарённый"}
    assert names(school_class="8 в") == {"Алёшин"}
    assert names(category="teacher") == {"Молодая"}
    assert names(source="attestation") == {"Молодая"}
    assert names(mark="gifted") == {"Одарённый"}
    assert names(consent="valid") == {"Молодая"}
    assert names(consent="missing") == {"Алёшин", "Одарённый"}


def test_mentee_list_keeps_its_query_count(client_for, curator, organization, django_assert_max_num_queries):
    client = client_for(curator)

    def add(count):
        for _ in range(count):
            link = LegalRepresentativeFactory(minor__organization=organization)
            profile = mentee_bank_add(
                person=link.minor, request_text="отстаёт по русскому", request_source="class_teacher"
            )
            mentee_request_add(profile=profile, text="конфликты в классе", source="psychologist")
            consent_create(person=link.minor, signed_by=link.representative, signed_on=TODAY)

    add(2)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("people:mentee-list"))
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:mentee-list"))
    assert response.content.decode().count("и ещё 1") == 17


def test_curator_adds_a_pupil_with_his_first_request(client_for, curator, organization):
    pupil = PersonFactory(organization=organization, last_name="Зайцев", first_name="Глеб")
    client = client_for(curator)
    person_page = client.get(pupil.get_absolute_url()).content.decode()
    add_url = f"{reverse('people:mentee-create')}?person={pupil.pk}"
    assert add_url in person_page and "Добавить в банк наставляемых" in person_page

    response = client.post(
        add_url,
        {
            "text": "Трудности с математикой",
            "source": "class_teacher",
            "tags": "Математика; ОГЭ",
            "received_on": "2025-09-15",
        },
        follow=True,
    )
    profile = MenteeProfile.objects.get(person=pupil)
    request = profile.requests.get()
    assert request.source == MenteeRequest.Source.CLASS_TEACHER
    assert request.tags == ["математика", "огэ"] and request.received_on == dt.date(2025, 9, 15)
    assert profile.status == MenteeProfile.Status.WAITING
    html = response.content.decode()
    assert "внесён(а) в банк наставляемых" in html and "классный руководитель" in html


def test_the_first_request_is_required(client_for, curator, organization):
    pupil = PersonFactory(organization=organization)
    response = client_for(curator).post(
        f"{reverse('people:mentee-create')}?person={pupil.pk}", {"source": "self", "received_on": "2025-09-15"}
    )
    assert "Обязательное поле" in response.content.decode()
    assert not MenteeProfile.objects.filter(person=pupil).exists()


def test_a_parent_cannot_enter_the_mentee_bank(client_for, curator, organization):
    parent = PersonFactory(organization=organization, category=Person.Category.PARENT, birth_date=dt.date(1980, 1, 1))
    client = client_for(curator)
    assert parent not in client.get(reverse("people:mentee-create")).context["candidates"]
    response = client.post(
        f"{reverse('people:mentee-create')}?person={parent.pk}",
        {"text": "запрос", "source": "self", "received_on": TODAY.isoformat()},
    )
    assert "не может быть наставляемым" in response.content.decode()
    assert not MenteeProfile.objects.filter(person=parent).exists()


def test_curator_adds_another_request(client_for, curator, profile):
    client_for(curator).post(
        reverse("people:mentee-request-add", args=[profile.pk]),
        {"text": "профориентация", "source": "parents", "tags": "профессия", "received_on": TODAY.isoformat()},
    )
    assert profile.requests.count() == 2
    assert profile.requests.filter(source="parents", tags=["профессия"]).exists()


def test_curator_sets_the_full_cycle_mark_with_its_date(client_for, curator, profile):
    client = client_for(curator)
    url = reverse("people:mentee-full-cycle", args=[profile.pk])
    response = client.post(url, {"completed_on": (TODAY + dt.timedelta(days=3)).isoformat()})
    assert "Дата отметки не может быть в будущем" in response.content.decode()

    completed_on = TODAY - dt.timedelta(days=7)
    response = client.post(url, {"completed_on": completed_on.isoformat()}, follow=True)
    profile.refresh_from_db()
    assert profile.full_cycle_completed_on == completed_on
    assert profile.status == MenteeProfile.Status.COMPLETED
    assert f"да, {completed_on:%d.%m.%Y}" in response.content.decode()


def test_changing_the_status_away_from_completed_clears_the_mark(client_for, curator, profile):
    mentee_full_cycle_mark(profile=profile, completed_on=TODAY)
    client = client_for(curator)
    form = client.get(reverse("people:mentee-status", args=[profile.pk])).context["form"]
    assert "completed" not in [value for value, _ in form.fields["status"].choices]
    client.post(reverse("people:mentee-status", args=[profile.pk]), {"status": "paired"})
    profile.refresh_from_db()
    assert profile.status == MenteeProfile.Status.PAIRED and profile.full_cycle_completed_on is None


def test_principal_sees_the_mentee_card_without_buttons(client_for, principal, profile):
    html = client_for(principal).get(profile.get_absolute_url()).content.decode()
    assert "подготовка к олимпиаде" in html and "самозапрос" in html and "математика" in html
    for name in ("mentee-request-add", "mentee-full-cycle", "mentee-status"):
        assert reverse(f"people:{name}", args=[profile.pk]) not in html
