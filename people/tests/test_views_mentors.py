"""The mentor bank in the browser: list, card, adding, status workflow, training and selection criteria."""

import datetime as dt

import pytest
from django.urls import reverse

from people.models import MentorProfile, MentorStatusChange, Person
from people.services import consent_create, mentor_profile_create, mentor_training_add
from people.tests.factories import PartnerOrganizationFactory, PersonFactory
from programs.models import MentoringForm

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()
ROLES = ["curator", "principal", "administrator", "mentor", "user_without_role"]
READERS = {"curator", "principal"}
WRITERS = {"curator"}


@pytest.fixture
def teacher_to_teacher(db):
    return MentoringForm.objects.create(
        code="teacher-teacher", name="учитель – учитель", mentor_categories=["teacher"], mentee_categories=["teacher"]
    )


@pytest.fixture
def teacher_to_pupil(db):
    return MentoringForm.objects.create(
        code="teacher-pupil", name="учитель – ученик", mentor_categories=["teacher"], mentee_categories=["pupil"]
    )


def _teacher(organization, **values):
    values.setdefault("birth_date", dt.date(1980, 4, 1))
    return PersonFactory(organization=organization, category=Person.Category.TEACHER, **values)


@pytest.fixture
def profile(organization):
    return mentor_profile_create(person=_teacher(organization, last_name="Семёнов", first_name="Пётр"))


def _pages(profile):
    """(url, who may GET, who may POST)."""
    return [
        (reverse("people:mentor-list"), READERS, set()),
        (reverse("people:mentor-export"), READERS, set()),
        (reverse("people:mentor-detail", args=[profile.pk]), READERS, set()),
        (reverse("people:mentor-create"), WRITERS, WRITERS),
        (reverse("people:mentor-edit", args=[profile.pk]), WRITERS, WRITERS),
        (reverse("people:mentor-status", args=[profile.pk]), WRITERS, WRITERS),
        (reverse("people:mentor-training-add", args=[profile.pk]), WRITERS, WRITERS),
        (reverse("people:mentor-criteria", args=[profile.pk]), WRITERS, WRITERS),
    ]


@pytest.mark.parametrize("role_fixture", ROLES)
def test_mentor_bank_opens_for_curator_and_principal_and_changes_only_for_curator(
    request, client_for, role_fixture, profile
):
    client = client_for(request.getfixturevalue(role_fixture))
    for url, may_get, may_post in _pages(profile):
        assert client.get(url).status_code == (200 if role_fixture in may_get else 403), url
        if may_post and role_fixture not in may_post:
            data = {"status": "approved", "changed_on": TODAY.isoformat(), "basis": "решение педсовета", "capacity": 3}
            assert client.post(url, data).status_code == 403, url
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.CANDIDATE and profile.capacity == 1


def test_anonymous_user_is_sent_to_login_from_the_mentor_bank(client, profile):
    for url, _, _ in _pages(profile):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_another_organizations_mentor_is_not_found(client_for, curator, other_organization):
    foreign = mentor_profile_create(person=_teacher(other_organization))
    client = client_for(curator)
    for name in ("mentor-detail", "mentor-edit", "mentor-status", "mentor-training-add", "mentor-criteria"):
        assert client.get(reverse(f"people:{name}", args=[foreign.pk])).status_code == 404, name
    response = client.post(
        reverse("people:mentor-status", args=[foreign.pk]),
        {"status": "left", "changed_on": TODAY.isoformat()},
    )
    assert response.status_code == 404
    assert client.get(reverse("people:mentor-create"), {"person": foreign.person.pk}).status_code == 404
    assert foreign.person not in client.get(reverse("people:mentor-create")).context["candidates"]
    assert foreign not in client.get(reverse("people:mentor-list")).context["table"].data


@pytest.mark.parametrize(("query", "expected"), [("семенов", "Семёнов"), ("СЁМИН", "Семин"), ("петр", "Семёнов")])
def test_mentor_search_ignores_case_and_yo(client_for, curator, organization, profile, query, expected):
    mentor_profile_create(person=_teacher(organization, last_name="Семин", first_name="Олег"))
    mentor_profile_create(person=_teacher(organization, last_name="Сидоров", first_name="Олег"))
    response = client_for(curator).get(reverse("people:mentor-list"), {"q": query})
    assert [mentor.person.last_name for mentor in response.context["table"].data] == [expected]


