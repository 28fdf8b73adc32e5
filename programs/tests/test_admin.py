"""The administrator edits forms of mentoring and their role models in the admin site."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from people.roles import Role
from people.tests.factories import UserFactory
from programs.models import MentoringForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for_staff(client, organization):
    call_command("load_reference", verbosity=0)
    client.force_login(UserFactory(organization=organization, is_superuser=True, is_staff=True))
    return client


def test_forms_list_and_change_page_show_the_reference(admin_client_for_staff):
    response = admin_client_for_staff.get(reverse("admin:programs_mentoringform_changelist"))
    assert response.status_code == 200
    assert "учитель – ученик" in response.content.decode()
    teacher_pupil = MentoringForm.objects.get(code="teacher-pupil")
    response = admin_client_for_staff.get(reverse("admin:programs_mentoringform_change", args=[teacher_pupil.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "учитель – ученик с ОВЗ" in page  # the role models are inline
    assert 'type="checkbox" name="mentor_categories" value="teacher"' in page


def test_administrator_changes_who_may_mentor(admin_client_for_staff):
    form = MentoringForm.objects.get(code="student-pupil")
    url = reverse("admin:programs_mentoringform_change", args=[form.pk])
    data = {
        "name": form.name,
        "code": form.code,
        "variation_of": "",
        "order": form.order,
        "is_active": "on",
        "mentor_categories": ["student", "graduate"],
        "mentee_categories": ["pupil"],
        "goal": form.goal,
        "tasks": form.tasks,
        "expected_results": form.expected_results,
        "role_models-TOTAL_FORMS": "0",
        "role_models-INITIAL_FORMS": "0",
        "role_models-MIN_NUM_FORMS": "0",
        "role_models-MAX_NUM_FORMS": "1000",
    }
    response = admin_client_for_staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    form.refresh_from_db()
    assert form.mentor_categories == ["student", "graduate"]


def test_a_variation_cannot_hang_under_another_variation(admin_client_for_staff):
    form = MentoringForm.objects.get(code="student-pupil")
    url = reverse("admin:programs_mentoringform_change", args=[form.pk])
    response = admin_client_for_staff.post(
        url,
        {
            "name": form.name,
            "code": form.code,
            "variation_of": MentoringForm.objects.get(code="student-student").pk,
            "order": form.order,
            "mentor_categories": ["student"],
            "mentee_categories": ["pupil"],
            "role_models-TOTAL_FORMS": "0",
            "role_models-INITIAL_FORMS": "0",
            "role_models-MIN_NUM_FORMS": "0",
            "role_models-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "сама является вариацией формы" in response.content.decode()


def test_the_curator_has_no_admin_site(client, organization):
    client.force_login(UserFactory(organization=organization, roles=[Role.CURATOR]))
    response = client.get(reverse("admin:programs_mentoringform_changelist"))
    assert response.status_code == 302
