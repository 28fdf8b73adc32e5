"""Who may open the people pages and what each role sees on its home page."""

import pytest
from django.urls import reverse

from people.models import Person
from people.tests.factories import LegalRepresentativeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_russian_and_login_works(client, curator):
    response = client.get(reverse("login"))
    assert "Вход в систему" in response.content.decode()
    response = client.post(reverse("login"), {"username": "curator", "password": "pass-for-tests"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" in client.session


def test_wrong_password_is_refused_in_russian(client, curator):
    response = client.post(reverse("login"), {"username": "curator", "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()


def test_logout_ends_the_session(client_for, curator):
    client = client_for(curator)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role_fixture", "panel", "nav_labels", "hidden_labels"),
    [
        (
            "curator",
            "home-curator",
            ["Участники", "Партнёры", "Банк наставников", "Банк наставляемых", "Согласия"],
            ["Пользователи"],
        ),
        ("principal", "home-principal", ["Участники", "Банк наставников", "Согласия"], ["Пользователи"]),
        ("mentor", "home-mentor", [], ["Участники", "Партнёры", "Пользователи", "Банк наставников", "Согласия"]),
        (
            "administrator",
            "home-administrator",
            ["Участники", "Пользователи"],
            ["Банк наставников", "Банк наставляемых", "Согласия"],
        ),
    ],
)
def test_each_role_has_its_home_panel_and_navigation(
    request, client_for, role_fixture, panel, nav_labels, hidden_labels
):
    user = request.getfixturevalue(role_fixture)
    response = client_for(user).get(reverse("home"))
    html = response.content.decode()
    assert f'data-testid="{panel}"' in html
    nav = [item.label for item in response.context["nav_items"]]
    for label in nav_labels:
        assert label in nav
    for label in hidden_labels:
        assert label not in nav


def test_user_with_several_roles_sees_each_panel(client_for, organization):
    from people.roles import Role
    from people.tests.factories import UserFactory

    user = UserFactory(organization=organization, roles=[Role.CURATOR, Role.MENTOR])
    html = client_for(user).get(reverse("home")).content.decode()
    assert 'data-testid="home-curator"' in html and 'data-testid="home-mentor"' in html


def test_user_without_role_sees_no_data(client_for, user_without_role, organization):
    PersonFactory.create_batch(3, organization=organization, last_name="Секретов")
    client = client_for(user_without_role)
    home = client.get(reverse("home"))
    assert 'data-testid="no-role"' in home.content.decode()
    assert home.context["nav_items"] == []
    assert "Секретов" not in home.content.decode()
    assert client.get(reverse("people:person-list")).status_code == 403
    assert client.get(reverse("people:partner-list")).status_code == 403


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("people:person-list", {"curator", "principal", "administrator"}),
        ("people:partner-list", {"curator", "principal", "administrator"}),
        ("people:user-list", {"administrator"}),
    ],
)
@pytest.mark.parametrize("role_fixture", ["curator", "principal", "administrator", "mentor", "user_without_role"])
def test_list_pages_open_only_for_their_roles(request, client_for, url_name, allowed, role_fixture):
    user = request.getfixturevalue(role_fixture)
    status = client_for(user).get(reverse(url_name)).status_code
    assert status == (200 if role_fixture in allowed else 403)


def test_forbidden_page_is_russian(client_for, mentor):
    response = client_for(mentor).get(reverse("people:person-list"))
    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_person_of_another_organization_is_not_found(client_for, curator, other_organization):
    stranger = PersonFactory(organization=other_organization)
    response = client_for(curator).get(reverse("people:person-detail", args=[stranger.pk]))
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_sensitive_marks_shown_to_curator_and_principal_only(
    client_for, curator, principal, administrator, organization
):
    pupil = PersonFactory(organization=organization, has_disability=True, is_at_risk=True)
    url = reverse("people:person-detail", args=[pupil.pk])
    for user in (curator, principal):
        html = client_for(user).get(url).content.decode()
        assert 'data-testid="mark-ovz"' in html and 'data-testid="mark-risk"' in html
    html = client_for(administrator).get(url).content.decode()
    assert "ОВЗ" not in html and "группа риска" not in html


def test_person_page_lists_representatives(client_for, curator, organization):
    link = LegalRepresentativeFactory(minor__organization=organization, representative__last_name="Мамина")
    html = client_for(curator).get(reverse("people:person-detail", args=[link.minor.pk])).content.decode()
    assert "Мамина" in html and "мать" in html


def test_search_ignores_case_and_yo(client_for, curator, organization):
    PersonFactory(organization=organization, last_name="Семёнов", first_name="Пётр")
    PersonFactory(organization=organization, last_name="Сидоров", first_name="Олег")
    response = client_for(curator).get(reverse("people:person-list"), {"q": "СЕМЕНОВ петр"})
    names = [person.last_name for person in response.context["table"].data]
    assert names == ["Семёнов"]


def test_person_list_query_count_does_not_grow_with_rows(
    client_for, curator, organization, django_assert_max_num_queries
):
    client = client_for(curator)
    PersonFactory.create_batch(3, organization=organization)
    # 3 of these save the session, as every request does (SESSION_SAVE_EVERY_REQUEST, the idle timeout):
    # SAVEPOINT, UPDATE django_session, RELEASE SAVEPOINT.
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("people:person-list"))
    PersonFactory.create_batch(20, organization=organization, category=Person.Category.TEACHER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people:person-list"))


def test_user_list_query_count_does_not_grow_with_rows(
    client_for, administrator, organization, django_assert_max_num_queries
):
    from people.roles import Role
    from people.tests.factories import UserFactory

    client = client_for(administrator)
    UserFactory.create_batch(2, organization=organization, roles=[Role.MENTOR])
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("people:user-list"))
    UserFactory.create_batch(15, organization=organization, roles=[Role.MENTOR, Role.CURATOR])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people:user-list"))


def test_password_reset_mail_is_russian(client, curator, mailoutbox):
    curator.email = "curator@school.example"
    curator.save()
    response = client.post(reverse("password_reset"), {"email": "curator@school.example"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Наставничество" in mailoutbox[0].subject
    assert "/accounts/reset/" in mailoutbox[0].body