def test_mentor_list_filters_by_status_category_form_and_consent(
    client_for, curator, organization, profile, teacher_to_pupil
):
    approved = mentor_profile_create(
        person=_teacher(organization, last_name="Одобренный"),
        status=MentorProfile.Status.APPROVED,
        approved_on=TODAY,
        forms=[teacher_to_pupil],
    )
    consent_create(person=approved.person, signed_on=TODAY)
    partner = PartnerOrganizationFactory(organization=organization)
    employer = mentor_profile_create(
        person=PersonFactory(
            organization=organization,
            category=Person.Category.EMPLOYER,
            partner=partner,
            birth_date=dt.date(1975, 1, 1),
            last_name="Заводской",
        )
    )
    client = client_for(curator)

    def names(**params):
        return {m.person.last_name for m in client.get(reverse("people:mentor-list"), params).context["table"].data}

    assert names(status="approved") == {"Одобренный"}
    assert names(category="employer") == {employer.person.last_name}
    assert names(mentoring_form=teacher_to_pupil.pk) == {"Одобренный"}
    assert names(consent="valid") == {"Одобренный"}
    assert names(consent="missing") == {"Семёнов", "Заводской"}


def test_mentor_list_sorts_by_status(client_for, curator, organization, profile):
    mentor_profile_create(
        person=_teacher(organization, last_name="Активный"), status=MentorProfile.Status.ACTIVE, approved_on=TODAY
    )
    response = client_for(curator).get(reverse("people:mentor-list"), {"sort": "status"})
    assert [m.status for m in response.context["table"].page.object_list.data] == ["active", "candidate"]


def test_mentor_list_keeps_its_query_count(
    client_for, curator, organization, teacher_to_pupil, teacher_to_teacher, django_assert_max_num_queries
):
    client = client_for(curator)

    def add(count):
        for _ in range(count):
            profile = mentor_profile_create(person=_teacher(organization), forms=[teacher_to_pupil, teacher_to_teacher])
            mentor_training_add(profile=profile, completed_on=TODAY, hours=16)
            consent_create(person=profile.person, signed_on=TODAY)

    add(2)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("people:mentor-list"))
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("people:mentor-list"))
    html = response.content.decode()
    assert html.count("учитель – ученик, учитель – учитель") == 17


def test_curator_adds_a_teacher_from_his_page_to_the_mentor_bank(client_for, curator, organization, teacher_to_pupil):
    teacher = _teacher(organization, last_name="Громова", first_name="Инна")
    client = client_for(curator)
    person_page = client.get(teacher.get_absolute_url()).content.decode()
    add_url = f"{reverse('people:mentor-create')}?person={teacher.pk}"
    assert add_url in person_page and "Добавить в банк наставников" in person_page

    response = client.post(
        add_url,
        {
            "mentoring_forms": [teacher_to_pupil.pk],
            "competencies": "робототехника, проектная деятельность, Робототехника",
            "interests": "шахматы",
            "hours_per_month": 6,
            "capacity": 3,
        },
        follow=True,
    )
    profile = MentorProfile.objects.get(person=teacher)
    assert profile.status == MentorProfile.Status.CANDIDATE
    assert profile.competencies == ["робототехника", "проектная деятельность"]
    assert list(profile.forms.all()) == [teacher_to_pupil]
    assert profile.capacity == 3
    assert profile.status_changes.get().changed_by == curator
    html = response.content.decode()
    assert "внесён(а) в банк наставников как кандидат" in html
    assert "робототехника" in html and "учитель – ученик" in html


def test_create_page_finds_candidates_with_yo_and_hides_those_already_in_the_bank(
    client_for, curator, organization, profile
):
    free = _teacher(organization, last_name="Семенова", first_name="Алёна")
    response = client_for(curator).get(reverse("people:mentor-create"), {"q": "семён"})
    assert list(response.context["candidates"]) == [free]


def test_a_person_already_in_the_bank_is_sent_to_his_card(client_for, curator, profile):
    response = client_for(curator).get(reverse("people:mentor-create"), {"person": profile.person.pk})
    assert response.status_code == 302 and response.url == profile.get_absolute_url()


def test_an_archived_person_is_refused_by_the_service(client_for, curator, organization):
    teacher = _teacher(organization, is_archived=True)
    response = client_for(curator).post(f"{reverse('people:mentor-create')}?person={teacher.pk}", {"capacity": 1})
    assert f"{teacher.full_name} в архиве" in response.content.decode()
    assert not MentorProfile.objects.filter(person=teacher).exists()


def test_status_form_offers_only_allowed_transitions(client_for, curator, profile):
    form = client_for(curator).get(reverse("people:mentor-status", args=[profile.pk])).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == ["approved", "left"]


