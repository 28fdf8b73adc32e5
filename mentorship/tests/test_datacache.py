"""The school's cached panels (mentorship.datacache): every write to the data they read changes the school's
version — forms, bulk updates, raw SQL and deletions alike — and no other school's; a page shows a change on
the very next view; a repeated view does not compute again."""

import datetime as dt
import importlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from mentorship import datacache
from mentorship.academic_year import AcademicYear
from mentorship.tests.access_matrix_data import build_dataset
from monitoring.dashboard_services import indicator_snapshot_fix
from monitoring.models import DataChange, IndicatorPlan
from monitoring.tests.test_campaigns_support import running_program
from monitoring.tests.test_dashboard_support import respond, satisfaction
from people.models import Person
from people.tests.factories import PersonFactory
from programs.models import Meeting, Pair, PlanTask
from programs.tests.program_data import make_pair

pytestmark = pytest.mark.django_db

TABLES = {
    **importlib.import_module("monitoring.migrations.0003_datachange").ORGANIZATION_OF,
    **importlib.import_module("monitoring.migrations.0004_datachange_plans").ORGANIZATION_OF,
}


def version(organization):
    return datacache.organization_version([organization.pk])


@pytest.fixture
def dataset(organization, curator, mentor):
    data = build_dataset(organization, curator=curator, mentor=mentor)
    pupil = data.objects["mentee"]
    Meeting.objects.filter(pair=data.objects["pair"]).first().attendees.add(pupil)
    respond(pupil, "mentee", dt.date.today(), satisfaction("mentee"), 7, 9)
    IndicatorPlan.objects.create(organization=organization, year_start=2026, indicator="pupils_general", value=30)
    indicator_snapshot_fix(organization=organization, year=AcademicYear(2025), fixed_by=curator)
    return data


def test_every_table_of_the_panels_has_rows_here(dataset):
    """The test below proves something for each table only if each has a row of the school."""
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] > 0, table


