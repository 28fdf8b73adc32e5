"""The roster import: check a file, show what it would change, then write it — all or nothing.

One pipeline serves the pages, the background task, the ``import_roster`` command and the benchmark:

1. **Read and check** every cell (``parsing``). No database is needed, so a background import runs
   this part in autocommit mode and stores its progress on the RosterImport every few hundred rows;
   the progress page (another connection) sees each update at once.
2. **Write** in one transaction: people through django-import-export (``PersonResource``, bulk mode,
   ``use_transactions`` and ``rollback_on_validation_errors``), then the bank records, then
   representatives, consents and requests (``related``). Any error in any row, or a dry run, rolls
   the whole transaction back. Progress written inside this transaction would stay invisible to
   the progress page until the commit, so we do not pretend: the page says "writing" for these few
   seconds. (A second database connection for progress would work too, but it costs a connection per
   import and a second code path for little gain: the transaction is the short, cheap part.)

A preview is the same pipeline run as a dry run: the counts and errors it shows are the ones the
real run would produce, because it is the real run, rolled back.

**Faults.** A worker killed mid-import leaves nothing half-written (the write is one transaction)
and the import RUNNING. Every run of an import holds a session advisory lock on it, which
PostgreSQL drops with the dead process's connection, and marks the import DONE inside the write
transaction itself; so ``roster_imports_requeue_stale`` (the ``requeue_stale_imports`` command,
run before each worker starts) tells a dead run from a live one without guessing at times, queues it
again, and a run of an import that is already DONE writes nothing: the retry applies the file once.
The import page's «Повторить» (``roster_import_retry``) does the same for one import, and also runs
again an import that FAILED.
"""

import json
import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from tablib import Dataset

from people.audit import audit_context
from people.importing.columns import COLUMNS, HeaderMap
from people.importing.parsing import ParsedRoster, RowError, parse_roster
from people.importing.reading import MAX_UPLOAD_BYTES, roster_file_check
from people.importing.related import RelatedWriter, RowOutcome
from people.importing.resources import (
    ROW_NUMBER_COLUMN,
    MenteeProfileResource,
    MentorProfileResource,
    PersonResource,
    person_key,
)
from people.models import MenteeProfile, MentorProfile, Organization, Person, RosterImport, User

logger = logging.getLogger(__name__)

Kind = RosterImport.Kind
Status = RosterImport.Status

# Up to this many rows a confirmed import runs within the request; larger ones go to the worker.
INLINE_MAX_ROWS = 1000
MAX_STORED_ERRORS = 1000
MAX_LISTED_CHANGES = 100
# pg_advisory_xact_lock(namespace, organization id): one import at a time writes an organization's
# people, so two uploads of one file cannot both create the same new person.
_LOCK_NAMESPACE = 7201
# pg_advisory_lock(namespace, import id), held for the whole run of one import by its process.
_RUN_LOCK_NAMESPACE = 7202

