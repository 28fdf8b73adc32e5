"""Per-request guards for signed-in users: session time limits, no caching of their pages, and the audit
trail's context and access log (who changed what from where; refusals and file downloads)."""

import time
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.cache import patch_cache_control
from pghistory.middleware import HistoryMiddleware

from mentorship import access
from mentorship.xlsx import XLSX_CONTENT_TYPE
from people import audit
from people.models import AccessEvent

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

    The session cookie's own age (SESSION_COOKIE_AGE, renewed whenever the activity mark moves, at most
    once every SESSION_TOUCH_SECONDS) already drops an idle session in the browser; this checks both limits
    on the server, whatever the cookie says.
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
            elif now - seen >= settings.SESSION_TOUCH_SECONDS:
                session[SESSION_SEEN_KEY] = now  # modified: saved, and its cookie renewed
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


class AuditContextMiddleware(HistoryMiddleware):
    """Puts the user, the client address and the page into the context of every change the request writes.

    The database triggers of django-pghistory copy this context into each event row.
    """

    def get_context(self, request):
        context = super().get_context(request)
        context["ip"] = access.client_ip(request)
        return context


# A response is a file download (an export of personal data) when the browser is told to save it,
# or when it is one of the formats the portal exports in.
_EXPORT_CONTENT_TYPES = (
    "application/pdf",
    "application/zip",
    XLSX_CONTENT_TYPE,
    "application/vnd.ms-excel",
    "text/csv",
)


class AccessLogMiddleware:
    """Writes every 403 and every file a signed-in user downloads to the access log (people.AccessEvent)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            audit.access_event_record(kind=AccessEvent.Kind.FORBIDDEN, request=request)
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and 200 <= response.status_code < 300:
            file_name = _downloaded_file_name(response)
            if file_name is not None:
                audit.access_event_record(kind=AccessEvent.Kind.EXPORT, request=request, details=file_name)
        return response


def _downloaded_file_name(response) -> str | None:
    """The file's name for a download ("" when it has none), None for an ordinary page."""
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if not disposition.lower().startswith("attachment") and content_type not in _EXPORT_CONTENT_TYPES:
        return None
    name = ""
    for part in disposition.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "filename*" and value:
            name = unquote(value.split("''", 1)[-1])
            break
        if key.lower() == "filename" and value:
            name = value.strip('"')
    return name or content_type
