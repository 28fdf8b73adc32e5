"""Who may open each page of the dashboard and the reports: the curator and the principal of the school
(some pages the curator only), nobody else; anonymous users are sent to the login page."""

import pytest
from django.urls import reverse

from monitoring.models import IndicatorPlan, IndicatorSnapshot
from monitoring.tests.test_dashboard_support import build_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organization):
    return build_school(organization)


# (url name, args, who gets 200 besides the curator: principal too?)
PAGES = [
    ("indicators", [], True),
    ("indicator-people", [2025, "pupils_general", "numerator"], True),
    ("indicator-people", [2025, "enterprises", "denominator"], True),
    ("indicator-plans", [2025], True),
    ("indicator-fix", [2025], True),
    ("year-report-programs", [], True),
    ("annual-report", [], True),
    ("annual-report-edit", [2025], False),
    ("annual-report-pdf", [2025], True),
    ("annual-report-xlsx", [2025], True),
    ("statistical-form", [], True),
    ("statistical-form-xlsx", [2025], True),
]


@pytest.fixture
def users(curator, principal, mentor, administrator, user_without_role):
    return {
        "curator": curator,
        "principal": principal,
        "mentor": mentor,
        "administrator": administrator,
        "norole": user_without_role,
    }


def status_for(client, user, url, method="get", data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(url, data or {}).status_code


@pytest.mark.parametrize(("name", "args", "principal_allowed"), PAGES)
def test_page_access_by_role(client, users, school, name, args, principal_allowed):
    url = reverse(f"monitoring:{name}", args=args)
    assert status_for(client, users["curator"], url) == 200
    assert status_for(client, users["principal"], url) == (200 if principal_allowed else 403)
    for role in ("mentor", "administrator", "norole"):
        assert status_for(client, users[role], url) == 403, role
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_outsiders_cannot_change_plans_or_fix(client, users, school):
    plans = reverse("monitoring:indicator-plans", args=[2025])
    fix = reverse("monitoring:indicator-fix", args=[2025])
    for role in ("mentor", "administrator", "norole"):
        assert status_for(client, users[role], plans, "post", {"pupils_general": "5"}) == 403
        assert status_for(client, users[role], fix, "post") == 403
    client.logout()
    assert client.post(fix).status_code == 302
    assert not IndicatorPlan.objects.exists() and not IndicatorSnapshot.objects.exists()


def test_the_nav_shows_indicators_to_curator_and_principal_and_reports_to_mentors(client, users):
    for role, shown in (("curator", True), ("principal", True), ("mentor", False), ("administrator", False)):
        client.force_login(users[role])
        labels = [item.label for item in client.get(reverse("home")).context["nav_items"]]
        assert ("Показатели" in labels) is shown, role
        assert ("Мои отчёты" in labels) is (role == "mentor"), role
