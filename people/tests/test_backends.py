"""The per-request load of a signed-in user (people.backends.PortalBackend, cached_db sessions): one query
for the user with the organization and the roles, the session from the cache; yet a change to the account
takes effect on the very next page."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.backends import PortalBackend, user_load
from people.models import Organization, User
from people.roles import Role
from people.tests.factories import UserFactory


def test_user_comes_with_organization_and_roles_in_one_query(curator, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(curator.pk)
        assert user.organization.short_name == curator.organization.short_name
        assert user.roles == [Role.CURATOR]
        assert user.has_role(Role.CURATOR) and not user.has_role(Role.MENTOR)


def test_inactive_or_unknown_user_is_not_loaded(curator):
    curator.is_active = False
    curator.save()
    assert PortalBackend().get_user(curator.pk) is None
    assert PortalBackend().get_user(curator.pk + 1000) is None


def test_signed_in_page_reads_the_session_from_the_cache(client_for, curator):
    client = client_for(curator)
    client.get(reverse("home"))  # the first page marks the session's start: a write
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert [query["sql"] for query in queries if "django_session" in query["sql"]] == []
    assert len(queries) == 1, [query["sql"] for query in queries]  # the user, its school and roles


def test_session_lost_by_the_cache_is_read_from_the_database(client_for, curator):
    client = client_for(curator)
    cache.clear()
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 200
    assert response.wsgi_request.user == curator


def test_withdrawn_role_takes_effect_on_the_next_page(client_for, curator):
    client = client_for(curator)
    assert client.get(reverse("people:person-list")).status_code == 200
    curator.groups.clear()
    assert client.get(reverse("people:person-list")).status_code == 403


def test_deactivated_account_is_signed_out_on_the_next_page(client_for, curator):
    client = client_for(curator)
    assert client.get(reverse("home")).status_code == 200
    curator.is_active = False
    curator.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_logout_ends_the_session_in_the_cache_too(client_for, curator):
    client = client_for(curator)
    session_key = client.session.session_key
    client.post(reverse("logout"))
    client.cookies["sessionid"] = session_key  # a copy of the old cookie, replayed
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_user_load_reads_every_field_as_the_orm_does(curator, user_without_role):
    for account in (curator, user_without_role):
        loaded, expected = user_load(account.pk), User.objects.select_related("organization").get(pk=account.pk)
        for field in User._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
        for field in Organization._meta.concrete_fields:
            assert getattr(loaded.organization, field.attname) == getattr(expected.organization, field.attname)
        assert loaded.role_names == frozenset(expected.groups.values_list("name", flat=True))
        assert loaded._state.adding is False and loaded._state.db == "default"


def test_user_without_organization_loads_without_one(db):
    user = UserFactory(organization=None, roles=[])
    loaded = user_load(user.pk)
    assert loaded.organization is None and loaded.roles == []
    assert user_load(user.pk + 1000) is None
