"""Remind respondents who have not answered, two days before a campaign's deadline; run once a day.

Each invitation is reminded once (``Invitation.reminded_at``): from two days before the deadline to
the deadline day, as long as the link works and no answer came, so a missed day is caught up the
next and a second run the same day sends nothing. People with no e-mail (for a minor: no legal
representative with one) are listed for the curator to remind in person.
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring import selectors, services
from monitoring.tasks import send_campaign_reminder


class Command(BaseCommand):
    help = "Напомнить о незаполненных анкетах за два дня до срока кампании (запускать раз в день)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Поставить письма в очередь фоновых задач, а не отправлять сразу."
        )
        parser.add_argument("--date", help="Считать сегодняшним днём эту дату (ГГГГ-ММ-ДД), например для проверки.")
        parser.add_argument("--site-url", help="Адрес портала для ссылок в письмах (по умолчанию SITE_URL).")

    def handle(self, *args, enqueue=False, date=None, site_url=None, **options):
        site_url = (site_url or getattr(settings, "SITE_URL", "")).rstrip("/")
        if not site_url.startswith(("http://", "https://")):
            raise CommandError("Не задан адрес портала: укажите SITE_URL в настройках или --site-url https://…")
        today, now = self._moment(date)
        sent, without_email, failed = 0, [], []
        for invitation in selectors.invitations_due_reminder(today, now):
            if selectors.invitation_recipient(invitation) is None:
                without_email.append(invitation)
                continue
            try:
                if enqueue:
                    send_campaign_reminder.enqueue(invitation.pk, site_url)
                    sent += 1
                elif services.invitation_remind(invitation=invitation, site_url=site_url, now=now):
                    sent += 1
            except Exception as error:  # one bad address or a mail server hiccup must not stop the rest
                failed.append(f"{invitation.person.full_name}: {error}")
        verb = "Поставлено в очередь" if enqueue else "Отправлено"
        self.stdout.write(f"{today:%d.%m.%Y}: {verb} напоминаний об анкетах: {sent}.")
        if without_email:
            self.stdout.write(self.style.WARNING("Нет e-mail — напомните лично:"))
            for invitation in without_email:
                self.stdout.write(f"  {invitation.person.full_name} — «{invitation.campaign.title}»")
        if failed:
            raise CommandError("Не удалось отправить:\n  " + "\n  ".join(failed))

    @staticmethod
    def _moment(value: str | None) -> tuple[dt.date, dt.datetime]:
        if not value:
            return timezone.localdate(), timezone.now()
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"Дата «{value}» не распознана: нужен формат ГГГГ-ММ-ДД.") from None
        return day, dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())
