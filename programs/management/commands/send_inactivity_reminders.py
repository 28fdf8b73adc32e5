"""Remind mentors of pairs with no meeting for 30 days; meant to run once a day (cron, systemd timer).

Who is reminded: on the 31st day without a meeting (counted from the start if there was none) —
the day the pair first counts as inactive — and then every 7 days (38th, 45th …) until a meeting
is logged. A second run on the same day sends nothing new (today's reminders are noted in
``var/reminders/``). Mentors with no e-mail in their account or personal record are listed.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentorship.russian import format_count
from programs.notifications import ReminderLedger, inactivity_reminder_send, inactivity_reminders_due
from programs.tasks import send_inactivity_reminder


class Command(BaseCommand):
    help = "Напомнить наставникам о парах, где больше 30 дней не было встреч (запускать раз в день)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Поставить письма в очередь фоновых задач, а не отправлять сразу."
        )
        parser.add_argument("--date", help="Считать сегодняшним днём эту дату (ГГГГ-ММ-ДД), например для проверки.")

    def handle(self, *args, enqueue=False, date=None, **options):
        today = self._day(date)
        sent, already_sent, without_email, failed = 0, 0, [], []
        with ReminderLedger(today).open() as ledger:
            for reminder in inactivity_reminders_due(today):
                reminder.pairs = [pair for pair in reminder.pairs if not ledger.was_sent(reminder.mentor, pair)]
                if not reminder.pairs:
                    already_sent += 1
                    continue
                if not reminder.email:
                    without_email.append(reminder)
                    continue
                try:
                    if enqueue:
                        send_inactivity_reminder.enqueue(
                            reminder.mentor.pk, [pair.pk for pair in reminder.pairs], today.isoformat()
                        )
                    else:
                        inactivity_reminder_send(reminder)
                except Exception as error:  # one bad address or a mail server hiccup must not stop the rest
                    failed.append(f"{reminder.mentor.full_name} <{reminder.email}>: {error}")
                    continue
                ledger.record(reminder.mentor, reminder.pairs)
                sent += 1

        verb = "Поставлено в очередь" if enqueue else "Отправлено"
        self.stdout.write(f"{today:%d.%m.%Y}: {verb} напоминаний: {sent}.")
        if already_sent:
            self.stdout.write(
                f"Уже отправлены сегодня: {format_count(already_sent, 'наставнику', 'наставникам', 'наставникам')}."
            )
        if without_email:
            self.stdout.write(self.style.WARNING("Нет e-mail — напомните лично или внесите адрес:"))
            for reminder in without_email:
                pairs = ", ".join(str(pair) for pair in reminder.pairs)
                self.stdout.write(f"  {reminder.mentor.full_name} — {pairs}")
        if failed:
            raise CommandError("Не удалось отправить:\n  " + "\n  ".join(failed))

    @staticmethod
    def _day(value: str | None) -> dt.date:
        if not value:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"Дата «{value}» не распознана: нужен формат ГГГГ-ММ-ДД.") from None