def test_approval_needs_a_basis_and_is_recorded_in_the_history(client_for, curator, profile):
    client = client_for(curator)
    url = reverse("people:mentor-status", args=[profile.pk])
    response = client.post(url, {"status": "approved", "changed_on": "2025-08-30"})
    assert "Укажите основание одобрения" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.CANDIDATE

    basis = "решение педагогического совета № 1 от 30.08.2025"
    response = client.post(url, {"status": "approved", "changed_on": "2025-08-30", "basis": basis}, follow=True)
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.APPROVED
    assert profile.approved_on == dt.date(2025, 8, 30) and profile.approval_basis == basis
    step = MentorStatusChange.objects.get(profile=profile, to_status="approved")
    assert step.changed_by == curator and step.basis == basis
    html = response.content.decode()
    assert "статус изменён на «одобрен»" in html and basis in html


def test_a_transition_outside_the_workflow_is_refused(client_for, curator, profile):
    response = client_for(curator).post(
        reverse("people:mentor-status", args=[profile.pk]), {"status": "active", "changed_on": TODAY.isoformat()}
    )
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.CANDIDATE


def test_trained_status_needs_a_training_first(client_for, curator, organization):
    profile = mentor_profile_create(
        person=_teacher(organization), status=MentorProfile.Status.APPROVED, approved_on=TODAY
    )
    client = client_for(curator)
    url = reverse("people:mentor-status", args=[profile.pk])
    response = client.post(url, {"status": "trained", "changed_on": TODAY.isoformat()})
    assert "сначала внесите сведения об обучении наставника" in response.content.decode()

    client.post(
        reverse("people:mentor-training-add", args=[profile.pk]),
        {"title": "Школа наставников", "completed_on": TODAY.isoformat(), "hours": 36, "document": "сертификат № 15"},
    )
    assert profile.trainings.get().hours == 36
    client.post(url, {"status": "trained", "changed_on": TODAY.isoformat()})
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.TRAINED
    html = client.get(profile.get_absolute_url()).content.decode()
    assert "Школа наставников" in html and "36 ч." in html and "сертификат № 15" in html


def test_curator_assesses_the_six_criteria_and_the_card_counts_them(client_for, curator, profile):
    client = client_for(curator)
    response = client.post(
        reverse("people:mentor-criteria", args=[profile.pk]),
        {
            "criterion_desire": "on",
            "criterion_time": "on",
            "criterion_motivation": "on",
            "assessed_on": TODAY.isoformat(),
            "note": "собеседование",
        },
        follow=True,
    )
    profile.refresh_from_db()
    assert profile.criteria_met == 3 and profile.criterion_time and not profile.criterion_fit
    html = response.content.decode()
    assert "3 из 6" in html and "Соответствие запросам наставляемых" in html and "собеседование" in html


def test_curator_edits_forms_tags_and_capacity(client_for, curator, profile, teacher_to_teacher):
    client_for(curator).post(
        reverse("people:mentor-edit", args=[profile.pk]),
        {"mentoring_forms": [teacher_to_teacher.pk], "competencies": "ФГОС", "capacity": 2, "hours_per_month": 4},
    )
    profile.refresh_from_db()
    assert list(profile.forms.all()) == [teacher_to_teacher]
    assert profile.competencies == ["ФГОС"] and profile.capacity == 2 and profile.hours_per_month == 4


def test_principal_sees_the_mentor_card_without_buttons(client_for, principal, profile):
    html = client_for(principal).get(profile.get_absolute_url()).content.decode()
    assert "Семёнов Пётр" in html and 'data-testid="criteria-count"' in html
    for name in ("mentor-status", "mentor-edit", "mentor-criteria", "mentor-training-add"):
        assert reverse(f"people:{name}", args=[profile.pk]) not in html
    assert (
        reverse("people:mentor-create") not in client_for(principal).get(reverse("people:mentor-list")).content.decode()
    )


def test_unknown_filter_values_do_not_break_the_lists(client_for, curator, profile):
    client = client_for(curator)
    bogus = {"status": "бог", "mentoring_form": "x", "consent": "?", "category": "1", "sort": "nonsense"}
    assert client.get(reverse("people:mentor-list"), bogus).status_code == 200
    assert client.get(reverse("people:mentee-list"), {**bogus, "source": "?", "mark": "?"}).status_code == 200
    assert client.get(reverse("people:consent-missing"), {"bank": "?", "school_class": "99Ы"}).status_code == 200
    assert client.get(reverse("people:mentor-export"), bogus).status_code == 200
