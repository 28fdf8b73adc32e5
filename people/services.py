"""Everything that writes people, accounts and organizations."""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from people.models import Organization, Person, User
from people.roles import ROLE_PERMISSIONS, Role


@transaction.atomic
def roles_sync() -> None:
    """Create the role groups and give each the model permissions of ROLE_PERMISSIONS."""
    for role, app_actions in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = Permission.objects.none()
        for app_label, actions in app_actions.items():
            codename_prefixes = [f"{action}_" for action in actions]
            app_permissions = Permission.objects.filter(content_type__app_label=app_label)
            ids = [p.pk for p in app_permissions if any(p.codename.startswith(x) for x in codename_prefixes)]
            wanted = wanted | Permission.objects.filter(pk__in=ids)
        group.permissions.set(wanted)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    organization: Organization | None,
    roles: Iterable[Role] = (),
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create an account with its roles; administrators also get the admin site."""
    roles = list(roles)
    if person is not None:
        first_name = first_name or person.first_name
        last_name = last_name or person.last_name
        email = email or person.email
    user = User(
        username=username,
        organization=organization,
        person=person,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=Role.ADMINISTRATOR in roles,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[Role]) -> None:
    """Replace the user's role groups with the given roles."""
    roles_sync_needed = Group.objects.filter(name__in=[r.value for r in Role]).count() != len(Role)
    if roles_sync_needed:
        roles_sync()
    role_names = [role.value for role in roles]
    other_groups = user.groups.exclude(name__in=[r.value for r in Role])
    user.groups.set(list(other_groups) + list(Group.objects.filter(name__in=role_names)))
    user.is_staff = Role.ADMINISTRATOR.value in role_names or user.is_superuser
    user.save(update_fields=["is_staff"])
    if hasattr(user, "_role_names"):
        del user._role_names
