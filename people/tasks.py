"""Background tasks of the people app (django-tasks; the database backend's worker runs them)."""

from django_tasks import task

from people.audit import audit_context
from people.importing.service import roster_import_execute
from people.models import RosterImport


@task()
def roster_import_run(roster_import_id: int) -> None:
    """Write a confirmed roster import that is too large to write within the request."""
    roster_import = RosterImport.objects.select_related("organization", "uploaded_by").get(pk=roster_import_id)
    # Outside a request nobody else names the writer: the audit trail records the uploader and the import.
    with audit_context(user=roster_import.uploaded_by, source="import", import_id=roster_import.pk):
        roster_import_execute(roster_import=roster_import)
