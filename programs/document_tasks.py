"""Batch PDFs in the background: the consent forms of a whole class (django-tasks).

No model holds a batch. The view writes ``document-batches/<id>.request.json`` (who asked, for
which organization and class, the task's id); the task writes ``<id>.progress.json`` as it goes and
``<id>.pdf`` at the end, and returns the file's name, which the database backend keeps in its
TaskResult. The status page reads all three; only a curator of the same organization gets the PDF.
"""

import json
import re
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_tasks import TaskResultStatus, default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from people.models import Organization, User
from programs.documents import consent_class_filename, consent_class_pdf

BATCH_DIR = "document-batches"
BATCH_ID = re.compile(r"^[0-9a-f]{32}$")


def _name(batch_id: str, suffix: str) -> str:
    if not BATCH_ID.match(batch_id):
        raise ValueError(f"Неверный номер пакета документов: {batch_id!r}")
    return f"{BATCH_DIR}/{batch_id}.{suffix}"


def _write_json(name: str, data: dict) -> None:
    # Storage.save never overwrites (it would pick another name), so the old copy goes first.
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(json.dumps(data, ensure_ascii=False).encode()))


def _read_json(name: str) -> dict | None:
    try:
        with default_storage.open(name, "rb") as file:
            return json.loads(file.read().decode())
    except (FileNotFoundError, OSError, ValueError):
        return None  # not written yet, or being rewritten this very moment


@task(takes_context=True)
def consent_batch_render(context, batch_id: str, organization_id: int, school_class: str, only_missing: bool = False):
    """Render the consent forms of a class into one PDF, reporting progress; returns the file's name."""
    organization = Organization.objects.get(pk=organization_id)
    progress_name = _name(batch_id, "progress.json")

    def report(done: int, total: int) -> None:
        _write_json(progress_name, {"state": "running", "done": done, "total": total})

    try:
        pdf, total = consent_class_pdf(organization, school_class, only_missing=only_missing, on_progress=report)
        pdf_name = _name(batch_id, "pdf")
        if default_storage.exists(pdf_name):
            default_storage.delete(pdf_name)
        default_storage.save(pdf_name, ContentFile(pdf))
    except Exception:
        # Backends without stored results (the immediate one) would otherwise show «running» forever.
        _write_json(progress_name, {"state": "failed", "done": 0, "total": 0})
        raise
    _write_json(progress_name, {"state": "done", "done": total, "total": total, "file": pdf_name})
    return {"file": pdf_name, "forms": total, "task_id": str(context.task_result.id)}


def consent_batch_start(*, user: User, school_class: str, only_missing: bool = False) -> str:
    """Queue the consent forms of a class for the user's organization; returns the batch's id."""
    batch_id = uuid.uuid4().hex
    request = {
        "organization_id": user.organization_id,
        "user_id": user.pk,
        "school_class": school_class,
        "only_missing": only_missing,
        "created_at": timezone.now().isoformat(),
        "task_id": "",
    }
    _write_json(_name(batch_id, "request.json"), request)
    result = consent_batch_render.enqueue(batch_id, user.organization_id, school_class, only_missing)
    _write_json(_name(batch_id, "request.json"), {**request, "task_id": str(result.id)})
    return batch_id


@dataclass(frozen=True)
class BatchState:
    """What the status page shows of a batch."""

    batch_id: str
    organization_id: int
    school_class: str
    state: str  # queued, running, done, failed
    done: int
    total: int
    pdf_name: str

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def message(self) -> str:
        if self.state == "queued":
            return "Задача в очереди: ждёт обработчика фоновых задач."
        if self.state == "running":
            return f"Готово форм: {self.done} из {self.total}." if self.total else "Подготовка списка класса…"
        if self.state == "failed":
            return "Не удалось подготовить PDF. Попробуйте ещё раз или сообщите администратору."
        return f"PDF готов: форм — {self.total}." if self.total else "В классе нет обучающихся для формы согласия."

    @property
    def filename(self) -> str:
        return consent_class_filename(self.school_class)


def batch_state(batch_id: str) -> BatchState | None:
    """The state of a batch from its files and, where the backend keeps results, its TaskResult."""
    if not BATCH_ID.match(batch_id or ""):
        return None
    request = _read_json(_name(batch_id, "request.json"))
    if request is None:
        return None
    progress = _read_json(_name(batch_id, "progress.json")) or {}
    state = progress.get("state", "queued")
    pdf_name = progress.get("file", "")
    if request.get("task_id") and default_task_backend.supports_get_result:
        try:
            result = default_task_backend.get_result(request["task_id"])
        except TaskResultDoesNotExist:
            result = None
        if result is not None:
            if result.status == TaskResultStatus.FAILED:
                state = "failed"
            elif result.status == TaskResultStatus.SUCCESSFUL:
                state, pdf_name = "done", (result.return_value or {}).get("file", pdf_name)
            elif result.status == TaskResultStatus.RUNNING and state == "queued":
                state = "running"
    if state == "done" and not (pdf_name and default_storage.exists(pdf_name)):
        state = "failed"
    return BatchState(
        batch_id=batch_id,
        organization_id=request["organization_id"],
        school_class=request["school_class"],
        state=state,
        done=progress.get("done", 0),
        total=progress.get("total", 0),
        pdf_name=pdf_name,
    )


def batch_pdf(state: BatchState) -> bytes:
    with default_storage.open(state.pdf_name, "rb") as file:
        return file.read()