# Person fields as the dataset of PersonResource names them, and the column each comes from.
_PERSON_FIELDS = (
    "external_id",
    "last_name",
    "first_name",
    "middle_name",
    "sex",
    "birth_date",
    "category",
    "school_class",
    "position",
    "teaching_since",
    "phone",
    "email",
)
_MENTOR_FIELDS = (
    ("status", "mentor_status"),
    ("competencies", "competencies"),
    ("interests", "interests"),
    ("experience", "experience"),
    ("motivation", "motivation"),
    ("capacity", "capacity"),
    ("hours_per_month", "hours_per_month"),
    ("approved_on", "approved_on"),
    ("approval_basis", "approval_basis"),
)
_MENTEE_FIELDS = (("status", "mentee_status"), ("notes", "notes"))
_FIELD_LABELS = {
    "external_id": "внешний идентификатор",
    "last_name": "фамилия",
    "first_name": "имя",
    "middle_name": "отчество",
    "sex": "пол",
    "birth_date": "дата рождения",
    "category": "категория",
    "school_class": "класс",
    "position": "должность",
    "teaching_since": "начало педагогического стажа",
    "phone": "телефон",
    "email": "e-mail",
    "partner_id": "организация-партнёр",
    "status": "статус",
    "competencies": "компетенции",
    "interests": "интересы",
    "experience": "опыт",
    "motivation": "мотивация",
    "capacity": "число наставляемых",
    "hours_per_month": "часов в месяц",
    "approved_on": "дата одобрения",
    "approval_basis": "основание одобрения",
    "notes": "примечания",
    "full_cycle_completed_on": "прошёл полный цикл",
}


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), and everything that stops it."""

    kind: str
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- The pipeline ------------------------------------------------------------------------------


def roster_check_and_write(
    *,
    organization: Organization,
    kind: str,
    data: bytes,
    file_name: str = "",
    user: User | None = None,
    dry_run: bool = False,
    on_progress=None,
    on_written=None,
) -> ImportReport:
    """Read a roster file and write it all or nothing; with ``dry_run`` (or any error) nothing stays.

    ``on_written()`` runs inside the write transaction, just before a write that stays is committed.
    """
    file_format = roster_file_check(data)
    if kind == Kind.PAIRS:
        # Imported here: the pairs import uses the programs app, which itself builds on people.
        from people.importing.pairs import pairs_check_and_write

        return pairs_check_and_write(
            organization=organization,
            data=data,
            file_format=file_format,
            dry_run=dry_run,
            on_progress=on_progress,
            on_written=on_written,
        )
    parsed = parse_roster(data, file_format, kind, on_progress=on_progress)
    report = ImportReport(
        kind=kind,
        dry_run=dry_run,
        total_rows=len(parsed.rows),
        unknown_columns=list(parsed.header_map.unknown) if parsed.header_map else [],
        notes=parsed.notes,
    )
    if parsed.file_errors:
        report.errors = parsed.errors
        return report
    # Rows that did not parse are reported; the rest still go through a (then dry) run, so that
    # one pass shows every problem of the file.
    outcomes, write_errors = _write(
        parsed,
        organization=organization,
        user=user,
        dry_run=dry_run or bool(parsed.errors),
        basis=f"Загрузка списка «{file_name}»" if file_name else "Загрузка списка",
        on_written=on_written,
    )
    report.errors = sorted(
        parsed.errors + write_errors + [error for outcome in outcomes for error in outcome.errors],
        key=lambda error: (error.row or 0, error.column),
    )
    for outcome in outcomes:
        if outcome.errors or outcome.person is None:
            continue
        action = outcome.action(kind)
        setattr(report, action, getattr(report, action) + 1)
        if action != "unchanged" and len(report.changes) < 2 * MAX_LISTED_CHANGES:
            report.changes.append(
                {
                    "row": outcome.number,
                    "action": action,
                    "name": outcome.person.full_name,
                    "details": "; ".join(outcome.changes),
                }
            )
    if report.errors:
        # Nothing is written while anything is wrong: counts of the good rows would only mislead.
        report.created = report.updated = report.unchanged = 0
        report.changes = []
    return report


def _write(
    parsed: ParsedRoster,
    *,
    organization: Organization,
    user: User | None,
    dry_run: bool,
    basis: str,
    on_written=None,
) -> tuple[list[RowOutcome], list[RowError]]:
    """Write the parsed rows in one transaction; roll it back on a dry run or on any error."""
    kind, header_map = parsed.kind, parsed.header_map
    file_errors: list[RowError] = []
    with transaction.atomic():
        roster_write_lock(organization)
        people = PersonResource(organization=organization, kind=kind)
        rows = [row for row in parsed.rows if not row.errors]
        outcomes = [RowOutcome(parsed=row) for row in rows]
        _resolve_partners(outcomes, people, header_map)
        leaders, followers = _group_parents(outcomes, header_map) if kind == Kind.PARENTS else (outcomes, {})
        leaders = [outcome for outcome in leaders if not outcome.errors]
        stage_ok = _import_people(leaders, people, header_map, file_errors)
        for follower, leader in followers.items():
            follower.person, follower.person_action = leader.person, "skip"
        with_people = [outcome for outcome in outcomes if outcome.person is not None and not outcome.errors]
        if stage_ok and kind in (Kind.MENTORS, Kind.MENTEES):
            stage_ok = _import_profiles(with_people, kind, organization, user, basis, header_map, file_errors)
            with_people = [outcome for outcome in with_people if not outcome.errors]
        if stage_ok:
            RelatedWriter(organization=organization, kind=kind, header_map=header_map, user=user).write(with_people)
        failed = file_errors or any(outcome.errors for outcome in outcomes)
        if dry_run or failed:
            transaction.set_rollback(True)
        elif on_written is not None:
            on_written()
    return outcomes, file_errors


def roster_write_lock(organization: Organization) -> None:
    """Wait for the organization's other imports, then hold it until the current transaction ends.

    Every import of the organization (people, banks, pairs) writes under it, so two uploads of one file
    cannot both create the same person or the same pair.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, organization.pk])


