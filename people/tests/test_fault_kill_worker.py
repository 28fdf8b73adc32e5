"""A task worker killed in the middle of a roster import: nothing half-written, the retry applies it once.

A real ``db_worker`` (the production settings, the database task backend) runs a queued import of
2 000 pupils against the test database and is killed with SIGKILL while its write transaction has
already inserted people. The retry is the product's: ``requeue_stale_imports`` (run before every
worker start) finds the import still RUNNING with no live process holding it and queues it again.
"""

import io
import os
import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from benchmarks.import_roster import roster_xlsx
from mentorship.tests.faults_support import (
    current_database_url,
    manage,
    manage_popen,
    process_env,
    process_stop,
    wait_for,
)
from people.importing import service
from people.models import Person, RosterImport
from people.tasks import roster_import_run
from people.tests.test_import_support import PUPIL_HEADERS, pupil_rows, xlsx_upload

pytestmark = pytest.mark.django_db(transaction=True)

# Two batches of the bulk insert (and more than an import written within the request): the worker is
# killed after the first batch, with the second and the related rows still to come.
PUPILS = 2000
WORKER_NAME = "fault-test-worker"


def _person_ids_drawn() -> int:
    """The last id the people table's sequence gave out: it moves on even in a transaction rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('people_person', 'id')")
        cursor.execute(f"SELECT last_value FROM {cursor.fetchone()[0]}")
        return cursor.fetchone()[0]


def _worker_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [WORKER_NAME])
        return cursor.fetchone()[0]


def _task_status(task_id: str) -> str:
    return roster_import_run.get_result(task_id).status


@pytest.fixture
def worker_env(settings, tmp_path):
    """The test process queues tasks in the database and keeps files on disk, where a worker finds them."""
    media = tmp_path / "media"
    media.mkdir()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return process_env(current_database_url(connection), MEDIA_ROOT=str(media), PGAPPNAME=WORKER_NAME)


def test_a_worker_killed_mid_import_writes_nothing_and_the_retry_writes_the_file_exactly_once(
    organization, administrator, worker_env, tmp_path
):
    roster_import = service.roster_import_create(
        organization=organization,
        kind=RosterImport.Kind.PUPILS,
        uploaded_file=SimpleUploadedFile("обучающиеся.xlsx", roster_xlsx(PUPILS)),
        uploaded_by=administrator,
    )
    service.roster_import_preview(roster_import=roster_import)
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.PREVIEW, PUPILS)
    service.roster_import_confirm(roster_import=roster_import)  # too large for the request: queued
    first_task = roster_import.task_id
    assert roster_import.status == RosterImport.Status.RUNNING and first_task
    people_of_file = Person.objects.filter(organization=organization, external_id__startswith="УЧ-")
    ids_before = _person_ids_drawn()

    # The worker takes the task; we wait until its write transaction has inserted people, then kill it.
    started = time.monotonic()
    worker = manage_popen(
        "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", env=worker_env, log=tmp_path / "w1.log"
    )
    try:
        wait_for(lambda: _person_ids_drawn() > ids_before, timeout=60, what="worker inserting people")
        rows_seen_after = time.monotonic() - started
        # While the worker lives, its import is not stale: nothing is queued twice.
        assert service.roster_imports_requeue_stale() == []
        os.kill(worker.pid, signal.SIGKILL)
        killed_after = time.monotonic() - started
        worker.wait(timeout=10)
    finally:
        process_stop(worker)
    # PostgreSQL notices the dead client, rolls its transaction back and drops its locks.
    wait_for(lambda: _worker_backends() == 0, timeout=30, what="the killed worker's connection to close")
    drawn_by_killed_run = _person_ids_drawn() - ids_before

    roster_import.refresh_from_db()
    assert people_of_file.count() == 0, "a killed import must leave no person of its file"
    assert roster_import.status == RosterImport.Status.RUNNING
    assert roster_import.finished_at is None
    assert _task_status(first_task) == "RUNNING"  # what django-tasks-db leaves behind a killed worker

    # The retry: the product's command queues the import again; a worker runs the queue and stops.
    output = io.StringIO()
    call_command("requeue_stale_imports", stdout=output)
    assert f"Загрузка №{roster_import.pk} «обучающиеся.xlsx» поставлена в очередь заново." in output.getvalue()
    roster_import.refresh_from_db()
    second_task = roster_import.task_id
    assert second_task != first_task
    assert _task_status(first_task) == "FAILED"
    retry_started = time.monotonic()
    manage("db_worker", "--no-reload", "--no-startup-delay", "--batch", env=worker_env)
    retry_seconds = time.monotonic() - retry_started

    roster_import.refresh_from_db()
    assert _task_status(second_task) == "SUCCESSFUL"
    assert roster_import.status == RosterImport.Status.DONE
    assert (roster_import.created_count, roster_import.updated_count) == (PUPILS, 0)
    assert people_of_file.count() == PUPILS
    duplicates = people_of_file.values("external_id").annotate(rows=Count("id")).filter(rows__gt=1)
    assert not duplicates.exists()

    # A second retry finds nothing to do, and a second delivery of the task writes nothing.
    output = io.StringIO()
    call_command("requeue_stale_imports", stdout=output)
    assert output.getvalue().strip() == "Прерванных загрузок нет."
    duplicate_delivery = roster_import_run.enqueue(roster_import.pk)
    manage("db_worker", "--no-reload", "--no-startup-delay", "--batch", env=worker_env)
    assert _task_status(duplicate_delivery.id) == "SUCCESSFUL"
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.DONE, PUPILS)
    assert people_of_file.count() == PUPILS
    assert RosterImport.objects.filter(organization=organization).count() == 1

    print(
        f"\n[fault: kill worker] {PUPILS} pupils; the worker's first inserts {rows_seen_after:.1f} s after its start, "
        f"SIGKILL at {killed_after:.2f} s with "
        f"{drawn_by_killed_run} person rows inserted in its open transaction; rows after the kill: 0; "
        f"retry took {retry_seconds:.1f} s; rows after the retry: {people_of_file.count()}; "
        f"after a second delivery: {people_of_file.count()}"
    )


# --- The retry's rules, in-process (the immediate task backend of the tests runs a task at once) ----


def _running_import(organization, administrator, pupils=3) -> RosterImport:
    """A previewed import of a few pupils, RUNNING as ``roster_import_confirm`` leaves it before writing."""
    roster_import = service.roster_import_create(
        organization=organization,
        kind=RosterImport.Kind.PUPILS,
        uploaded_file=xlsx_upload([PUPIL_HEADERS, *pupil_rows(pupils)]),
        uploaded_by=administrator,
    )
    service.roster_import_preview(roster_import=roster_import)
    RosterImport.objects.filter(pk=roster_import.pk).update(status=RosterImport.Status.RUNNING)
    return roster_import


class ProcessDied(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even an ``except Exception``."""


