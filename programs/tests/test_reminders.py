"""Reminder e-mails to mentors of pairs with no meeting for 30 days: who gets one, when, and only once."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from people.services import consent_revoke
from programs.selectors import is_inactivity_reminder_day
from programs.tests.mentor_pairs import days_ago, meeting_in, mentee_of, pair_for, today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_dir(settings, tmp_path):
    settings.REMINDERS_LEDGER_DIR = tmp_path / "reminders"
    return settings.REMINDERS_LEDGER_DIR


@pytest.fixture
def quiet_pair(mentor):
    """The mentor's pair whose last meeting was 31 days ago: today is its first reminder day."""
    mentor.email = "mentor@school.example"
    mentor.save()
    pair = pair_for(mentor, started_days_ago=90)
    meeting_in(pair, held_days_ago=31)
    return pair


@pytest.fixture
def active_pair(other_mentor):
    other_mentor.email = "mentor2@school.example"
    other_mentor.save()
    pair = pair_for(other_mentor, started_days_ago=90)
    meeting_in(pair, held_days_ago=5)
    return pair


def remind(*args, on: dt.date | None = None) -> str:
    out = StringIO()
    options = ["--date", on.isoformat()] if on else []
    call_command("send_inactivity_reminders", *options, *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("days", "due"), [(29, False), (30, False), (31, True), (32, False), (37, False), (38, True), (45, True)]
)
def test_reminder_days_are_the_first_inactive_day_and_every_seventh_after(days, due):
    assert is_inactivity_reminder_day(days) is due


def test_the_inactive_pairs_mentor_gets_one_mail_naming_the_pair_and_the_days(quiet_pair, active_pair):
    output = remind()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mentor@school.example"]
    assert f"Пара № {quiet_pair.pk}" in message.subject and "31 день" in message.subject
    assert f"Пара № {quiet_pair.pk}" in message.body
    assert f"Последняя встреча — {days_ago(31):%d.%m.%Y}; без встреч 31 день." in message.body
    assert mentee_of(quiet_pair).short_name in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f"Пара № {quiet_pair.pk}" in html and "31 день" in html
    assert "Отправлено напоминаний: 1." in output


def test_a_second_run_the_same_day_sends_nothing_new(quiet_pair):
    remind()
    output = remind()
    assert len(mail.outbox) == 1
    assert "Отправлено напоминаний: 0." in output and "Уже отправлены сегодня: 1 наставнику." in output


def test_between_reminder_days_nothing_is_sent_and_a_week_later_the_mentor_is_reminded_again(quiet_pair):
    remind()
    for days_later in range(1, 7):
        remind(on=today() + dt.timedelta(days=days_later))
    assert len(mail.outbox) == 1
    remind(on=today() + dt.timedelta(days=7))
    assert len(mail.outbox) == 2 and "38 дней" in mail.outbox[1].body


def test_a_pair_that_never_met_is_counted_from_its_start(mentor):
    mentor.email = "mentor@school.example"
    mentor.save()
    pair = pair_for(mentor, started_days_ago=38)
    remind()
    assert len(mail.outbox) == 1
    assert f"Встреч ещё не было, работа начата {pair.starts_on:%d.%m.%Y}; без встреч 38 дней." in mail.outbox[0].body


def test_a_logged_meeting_stops_the_reminders(quiet_pair):
    meeting_in(quiet_pair, held_days_ago=0)
    assert "Отправлено напоминаний: 0." in remind()
    assert mail.outbox == []


def test_the_address_of_the_personal_record_is_used_when_the_account_has_none(quiet_pair, mentor):
    mentor.email = ""
    mentor.save()
    mentor.person.email = "teacher@home.example"
    mentor.person.save()
    remind()
    assert [message.to for message in mail.outbox] == [["teacher@home.example"]]


def test_mentors_without_an_email_are_listed_in_the_output(quiet_pair, mentor):
    mentor.email = ""
    mentor.save()
    output = remind()
    assert mail.outbox == []
    assert "Нет e-mail" in output and f"{mentor.person.full_name} — Пара № {quiet_pair.pk}" in output


def test_the_mentee_is_not_named_when_his_consent_is_revoked(quiet_pair):
    mentee = mentee_of(quiet_pair)
    consent_revoke(consent=mentee.consents.get(), revoked_on=today(), reason="отзыв")
    remind()
    assert len(mail.outbox) == 1 and mentee.last_name not in mail.outbox[0].body


def test_with_enqueue_the_mail_goes_through_the_task_queue(quiet_pair):
    output = remind("--enqueue")
    assert "Поставлено в очередь напоминаний: 1." in output
    assert len(mail.outbox) == 1  # the test settings run tasks immediately
    remind("--enqueue")
    assert len(mail.outbox) == 1


def test_a_bad_date_is_refused_in_russian():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("send_inactivity_reminders", "--date", "01.12.2025")


def test_with_the_database_queue_the_mail_waits_for_the_worker_and_skips_a_pair_that_met_meanwhile(
    settings, quiet_pair
):
    from django_tasks_db.models import DBTaskResult

    from programs.tasks import send_inactivity_reminder

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    remind("--enqueue")
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "programs.tasks.send_inactivity_reminder"
    assert mail.outbox == []

    args = queued.args_kwargs["args"]
    assert send_inactivity_reminder.call(*args) == 1
    assert len(mail.outbox) == 1
    meeting_in(quiet_pair, held_days_ago=0)
    assert send_inactivity_reminder.call(*args) == 0
    assert len(mail.outbox) == 1
