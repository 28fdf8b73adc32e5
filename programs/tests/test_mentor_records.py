"""The mentor logs meetings and keeps the development plan through his pages."""

import pytest
from django.core.cache import cache
from django.http import Http404
from django.urls import reverse

from people.models import Person
from people.roles import Role
from people.services import consent_revoke
from people.tests.factories import PersonFactory, UserFactory
from programs.models import Meeting, Pair, PlanGoal, PlanTask
from programs.selectors import mentor_pair_for_form, mentor_pair_get, mentor_pairs, pairs_inactive, pairs_visible_to
from programs.tests.mentor_pairs import days_ago, meeting_in, mentee_of, pair_for, task_in, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet_pair(mentor):
    """A working pair whose last meeting was 40 days ago: on the inactive list."""
    pair = pair_for(mentor, started_days_ago=60)
    meeting_in(pair, held_days_ago=40)
    return pair


def meeting_data(pair, **changes):
    data = {
        "kind": Meeting.Kind.PLANNING,
        "held_on": today().isoformat(),
        "format": Meeting.Format.ONLINE,
        "topic": "Составляем план развития",
        "notes": "Договорились о трёх целях.",
        "attendees": [member.person_id for member in pair.members.all()],
    }
    return {**data, **changes}


def test_the_meeting_form_offers_the_five_kinds_and_the_pairs_members(client_for, mentor, quiet_pair):
    response = client_for(mentor).get(reverse("programs:meeting-new", args=[quiet_pair.pk]))
    html = response.content.decode()
    for kind in (
        "первая (организационная)",
        "вторая (пробная рабочая)",
        "встреча-планирование",
        "регулярная",
        "заключительная",
    ):
        assert kind in html
    assert mentee_of(quiet_pair).full_name in html and mentor.person.full_name in html
    assert response.context["form"]["held_on"].value() == today()


def test_logging_a_meeting_stores_it_with_attendees_and_takes_the_pair_off_the_inactive_list(
    client_for, mentor, quiet_pair
):
    assert list(pairs_inactive(pairs_visible_to(mentor))) == [quiet_pair]
    mentee = mentee_of(quiet_pair)
    response = client_for(mentor).post(
        reverse("programs:meeting-new", args=[quiet_pair.pk]), meeting_data(quiet_pair, attendees=[mentee.pk])
    )
    assert response.status_code == 302 and response.url == reverse("programs:my-pair", args=[quiet_pair.pk])
    meeting = quiet_pair.meetings.get(held_on=today())
    assert (meeting.kind, meeting.format, meeting.topic) == ("planning", "online", "Составляем план развития")
    assert list(meeting.attendees.all()) == [mentee]
    assert meeting.logged_by == mentor
    assert not pairs_inactive(pairs_visible_to(mentor)).exists()
    page = client_for(mentor).get(response.url).content.decode()
    assert "Составляем план развития" in page and "нет активности" not in page


def test_a_meeting_in_the_future_is_refused_with_a_russian_message(client_for, mentor, quiet_pair):
    tomorrow = days_ago(-1).isoformat()
    response = client_for(mentor).post(
        reverse("programs:meeting-new", args=[quiet_pair.pk]), meeting_data(quiet_pair, held_on=tomorrow)
    )
    assert response.status_code == 200
    assert "Встреча ещё не состоялась: дата в будущем." in response.content.decode()
    assert quiet_pair.meetings.count() == 1


def test_a_meeting_before_the_pair_started_is_refused_with_a_russian_message(client_for, mentor, quiet_pair):
    response = client_for(mentor).post(
        reverse("programs:meeting-new", args=[quiet_pair.pk]), meeting_data(quiet_pair, held_on=days_ago(61))
    )
    assert response.status_code == 200
    assert f"Пара начала работу {days_ago(60):%d.%m.%Y}; встреча не может быть раньше." in response.content.decode()
    assert quiet_pair.meetings.count() == 1


def test_only_members_of_the_pair_can_be_marked_as_attendees(client_for, mentor, other_mentor, quiet_pair):
    stranger = mentee_of(pair_for(other_mentor))
    response = client_for(mentor).post(
        reverse("programs:meeting-new", args=[quiet_pair.pk]), meeting_data(quiet_pair, attendees=[stranger.pk])
    )
    assert response.status_code == 200 and "attendees" in response.context["form"].errors
    assert quiet_pair.meetings.count() == 1


