"""The program pages: the list, creating a program from a form, editing its sections, the status workflow."""

import pytest
from django.urls import reverse

from mentorship.academic_year import AcademicYear
from programs.models import Program
from programs.services import program_title_for
from programs.tests.factories import MentoringFormFactory
from programs.tests.program_data import make_pair, make_program, teacher_pupil_form

pytestmark = pytest.mark.django_db


def test_curator_creates_a_program_from_a_form_with_the_suggested_title_and_the_six_stage_roadmap(client_for, curator):
    form = teacher_pupil_form()
    year = AcademicYear.current()
    response = client_for(curator).post(
        reverse("programs:program-create"),
        {"mentoring_form": form.pk, "year": year.start_year, "curator": curator.pk, "mentoring_type": "individual"},
    )
    program = Program.objects.get()
    assert response.status_code == 302 and response.url == program.get_absolute_url()
    assert program.title == program_title_for(form, year)
    assert program.goal == form.goal and program.tasks == form.tasks
    assert program.expected_results == form.expected_results
    assert program.stages.count() == 6
    assert program.curator == curator and program.organization == curator.organization


def test_the_create_page_offers_each_forms_title_to_the_script(client_for, curator):
    form = teacher_pupil_form()
    response = client_for(curator).get(reverse("programs:program-create"))
    html = response.content.decode()
    assert 'id="title-suggestions"' in html and "js/program-form.js" in html
    year = AcademicYear.current()
    suggestions = response.context["title_suggestions"]
    assert suggestions[f"{form.pk}:{year.start_year}"] == program_title_for(form, year)


def test_a_typed_title_is_kept(client_for, curator):
    form = teacher_pupil_form()
    client_for(curator).post(
        reverse("programs:program-create"),
        {
            "mentoring_form": form.pk,
            "year": AcademicYear.current().start_year,
            "mentoring_type": "group",
            "title": "Наставничество в 5-х классах",
        },
    )
    program = Program.objects.get()
    assert program.title == "Наставничество в 5-х классах" and program.mentoring_type == "group"


def test_program_list_shows_pair_counts_filters_and_searches(client_for, curator, organization):
    running = make_program(organization, title="Учитель – ученик 2026", status=Program.Status.RUNNING)
    make_pair(running)
    make_pair(running)
    make_program(organization, title="Ученик – ученик")
    client = client_for(curator)

    response = client.get(reverse("programs:program-list"))
    assert response.context["table"].paginator.count == 2
    html = response.content.decode()
    assert '<td data-testid="pairs-open">2</td>' in html

    by_status = client.get(reverse("programs:program-list"), {"status": "running"})
    assert [row.record for row in by_status.context["table"].page.object_list] == [running]
    by_title = client.get(reverse("programs:program-list"), {"q": "ученик – ученик"})
    assert by_title.context["table"].paginator.count == 1


