"""Access checks shared by every view: who may open a page at all.

What a user may see inside a page is the business of each app's selectors
(``*_visible_to(user)``), which answer 404 for objects outside the user's scope.
"""

import ipaddress
from functools import wraps

from django.conf import settings
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


def client_ip(request) -> str | None:
    """The client's address for login throttling and the audit trail.

    Without proxies it is REMOTE_ADDR (an X-Forwarded-For the client wrote itself is ignored). Behind
    ``PROXY_COUNT`` reverse proxies each of them appended the address it saw, so the client is that many
    entries from the right; whatever the client put before them does not count.
    """
    address = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None
