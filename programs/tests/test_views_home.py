"""The programs panels of the curator's and the principal's home pages."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from people.services import consent_revoke
from programs.models import Meeting, Pair, Program, RoadmapActivity
from programs.tests.program_data import days_ago, make_pair, make_program, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def running_program(organization, curator):
    program = make_program(organization, curator=curator, status=Program.Status.RUNNING, title="Программа «Шаг»")
    activities = RoadmapActivity.objects.filter(stage__program=program)
    activities.update(deadline=today() + dt.timedelta(days=60))
    # Stage 1 is done; in stage 2 one activity is overdue and one is due in five days.
    activities.filter(stage__number=1).update(status="done", completed_on=days_ago(30))
    second = list(activities.filter(stage__number=2).order_by("order"))
    RoadmapActivity.objects.filter(pk=second[0].pk).update(deadline=days_ago(2), title="Анализ базы наставников")
    RoadmapActivity.objects.filter(pk=second[1].pk).update(
        deadline=today() + dt.timedelta(days=5), title="Школа наставников"
    )
    return program


def test_curator_home_shows_the_current_stage_and_the_next_deadlines_overdue_first(
    client_for, curator, running_program
):
    html = client_for(curator).get(reverse("home")).content.decode()
    stages = html.split('data-testid="current-stages"')[1].split('data-testid="deadlines"')[0]
    assert "Программа «Шаг»" in stages and "Этап 2 из 6: Отбор и обучение наставников" in stages
    deadlines = html.split('data-testid="deadlines"')[1].split('data-testid="pair-counts"')[0]
    assert deadlines.index("Анализ базы наставников") < deadlines.index("Школа наставников")
    assert deadlines.count('data-testid="overdue-deadline"') == 1
    assert days_ago(2).strftime("%d.%m.%Y") in deadlines


def test_curator_home_lists_a_revoked_consent_pair_and_an_inactive_pair(client_for, curator, running_program):
    revoked = make_pair(running_program, status=Pair.Status.ACTIVE)
    consent_revoke(consent=revoked.members.get(role="mentee").person.consents.get(), revoked_on=today())
    quiet = make_pair(running_program, status=Pair.Status.ACTIVE)
    Pair.objects.filter(pk=quiet.pk).update(starts_on=days_ago(60))
    Meeting.objects.create(pair=quiet, held_on=days_ago(35), topic="Первая встреча")
    lively = make_pair(running_program, status=Pair.Status.ACTIVE)
    Meeting.objects.create(pair=lively, held_on=days_ago(3), topic="Регулярная встреча")

    html = client_for(curator).get(reverse("home")).content.decode()
    consent_list = html.split('data-testid="consent-problem-pairs"')[1].split("</ul>")[0]
    inactive_list = html.split('data-testid="inactive-pairs"')[1].split("</ul>")[0]
    assert revoked.get_absolute_url() in consent_list and quiet.get_absolute_url() not in consent_list
    assert quiet.get_absolute_url() in inactive_list and lively.get_absolute_url() not in inactive_list
    assert "последняя встреча " + days_ago(35).strftime("%d.%m.%Y") in inactive_list
    assert '<strong data-testid="pair-count-active">3</strong>' in html


def test_principal_home_shows_the_programs_read_only(client_for, principal, running_program):
    revoked = make_pair(running_program, status=Pair.Status.ACTIVE)
    consent_revoke(consent=revoked.members.get(role="mentee").person.consents.get(), revoked_on=today())
    html = client_for(principal).get(reverse("home")).content.decode()
    panel = html.split('data-testid="principal-programs"')[1]
    assert "Программа «Шаг»" in panel and "этап 2 из 6" in panel
    assert "Пар с отозванным согласием: 1" in panel
    assert reverse("programs:program-create") not in html


def test_home_of_a_curator_with_many_programs_costs_a_fixed_number_of_queries(
    client_for, curator, organization, django_assert_max_num_queries
):
    client = client_for(curator)
    make_pair(make_program(organization, status=Program.Status.RUNNING))
    client.get(reverse("home"))
    cache.clear()  # the sections are computed, not taken from mentorship.datacache
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("home"))
    for number in range(4):
        make_pair(make_program(organization, status=Program.Status.RUNNING, title=f"Программа {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))
