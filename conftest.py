"""Fixtures shared by every app's tests: organizations, users of each role, a browser."""

import os
import shutil

import pytest

from people.roles import Role
from people.tests.factories import OrganizationFactory, PersonFactory, UserFactory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a panel cached by an earlier test never answers for this one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organization(db):
    return OrganizationFactory()


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(short_name="Другая школа")


def _user_with_role(organization, role, username, category=None):
    person = PersonFactory(organization=organization, category=category) if category else None
    return UserFactory(username=username, organization=organization, roles=[role] if role else [], person=person)


@pytest.fixture
def curator(organization):
    return _user_with_role(organization, Role.CURATOR, "curator", "teacher")


@pytest.fixture
def principal(organization):
    return _user_with_role(organization, Role.PRINCIPAL, "principal", "teacher")


@pytest.fixture
def administrator(organization):
    return _user_with_role(organization, Role.ADMINISTRATOR, "administrator")


@pytest.fixture
def mentor(organization):
    return _user_with_role(organization, Role.MENTOR, "mentor", "teacher")


@pytest.fixture
def other_mentor(organization):
    return _user_with_role(organization, Role.MENTOR, "mentor2", "teacher")


@pytest.fixture
def user_without_role(organization):
    return _user_with_role(organization, None, "norole")


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Browser tests ---------------------------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped browser test is a failure, not a skip."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and item.get_closest_marker("browser"):
        report.outcome = "failed"
        report.longrepr = f"Браузерный тест пропущен под CI=true: {report.longrepr}"


@pytest.fixture(scope="session")
def _playwright_browser():
    if CHROMIUM is None:
        message = "Debian chromium не установлен (make test ставит его сам: apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous code, so Django's async guard must stand aside.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server):
    """A fresh browser page; ``page.base_url`` is the live server's address."""
    context = _playwright_browser.new_context(
        base_url=live_server.url, locale="ru-RU", viewport={"width": 1280, "height": 900}
    )
    browser_page = context.new_page()
    browser_page.set_default_timeout(15_000)
    yield browser_page
    context.close()


@pytest.fixture
def screenshot_dir():
    path = os.path.join(os.path.dirname(__file__), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path