def test_adding_a_goal_and_a_task_and_marking_it_done_sets_the_done_date(client_for, mentor):
    pair = pair_for(mentor)
    mentee = mentee_of(pair)
    client = client_for(mentor)

    response = client.post(
        reverse("programs:plan-goal-new", args=[pair.pk]),
        {"mentee": mentee.pk, "title": "Подготовиться к олимпиаде", "description": "Муниципальный этап"},
    )
    assert response.status_code == 302
    goal = PlanGoal.objects.get(pair=pair)
    assert (goal.mentee, goal.title) == (mentee, "Подготовиться к олимпиаде")

    deadline = days_ago(-7)
    response = client.post(
        reverse("programs:plan-task-new", args=[pair.pk, goal.pk]),
        {"title": "Решить задачи прошлых лет", "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    task = goal.tasks.get()
    assert (task.title, task.deadline, task.status, task.done_on) == (
        "Решить задачи прошлых лет",
        deadline,
        PlanTask.Status.PLANNED,
        None,
    )

    response = client.post(reverse("programs:plan-task-status", args=[pair.pk, task.pk]), {"status": "done"})
    assert response.status_code == 302 and response.url.endswith("#plan")
    task.refresh_from_db()
    assert (task.status, task.done_on) == (PlanTask.Status.DONE, today())

    client.post(reverse("programs:plan-task-status", args=[pair.pk, task.pk]), {"status": "in_progress"})
    task.refresh_from_db()
    assert (task.status, task.done_on) == (PlanTask.Status.IN_PROGRESS, None)


def test_a_goal_is_set_only_for_a_mentee_of_this_pair(client_for, mentor, other_mentor):
    pair = pair_for(mentor)
    stranger = mentee_of(pair_for(other_mentor))
    response = client_for(mentor).post(
        reverse("programs:plan-goal-new", args=[pair.pk]), {"mentee": stranger.pk, "title": "Чужая цель"}
    )
    assert response.status_code == 200 and "mentee" in response.context["form"].errors
    assert not PlanGoal.objects.exists()


def test_the_task_status_is_changed_only_by_post_and_only_to_a_known_status(client_for, mentor):
    pair = pair_for(mentor)
    task = task_in(pair)
    client = client_for(mentor)
    url = reverse("programs:plan-task-status", args=[pair.pk, task.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"status": "finished"}, follow=True)
    assert "Выберите статус задачи из списка." in response.content.decode()
    task.refresh_from_db()
    assert task.status == PlanTask.Status.PLANNED


def test_the_pair_page_shows_a_done_task_with_its_date_and_an_overdue_one(client_for, mentor):
    pair = pair_for(mentor)
    done = task_in(pair, title="Прочитать «Капитанскую дочку»")
    client = client_for(mentor)
    client.post(reverse("programs:plan-task-status", args=[pair.pk, done.pk]), {"status": "done"})
    task_in(pair, title="Сдать реферат", deadline=days_ago(2))
    html = " ".join(client.get(reverse("programs:my-pair", args=[pair.pk])).content.decode().split())
    assert 'выполнена</span> <span class="small text-muted">' + today().strftime("%d.%m.%Y") in html
    assert 'data-testid="task-overdue">просрочена' in html


# --- The meeting form: one query for the pair (cached per version of the school's data), drawn by hand ------


def _meeting_form_url(pair):
    return reverse("programs:meeting-new", args=[pair.pk])


def test_the_meeting_form_reads_the_pair_in_one_query_whatever_the_number_of_members(
    client_for, mentor, django_assert_max_num_queries
):
    pair, group = pair_for(mentor), pair_for(mentor, mentees=4)
    client = client_for(mentor)
    client.get(reverse("programs:my-pairs"))  # the session is warm
    cache.clear()
    # the session, the account, its roles, the version of the school's data, the pair with its members and
    # the school's name in the menu
    with django_assert_max_num_queries(6):
        assert client.get(_meeting_form_url(pair)).status_code == 200
    cache.clear()
    with django_assert_max_num_queries(6):
        html = client.get(_meeting_form_url(group)).content.decode()
    assert all(mentee.full_name in html for mentee in Person.objects.filter(pair_memberships__pair=group))
    with django_assert_max_num_queries(5):  # the pair from the cache
        assert client.get(_meeting_form_url(group)).status_code == 200


def test_a_pair_closed_after_its_form_was_shown_takes_no_meeting_at_once(client_for, mentor, quiet_pair):
    client = client_for(mentor)
    assert client.get(_meeting_form_url(quiet_pair)).status_code == 200
    Pair.objects.filter(pk=quiet_pair.pk).update(status=Pair.Status.COMPLETED)
    assert client.get(_meeting_form_url(quiet_pair)).status_code == 403
    assert client.post(_meeting_form_url(quiet_pair), meeting_data(quiet_pair)).status_code == 403
    assert quiet_pair.meetings.count() == 1


def test_a_mentee_who_revoked_after_the_form_was_shown_leaves_it_at_once(client_for, mentor, quiet_pair):
    mentee = mentee_of(quiet_pair)
    client = client_for(mentor)
    assert mentee.full_name in client.get(_meeting_form_url(quiet_pair)).content.decode()
    consent_revoke(consent=mentee.consents.get(), revoked_on=today(), reason="отзыв родителем")
    html = client.get(_meeting_form_url(quiet_pair)).content.decode()
    assert mentee.last_name not in html and f'value="{mentee.pk}"' not in html
    response = client.post(_meeting_form_url(quiet_pair), meeting_data(quiet_pair, attendees=[mentee.pk]))
    assert response.status_code == 200 and "attendees" in response.context["form"].errors


def test_the_meeting_form_of_another_mentor_or_school_is_not_found(
    client_for, mentor, other_mentor, other_organization
):
    own, others = pair_for(mentor), pair_for(other_mentor)
    elsewhere = UserFactory(
        username="mentor-elsewhere",
        organization=other_organization,
        roles=[Role.MENTOR],
        person=PersonFactory(organization=other_organization, category="teacher"),
    )
    assert client_for(mentor).get(_meeting_form_url(others)).status_code == 404
    assert client_for(other_mentor).get(_meeting_form_url(own)).status_code == 404
    assert client_for(elsewhere).get(_meeting_form_url(own)).status_code == 404
    assert client_for(mentor).post(_meeting_form_url(others), meeting_data(others)).status_code == 404
    assert not others.meetings.exists()


def test_the_mentors_form_pair_is_his_own_pair_with_its_members_in_order(mentor, other_mentor):
    group = pair_for(mentor, mentees=3)
    pair = mentor_pair_for_form(mentor, group.pk)
    members = list(pair.members.all())
    assert [member.role for member in members] == ["mentee", "mentee", "mentee", "mentor"]
    assert [m.person.last_name for m in members[:3]] == sorted(m.person.last_name for m in members[:3])
    assert pair.mentor_people == [mentor.person] and pair.withdrawn_ids == set()
    assert str(pair) == f"Группа № {group.pk}"
    with pytest.raises(Http404):
        mentor_pair_for_form(other_mentor, group.pk)
    mentee = mentee_of(group)
    with pytest.raises(Http404):  # a mentee of the pair is not its mentor
        mentor_pair_for_form(UserFactory(username="pupil", roles=[Role.MENTOR], person=mentee), group.pk)


def test_a_refused_meeting_shows_the_error_under_its_field_as_bootstrap_draws_it(client_for, mentor, quiet_pair):
    client = client_for(mentor)
    html = client.post(
        _meeting_form_url(quiet_pair), meeting_data(quiet_pair, held_on=days_ago(-1).isoformat())
    ).content.decode()
    assert 'class="dateinput form-control is-invalid" required aria-invalid="true"' in html
    assert '<span id="error_1_id_held_on"><strong>Встреча ещё не состоялась: дата в будущем.</strong></span>' in html
    assert 'name="format" value="online" id="id_format_1" required checked' in html
    html = client.post(_meeting_form_url(quiet_pair), meeting_data(quiet_pair, topic="")).content.decode()
    assert 'class="textinput form-control is-invalid" required aria-invalid="true"' in html
    assert '<span id="error_1_id_topic"><strong>Обязательное поле.</strong></span>' in html
    assert "Договорились о трёх целях.</textarea>" in html  # what was typed stays in the form


def test_the_pair_page_reads_its_pair_in_two_queries_marked_as_on_the_pair_list(
    mentor, quiet_pair, django_assert_num_queries
):
    group = pair_for(mentor, mentees=3)
    consent_revoke(consent=mentee_of(group).consents.first(), revoked_on=today())
    listed = {pair.pk: pair for pair in mentor_pairs(mentor)}
    for expected in (quiet_pair, group):
        with django_assert_num_queries(2):  # the pair, its members with their consent
            pair = mentor_pair_get(mentor, expected.pk)
            shown = [(p.pk, p.full_name) for p in pair.mentee_people]
        on_list = listed[expected.pk]
        assert shown == [(p.pk, p.full_name) for p in on_list.mentee_people]
        for name in ("is_inactive", "consent_problem", "last_meeting_on", "days_without_meeting", "withdrawn_ids"):
            assert getattr(pair, name) == getattr(on_list, name), name
    assert listed[quiet_pair.pk].is_inactive and not listed[group.pk].is_inactive
    assert listed[group.pk].withdrawn_ids and listed[group.pk].consent_problem