def _resolve_partners(outcomes: list[RowOutcome], people: PersonResource, header_map: HeaderMap) -> None:
    if not (header_map.has("partner_name") or header_map.has("partner_inn")):
        return
    for outcome in outcomes:
        extra = outcome.extra
        spelled, key = (extra.get("partner_inn"), "partner_inn")
        if not spelled:
            spelled, key = (extra.get("partner_name"), "partner_name")
        if not spelled:
            outcome.parsed.person["partner"] = None
            continue
        try:
            outcome.parsed.person["partner"] = people.partner_find(spelled)
        except ValueError as error:
            outcome.errors.append(RowError(outcome.number, header_map.header(key), str(error)))


def _group_parents(
    outcomes: list[RowOutcome], header_map: HeaderMap
) -> tuple[list[RowOutcome], dict[RowOutcome, RowOutcome]]:
    """A parent of two children takes two rows: write the person once, link both children."""
    leaders: dict[tuple, RowOutcome] = {}
    followers: dict[RowOutcome, RowOutcome] = {}
    for outcome in outcomes:
        if outcome.errors:
            continue
        person = outcome.parsed.person
        key = (
            ("id", person["external_id"])
            if person.get("external_id")
            else (
                "name",
                *person_key(
                    person["last_name"], person["first_name"], person.get("middle_name", ""), person.get("birth_date")
                ),
            )
        )
        leader = leaders.get(key)
        if leader is None:
            leaders[key] = outcome
            continue
        for name, value in person.items():
            other = leader.parsed.person.get(name)
            if value not in (None, "") and other not in (None, "") and value != other:
                column = header_map.header(_field_key(name, header_map))
                outcome.errors.append(
                    RowError(
                        outcome.number,
                        column,
                        f"Тот же родитель, что в строке {leader.number}, но значение другое: «{_shown(value)}» "
                        f"и «{_shown(other)}».",
                    )
                )
                break
        else:
            followers[outcome] = leader
    return list(leaders.values()), followers


def _import_people(
    outcomes: list[RowOutcome], people: PersonResource, header_map: HeaderMap, file_errors: list[RowError]
) -> bool:
    """People through django-import-export in bulk; False (and rolled back) if any row is refused."""
    present = [
        name
        for name in _PERSON_FIELDS
        if name in ("last_name", "first_name", "sex")
        or (name == "middle_name" and (header_map.has("full_name") or header_map.has("middle_name")))
        or header_map.has(name)
    ]
    with_partner = header_map.has("partner_name") or header_map.has("partner_inn")
    names = present + (["partner"] if with_partner else [])
    dataset = Dataset(headers=[ROW_NUMBER_COLUMN, *(people.fields[name].column_name for name in names)])
    for outcome in outcomes:
        person = outcome.parsed.person
        dataset.append([outcome.number, *(person.get(name) for name in names)])
    result = people.import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )
    partner_names = {partner.pk: partner.name for partner in people._partners or ()}
    return _collect(result, outcomes, header_map, file_errors, _person_error_key, "person", partner_names)


