"""Personal links by e-mail (to the person, or a minor's legal representative) and the reminder two days
before the deadline: sent once per invitation, by the daily command and by the background task."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import Campaign, Invitation
from monitoring.tasks import send_campaign_reminder
from monitoring.tests.test_campaigns_support import (
    complete_values,
    launched,
    person_in,
    running_program,
    standard,
    today,
)
from people.models import Person

pytestmark = pytest.mark.django_db
SITE = "https://school.example"


@pytest.fixture
def campaign(organization):
    """A running mentee satisfaction campaign of two pairs; the first mother has an e-mail, the second not."""
    program, pairs = running_program(organization, pairs=2)
    mother = person_in(pairs[0]).representatives.get().representative
    Person.objects.filter(pk=mother.pk).update(email="mother@example.com", first_name="Мария", middle_name="Петровна")
    return launched(standard("satisfaction-mentees"), program, deadline=today() + dt.timedelta(days=2))


def test_a_minors_link_goes_to_the_legal_representative_in_russian(campaign):
    mailing = services.invitation_links_email(campaign=campaign, site_url=SITE)

    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    invitation = mailing.sent[0]
    assert letter.to == ["mother@example.com"]
    assert (
        letter.subject
        == f"Анкета «{campaign.questionnaire.title}» для {invitation.person.first_name} {invitation.person.last_name}"
    )
    assert "Здравствуйте, Мария Петровна!" in letter.body
    assert f"{SITE}/monitoring/q/{invitation.token}/" in letter.body
    assert "срабатывает один раз" in letter.body
    assert not getattr(letter, "alternatives", None) and letter.content_subtype == "plain"
    assert [item.person for item in mailing.without_email] == [
        i.person for i in campaign.invitations.exclude(pk=invitation.pk)
    ]
    assert Invitation.objects.get(pk=invitation.pk).emailed_at is not None


def test_links_are_emailed_once_and_not_to_those_who_answered(campaign):
    services.invitation_links_email(campaign=campaign, site_url=SITE)
    again = services.invitation_links_email(campaign=campaign, site_url=SITE)
    assert again.sent == [] and len(mail.outbox) == 1


def test_an_adult_gets_his_link_at_his_accounts_address(organization, mentor):
    program, pairs = running_program(organization)
    mentor.person = person_in(pairs[0], "mentor")
    mentor.email = "mentor@example.com"
    mentor.save()
    campaign = launched(standard("satisfaction-mentors"), program)
    services.invitation_links_email(campaign=campaign, site_url=SITE)
    assert mail.outbox[0].to == ["mentor@example.com"]
    assert "Просим вас заполнить анкету" in mail.outbox[0].body


def test_a_draft_campaign_sends_no_links(organization):
    program, _ = running_program(organization)
    campaign = services.campaign_create(
        organization=organization, questionnaire=standard("satisfaction-mentees"), program=program, deadline=today()
    ).campaign
    with pytest.raises(ValidationError, match="сначала начните"):
        services.invitation_links_email(campaign=campaign, site_url=SITE)


def test_the_curator_sends_links_from_the_campaign_page(client_for, curator, campaign):
    page = client_for(curator).post(reverse("monitoring:campaign-send-links", args=[campaign.pk]), follow=True)
    text = page.content.decode()
    assert "Отправлено писем со ссылками: 1." in text
    assert "Нет e-mail" in text
    assert mail.outbox[0].body.count("http://testserver/monitoring/q/") == 1


# --- Reminders ---------------------------------------------------------------------------------------


def remind(day: dt.date | None = None) -> str:
    out = io.StringIO()
    arguments = ["send_campaign_reminders", f"--site-url={SITE}"]
    if day:
        arguments.append(f"--date={day.isoformat()}")
    call_command(*arguments, stdout=out)
    return out.getvalue()


def test_a_reminder_goes_once_two_days_before_the_deadline(campaign):
    deadline = campaign.deadline
    assert "напоминаний об анкетах: 0" in remind(deadline - dt.timedelta(days=3))
    assert mail.outbox == []

    output = remind(deadline - dt.timedelta(days=2))
    assert "Отправлено напоминаний об анкетах: 1." in output
    assert "Нет e-mail — напомните лично" in output
    letter = mail.outbox[0]
    assert letter.to == ["mother@example.com"]
    assert letter.subject.startswith("Напоминание: анкета «")
    assert "ещё не заполнил(а) анкету" in letter.body

    remind(deadline - dt.timedelta(days=2))  # a second run the same day
    remind(deadline - dt.timedelta(days=1))  # and the next day
    assert len(mail.outbox) == 1
    assert Invitation.objects.exclude(reminded_at=None).count() == 1
    assert Campaign.objects.get().reminder_sent_on == deadline - dt.timedelta(days=2)


def test_a_missed_day_is_caught_up_until_the_deadline_but_not_after(campaign):
    remind(campaign.deadline + dt.timedelta(days=1))
    assert mail.outbox == []
    remind(campaign.deadline)
    assert len(mail.outbox) == 1


def test_nobody_who_answered_is_reminded(campaign):
    invitation = campaign.invitations.get(person__representatives__representative__email="mother@example.com")
    services.response_submit(invitation=invitation, values=complete_values(campaign.questionnaire))
    remind(campaign.deadline - dt.timedelta(days=1))
    assert mail.outbox == []


def test_a_closed_campaign_reminds_nobody(campaign):
    services.campaign_close(campaign=campaign)
    remind(campaign.deadline)
    assert mail.outbox == []


def test_the_reminder_task_sends_once(campaign):
    invitation = campaign.invitations.get(person__representatives__representative__email="mother@example.com")
    now = timezone.now()
    assert send_campaign_reminder.call(invitation.pk, SITE) is True
    assert send_campaign_reminder.call(invitation.pk, SITE) is False
    assert len(mail.outbox) == 1
    assert Invitation.objects.get(pk=invitation.pk).reminded_at >= now


def test_the_command_can_enqueue_the_reminders(campaign):
    out = io.StringIO()
    call_command("send_campaign_reminders", "--enqueue", f"--site-url={SITE}", stdout=out)
    assert "Поставлено в очередь напоминаний об анкетах: 1." in out.getvalue()
    assert len(mail.outbox) == 1  # the test settings run tasks at once


def test_the_command_needs_the_portal_address(campaign, settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_campaign_reminders", stdout=io.StringIO())
