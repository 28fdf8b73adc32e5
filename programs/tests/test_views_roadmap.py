"""The roadmap page: stages with progress, overdue activities, editing, marking done with evidence."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people.models import Person
from people.tests.factories import PersonFactory
from programs.models import RoadmapActivity
from programs.tests.program_data import days_ago, make_program, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(organization, curator):
    return make_program(organization, curator=curator)


def first_activity(program) -> RoadmapActivity:
    return RoadmapActivity.objects.filter(stage__program=program, stage__number=1).order_by("order").first()


def test_an_overdue_activity_is_highlighted_and_a_done_one_is_not(client_for, principal, program):
    activities = list(RoadmapActivity.objects.filter(stage__program=program, stage__number=1).order_by("order"))
    late, done = activities[0], activities[1]
    RoadmapActivity.objects.filter(pk=late.pk).update(deadline=days_ago(3))
    RoadmapActivity.objects.filter(pk=done.pk).update(deadline=days_ago(3), status="done", completed_on=days_ago(4))
    RoadmapActivity.objects.filter(stage__program=program).exclude(pk__in=[late.pk, done.pk]).update(
        deadline=today() + dt.timedelta(days=30)
    )
    html = client_for(principal).get(reverse("programs:program-roadmap", args=[program.pk])).content.decode()
    assert html.count('data-testid="overdue-activity"') == 1
    late_row = html.split(f'id="activity-{late.pk}"')[0].rsplit("<tr", 1)[1]
    assert 'class="table-danger"' in late_row
    assert "просрочено: 1" in html


def test_stage_progress_shows_done_of_total_and_percent(client_for, curator, program):
    activity = first_activity(program)
    RoadmapActivity.objects.filter(pk=activity.pk).update(status="done", completed_on=today())
    html = client_for(curator).get(reverse("programs:program-roadmap", args=[program.pk])).content.decode()
    assert '<span class="small text-nowrap" data-testid="stage-progress-1">1 из 4 (25 %)</span>' in html
    assert '<progress class="progress-meter' in html and 'value="25"' in html


def test_principal_sees_no_edit_links_on_the_roadmap(client_for, principal, curator, program):
    activity = first_activity(program)
    edit_url = reverse("programs:activity-edit", args=[activity.pk])
    assert (
        edit_url
        not in client_for(principal).get(reverse("programs:program-roadmap", args=[program.pk])).content.decode()
    )
    assert edit_url in client_for(curator).get(reverse("programs:program-roadmap", args=[program.pk])).content.decode()


def test_curator_marks_an_activity_done_with_a_file_and_a_note(client_for, curator, principal, program):
    activity = first_activity(program)
    response = client_for(curator).post(
        reverse("programs:activity-mark", args=[activity.pk]),
        {
            "status": "done",
            "completed_on": today().isoformat(),
            "evidence_note": "приказ № 45 от 10.09.2026",
            "evidence": SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "done" and activity.completed_on == today()
    assert activity.evidence_note == "приказ № 45 от 10.09.2026" and activity.evidence.name.endswith(".pdf")
    download = client_for(principal).get(reverse("programs:activity-evidence", args=[activity.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_an_executable_is_not_accepted_as_evidence(client_for, curator, program):
    activity = first_activity(program)
    response = client_for(curator).post(
        reverse("programs:activity-mark", args=[activity.pk]),
        {"status": "done", "evidence": SimpleUploadedFile("virus.exe", b"MZ")},
    )
    assert response.status_code == 200 and "Файл этого типа не принимается" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned" and not activity.evidence


def test_done_in_the_future_is_refused(client_for, curator, program):
    activity = first_activity(program)
    response = client_for(curator).post(
        reverse("programs:activity-mark", args=[activity.pk]),
        {"status": "done", "completed_on": (today() + dt.timedelta(days=2)).isoformat()},
    )
    assert "Дата выполнения не может быть в будущем." in response.content.decode()


def test_curator_adds_edits_and_removes_an_activity(client_for, curator, organization, program):
    client = client_for(curator)
    stage = program.stages.get(number=5)
    psychologist = PersonFactory(organization=organization, category=Person.Category.TEACHER, last_name="Соколова")
    deadline = program.starts_on + dt.timedelta(days=50)
    response = client.post(
        reverse("programs:activity-create", args=[program.pk]),
        {
            "stage": stage.pk,
            "title": "Групповая встреча наставников и наставляемых",
            "content": "Знакомство, анкетирование предпочтений",
            "deadline": deadline.isoformat(),
            "responsible": "Куратор, педагог-психолог",
            "responsible_people": [psychologist.pk],
        },
    )
    assert response.status_code == 302
    activity = stage.activities.get(title="Групповая встреча наставников и наставляемых")
    assert list(activity.responsible_people.all()) == [psychologist]
    assert activity.order == stage.activities.count() - 1

    client.post(
        reverse("programs:activity-edit", args=[activity.pk]),
        {"title": "Групповая встреча", "deadline": deadline.isoformat(), "responsible": "Куратор"},
    )
    activity.refresh_from_db()
    assert activity.title == "Групповая встреча" and not activity.responsible_people.exists()

    confirmation = client.get(reverse("programs:activity-delete", args=[activity.pk]))
    assert "Удалить мероприятие?" in confirmation.content.decode()
    assert RoadmapActivity.objects.filter(pk=activity.pk).exists()
    client.post(reverse("programs:activity-delete", args=[activity.pk]))
    assert not RoadmapActivity.objects.filter(pk=activity.pk).exists()


def test_a_deadline_outside_the_programs_year_is_refused(client_for, curator, program):
    activity = first_activity(program)
    response = client_for(curator).post(
        reverse("programs:activity-edit", args=[activity.pk]),
        {"title": activity.title, "deadline": (program.academic_year.end + dt.timedelta(days=1)).isoformat()},
    )
    assert f"Срок должен приходиться на {program.academic_year}." in response.content.decode()


def test_roadmap_page_costs_a_fixed_number_of_queries(client_for, curator, program, django_assert_max_num_queries):
    client = client_for(curator)
    url = reverse("programs:program-roadmap", args=[program.pk])
    client.get(url)
    with django_assert_max_num_queries(13):  # incl. the session's save on every request (SAVEPOINT, UPDATE, RELEASE)
        client.get(url)