@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_raw_update_of_any_table_changes_only_its_schools_version(dataset, organization, other_organization, table):
    PersonFactory(organization=other_organization)  # the other school has data and a version of its own
    before, other_before = version(organization), version(other_organization)
    # Every row of the table: the other school has rows only in these two, narrowed to this school here.
    where = {"people_organization": "id = %s", "people_person": "organization_id = %s"}.get(table, "%s > 0")
    column = _any_column(table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = {column} WHERE {where}", [organization.pk])
    assert version(organization) != before, table
    assert version(other_organization) == other_before, table


def _any_column(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s LIMIT 1", [table])
        return cursor.fetchone()[0]


def test_deletes_and_bulk_writes_change_the_version(dataset, organization):
    before = version(organization)
    Meeting.objects.filter(pair__program__organization=organization).delete()
    after_delete = version(organization)
    assert after_delete != before
    Person.objects.filter(organization=organization).update(phone="")
    assert version(organization) != after_delete


def test_the_log_is_compacted_and_the_version_still_moves(organization, monkeypatch):
    monkeypatch.setattr(datacache, "VERSION_ROWS_KEPT", 3)
    for _ in range(5):
        PersonFactory(organization=organization)
    seen = {version(organization)}
    assert DataChange.objects.filter(organization_id=organization.pk).count() == 1
    PersonFactory(organization=organization)
    assert version(organization) not in seen


def test_cached_computes_once_per_version(organization):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert datacache.cached("test", [organization.pk], compute, "a") == 1
    assert datacache.cached("test", [organization.pk], compute, "a") == 1
    assert datacache.cached("test", [organization.pk], compute, "b") == 2  # other key parts, other value
    PersonFactory(organization=organization)
    assert datacache.cached("test", [organization.pk], compute, "a") == 3


def test_home_page_shows_a_bulk_change_at_once_and_repeats_without_computing(
    client_for, curator, organization, django_assert_max_num_queries
):
    program, _ = running_program(organization, curator=curator, pairs=0)
    make_pair(program, status=Pair.Status.ACTIVE)
    client = client_for(curator)
    first = client.get(reverse("home"))
    assert first.context["programs_home"].pairs_total == 1
    with django_assert_max_num_queries(2):  # the user with its school and roles, the data's version
        client.get(reverse("home"))
    make_pair(program, status=Pair.Status.ACTIVE)
    Pair.objects.filter(program=program).update(status=Pair.Status.APPROVED)  # a bulk write
    page = client.get(reverse("home"))
    assert page.context["programs_home"].pairs_total == 2
    assert page.context["programs_home"].pair_rows  # counted again, by status


def test_pair_list_shows_a_new_meeting_at_once(client_for, curator, organization):
    program, _ = running_program(organization, curator=curator, pairs=0)
    pair = make_pair(program, status=Pair.Status.ACTIVE, started_days_ago=40)
    client = client_for(curator)
    assert "нет активности" in client.get(reverse("programs:pair-list")).content.decode()
    Meeting.objects.bulk_create([Meeting(pair=pair, held_on=dt.date.today(), topic="Встреча")])
    html = client.get(reverse("programs:pair-list")).content.decode()
    assert "нет активности" not in html
    assert dt.date.today().strftime("%d.%m.%Y") in html


def test_mentor_pair_page_shows_a_plan_change_at_once_and_keeps_its_forms_working(
    client_for, mentor, organization, dataset
):
    pair = dataset.objects["pair"]
    task = PlanTask.objects.filter(goal__pair=pair).first()
    client = client_for(mentor)
    client.handler.enforce_csrf_checks = True
    url = reverse("programs:my-pair", args=[pair.pk])
    client.get(url)
    html = client.get(url).content.decode()  # from the cache
    PlanTask.objects.filter(pk=task.pk).update(title="Написать эссе")  # a bulk write: the plan's trigger
    html = client.get(url).content.decode()
    assert "Написать эссе" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("programs:plan-task-status", args=[pair.pk, task.pk]),
        {"csrfmiddlewaretoken": token, "status": PlanTask.Status.DONE},
    )
    assert response.status_code == 302  # the token of a page built from cached data is this session's
    task.refresh_from_db()
    assert task.status == PlanTask.Status.DONE


def test_indicator_dashboard_shows_a_new_plan_at_once_and_repeats_from_the_cache(
    client_for, principal, organization, django_assert_max_num_queries
):
    client = client_for(principal)
    url = reverse("monitoring:indicators")
    plan_cell = re.compile(r'data-testid="plan-pupils_general">([^<]*)<')
    before = plan_cell.search(client.get(url).content.decode()).group(1)
    with django_assert_max_num_queries(2):  # the user with its school and roles, the data's version
        assert plan_cell.search(client.get(url).content.decode()).group(1) == before
    IndicatorPlan.objects.bulk_create(
        [
            IndicatorPlan(
                organization=organization,
                year_start=AcademicYear.current().start_year,
                indicator="pupils_general",
                value=42.5,
            )
        ]
    )
    assert before != "42,5"
    assert plan_cell.search(client.get(url).content.decode()).group(1) == "42,5"


def test_program_page_shows_a_bulk_change_at_once_and_repeats_from_the_cache(
    client_for, curator, organization, django_assert_max_num_queries
):
    program, _ = running_program(organization, curator=curator, pairs=0)
    make_pair(program, status=Pair.Status.ACTIVE)
    client = client_for(curator)
    url = reverse("programs:program-detail", args=[program.pk])
    active = re.compile(r'data-testid="pairs-active">(\d+)<')
    assert active.search(client.get(url).content.decode()).group(1) == "1"
    with django_assert_max_num_queries(2):  # the user with its school and roles, the data's version
        html = client.get(url).content.decode()
    assert program.organization.full_name in html  # the print header, kept with the cached program
    make_pair(program, status=Pair.Status.APPROVED)
    Pair.objects.filter(program=program).update(status=Pair.Status.ACTIVE)  # a bulk write
    assert active.search(client.get(url).content.decode()).group(1) == "2"


def test_person_card_shows_a_bulk_change_at_once_and_repeats_from_the_cache(
    client_for, curator, organization, django_assert_max_num_queries
):
    person = PersonFactory(organization=organization, last_name="Прежний")
    client = client_for(curator)
    url = reverse("people:person-detail", args=[person.pk])
    assert '<h1 class="h3 mb-0">Прежний' in client.get(url).content.decode()
    with django_assert_max_num_queries(3):  # the user with its school and roles, the version of the card and history
        assert '<h1 class="h3 mb-0">Прежний' in client.get(url).content.decode()
    Person.objects.filter(pk=person.pk).update(last_name="Новый")  # a bulk write
    assert '<h1 class="h3 mb-0">Новый' in client.get(url).content.decode()
