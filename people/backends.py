"""The authentication backend: Django's ModelBackend with a cheaper per-request user load."""

from functools import cache

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from people.models import Organization, User


class PortalBackend(ModelBackend):
    """Every signed-in request loads its user with the organization and the role names in one query.

    ModelBackend's load is one query, then ``user.organization`` and ``user.role_names`` take one each on
    almost every page (the menu, the access checks). Still one query per request: a deactivated account or a
    withdrawn role takes effect on the next page, nothing about the user is kept between requests.
    """

    def get_user(self, user_id):
        user = user_load(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


def user_load(user_id) -> User | None:
    """The user, its organization and its role names, by a query written once per process.

    The same query through the ORM (select_related and an ArraySubquery of the groups) costs 2.5 ms more
    per page, nearly all of it compiling the SQL anew each time: the text never changes, so it is built once.
    """
    database = router.db_for_read(User)
    with connections[database].cursor() as cursor:
        cursor.execute(_user_sql(database), [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    user_fields, organization_fields = User._meta.concrete_fields, Organization._meta.concrete_fields
    user = User.from_db(database, [field.attname for field in user_fields], row[: len(user_fields)])
    organization_row = row[len(user_fields) : len(user_fields) + len(organization_fields)]
    if user.organization_id is not None:
        organization = Organization.from_db(
            database, [field.attname for field in organization_fields], organization_row
        )
        User.organization.field.set_cached_value(user, organization)
    user._role_names = frozenset(row[-1])  # what User.role_names would read with a query
    return user


@cache
def _user_sql(database: str) -> str:
    connection = connections[database]
    quote = connection.ops.quote_name
    for field in (*User._meta.concrete_fields, *Organization._meta.concrete_fields):
        if field.get_db_converters(connection):  # from_db below would be given the raw value
            raise NotImplementedError(f"user_load does not convert the values of {field} from the database")
    columns = [f"u.{quote(field.column)}" for field in User._meta.concrete_fields]
    columns += [f"o.{quote(field.column)}" for field in Organization._meta.concrete_fields]
    through = User.groups.through._meta
    group = User.groups.field.related_model._meta
    through_group, through_user = through.get_field("group").column, through.get_field("user").column
    roles = (
        f"ARRAY(SELECT g.{quote(group.get_field('name').column)} FROM {quote(group.db_table)} g "
        f"JOIN {quote(through.db_table)} ug ON ug.{quote(through_group)} = g.{quote(group.pk.column)} "
        f"WHERE ug.{quote(through_user)} = u.{quote(User._meta.pk.column)})"
    )
    return (
        f"SELECT {', '.join(columns)}, {roles} FROM {quote(User._meta.db_table)} u "
        f"LEFT JOIN {quote(Organization._meta.db_table)} o ON o.{quote(Organization._meta.pk.column)} = "
        f"u.{quote(User.organization.field.column)} WHERE u.{quote(User._meta.pk.column)} = %s"
    )
