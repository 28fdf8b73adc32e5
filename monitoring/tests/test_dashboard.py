"""The principal's (and the curator's) indicators dashboard: plan and fact of the crafted school, the
people behind each number, editable plans, fixed snapshots and a query count that does not grow."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentorship.academic_year import AcademicYear
from monitoring import dashboard_selectors, dashboard_services
from monitoring.models import IndicatorPlan, IndicatorSnapshot
from monitoring.tests.test_dashboard_support import (
    TWELVE,
    YEAR,
    build_school,
    make_pair,
    respond,
    satisfaction,
    year_url,
)
from people.tests.factories import OrganizationFactory, PersonFactory
from programs.models import Pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(organization):
    return build_school(organization)


def cell(html, testid):
    """The text of the element with data-testid=…, tags stripped and spaces squeezed."""
    match = re.search(rf'data-testid="{re.escape(testid)}"[^>]*>(.*?)</t[dh]>', html, re.S)
    assert match, testid
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def dashboard_html(client, **query):
    response = client.get(year_url("monitoring:indicators", **query))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_shows_plan_fact_and_deviation_of_the_school(client_for, principal, school):
    html = dashboard_html(client_for(principal))
    assert cell(html, "fact-pupils_general") == "25,0"
    assert cell(html, "plan-pupils_general").startswith("70,0")
    assert cell(html, "deviation-pupils_general") == "-45,0"
    assert cell(html, "fact-young_teachers") == "100,0"
    assert cell(html, "deviation-young_teachers") == "+30,0"
    assert cell(html, "fact-satisfaction_mentees") == "88,9"
    # each number links to the people behind it
    numerator = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "numerator"])
    denominator = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "denominator"])
    assert f'href="{numerator}"' in html and f'href="{denominator}"' in html
    # the formula is there to unfold, and the indicators of other kinds of school are marked as such
    assert "Как считается" in html and "÷ все обучающиеся организации" in html
    assert "не относится к организации этого типа" in html


def test_the_curator_sees_the_same_dashboard(client_for, curator, school):
    assert cell(dashboard_html(client_for(curator)), "fact-pupils_general") == "25,0"


def test_the_year_selector_changes_the_year(client_for, principal, school):
    # 2024/2025: the pairs begin in October 2025, so nobody is involved yet
    html = dashboard_html(client_for(principal), year=2024)
    assert cell(html, "fact-pupils_general") == "0,0"
    assert cell(html, "plan-pupils_general").startswith("70,0")


def test_a_chart_over_five_years_with_the_plan_line(client_for, principal, school):
    html = dashboard_html(client_for(principal))
    charts = html[html.index('data-testid="trend-charts"') :]
    for label in ("21/22", "22/23", "23/24", "24/25", "25/26"):
        assert label in charts
    assert "<polyline" in charts and 'fill="#0d6efd"' in charts
    assert "style=" not in charts  # CSP: presentation attributes only


def test_numerator_drill_down_lists_the_involved_pupils_without_sensitive_marks(client_for, principal, school):
    school.pupils["Алексеев"].is_at_risk = True
    school.pupils["Алексеев"].has_disability = True
    school.pupils["Алексеев"].save()
    url = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "numerator"])
    response = client_for(principal).get(url)
    html = response.content.decode()
    assert list(response.context["people"].page) == [school.pupils["Алексеев"]]
    assert "Алексеев Ученик" in html and "7Б класс" in html
    assert "Борисов" not in html
    assert "риска" not in html and "ОВЗ" not in html


def test_denominator_drill_down_lists_pupils_on_the_roll(client_for, principal, school):
    url = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "denominator"])
    names = [person.last_name for person in client_for(principal).get(url).context["people"].page]
    assert names == ["Алексеев", "Борисов", "Васильев", "Григорьев"]


def test_young_teachers_drill_down_shows_positions(client_for, curator, school):
    url = reverse("monitoring:indicator-people", args=[2025, "young_teachers", "numerator"])
    html = client_for(curator).get(url).content.decode()
    assert "Молодой" in html and "учитель химии" in html and "Старший" not in html


def test_drill_down_is_paginated(client_for, principal, school):
    PersonFactory.create_batch(30, organization=school.organization, birth_date=TWELVE)
    url = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "denominator"])
    first = client_for(principal).get(url)
    assert len(first.context["people"].page) == 25 and first.context["people"].total == 34
    second = client_for(principal).get(url + "?page=2")
    assert len(second.context["people"].page) == 9
    assert 'data-testid="pagination"' in second.content.decode()


def test_an_unknown_indicator_or_part_is_not_found(client_for, principal, school):
    client = client_for(principal)
    assert client.get(reverse("monitoring:indicator-people", args=[2025, "nothing", "numerator"])).status_code == 404
    assert client.get(reverse("monitoring:indicator-people", args=[2025, "pupils_general", "x"])).status_code == 404
    assert (
        client.get(reverse("monitoring:indicator-people", args=[1990, "pupils_general", "numerator"])).status_code
        == 404
    )


def test_another_schools_people_never_appear(client_for, principal, school):
    other = OrganizationFactory(short_name="Другая")
    PersonFactory(organization=other, last_name="Чужой", birth_date=TWELVE)
    url = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "denominator"])
    assert "Чужой" not in client_for(principal).get(url).content.decode()


def test_editing_a_plan_changes_the_deviation(client_for, principal, school):
    client = client_for(principal)
    url = reverse("monitoring:indicator-plans", args=[2025])
    assert client.get(url).status_code == 200
    response = client.post(url, {"pupils_general": "20", "youth_mentors": ""})
    assert response.status_code == 302
    assert IndicatorPlan.objects.get(organization=school.organization, indicator="pupils_general").value == Decimal(20)
    html = dashboard_html(client)
    assert cell(html, "plan-pupils_general") == "20,0"
    assert cell(html, "deviation-pupils_general") == "+5,0"
    # an emptied field goes back to the methodology's value
    client.post(url, {"pupils_general": ""})
    assert not IndicatorPlan.objects.filter(organization=school.organization).exists()
    assert cell(dashboard_html(client), "deviation-pupils_general") == "-45,0"


def test_a_plan_above_100_is_refused(client_for, curator, school):
    response = client_for(curator).post(reverse("monitoring:indicator-plans", args=[2025]), {"pupils_general": "120"})
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert not IndicatorPlan.objects.exists()


def test_plan_service_refuses_an_unknown_indicator(school):
    with pytest.raises(ValidationError, match="Неизвестные показатели"):
        dashboard_services.indicator_plans_set(organization=school.organization, year=YEAR, values={"x": Decimal(1)})


def test_a_fixed_snapshot_keeps_the_reported_figure_after_the_data_change(client_for, principal, school):
    client = client_for(principal)
    assert client.post(reverse("monitoring:indicator-fix", args=[2025])).status_code == 302
    snapshot = IndicatorSnapshot.objects.get(organization=school.organization, year_start=2025)
    assert {item["code"]: item["fact"] for item in snapshot.data}["pupils_general"] == 25.0
    assert snapshot.fixed_by == principal
    # the data change after the report was sent: a second pupil joins a pair
    make_pair(
        school.program, school.form, Pair.Status.ACTIVE, [school.teachers["Старший"]], [school.pupils["Васильев"]]
    )
    html = dashboard_html(client)
    assert cell(html, "fact-pupils_general") == "25,0"
    assert f"зафиксировано {snapshot.fixed_at:%d.%m.%Y}" in html
    compared = dashboard_html(client, compare=1)
    assert cell(compared, "fact-pupils_general") == "25,0"
    assert cell(compared, "live-pupils_general").startswith("50,0")
    assert "изменилось" in cell(compared, "live-pupils_general")
    # the annual report uses the fixed figures too
    report = dashboard_selectors.annual_report(school.organization, YEAR)
    assert {f.code: f.fact for f in report.figures}["pupils_general"] == Decimal("25.0")


def test_fixing_twice_is_refused_unless_the_replacement_is_confirmed(client_for, curator, school):
    client = client_for(curator)
    url = reverse("monitoring:indicator-fix", args=[2025])
    client.post(url)
    first = IndicatorSnapshot.objects.get()
    make_pair(
        school.program, school.form, Pair.Status.ACTIVE, [school.teachers["Старший"]], [school.pupils["Васильев"]]
    )
    response = client.post(url, follow=True)
    assert "уже зафиксированы" in response.content.decode()
    assert IndicatorSnapshot.objects.get().data == first.data
    assert "Заменить ранее зафиксированные значения" in client.get(url).content.decode()
    client.post(url, {"replace": "on"})
    replaced = IndicatorSnapshot.objects.get()
    assert replaced.pk == first.pk
    assert {item["code"]: item["fact"] for item in replaced.data}["pupils_general"] == 50.0


def test_a_year_not_begun_cannot_be_fixed(school):
    with pytest.raises(ValidationError, match="ещё не начался"):
        dashboard_services.indicator_snapshot_fix(
            organization=school.organization, year=AcademicYear(2026), fixed_by=None, today=dt.date(2026, 8, 31)
        )


def test_history_shows_a_fixed_past_year_as_reported(school):
    dashboard_services.indicator_snapshot_fix(
        organization=school.organization, year=AcademicYear(2024), fixed_by=None, today=dt.date(2025, 9, 15)
    )
    dashboard = dashboard_selectors.indicator_dashboard(school.organization, YEAR)
    row = next(row for row in dashboard.rows if row.code == "pupils_general")
    assert [point.fixed for point in row.history] == [False, False, False, True, False]
    assert row.history[-1].fact == Decimal("25.0")
    assert 'fill="#6f42c1"' in row.chart  # the fixed year's column


def test_dashboard_query_count_does_not_grow_with_data(client_for, principal, school, django_assert_max_num_queries):
    client = client_for(principal)
    dashboard_html(client)  # warm the session and the caches
    cache.clear()  # the dashboard is computed, not taken from mentorship.datacache
    with django_assert_max_num_queries(60) as few:
        dashboard_html(client)
    for _ in range(15):
        pupil = PersonFactory(organization=school.organization, birth_date=TWELVE)
        make_pair(school.program, school.form, Pair.Status.ACTIVE, [school.teachers["Старший"]], [pupil])
        respond(pupil, "mentee", dt.date(2026, 3, 1), satisfaction("mentee"), 7, 9)
    IndicatorPlan.objects.create(
        organization=school.organization, year_start=2025, indicator="pupils_general", value=30
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = dashboard_html(client)
    assert cell(html, "fact-pupils_general") == "84,2"  # 16 of 19


def test_drill_down_query_count_does_not_grow_with_data(client_for, principal, school, django_assert_max_num_queries):
    client = client_for(principal)
    url = reverse("monitoring:indicator-people", args=[2025, "pupils_general", "denominator"])
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    PersonFactory.create_batch(40, organization=school.organization, birth_date=TWELVE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