@pytest.mark.django_db
def test_a_queued_import_waits_for_its_worker_and_is_not_queued_twice(organization, administrator, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    roster_import = _running_import(organization, administrator)
    task = roster_import_run.enqueue(roster_import.pk)
    RosterImport.objects.filter(pk=roster_import.pk).update(task_id=str(task.id))
    assert service.roster_imports_requeue_stale() == []
    assert _task_status(str(task.id)) == "READY"
    assert not Person.objects.filter(external_id__startswith="УЧ-").exists()


@pytest.mark.django_db
def test_an_import_left_running_by_a_dead_request_is_written_once_by_the_requeue(organization, administrator):
    roster_import = _running_import(organization, administrator)
    requeued = service.roster_imports_requeue_stale()
    assert [stale.pk for stale in requeued] == [roster_import.pk]
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.DONE, 3)
    assert service.roster_imports_requeue_stale() == []
    roster_import_run.enqueue(roster_import.pk)  # a second delivery of the task
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.created_count) == (RosterImport.Status.DONE, 3)
    assert Person.objects.filter(organization=organization, external_id__startswith="УЧ-").count() == 3


@pytest.mark.django_db
def test_a_run_stopped_right_after_its_commit_leaves_the_import_done_and_a_retry_writes_nothing(
    organization, administrator, monkeypatch
):
    roster_import = _running_import(organization, administrator)

    def die(*args, **kwargs):
        raise ProcessDied

    monkeypatch.setattr(service, "_report_store", die)  # the process dies between the commit and the report
    with pytest.raises(ProcessDied):
        service.roster_import_execute(roster_import=roster_import)
    monkeypatch.undo()
    people_of_file = Person.objects.filter(organization=organization, external_id__startswith="УЧ-")
    assert people_of_file.count() == 3
    assert RosterImport.objects.get(pk=roster_import.pk).status == RosterImport.Status.DONE
    assert service.roster_imports_requeue_stale() == []
    roster_import_run.enqueue(roster_import.pk)
    assert people_of_file.count() == 3
    assert RosterImport.objects.get(pk=roster_import.pk).status == RosterImport.Status.DONE