def _import_profiles(
    outcomes: list[RowOutcome],
    kind: str,
    organization: Organization,
    user: User | None,
    basis: str,
    header_map: HeaderMap,
    file_errors: list[RowError],
) -> bool:
    """Mentor or mentee bank records of the rows' people, through their resource."""
    resource_class, field_keys = (
        (MentorProfileResource, _MENTOR_FIELDS) if kind == Kind.MENTORS else (MenteeProfileResource, _MENTEE_FIELDS)
    )
    resource = resource_class(organization=organization, user=user, basis=basis)
    present = [(name, key) for name, key in field_keys if header_map.has(key)]
    dataset = Dataset(
        headers=[ROW_NUMBER_COLUMN, resource.fields["person"].column_name]
        + [resource.fields[name].column_name for name, _ in present]
    )
    for outcome in outcomes:
        dataset.append([outcome.number, outcome.person, *(outcome.extra.get(key) for _, key in present)])
    result = resource.import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True, raise_errors=False
    )
    keys = dict(field_keys) | {"person": "full_name"}
    return _collect(result, outcomes, header_map, file_errors, lambda name, hm: keys.get(name), "profile")


def _collect(result, outcomes, header_map, file_errors, error_key, target: str, partner_names=None) -> bool:
    """Copy django-import-export's row results onto our outcomes; True when nothing was refused."""
    for outcome, row_result in zip(outcomes, result.rows, strict=True):
        instance = row_result.instance
        setattr(outcome, target, instance)
        setattr(outcome, f"{target}_action", row_result.import_type)
        if row_result.import_type == "update":
            outcome.changes.extend(_describe(instance._roster_changes, partner_names or {}))
        for error in row_result.errors:
            logger.warning("Roster import row %s failed: %r", outcome.number, error.error)
            outcome.errors.append(RowError(outcome.number, "", f"Строку не удалось обработать: {error.error}"))
    for invalid in result.invalid_rows:
        outcome = outcomes[invalid.number - 1]
        for name, messages in invalid.error_dict.items():
            key = error_key(name, header_map) if name != NON_FIELD_ERRORS else None
            column = (header_map.header(key) if header_map.has(key) else COLUMNS[key].label) if key else ""
            outcome.errors.extend(RowError(outcome.number, column, str(message)) for message in messages)
    for error in result.base_errors:
        logger.warning("Roster import failed: %r", error.error)
        file_errors.append(RowError(None, "", f"Не удалось записать в базу: {error.error}"))
    return not (result.has_errors() or result.has_validation_errors())


def _field_key(name: str, header_map: HeaderMap) -> str:
    """The column a person field comes from (names may come from one «ФИО» column)."""
    if name in ("last_name", "first_name", "middle_name") and header_map.has("full_name"):
        return "full_name"
    if name == "partner":
        return "partner_inn" if header_map.has("partner_inn") else "partner_name"
    return name


def _person_error_key(name: str, header_map: HeaderMap) -> str | None:
    return _field_key(name, header_map) if name in (*_PERSON_FIELDS, "partner") else None


def _describe(changes: list[tuple], partner_names: dict[int, str]) -> list[str]:
    """«класс: 7Б → 8Б» for each changed field."""
    described = []
    for name, old, new in changes:
        if name == "partner_id":
            old, new = partner_names.get(old, old), partner_names.get(new, new)
        described.append(f"{_FIELD_LABELS.get(name, name)}: {_shown(old)} → {_shown(new)}")
    return described


_VALUE_LABELS = {
    **dict(Person.Sex.choices),
    **dict(Person.Category.choices),
    **dict(MentorProfile.Status.choices),
    **dict(MenteeProfile.Status.choices),
}


def _shown(value) -> str:
    if value in (None, "", []):
        return "—"
    if hasattr(value, "strftime"):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, list):
        return ", ".join(value)
    return str(_VALUE_LABELS.get(value, value))


# --- History: the RosterImport of each upload --------------------------------------------------


