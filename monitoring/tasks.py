"""Background tasks of monitoring (django-tasks; the worker is ``manage.py db_worker``)."""

from django_tasks import task

from monitoring import selectors, services
from monitoring.models import Invitation


@task()
def send_campaign_reminder(invitation_id: int, site_url: str) -> bool:
    """Remind one respondent of his questionnaire; the rule is checked again when the task runs,
    so an invitation answered or reminded meanwhile gets nothing."""
    invitation = selectors.invitations_with_recipients(Invitation.objects.filter(pk=invitation_id)).first()
    if invitation is None:
        return False
    return services.invitation_remind(invitation=invitation, site_url=site_url)
