"""The mentor's «Мои пары» and pair page: who may open them, what a mentor sees and never sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.services import consent_revoke
from programs.models import MentoringForm, Pair
from programs.tests.factories import MentoringFormFactory, RoleModelFactory
from programs.tests.mentor_pairs import days_ago, meeting_in, mentee_of, pair_for, task_in

pytestmark = pytest.mark.django_db

SENSITIVE_WORDS = ("ОВЗ", "группа риска", "группы риска", "одарённый", "высокомотивированный")


@pytest.fixture
def own_pair(mentor):
    return pair_for(mentor)


@pytest.fixture
def other_pair(other_mentor):
    return pair_for(other_mentor)


def mentor_urls(pair, task):
    """Every page of the workspace that belongs to one pair (and its goal and task)."""
    return [
        reverse("programs:my-pair", args=[pair.pk]),
        reverse("programs:meeting-new", args=[pair.pk]),
        reverse("programs:plan-goal-new", args=[pair.pk]),
        reverse("programs:plan-task-new", args=[pair.pk, task.goal_id]),
        reverse("programs:plan-task-status", args=[pair.pk, task.pk]),
    ]


def test_mentor_sees_only_his_own_pairs_in_the_list(client_for, mentor, own_pair, other_pair):
    response = client_for(mentor).get(reverse("programs:my-pairs"))
    assert response.status_code == 200
    assert [pair.pk for pair in response.context["pairs"]] == [own_pair.pk]
    html = response.content.decode()
    assert mentee_of(own_pair).full_name in html
    assert mentee_of(other_pair).full_name not in html
    assert reverse("programs:my-pair", args=[other_pair.pk]) not in html


def test_the_list_shows_each_mentee_with_his_class_form_status_and_last_meeting(client_for, mentor, own_pair):
    meeting_in(own_pair, held_days_ago=3)
    html = client_for(mentor).get(reverse("programs:my-pairs")).content.decode()
    assert f'{mentee_of(own_pair).full_name} <span class="text-muted small">7Б класс</span>' in html
    assert "учитель – ученик" in html
    assert "действует" in html
    assert days_ago(3).strftime("%d.%m.%Y") in html
    assert "нет активности" not in html


def test_a_pair_without_meetings_for_more_than_30_days_is_marked_inactive(client_for, mentor):
    quiet = pair_for(mentor, started_days_ago=90)
    meeting_in(quiet, held_days_ago=31)
    fresh = pair_for(mentor, started_days_ago=90)
    meeting_in(fresh, held_days_ago=30)
    pairs = {pair.pk: pair for pair in client_for(mentor).get(reverse("programs:my-pairs")).context["pairs"]}
    assert pairs[quiet.pk].is_inactive and pairs[quiet.pk].days_without_meeting_label == "31 день"
    assert not pairs[fresh.pk].is_inactive


@pytest.mark.parametrize("method", ["get", "post"])
def test_mentor_gets_404_for_every_page_of_another_mentors_pair(client_for, mentor, other_pair, method):
    task = task_in(other_pair)
    client = client_for(mentor)
    for url in mentor_urls(other_pair, task):
        response = getattr(client, method)(url, {"status": "done", "topic": "x", "title": "x"})
        assert response.status_code == 404, url
    task.refresh_from_db()
    assert task.status == "planned"
    assert not other_pair.meetings.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_pairs_goal_or_task_under_the_mentors_own_pair_id_is_not_found(
    client_for, mentor, own_pair, other_pair, method
):
    foreign_task = task_in(other_pair)
    client = client_for(mentor)
    goal_url = reverse("programs:plan-task-new", args=[own_pair.pk, foreign_task.goal_id])
    task_url = reverse("programs:plan-task-status", args=[own_pair.pk, foreign_task.pk])
    for url in (goal_url, task_url):
        assert getattr(client, method)(url, {"status": "done", "title": "x"}).status_code == 404, url
    foreign_task.refresh_from_db()
    assert foreign_task.status == "planned" and not foreign_task.goal.tasks.exclude(pk=foreign_task.pk).exists()


@pytest.mark.parametrize("role", ["curator", "principal", "administrator", "user_without_role"])
def test_the_workspace_is_for_mentors_others_get_403(request, client_for, own_pair, role):
    task = task_in(own_pair)
    client = client_for(request.getfixturevalue(role))
    for url in [reverse("programs:my-pairs"), *mentor_urls(own_pair, task)]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"status": "done"}).status_code == 403, url
    task.refresh_from_db()
    assert task.status == "planned"


def test_anonymous_visitor_is_sent_to_the_login_page(client, own_pair):
    task = task_in(own_pair)
    for url in [reverse("programs:my-pairs"), *mentor_urls(own_pair, task)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_mentor_without_a_linked_person_has_no_pairs(client_for, mentor, other_pair):
    mentor.person = None
    mentor.save()
    response = client_for(mentor).get(reverse("programs:my-pairs"))
    assert response.context["pairs"] == []
    assert "Вам пока не назначены наставляемые" in response.content.decode()
    assert client_for(mentor).get(reverse("programs:my-pair", args=[other_pair.pk])).status_code == 404


def test_pair_page_shows_members_goals_meetings_and_plan(client_for, mentor):
    pair = pair_for(mentor, goals="Повысить интерес к математике.")
    meeting_in(pair, held_days_ago=2, topic="Знакомство и правила работы")
    task = task_in(pair, title="Решить олимпиадную задачу")
    response = client_for(mentor).get(reverse("programs:my-pair", args=[pair.pk]))
    html = response.content.decode()
    assert response.context["can_edit"] is True
    assert mentee_of(pair).full_name in html and "7Б класс" in html
    assert "Повысить интерес к математике." in html
    assert "Знакомство и правила работы" in html
    assert task.goal.title in html and "Решить олимпиадную задачу" in html
    assert reverse("programs:meeting-new", args=[pair.pk]) in html


def test_a_closed_pair_is_read_only(client_for, mentor):
    pair = pair_for(mentor, status=Pair.Status.COMPLETED)
    task = task_in(pair)
    client = client_for(mentor)
    html = client.get(reverse("programs:my-pair", args=[pair.pk])).content.decode()
    assert reverse("programs:meeting-new", args=[pair.pk]) not in html
    assert client.get(reverse("programs:meeting-new", args=[pair.pk])).status_code == 403
    assert (
        client.post(reverse("programs:plan-task-status", args=[pair.pk, task.pk]), {"status": "done"}).status_code
        == 403
    )


def test_sensitive_marks_never_reach_the_mentors_pages(client_for, mentor):
    form = MentoringFormFactory(code="teacher-pupil", name="учитель – ученик")
    role_model = RoleModelFactory(
        form=form, name="учитель – ученик с ОВЗ", mentee_mark=MentoringForm.MenteeMark.DISABILITY
    )
    pair = pair_for(mentor, role_model=role_model, has_disability=True, is_at_risk=True, is_gifted=True)
    task_in(pair)
    client = client_for(mentor)
    pages = [
        reverse("home"),
        reverse("programs:my-pairs"),
        reverse("programs:my-pair", args=[pair.pk]),
        reverse("programs:meeting-new", args=[pair.pk]),
        reverse("programs:plan-goal-new", args=[pair.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert mentee_of(pair).last_name in html, url
        for word in SENSITIVE_WORDS:
            assert word.lower() not in html.lower(), (url, word)


def test_revoked_consent_shows_the_banner_and_hides_the_mentees_contacts(client_for, mentor):
    pair = pair_for(mentor, phone="+7 900 111-22-33", email="pupil@example.ru")
    mentee = mentee_of(pair)
    client = client_for(mentor)
    html = client.get(reverse("programs:my-pair", args=[pair.pk])).content.decode()
    assert "+7 900 111-22-33" in html and "Обработка персональных данных наставляемого приостановлена" not in html

    consent_revoke(consent=mentee.consents.get(), revoked_on=days_ago(0), reason="отзыв родителем")
    html = client.get(reverse("programs:my-pair", args=[pair.pk])).content.decode()
    assert "Обработка персональных данных наставляемого приостановлена" in html
    assert "+7 900 111-22-33" not in html and "pupil@example.ru" not in html
    assert mentor.person.full_name in html  # the pair itself is still shown


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_pairs_costs_the_same_number_of_queries_for_one_pair_or_many(client_for, mentor):
    client = client_for(mentor)
    first = pair_for(mentor)
    meeting_in(first, held_days_ago=40)
    one = _queries(client, reverse("programs:my-pairs"))
    for _ in range(3):
        meeting_in(pair_for(mentor, mentees=2), held_days_ago=5)
    assert _queries(client, reverse("programs:my-pairs")) == one


def test_pair_page_costs_the_same_number_of_queries_however_long_the_plan(client_for, mentor, own_pair):
    client = client_for(mentor)
    url = reverse("programs:my-pair", args=[own_pair.pk])
    meeting_in(own_pair, held_days_ago=1)
    task_in(own_pair)
    one = _queries(client, url)
    for days in (2, 3, 4):
        meeting_in(own_pair, held_days_ago=days)
        task_in(own_pair, title=f"Задача {days}")
    assert _queries(client, url) == one