def roster_import_create(
    *, organization: Organization, kind: str, uploaded_file, uploaded_by: User | None = None
) -> RosterImport:
    """Check an upload (size and content) and keep it as a new entry of the import history."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"Файл больше {MAX_UPLOAD_BYTES // (1024 * 1024)} МБ — разделите список на части.")
    uploaded_file.seek(0)
    data = uploaded_file.read()
    roster_file_check(data)
    original_name = os.path.basename(uploaded_file.name or "список")[:255]
    roster_import = RosterImport(
        organization=organization,
        kind=Kind(kind),
        original_name=original_name,
        uploaded_by=uploaded_by,
        status=Status.PENDING,
    )
    roster_import.file.save(original_name, ContentFile(data), save=False)
    roster_import.save()
    return roster_import


def roster_import_preview(*, roster_import: RosterImport) -> RosterImport:
    """Check every row and count what would change, writing nothing: PREVIEW, or INVALID with errors."""
    report, status = _run_stored(roster_import, dry_run=True)
    _report_store(roster_import, report, status)
    return roster_import


def roster_import_confirm(*, roster_import: RosterImport) -> RosterImport:
    """Start writing a previewed import: within the request when small, as a background task when large.

    Not wrapped in a transaction on purpose: the status change must be committed before the task
    (another process) looks for it, and the immediate backend of the tests runs the task right here.
    """
    started = RosterImport.objects.filter(pk=roster_import.pk, status=Status.PREVIEW).update(
        status=Status.RUNNING, processed_rows=0, confirmed_at=timezone.now()
    )
    if not started:
        raise ValidationError("Эту загрузку уже подтвердили или отменили.")
    roster_import.refresh_from_db()
    if roster_import.total_rows <= INLINE_MAX_ROWS:
        return roster_import_execute(roster_import=roster_import)
    _task_enqueue(roster_import)
    roster_import.refresh_from_db()
    return roster_import


def _task_enqueue(roster_import: RosterImport) -> None:
    """Hand a RUNNING import to the task worker (the tests' immediate backend runs it right here)."""
    from people.tasks import roster_import_run

    result = roster_import_run.enqueue(roster_import.pk)
    RosterImport.objects.filter(pk=roster_import.pk).update(task_id=str(result.id)[:64])


def roster_import_execute(*, roster_import: RosterImport) -> RosterImport:
    """Check the file again (the database may have changed since the preview) and write it, all or nothing."""
    with _run_lock(roster_import.pk):
        # Read under the lock: a retry of an import another run has finished meanwhile does nothing.
        roster_import.refresh_from_db()
        if roster_import.status == Status.RUNNING:
            # The audit trail marks every row this import writes with the import and its uploader.
            with audit_context(user=roster_import.uploaded_by, source="import", import_id=roster_import.pk):
                _execute(roster_import)
    return roster_import


def _execute(roster_import: RosterImport) -> ImportReport:
    def progress(rows_done: int) -> None:
        # Autocommit here (we are outside the write transaction): the progress page sees it at once.
        RosterImport.objects.filter(pk=roster_import.pk).update(processed_rows=rows_done)

    def written() -> None:
        # In the write transaction: a process killed right after the commit leaves the import DONE,
        # never RUNNING with its people written, which a retry would then write a second time.
        RosterImport.objects.filter(pk=roster_import.pk).update(status=Status.DONE, finished_at=timezone.now())

    report, status = _run_stored(roster_import, dry_run=False, on_progress=progress, on_written=written)
    _report_store(roster_import, report, status)
    return report


@contextmanager
def _run_lock(roster_import_id: int, *, wait: bool = True):
    """Hold the import's run lock (a session advisory lock); yield whether it was taken.

    PostgreSQL releases it when the holder's connection ends, so a free lock on a RUNNING import
    means the process that ran it is gone.
    """
    key = [_RUN_LOCK_NAMESPACE, roster_import_id]
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", key)
            taken = True
        else:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
            taken = cursor.fetchone()[0]
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def roster_imports_requeue_stale() -> list[RosterImport]:
    """Queue again each RUNNING import whose process is gone (a killed worker, a crashed server)."""
    running = RosterImport.objects.filter(status=Status.RUNNING).order_by("pk")
    return [roster_import for roster_import in running if _requeue_if_stale(roster_import)]


@contextmanager
def _stale_run(roster_import: RosterImport):
    """Yield whether the import is RUNNING with its process gone: its run lock is free and its task is
    not waiting in the queue. The lock is held for the block, so no worker starts the run meanwhile."""
    from people.tasks import roster_import_run

    with _run_lock(roster_import.pk, wait=False) as free:
        if not free:  # a live process is running it
            yield False
            return
        roster_import.refresh_from_db()
        yield roster_import.status == Status.RUNNING and not _task_waits(roster_import_run, roster_import.task_id)


def roster_import_is_stale(roster_import: RosterImport) -> bool:
    """Was the import left RUNNING by a process that is gone (what ``requeue_stale_imports`` queues again)?"""
    with _stale_run(roster_import) as stale:
        return stale


def _requeue_if_stale(roster_import: RosterImport) -> bool:
    with _stale_run(roster_import) as stale:
        if not stale:
            return False
        _task_abandon(roster_import.task_id)
        _task_enqueue(roster_import)
    logger.warning("Roster import %s was left running by a stopped process; queued again", roster_import.pk)
    return True


def roster_import_can_retry(roster_import: RosterImport) -> bool:
    """May the import be run again: it failed, or the process that ran it is gone."""
    if roster_import.status == Status.FAILED:
        return True
    return roster_import.status == Status.RUNNING and roster_import_is_stale(roster_import)


def roster_import_retry(*, roster_import: RosterImport) -> RosterImport:
    """Run again an import that failed or was left running by a stopped process; any other is refused.

    A write that failed is queued for the task worker again (the run checks the file again and writes
    it all or nothing, once); a check that failed is checked again and waits for the confirmation like
    any preview; a stale run is queued again exactly as ``requeue_stale_imports`` does it.
    """
    if roster_import.status == Status.FAILED:
        writing = roster_import.confirmed_at is not None
        restarted = RosterImport.objects.filter(pk=roster_import.pk, status=Status.FAILED).update(
            status=Status.RUNNING if writing else Status.PENDING, processed_rows=0, errors=[], finished_at=None
        )
        if restarted:
            roster_import.refresh_from_db()
            if writing:
                _task_enqueue(roster_import)
            else:
                roster_import_preview(roster_import=roster_import)
            roster_import.refresh_from_db()
            return roster_import
    elif roster_import.status == Status.RUNNING and _requeue_if_stale(roster_import):
        roster_import.refresh_from_db()
        return roster_import
    roster_import.refresh_from_db()
    if roster_import.status == Status.DONE:
        raise ValidationError("Этот список уже загружен — повторять нечего.")
    if roster_import.status in (Status.PENDING, Status.RUNNING):
        raise ValidationError("Загрузка ещё идёт или ждёт обработчика фоновых задач — повторять её не нужно.")
    raise ValidationError("Повторить можно только загрузку, которая завершилась сбоем или прервалась.")


def _task_waits(task, task_id: str) -> bool:
    """Is the import's task still queued (no worker has taken it yet)?"""
    from django_tasks import TaskResultStatus
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not task_id:
        return False
    try:
        return task.get_result(task_id).status == TaskResultStatus.READY
    except (TaskResultDoesNotExist, NotImplementedError):
        return False


def _task_abandon(task_id: str) -> None:
    """Mark the dead run's task failed, so the task list does not show it running for ever."""
    from django.conf import settings

    if not task_id or settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="people.importing.service.WorkerLost",
        traceback="Обработчик задач остановился во время загрузки; загрузка поставлена в очередь заново.",
    )


