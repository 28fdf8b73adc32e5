"""Access checks shared by every view: who may open a page at all.

What a user may see inside a page is the business of each app's selectors
(``*_visible_to(user)``), which answer 404 for objects outside the user's scope.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from people.roles import Role


def role_required(*roles: Role):
    """Let in logged-in users holding any of ``roles``; others get 403, anonymous users the login page."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not request.user.has_role(*roles):
                raise PermissionDenied("Раздел недоступен для вашей роли.")
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

    return decorator
