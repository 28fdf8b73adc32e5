"""The mentor's home panel: his pairs, where a meeting is due (the quiet first), plan tasks due soon."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Pair, PlanTask
from programs.selectors import mentor_home
from programs.tests.mentor_pairs import days_ago, meeting_in, pair_for, task_in

pytestmark = pytest.mark.django_db


def test_a_mentor_without_pairs_sees_the_placeholders(client_for, mentor):
    html = client_for(mentor).get(reverse("home")).content.decode()
    assert "Вам пока не назначены наставляемые" in html
    assert "Анкет для заполнения нет." in html


def test_the_panel_links_each_own_pair_and_not_another_mentors(client_for, mentor, other_mentor):
    own = pair_for(mentor)
    other = pair_for(other_mentor)
    html = client_for(mentor).get(reverse("home")).content.decode()
    assert reverse("programs:my-pair", args=[own.pk]) in html
    assert reverse("programs:meeting-new", args=[own.pk]) in html
    assert reverse("programs:my-pair", args=[other.pk]) not in html


def test_pairs_without_a_meeting_for_30_days_come_first_among_meetings_to_log(mentor):
    recent = pair_for(mentor, started_days_ago=100)
    meeting_in(recent, held_days_ago=3)
    quiet = pair_for(mentor, started_days_ago=100)
    meeting_in(quiet, held_days_ago=45)
    never_met = pair_for(mentor, started_days_ago=35)
    closed = pair_for(mentor, started_days_ago=200, status=Pair.Status.COMPLETED)

    home = mentor_home(mentor)

    assert [pair.pk for pair in home.meetings_to_log] == [quiet.pk, never_met.pk, recent.pk]
    assert closed.pk in [pair.pk for pair in home.pairs]


def test_plan_tasks_overdue_or_due_within_14_days_are_listed_the_earliest_first(mentor):
    pair = pair_for(mentor)
    overdue = task_in(pair, title="Просроченная", deadline=days_ago(3))
    soon = task_in(pair, title="Через неделю", deadline=days_ago(-7))
    last_day = task_in(pair, title="Через две недели", deadline=days_ago(-14))
    task_in(pair, title="Через месяц", deadline=days_ago(-30))
    task_in(pair, title="Без срока")
    done = task_in(pair, title="Сделанная", deadline=days_ago(-1))
    PlanTask.objects.filter(pk=done.pk).update(status=PlanTask.Status.DONE, done_on=days_ago(0))

    tasks = mentor_home(mentor).tasks_due

    assert [task.pk for task in tasks] == [overdue.pk, soon.pk, last_day.pk]
    assert [task.is_overdue for task in tasks] == [True, False, False]


def test_the_home_panel_costs_the_same_number_of_queries_for_one_pair_or_many(client_for, mentor):
    client = client_for(mentor)
    task_in(pair_for(mentor), deadline=days_ago(-1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    one = count()
    for _ in range(3):
        pair = pair_for(mentor, mentees=2)
        meeting_in(pair, held_days_ago=2)
        task_in(pair, deadline=days_ago(1))
    assert count() == one