def roster_import_cancel(*, roster_import: RosterImport) -> RosterImport:
    """Drop a previewed import without writing it."""
    cancelled = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=(Status.PENDING, Status.PREVIEW, Status.INVALID)
    ).update(status=Status.CANCELLED, finished_at=timezone.now())
    if not cancelled:
        raise ValidationError("Эту загрузку уже нельзя отменить.")
    roster_import.refresh_from_db()
    return roster_import


def roster_import_from_file(
    *,
    organization: Organization,
    kind: str,
    uploaded_file,
    uploaded_by: User | None = None,
    dry_run: bool = False,
) -> tuple[RosterImport | None, ImportReport]:
    """Check and write a file in one go (the command line, the benchmark); a dry run keeps no history."""
    if dry_run:
        uploaded_file.seek(0)
        report = roster_check_and_write(
            organization=organization,
            kind=kind,
            data=uploaded_file.read(),
            file_name=os.path.basename(uploaded_file.name or ""),
            user=uploaded_by,
            dry_run=True,
        )
        return None, report
    roster_import = roster_import_create(
        organization=organization, kind=kind, uploaded_file=uploaded_file, uploaded_by=uploaded_by
    )
    with _run_lock(roster_import.pk):
        roster_import.status, roster_import.confirmed_at = Status.RUNNING, timezone.now()
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=roster_import.status, confirmed_at=roster_import.confirmed_at
        )
        return roster_import, _execute(roster_import)


