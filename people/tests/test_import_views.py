"""The import pages: only the administrator of the organization may use them; upload, preview, confirm."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from people.importing import service
from people.models import Person, RosterImport
from people.roles import Role
from people.tests.factories import UserFactory
from people.tests.test_import_support import PUPIL_HEADERS, pupil_rows, run_lock_held_elsewhere, xlsx_upload

pytestmark = pytest.mark.django_db


def stored_import(organization, user, rows=None, kind="pupils"):
    roster_import = service.roster_import_create(
        organization=organization,
        kind=kind,
        uploaded_file=xlsx_upload(rows or [PUPIL_HEADERS, *pupil_rows(3)]),
        uploaded_by=user,
    )
    return service.roster_import_preview(roster_import=roster_import)


@pytest.fixture
def previewed(organization, administrator):
    return stored_import(organization, administrator)


# name, method, needs an import
IMPORT_VIEWS = [
    ("people:import-list", "get", False),
    ("people:import-new", "get", False),
    ("people:import-template", "get", "kind"),
    ("people:import-detail", "get", True),
    ("people:import-status", "get", True),
    ("people:import-file", "get", True),
    ("people:import-confirm", "post", True),
    ("people:import-cancel", "post", True),
    ("people:import-retry", "post", True),
]


def url_of(name, needs, roster_import):
    if needs == "kind":
        return reverse(name, args=["pupils"])
    return reverse(name, args=[roster_import.pk]) if needs else reverse(name)


@pytest.mark.parametrize(("name", "method", "needs"), IMPORT_VIEWS)
def test_administrator_may_use_every_import_page(client_for, administrator, previewed, name, method, needs):
    response = getattr(client_for(administrator), method)(url_of(name, needs, previewed))
    assert response.status_code == (302 if method == "post" else 200)


@pytest.mark.parametrize(("name", "method", "needs"), IMPORT_VIEWS)
@pytest.mark.parametrize("role_fixture", ["curator", "principal", "mentor", "user_without_role"])
def test_other_roles_are_refused_every_import_page(request, client_for, previewed, role_fixture, name, method, needs):
    user = request.getfixturevalue(role_fixture)
    response = getattr(client_for(user), method)(url_of(name, needs, previewed))
    assert response.status_code == 403
    previewed.refresh_from_db()
    assert previewed.status == RosterImport.Status.PREVIEW


@pytest.mark.parametrize(("name", "method", "needs"), IMPORT_VIEWS)
def test_anonymous_user_is_sent_to_login_from_every_import_page(client, previewed, name, method, needs):
    response = getattr(client, method)(url_of(name, needs, previewed))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "method", "needs"), [view for view in IMPORT_VIEWS if view[2] is True])
def test_another_organizations_import_is_not_found(client_for, administrator, other_organization, name, method, needs):
    stranger = UserFactory(organization=other_organization, roles=[Role.ADMINISTRATOR])
    foreign = stored_import(other_organization, stranger)
    response = getattr(client_for(administrator), method)(url_of(name, needs, foreign))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == RosterImport.Status.PREVIEW
    assert not Person.objects.exists()


def test_import_list_query_count_does_not_grow_with_the_history(
    client_for, administrator, organization, django_assert_max_num_queries
):
    client = client_for(administrator)
    stored_import(organization, administrator)
    with django_assert_max_num_queries(6):  # the first page also saves the session (SAVEPOINT, UPDATE, RELEASE)
        first = client.get(reverse("people:import-list"))
    for _ in range(5):
        stored_import(organization, administrator)
    with django_assert_max_num_queries(3):  # the user, the count, the page
        response = client.get(reverse("people:import-list"))
    assert response.status_code == first.status_code == 200
    assert response.content.decode().count('data-testid="import-table"') == 1
    assert len(response.context["table"].rows) == 6


def test_the_list_shows_only_the_organizations_imports(client_for, administrator, other_organization):
    stranger = UserFactory(organization=other_organization, roles=[Role.ADMINISTRATOR])
    stored_import(other_organization, stranger, [PUPIL_HEADERS, *pupil_rows(1)])
    html = client_for(administrator).get(reverse("people:import-list")).content.decode()
    assert "Списков ещё не загружали" in html


def test_upload_shows_the_preview_and_confirmation_writes_the_people(client_for, administrator):
    client = client_for(administrator)
    upload = xlsx_upload([PUPIL_HEADERS + ["Хобби"], *(row + ["шахматы"] for row in pupil_rows(3))])
    response = client.post(reverse("people:import-new"), {"kind": "pupils", "file": upload}, follow=True)
    html = response.content.decode()
    roster_import = RosterImport.objects.get()
    assert response.redirect_chain[-1][0] == roster_import.get_absolute_url()
    assert "В базу ещё ничего не записано" in html
    assert 'data-testid="stat-created">3<' in html
    assert "«Хобби»" in html  # the unknown column is named
    assert "Петров Пётр Сергеевич" in html  # the list of what will change
    assert not Person.objects.exists()
    response = client.post(reverse("people:import-confirm", args=[roster_import.pk]), follow=True)
    assert "Список загружен" in response.content.decode()
    assert Person.objects.count() == 3
    assert RosterImport.objects.get().status == RosterImport.Status.DONE


def test_errors_are_listed_with_their_rows_and_nothing_can_be_confirmed(client_for, administrator):
    rows = [PUPIL_HEADERS, *pupil_rows(45)]
    rows[39][5] = "32.01.2012"
    client = client_for(administrator)
    response = client.post(reverse("people:import-new"), {"kind": "pupils", "file": xlsx_upload(rows)}, follow=True)
    html = response.content.decode()
    assert "Ничего не записано" in html
    assert "<td>40</td><td>Дата рождения</td>" in html
    assert 'data-testid="confirm-import"' not in html
    roster_import = RosterImport.objects.get()
    client.post(reverse("people:import-confirm", args=[roster_import.pk]))
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "старого формата Excel"),
        (b"PK\x03\x04 not really a zip", "не похож на книгу Excel"),
        (b"\x00\x01\x02binary", "не похож на таблицу"),
    ],
)
def test_a_file_that_is_not_a_roster_is_refused_at_upload(client_for, administrator, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("список.xlsx", content)
    response = client_for(administrator).post(reverse("people:import-new"), {"kind": "pupils", "file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_status_endpoint_reports_progress_as_json(client_for, administrator, previewed):
    RosterImport.objects.filter(pk=previewed.pk).update(status=RosterImport.Status.RUNNING, processed_rows=1)
    response = client_for(administrator).get(reverse("people:import-status", args=[previewed.pk]))
    state = response.json()
    assert (state["status"], state["processed"], state["total"], state["percent"]) == ("running", 1, 3, 33)
    assert state["finished"] is False and state["stage"] == "Проверка строк…"
    assert response["Cache-Control"] == "no-store"


def test_a_running_import_page_loads_the_progress_script_and_no_inline_script(client_for, administrator, previewed):
    RosterImport.objects.filter(pk=previewed.pk).update(status=RosterImport.Status.RUNNING)
    with run_lock_held_elsewhere(previewed.pk):  # the process running it is alive
        html = client_for(administrator).get(previewed.get_absolute_url()).content.decode()
    assert "data-import-progress" in html and "js/import-progress.js" in html
    assert "<script>" not in html and "style=" not in html
    assert 'data-testid="retry-import"' not in html


def test_sample_file_has_the_headers_of_the_kind(client_for, administrator):
    response = client_for(administrator).get(reverse("people:import-template", args=["parents"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:2] == ["ФИО", "Пол"] and "ФИО ребёнка" in headers and "Кем приходится" in headers


def test_the_uploaded_file_can_be_downloaded_again(client_for, administrator, previewed):
    response = client_for(administrator).get(reverse("people:import-file", args=[previewed.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == PUPIL_HEADERS
    assert sheet.max_row == 4


def test_cancel_drops_the_preview(client_for, administrator, previewed):
    client_for(administrator).post(reverse("people:import-cancel", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert previewed.status == RosterImport.Status.CANCELLED
    assert not Person.objects.exists()


def test_a_queued_import_says_it_waits_for_the_task_worker(client_for, administrator, previewed, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    monkeypatch.setattr(service, "INLINE_MAX_ROWS", 0)
    service.roster_import_confirm(roster_import=previewed)  # queued in the database: no worker runs in tests
    state = client_for(administrator).get(reverse("people:import-status", args=[previewed.pk])).json()
    assert (state["status"], state["finished"]) == ("running", False)
    assert state["stage"] == "В очереди: ждёт обработчика фоновых задач…"
    assert not Person.objects.exists()


def test_an_import_made_from_the_command_line_shows_without_an_uploader(client_for, administrator):
    from django.core.files.base import ContentFile
    from django.urls import reverse

    from people.models import RosterImport

    roster_import = RosterImport(
        organization=administrator.organization, kind=RosterImport.Kind.PUPILS, original_name="x.csv", uploaded_by=None
    )
    roster_import.file.save("x.csv", ContentFile(b"a;b\n"), save=True)
    response = client_for(administrator).get(reverse("people:import-detail", args=[roster_import.pk]))
    assert response.status_code == 200
    assert "командная строка" in response.content.decode()


# --- «Повторить»: a run that failed, or that a stopped process left running ----------------------------


def fail_while_writing(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("people.importing.related.RelatedWriter.write", broken)


def test_a_failed_write_is_retried_once_confirmed_and_written_once(client_for, administrator, previewed, monkeypatch):
    fail_while_writing(monkeypatch)
    service.roster_import_confirm(roster_import=previewed)
    assert previewed.status == RosterImport.Status.FAILED
    monkeypatch.undo()
    client = client_for(administrator)
    assert 'data-testid="retry-link"' in client.get(reverse("people:import-list")).content.decode()
    html = client.get(previewed.get_absolute_url()).content.decode()
    assert 'data-testid="retry-import"' in html and "ничего не задвоится" in html

    response = client.post(reverse("people:import-retry", args=[previewed.pk]), follow=True)
    assert "Загрузка запущена заново" in response.content.decode()
    previewed.refresh_from_db()
    assert previewed.task_id  # the background task (the tests' immediate backend ran it at once)
    assert (previewed.status, previewed.created_count, previewed.errors) == (RosterImport.Status.DONE, 3, [])
    assert Person.objects.count() == 3
    client.post(reverse("people:import-retry", args=[previewed.pk]))  # a second click
    assert Person.objects.count() == 3


def test_a_done_import_cannot_be_retried(client_for, administrator, previewed):
    service.roster_import_confirm(roster_import=previewed)
    client = client_for(administrator)
    assert 'data-testid="retry-import"' not in client.get(previewed.get_absolute_url()).content.decode()
    response = client.post(reverse("people:import-retry", args=[previewed.pk]), follow=True)
    assert "Этот список уже загружен — повторять нечего." in response.content.decode()
    previewed.refresh_from_db()
    assert (previewed.status, previewed.task_id) == (RosterImport.Status.DONE, "")
    assert Person.objects.count() == 3


@pytest.mark.parametrize("status", ["preview", "invalid", "cancelled"])
def test_an_import_that_neither_failed_nor_stopped_cannot_be_retried(client_for, administrator, previewed, status):
    RosterImport.objects.filter(pk=previewed.pk).update(status=status)
    client_for(administrator).post(reverse("people:import-retry", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert previewed.status == status
    assert not Person.objects.exists()


def test_a_failed_check_is_checked_again_and_waits_for_the_confirmation(
    client_for, administrator, organization, monkeypatch
):
    roster_import = service.roster_import_create(
        organization=organization,
        kind="pupils",
        uploaded_file=xlsx_upload([PUPIL_HEADERS, *pupil_rows(3)]),
        uploaded_by=administrator,
    )

    def broken(*args, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(service, "parse_roster", broken)
    service.roster_import_preview(roster_import=roster_import)
    monkeypatch.undo()
    assert roster_import.status == RosterImport.Status.FAILED and roster_import.confirmed_at is None
    client = client_for(administrator)
    assert "ничего не попадёт, пока вы не подтвердите" in client.get(roster_import.get_absolute_url()).content.decode()
    client.post(reverse("people:import-retry", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count, roster_import.task_id) == ("preview", 3, "")
    assert not Person.objects.exists()


def test_a_run_left_running_by_a_stopped_process_is_offered_again_and_written_once(
    client_for, administrator, previewed
):
    RosterImport.objects.filter(pk=previewed.pk).update(status=RosterImport.Status.RUNNING)  # its worker died
    client = client_for(administrator)
    html = client.get(previewed.get_absolute_url()).content.decode()
    assert 'data-testid="stale-notice"' in html and 'data-testid="retry-import"' in html
    assert "data-import-progress" not in html
    client.post(reverse("people:import-retry", args=[previewed.pk]))
    previewed.refresh_from_db()
    assert (previewed.status, previewed.created_count) == (RosterImport.Status.DONE, 3)
    assert Person.objects.count() == 3


def test_a_live_run_is_not_retried(client_for, administrator, previewed):
    RosterImport.objects.filter(pk=previewed.pk).update(status=RosterImport.Status.RUNNING)
    with run_lock_held_elsewhere(previewed.pk):
        response = client_for(administrator).post(reverse("people:import-retry", args=[previewed.pk]), follow=True)
    assert "Загрузка ещё идёт" in response.content.decode()
    previewed.refresh_from_db()
    assert (previewed.status, previewed.task_id) == (RosterImport.Status.RUNNING, "")
    assert not Person.objects.exists()


def test_the_list_counts_the_errors_without_reading_them(client_for, administrator, organization):
    with_errors = stored_import(organization, administrator)
    RosterImport.objects.filter(pk=with_errors.pk).update(
        status=RosterImport.Status.INVALID, errors=[{"row": 2, "message": "а"}, {"row": 3, "message": "б"}]
    )
    stored_import(organization, administrator)
    response = client_for(administrator).get(reverse("people:import-list"))
    cells = re.findall(r"<tr [^>]*>(.*?)</tr>", response.content.decode(), re.S)
    last_cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[-1].strip() for row in cells]
    assert sorted(last_cells) == ["2", "—"]
    assert all("errors" in row.get_deferred_fields() for row in response.context["table"].data)