def test_program_list_costs_the_same_queries_for_many_programs(
    client_for, curator, organization, django_assert_max_num_queries
):
    client = client_for(curator)
    form = teacher_pupil_form()
    make_pair(make_program(organization, form=form))
    client.get(reverse("programs:program-list"))  # warm the session and the content types
    # incl. the session's save on every request (SAVEPOINT, UPDATE, RELEASE)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("programs:program-list"))
    for number in range(8):
        make_pair(make_program(organization, form=form, title=f"Программа {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("programs:program-list"))
    assert response.context["table"].paginator.count == 9


def test_principal_sees_the_program_without_edit_buttons(client_for, principal, curator, organization):
    program = make_program(organization)
    principal_html = client_for(principal).get(program.get_absolute_url()).content.decode()
    assert "Печать" in principal_html
    assert reverse("programs:program-edit", args=[program.pk]) not in principal_html
    assert 'data-testid="status-approved"' not in principal_html
    curator_html = client_for(curator).get(program.get_absolute_url()).content.decode()
    assert reverse("programs:program-edit", args=[program.pk]) in curator_html
    assert 'data-testid="status-approved"' in curator_html


def test_program_page_shows_every_section_the_forms_the_roadmap_and_the_pair_counts(client_for, curator, organization):
    program = make_program(organization)
    Program.objects.filter(pk=program.pk).update(relevance="Высокая доля обучающихся с низкой мотивацией.")
    make_pair(program)
    response = client_for(curator).get(program.get_absolute_url())
    html = response.content.decode()
    for label in (
        "Актуальность",
        "Цель",
        "Задачи",
        "Содержание",
        "Целевая аудитория",
        "Принципы подбора наставников",
        "План работы",
        "Ожидаемые результаты",
        "Способы измерения результатов",
        "Организационно-педагогические условия",
    ):
        assert label in html
    assert "Высокая доля обучающихся с низкой мотивацией." in html
    assert "учитель – ученик" in html
    assert "сейчас этап 1" in html
    assert '<td class="text-end" data-testid="pairs-forming">1</td>' in html
    assert 'data-action="print"' in html and "js/print.js" in html


def test_curator_edits_the_sections_and_the_forms(client_for, curator, organization):
    program = make_program(organization)
    other_form = MentoringFormFactory(code="pupil-pupil", name="ученик – ученик")
    data = {
        "title": "Программа «Шаг вперёд»",
        "starts_on": program.starts_on.isoformat(),
        "ends_on": program.ends_on.isoformat(),
        "forms": [program.forms.first().pk, other_form.pk],
        "mentoring_type": "group",
        "curator": curator.pk,
        "relevance": "Актуальность программы",
        "goal": "Цель",
        "tasks": "Задачи",
        "content": "Содержание",
        "target_audience": "Обучающиеся 5–7 классов",
        "mentor_requirements": "Опыт работы не менее 3 лет",
        "work_plan": "План",
        "expected_results": "Результаты",
        "measurement": "Анкетирование",
        "conditions": "Условия",
    }
    response = client_for(curator).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Программа «Шаг вперёд»" and program.target_audience == "Обучающиеся 5–7 классов"
    assert set(program.forms.values_list("name", flat=True)) == {"учитель – ученик", "ученик – ученик"}


def test_a_form_used_by_working_pairs_cannot_be_removed(client_for, curator, organization):
    program = make_program(organization)
    make_pair(program)
    other_form = MentoringFormFactory(code="pupil-pupil", name="ученик – ученик")
    data = {
        "title": program.title,
        "starts_on": program.starts_on.isoformat(),
        "ends_on": program.ends_on.isoformat(),
        "forms": [other_form.pk],
        "mentoring_type": "individual",
    }
    response = client_for(curator).post(reverse("programs:program-edit", args=[program.pk]), data)
    assert response.status_code == 200
    assert "По формам «учитель – ученик» в программе работают пары" in response.content.decode()
    assert list(program.forms.values_list("name", flat=True)) == ["учитель – ученик"]


def test_status_change_asks_for_confirmation_then_moves_the_program(client_for, curator, organization):
    program = make_program(organization)
    client = client_for(curator)
    url = reverse("programs:program-status", args=[program.pk]) + "?to=approved"
    confirmation = client.get(url)
    assert "Утвердить программу?" in confirmation.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.DRAFT
    client.post(url)
    program.refresh_from_db()
    assert program.status == Program.Status.APPROVED


def test_a_forbidden_status_change_is_explained(client_for, curator, organization):
    program = make_program(organization, status=Program.Status.RUNNING)
    make_pair(program)
    response = client_for(curator).post(
        reverse("programs:program-status", args=[program.pk]) + "?to=completed", follow=True
    )
    assert "остались незакрытые пары" in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.RUNNING


def test_nav_has_programs_for_curator_and_principal_only(client_for, curator, principal, mentor, administrator):
    for user, shown in ((curator, True), (principal, True), (mentor, False), (administrator, False)):
        labels = [item.label for item in client_for(user).get(reverse("home")).context["nav_items"]]
        assert ("Программы" in labels) is shown, user.username


def test_an_impossible_step_is_not_offered_for_confirmation(client_for, curator, organization):
    program = make_program(organization)
    response = client_for(curator).get(
        reverse("programs:program-status", args=[program.pk]) + "?to=completed", follow=True
    )
    assert "Программу в статусе «черновик» нельзя перевести в «завершена»." in response.content.decode()
    assert 'data-testid="confirm"' not in response.content.decode()


@pytest.mark.parametrize(
    "sort", ["title", "-year_start", "mentoring_type", "curator", "status", "-pairs_open", "pairs_total"]
)
def test_program_list_sorts_by_each_column(client_for, curator, organization, sort):
    busy = make_program(organization, curator=curator, title="Б-программа")
    make_pair(busy)
    make_program(organization, title="А-программа")
    response = client_for(curator).get(reverse("programs:program-list"), {"sort": sort})
    titles = [row.record.title for row in response.context["table"].page.object_list]
    assert sorted(titles) == ["А-программа", "Б-программа"]
    if sort == "-pairs_open":
        assert titles == ["Б-программа", "А-программа"]
