"""Per-request guards for signed-in users: session time limits and no caching of their pages."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control

SESSION_STARTED_KEY = "_session_started_at"
SESSION_SEEN_KEY = "_session_seen_at"


@receiver(user_logged_in, dispatch_uid="mentorship.session_started")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionLimitsMiddleware:
    """Ends a session idle for SESSION_IDLE_SECONDS or older than SESSION_ABSOLUTE_SECONDS.

    The session cookie's own age (SESSION_COOKIE_AGE, renewed on every request) already drops an idle
    session in the browser; this checks both limits on the server, whatever the cookie says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED_KEY, now)
            seen = session.get(SESSION_SEEN_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                self._end(request, "Сеанс работы истёк. Войдите снова.")
            elif now - seen > settings.SESSION_IDLE_SECONDS:
                self._end(request, "Сеанс завершён из-за долгого бездействия. Войдите снова.")
            else:
                session[SESSION_SEEN_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _end(request, message):
        logout(request)  # flushes the session; the view then sees an anonymous user
        messages.info(request, message)


class NoStoreForUsersMiddleware:
    """``Cache-Control: no-store`` on every response to a signed-in user: pages hold personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True)
        return response
