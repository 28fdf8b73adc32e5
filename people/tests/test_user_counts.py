"""The administrator's home counts accounts by role (people.selectors.user_counts_by_role)."""

from people.roles import Role
from people.selectors import user_counts_by_role
from people.tests.factories import UserFactory


def test_user_counts_count_each_account_once_and_each_role_it_holds(organization, other_organization):
    UserFactory(username="both", organization=organization, roles=[Role.CURATOR, Role.MENTOR])
    UserFactory(username="mentor", organization=organization, roles=[Role.MENTOR])
    UserFactory(username="none", organization=organization, roles=[])
    UserFactory(username="gone", organization=organization, roles=[Role.MENTOR], is_active=False)
    UserFactory(username="elsewhere", organization=other_organization, roles=[Role.MENTOR])
    counts = user_counts_by_role(organization.pk)
    assert counts == {"curator": 1, "principal": 0, "mentor": 2, "administrator": 0, "total": 3}
