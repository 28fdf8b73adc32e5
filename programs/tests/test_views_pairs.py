"""Pairs and groups: the lists with their filters, forming a pair through the form, the pair page, status actions."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from people.models import MenteeProfile, Person
from people.services import consent_revoke
from programs.models import Meeting, Pair, PairMember, PlanGoal, PlanTask
from programs.tests.participants import make_mentee, make_mentor
from programs.tests.program_data import days_ago, make_pair, make_program, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(organization, curator):
    return make_program(organization, curator=curator)


def pair_form_data(program, mentors, mentees, **extra):
    return {
        "mentoring_form": program.forms.first().pk,
        "mentors": [person.pk for person in mentors],
        "mentees": [person.pk for person in mentees],
        "starts_on": today().isoformat(),
        "planned_end_on": program.ends_on.isoformat(),
        "goals": "Подготовка к олимпиаде",
        **extra,
    }


def test_forming_a_pair_that_breaks_rules_lists_every_violation_and_writes_nothing(
    client_for, curator, organization, program
):
    mentor = make_mentor(organization, consent=False, last_name="Безсогласия")
    mentee = make_mentee(organization, category=Person.Category.TEACHER, last_name="Учителева")
    response = client_for(curator).post(
        reverse("programs:pair-create", args=[program.pk]), pair_form_data(program, [mentor], [mentee])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="pair-violations"' in html
    assert f"{mentor.full_name}: нет действующего согласия на обработку персональных данных" in html
    assert f"{mentee.full_name} (педагог) не может быть наставляемым в форме «учитель – ученик»." in html
    assert not Pair.objects.exists() and not PairMember.objects.exists()
    assert MenteeProfile.objects.get(person=mentee).status == MenteeProfile.Status.WAITING


def test_forming_a_group_from_the_banks(client_for, curator, organization, program):
    mentor = make_mentor(organization, capacity=3)
    mentees = [make_mentee(organization), make_mentee(organization)]
    response = client_for(curator).post(
        reverse("programs:pair-create", args=[program.pk]), pair_form_data(program, [mentor], mentees)
    )
    pair = Pair.objects.get()
    assert response.status_code == 302 and response.url == pair.get_absolute_url()
    assert pair.is_group and pair.goals == "Подготовка к олимпиаде" and pair.status == Pair.Status.FORMING
    assert set(MenteeProfile.objects.values_list("status", flat=True)) == {MenteeProfile.Status.PAIRED}


def test_pair_form_offers_only_approved_mentors_and_the_role_models_of_the_programs_forms(
    client_for, curator, organization, program
):
    from people.models import MentorProfile
    from programs.tests.factories import RoleModelFactory

    approved = make_mentor(organization, last_name="Одобренный")
    candidate = make_mentor(organization, status=MentorProfile.Status.CANDIDATE, last_name="Кандидатов")
    fitting = RoleModelFactory(form=program.forms.first(), name="учитель – ученик с ОВЗ")
    foreign = RoleModelFactory(name="лидер – пассивный")
    form = client_for(curator).get(reverse("programs:pair-create", args=[program.pk])).context["form"]
    assert approved in form.fields["mentors"].queryset and candidate not in form.fields["mentors"].queryset
    assert fitting in form.fields["role_model"].queryset and foreign not in form.fields["role_model"].queryset
    rendered = str(form["role_model"])
    assert f'data-form="{program.forms.first().pk}"' in rendered


def test_pair_page_shows_members_with_class_and_position_and_the_read_only_records(
    client_for, principal, organization, program
):
    pair = make_pair(program, school_class="7Б", status=Pair.Status.ACTIVE, started_days_ago=20)
    mentee = pair.members.get(role="mentee").person
    Meeting.objects.create(pair=pair, held_on=days_ago(3), topic="Встреча-планирование", kind="planning")
    goal = PlanGoal.objects.create(pair=pair, mentee=mentee, title="Подготовиться к олимпиаде по математике")
    PlanTask.objects.create(goal=goal, title="Решить задачи прошлых лет", status="done", done_on=days_ago(1))
    html = client_for(principal).get(pair.get_absolute_url()).content.decode()
    assert mentee.full_name in html and "7Б класс" in html
    assert "учитель математики" in html  # the mentor's position
    assert "Встреча-планирование" in html and days_ago(3).strftime("%d.%m.%Y") in html
    assert "Подготовиться к олимпиаде по математике" in html and "Решить задачи прошлых лет" in html
    assert 'data-testid="pair-actions"' not in html
    assert 'data-testid="consent-problem-banner"' not in html


def test_a_revoked_consent_puts_the_banner_on_the_pair_page(client_for, curator, program):
    pair = make_pair(program, status=Pair.Status.ACTIVE)
    mentee = pair.members.get(role="mentee").person
    consent_revoke(consent=mentee.consents.get(), revoked_on=today(), reason="заявление матери")
    html = client_for(curator).get(pair.get_absolute_url()).content.decode()
    assert "У участника отозвано согласие — работа пары должна быть приостановлена" in html


def test_a_pair_without_meetings_for_30_days_gets_the_badge(client_for, curator, program):
    pair = make_pair(program, status=Pair.Status.ACTIVE)
    Pair.objects.filter(pk=pair.pk).update(starts_on=days_ago(45))
    Meeting.objects.create(pair=pair, held_on=days_ago(31), topic="Первая встреча", kind="first")
    html = client_for(curator).get(pair.get_absolute_url()).content.decode()
    assert 'data-testid="inactive"' in html and days_ago(31).strftime("%d.%m.%Y") in html


def test_actions_follow_the_status_activate_only_when_approved(client_for, curator, program):
    client = client_for(curator)
    forming = make_pair(program)
    html = client.get(forming.get_absolute_url()).content.decode()
    assert reverse("programs:pair-activate", args=[forming.pk]) not in html
    assert reverse("programs:pair-complete", args=[forming.pk]) not in html
    assert reverse("programs:pair-terminate", args=[forming.pk]) in html
    assert "ждёт приказа руководителя" in html

    approved = make_pair(program, status=Pair.Status.APPROVED)
    html = client.get(approved.get_absolute_url()).content.decode()
    assert reverse("programs:pair-activate", args=[approved.pk]) in html
    client.post(reverse("programs:pair-activate", args=[approved.pk]))
    approved.refresh_from_db()
    assert approved.status == Pair.Status.ACTIVE


def test_activating_a_forming_pair_is_refused(client_for, curator, program):
    pair = make_pair(program)
    response = client_for(curator).post(reverse("programs:pair-activate", args=[pair.pk]), follow=True)
    assert "начать работу можно только после утверждения приказом" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Pair.Status.FORMING


def test_completing_a_pair_records_results_and_the_full_cycle(client_for, curator, organization, program):
    mentor = make_mentor(organization, capacity=2)
    first, second = make_mentee(organization), make_mentee(organization)
    pair = make_pair(program, mentor=mentor, mentees=[first, second], status=Pair.Status.ACTIVE)
    response = client_for(curator).post(
        reverse("programs:pair-complete", args=[pair.pk]),
        {"ended_on": today().isoformat(), "results": "Призёр олимпиады", "full_cycle": [first.pk]},
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pair.Status.COMPLETED and pair.results == "Призёр олимпиады"
    assert list(pair.members.filter(full_cycle=True).values_list("person", flat=True)) == [first.pk]
    assert MenteeProfile.objects.get(person=first).status == MenteeProfile.Status.COMPLETED


def test_terminating_needs_a_reason_and_returns_the_mentee_to_waiting(client_for, curator, program):
    pair = make_pair(program, status=Pair.Status.ACTIVE)
    client = client_for(curator)
    url = reverse("programs:pair-terminate", args=[pair.pk])
    without_reason = client.post(url, {"ended_on": today().isoformat(), "reason": ""})
    assert without_reason.status_code == 200
    client.post(url, {"ended_on": today().isoformat(), "reason": "Переход в другую школу"})
    pair.refresh_from_db()
    assert pair.status == Pair.Status.TERMINATED and pair.termination_reason == "Переход в другую школу"
    mentee = pair.members.get(role="mentee").person
    assert MenteeProfile.objects.get(person=mentee).status == MenteeProfile.Status.WAITING


def test_pair_list_filters_by_status_consent_inactivity_form_and_name(client_for, curator, organization, program):
    quiet = make_pair(program, status=Pair.Status.ACTIVE, last_name="Молчанова")
    Pair.objects.filter(pk=quiet.pk).update(starts_on=days_ago(40))
    revoked = make_pair(program, status=Pair.Status.ACTIVE, last_name="Отозванова")
    consent_revoke(consent=revoked.members.get(role="mentee").person.consents.get(), revoked_on=today())
    forming = make_pair(program, last_name="Новикова")
    client = client_for(curator)

    def listed(**params):
        response = client.get(reverse("programs:pair-list"), params)
        return {row.record.pk for row in response.context["table"].page.object_list}

    assert listed() == {quiet.pk, revoked.pk, forming.pk}
    assert listed(status="forming") == {forming.pk}
    assert listed(consent="true") == {revoked.pk}
    assert listed(inactive="true") == {quiet.pk}
    assert listed(q="молчан") == {quiet.pk}
    assert listed(program=program.pk, q="новикова") == {forming.pk}
    assert listed(form=program.forms.first().pk) == {quiet.pk, revoked.pk, forming.pk}


def test_program_pair_list_shows_the_badges(client_for, curator, program):
    quiet = make_pair(program, status=Pair.Status.ACTIVE)
    Pair.objects.filter(pk=quiet.pk).update(starts_on=days_ago(40))
    revoked = make_pair(program, status=Pair.Status.ACTIVE)
    consent_revoke(consent=revoked.members.get(role="mentee").person.consents.get(), revoked_on=today())
    html = client_for(curator).get(reverse("programs:program-pairs", args=[program.pk])).content.decode()
    quiet_row = html.split(f'data-testid="pair-row-{quiet.pk}"')[1].split("</tr>")[0]
    revoked_row = html.split(f'data-testid="pair-row-{revoked.pk}"')[1].split("</tr>")[0]
    assert 'data-testid="inactive"' in quiet_row and 'data-testid="consent-problem"' not in quiet_row
    assert 'data-testid="consent-problem"' in revoked_row


@pytest.mark.parametrize("url_name", ["programs:pair-list", "programs:program-pairs"])
def test_pair_lists_cost_the_same_queries_as_rows_grow(
    client_for, curator, organization, program, url_name, django_assert_max_num_queries
):
    client = client_for(curator)
    url = reverse(url_name, args=[program.pk] if url_name.endswith("program-pairs") else [])
    make_pair(program, status=Pair.Status.ACTIVE)
    client.get(url)
    cache.clear()  # the table is computed, not taken from the cache (mentorship.datacache)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(6):
        mentor = make_mentor(organization, capacity=2)
        make_pair(program, mentor=mentor, mentees=[make_mentee(organization), make_mentee(organization)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)  # the new pairs changed the school's data version: computed again
    assert response.context["table"].paginator.count == 7


def test_a_pair_ending_before_it_starts_is_refused(client_for, curator, organization, program):
    data = pair_form_data(
        program,
        [make_mentor(organization)],
        [make_mentee(organization)],
        planned_end_on=(today() - dt.timedelta(days=1)).isoformat(),
    )
    response = client_for(curator).post(reverse("programs:pair-create", args=[program.pk]), data)
    assert "Плановое окончание не может быть раньше начала." in response.content.decode()
    assert not Pair.objects.exists()


@pytest.mark.parametrize("sort", ["number", "-program", "form", "-starts_on", "status", "-last_meeting_on"])
def test_pair_list_sorts_by_each_column(client_for, curator, program, sort):
    older = make_pair(program, status=Pair.Status.ACTIVE)
    Pair.objects.filter(pk=older.pk).update(starts_on=days_ago(40))
    Meeting.objects.create(pair=older, held_on=days_ago(2), topic="Регулярная встреча")
    newer = make_pair(program)
    response = client_for(curator).get(reverse("programs:pair-list"), {"sort": sort})
    rows = [row.record.pk for row in response.context["table"].page.object_list]
    assert sorted(rows) == sorted([older.pk, newer.pk])
    if sort == "-starts_on":
        assert rows == [newer.pk, older.pk]
