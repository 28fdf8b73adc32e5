"""The authentication backend: Django's ModelBackend with a cheaper per-request user load."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef

from people.models import User


class PortalBackend(ModelBackend):
    """Every signed-in request loads its user with the organization and the role names in one query.

    ModelBackend's load is one query, then ``user.organization`` and ``user.role_names`` take one each on
    almost every page (the menu, the access checks). Still one query per request: a deactivated account or a
    withdrawn role takes effect on the next page, nothing about the user is kept between requests.
    """

    def get_user(self, user_id):
        roles = Group.objects.filter(user=OuterRef("pk")).values("name")
        user = (
            User._default_manager.select_related("organization")
            .annotate(group_names=ArraySubquery(roles))
            .filter(pk=user_id)
            .first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        user._role_names = frozenset(user.group_names)  # what User.role_names would read with a query
        return user
