"""Completion of a program: «Наставник года», «Лучшая пара», best-practice cases and the summary numbers."""

import pytest
from django.urls import reverse

from programs.models import Meeting, Nomination, Pair, PairMember, PlanGoal, PlanTask, PracticeCase
from programs.tests.participants import make_mentor
from programs.tests.program_data import days_ago, make_pair, make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(organization, curator):
    return make_program(organization, curator=curator)


def test_curator_names_the_mentor_of_the_year_and_withdraws_it_after_confirming(client_for, curator, program):
    pair = make_pair(program, status=Pair.Status.ACTIVE)
    mentor = pair.members.get(role="mentor").person
    client = client_for(curator)
    response = client.post(
        reverse("programs:nomination-create", args=[program.pk]),
        {"kind": "mentor_of_year", "mentor": mentor.pk, "reason": "Двое наставляемых — призёры олимпиады"},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.mentor == mentor and nomination.pair is None
    summary = client.get(reverse("programs:program-summary", args=[program.pk])).content.decode()
    assert "Наставник года" in summary and mentor.full_name in summary

    delete_url = reverse("programs:nomination-delete", args=[nomination.pk])
    assert "Удалить номинацию?" in client.get(delete_url).content.decode()
    assert Nomination.objects.exists()
    client.post(delete_url)
    assert not Nomination.objects.exists()


def test_best_pair_needs_a_pair_of_the_program(client_for, curator, program):
    response = client_for(curator).post(
        reverse("programs:nomination-create", args=[program.pk]), {"kind": "best_pair", "reason": "Лучшие"}
    )
    assert "Выберите пару." in response.content.decode()
    pair = make_pair(program, status=Pair.Status.COMPLETED)
    client_for(curator).post(
        reverse("programs:nomination-create", args=[program.pk]),
        {"kind": "best_pair", "pair": pair.pk, "reason": "Совместный проект по робототехнике"},
    )
    assert Nomination.objects.get().pair == pair


def test_a_mentor_outside_the_program_cannot_be_the_mentor_of_the_year(client_for, curator, organization, program):
    from programs.services import nomination_create

    outsider = make_mentor(organization, last_name="Посторонний")
    with pytest.raises(Exception, match="не был\\(а\\) наставником"):
        nomination_create(program=program, kind="mentor_of_year", mentor=outsider, reason="за всё")
    assert not Nomination.objects.exists()


def test_curator_adds_a_best_practice_case_and_removes_it(client_for, curator, program):
    pair = make_pair(program, status=Pair.Status.ACTIVE)
    client = client_for(curator)
    client.post(
        reverse("programs:case-create", args=[program.pk]),
        {"title": "Проект «Умная теплица»", "description": "Пара собрала теплицу на Arduino.", "pair": pair.pk},
    )
    case = PracticeCase.objects.get()
    assert case.pair == pair
    summary = client.get(reverse("programs:program-summary", args=[program.pk])).content.decode()
    assert "Проект «Умная теплица»" in summary
    client.post(reverse("programs:case-delete", args=[case.pk]))
    assert not PracticeCase.objects.exists()


def test_summary_counts_pairs_meetings_plan_tasks_and_the_full_cycle(client_for, principal, organization, program):
    done = make_pair(program, status=Pair.Status.COMPLETED)
    PairMember.objects.filter(pair=done, role="mentee").update(full_cycle=True)
    working = make_pair(program, status=Pair.Status.ACTIVE)
    make_pair(program, status=Pair.Status.TERMINATED)
    Meeting.objects.create(pair=done, held_on=days_ago(10), topic="Первая встреча")
    Meeting.objects.create(pair=working, held_on=days_ago(5), topic="Регулярная встреча")
    goal = PlanGoal.objects.create(pair=working, mentee=working.members.get(role="mentee").person, title="Цель")
    PlanTask.objects.create(goal=goal, title="Задача 1", status="done", done_on=days_ago(1))
    PlanTask.objects.create(goal=goal, title="Задача 2")
    PlanTask.objects.create(goal=goal, title="Задача 3")

    response = client_for(principal).get(reverse("programs:program-summary", args=[program.pk]))
    summary = response.context["summary"]
    assert (summary.pairs_total, summary.meetings_held) == (3, 2)
    assert (summary.tasks_done, summary.tasks_total, summary.tasks_percent) == (1, 3, 33)
    assert (summary.mentees_full_cycle, summary.mentees_total) == (1, 3)
    html = response.content.decode()
    assert '<div class="display-6" data-testid="stat-summary-tasks">1 из 3</div>' in html
    assert 'data-testid="summary-pairs-terminated">1<' in html
    assert reverse("programs:nomination-create", args=[program.pk]) not in html  # read-only for the principal
