"""Roster imports as the pages read them, scoped to the administrator's organization."""

import json

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404
from django_tasks import TaskResultStatus

from people.importing.service import summary_name
from people.models import RosterImport, User
from people.roles import Role


def roster_imports_visible_to(user: User) -> QuerySet[RosterImport]:
    """The import history of the administrator's organization; nothing for anyone else."""
    if not user.is_authenticated or not user.has_role(Role.ADMINISTRATOR):
        return RosterImport.objects.none()
    return RosterImport.objects.filter(organization_id=user.organization_id).select_related("uploaded_by")


def roster_import_get_visible(user: User, roster_import_id: int) -> RosterImport:
    """One import of the user's organization, or 404 (another organization's id looks like a missing one)."""
    try:
        return roster_imports_visible_to(user).select_related("organization").get(pk=roster_import_id)
    except RosterImport.DoesNotExist:
        raise Http404("Загрузка не найдена") from None


def roster_import_summary(roster_import: RosterImport) -> dict:
    """The notes and the list of changes of the last check or run (empty if there is none)."""
    name = summary_name(roster_import)
    if not roster_import.file or not default_storage.exists(name):
        return {"notes": [], "changes": []}
    with default_storage.open(name, "rb") as stored:
        return json.loads(stored.read().decode())


def roster_import_progress(roster_import: RosterImport) -> dict:
    """What the progress page polls for: the state, how far the check went, the counts when done."""
    status = RosterImport.Status
    finished = roster_import.status not in (status.PENDING, status.RUNNING)
    writing = roster_import.status == status.RUNNING and roster_import.processed_rows >= roster_import.total_rows
    if roster_import.status == status.RUNNING:
        stage = "Запись в базу…" if writing else "Проверка строк…"
        if not roster_import.processed_rows and _task_status(roster_import) == TaskResultStatus.READY:
            stage = "В очереди: ждёт обработчика фоновых задач…"
    else:
        stage = roster_import.get_status_display()
    return {
        "status": roster_import.status,
        "status_label": roster_import.get_status_display(),
        "stage": stage,
        "processed": roster_import.processed_rows,
        "total": roster_import.total_rows,
        "percent": roster_import.progress_percent,
        "finished": finished,
        "created": roster_import.created_count,
        "updated": roster_import.updated_count,
        "unchanged": roster_import.unchanged_count,
        "errors": len(roster_import.errors),
    }


def _task_status(roster_import: RosterImport) -> str | None:
    """The background task's own state (queued, running…), when the task backend keeps it."""
    if not roster_import.task_id:
        return None
    from people.tasks import roster_import_run

    try:
        return roster_import_run.get_result(roster_import.task_id).status
    except Exception:  # the immediate backend keeps no results; an old result may be pruned
        return None
