"""Security hardening: login throttling, Content-Security-Policy, no caching, session time limits."""

import time

import pytest
from django.urls import reverse

from mentorship.middleware import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from people.roles import Role
from people.tests.factories import UserFactory
from programs.models import Order
from programs.orders import order_create
from programs.tests.test_documents import teacher

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests"  # people.tests.factories.UserFactory
SCHOOL_IP = "10.20.30.40"
HOME_IP = "192.0.2.7"


def log_in(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- Login throttling -------------------------------------------------------------------------


def test_five_wrong_passwords_lock_out_that_user_from_that_address_only(client, settings, organization):
    assert settings.AXES_ENABLED is True
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    UserFactory(username="pupil_a", organization=organization, roles=[Role.MENTOR])
    UserFactory(username="teacher_b", organization=organization, roles=[Role.MENTOR])

    for _ in range(4):
        response = log_in(client, "pupil_a", "wrong", SCHOOL_IP)
        assert response.status_code == 200  # the login form with its usual error
    response = log_in(client, "pupil_a", "wrong", SCHOOL_IP)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Вход временно заблокирован" in page
    assert "через 15 мин." in page

    # Even the right password is refused to the same user from the same address.
    response = log_in(client, "pupil_a", PASSWORD, SCHOOL_IP)
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Another user behind the same school address still signs in.
    response = log_in(client, "teacher_b", PASSWORD, SCHOOL_IP)
    assert response.status_code == 302 and response.url == reverse("home")
    client.post(reverse("logout"), REMOTE_ADDR=SCHOOL_IP)

    # The same user from another address still signs in.
    response = log_in(client, "pupil_a", PASSWORD, HOME_IP)
    assert response.status_code == 302 and response.url == reverse("home")


def test_axes_backend_comes_first_and_its_middleware_last(settings):
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


# --- Content-Security-Policy ------------------------------------------------------------------


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def test_pages_carry_the_content_security_policy(client, client_for, curator):
    assert directives(client.get(reverse("login"))) == EXPECTED_CSP
    response = client_for(curator).get(reverse("home"))
    assert response.status_code == 200
    assert directives(response) == EXPECTED_CSP
    assert response["X-Frame-Options"] == "DENY"


def test_order_preview_may_be_framed_by_our_own_pages_only(client_for, curator, organization):
    order = order_create(
        organization=organization,
        kind=Order.Kind.CURATOR_APPOINTMENT,
        created_by=curator,
        appointee=teacher(organization, "Орлова", "Вера", "Ильинична", mentor=False),
    )
    client = client_for(curator)
    detail = client.get(reverse("programs:order-detail", args=[order.pk]))
    assert directives(detail) == {**EXPECTED_CSP, "object-src": "'self'"}  # the signed PDF's <object>
    preview = client.get(reverse("programs:order-preview", args=[order.pk]))
    assert preview.status_code == 200
    assert directives(preview) == {**EXPECTED_CSP, "frame-ancestors": "'self'"}
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    pdf = client.get(reverse("programs:order-pdf", args=[order.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in pdf


# --- No caching for signed-in users -----------------------------------------------------------


def test_responses_to_signed_in_users_are_not_stored(client, client_for, curator):
    anonymous = client.get("/no-such-page/")  # (the login page is never cached by Django itself)
    assert "no-store" not in anonymous.get("Cache-Control", "")
    client = client_for(curator)
    for url in (reverse("home"), reverse("people:person-list"), "/no-such-page/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


# --- Session time limits ----------------------------------------------------------------------


def shift_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"started": SESSION_STARTED_KEY, "seen": SESSION_SEEN_KEY}[key]] = now - ago
    session.save()


def test_session_settings(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False  # the middleware saves it when the activity mark moves
    assert settings.SESSION_TOUCH_SECONDS == 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 10 * 60 * 60


def test_login_records_the_time_and_activity_keeps_the_session(client, curator):
    before = int(time.time())
    log_in(client, "curator", PASSWORD, SCHOOL_IP)
    assert client.session[SESSION_STARTED_KEY] >= before
    shift_session(client, started=60 * 60, seen=29 * 60)  # an hour in, 29 minutes idle
    assert client.get(reverse("home")).status_code == 200
    assert client.session[SESSION_SEEN_KEY] >= before  # the activity mark moved on
    assert client.session[SESSION_STARTED_KEY] < before  # the login time did not


def test_the_activity_mark_is_written_once_a_minute_not_on_every_page(client_for, curator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(curator)
    client.get(reverse("home"))
    shift_session(client, seen=30)  # active half a minute ago

    def session_writes():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:person-list")).status_code == 200
        return [query["sql"] for query in queries if query["sql"].startswith('UPDATE "django_session"')]

    assert session_writes() == []
    assert time.time() - client.session[SESSION_SEEN_KEY] >= 30  # the mark stayed
    shift_session(client, seen=61)
    assert len(session_writes()) == 1  # a minute later the mark moves, the session and its cookie renew
    assert time.time() - client.session[SESSION_SEEN_KEY] < 5


def test_idle_session_ends(client, client_for, curator):
    client = client_for(curator)
    assert client.get(reverse("home")).status_code == 200
    shift_session(client, seen=31 * 60)
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Сеанс завершён из-за долгого бездействия" in page


def test_session_ends_after_the_absolute_limit_even_when_active(client_for, curator, settings):
    settings.SESSION_IDLE_SECONDS = 30 * 60
    client = client_for(curator)
    assert client.get(reverse("home")).status_code == 200
    shift_session(client, started=10 * 60 * 60 + 1, seen=10)
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "Сеанс работы истёк" in client.get(response.url).content.decode()