def _run_stored(
    roster_import: RosterImport, *, dry_run: bool, on_progress=None, on_written=None
) -> tuple[ImportReport, str]:
    """Run the pipeline on a stored import; return its report and the status it leads to."""
    try:
        with roster_import.file.open("rb") as stored:
            data = stored.read()
        report = roster_check_and_write(
            organization=roster_import.organization,
            kind=roster_import.kind,
            data=data,
            file_name=roster_import.original_name,
            user=roster_import.uploaded_by,
            dry_run=dry_run,
            on_progress=on_progress,
            on_written=on_written,
        )
    except ValidationError as error:  # the file itself is refused
        report = ImportReport(
            kind=roster_import.kind, dry_run=dry_run, errors=[RowError(None, "", " ".join(error.messages))]
        )
    except Exception:
        # Nothing was written (the transaction rolled back); keep the import's page telling so.
        logger.exception("Roster import %s failed", roster_import.pk)
        message = "Сбой при обработке файла, ничего не записано. Сообщите администратору системы."
        return ImportReport(kind=roster_import.kind, dry_run=dry_run, errors=[RowError(None, "", message)]), (
            Status.FAILED
        )
    if not report.ok:
        return report, Status.INVALID
    return report, Status.PREVIEW if dry_run else Status.DONE


def _report_store(roster_import: RosterImport, report: ImportReport, status: str) -> None:
    errors = [error.as_dict() for error in report.errors[:MAX_STORED_ERRORS]]
    if len(report.errors) > MAX_STORED_ERRORS:
        errors.append({"row": None, "column": "", "message": f"… и ещё {len(report.errors) - MAX_STORED_ERRORS}."})
    roster_import.status = status
    roster_import.total_rows = report.total_rows
    roster_import.processed_rows = report.total_rows
    roster_import.created_count = report.created
    roster_import.updated_count = report.updated
    roster_import.unchanged_count = report.unchanged
    roster_import.errors = errors
    roster_import.unknown_columns = report.unknown_columns
    if not report.dry_run or status == Status.FAILED:
        roster_import.finished_at = timezone.now()
    roster_import.save()
    _summary_store(roster_import, report)


# The notes and the list of changes a preview shows live next to the uploaded file: RosterImport
# keeps the counts and errors, and these are only needed by the detail page.
def summary_name(roster_import: RosterImport) -> str:
    return f"{roster_import.file.name}.summary.json"


def _summary_store(roster_import: RosterImport, report: ImportReport) -> None:
    name = summary_name(roster_import)
    if default_storage.exists(name):
        default_storage.delete(name)
    content = json.dumps({"notes": report.notes, "changes": report.changes}, ensure_ascii=False)
    default_storage.save(name, ContentFile(content.encode()))
