"""python manage.py purge_revoked [--dry-run] [--today YYYY-MM-DD] — run it daily."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from people.personal_data import DEFAULT_PERFORMER, PURGE_AFTER_DAYS, purge_revoked, subject_identifier


class Command(BaseCommand):
    help = (
        f"Уничтожает персональные данные участников, отозвавших согласие {PURGE_AFTER_DAYS} и более дней назад "
        "(ч. 5 ст. 21 закона № 152-ФЗ), и составляет акт об уничтожении с выгрузкой из журнала событий "
        "(приказ Роскомнадзора № 179). Всё или ничего; повторный запуск ничего не делает — запускайте ежедневно."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="только показать, кого коснётся, ничего не меняя")
        parser.add_argument("--today", help="считать сегодняшней эту дату (ГГГГ-ММ-ДД)")
        parser.add_argument("--performed-by", default=DEFAULT_PERFORMER, help="кем уничтожены (ФИО, должность)")

    def handle(self, *args, dry_run, today, performed_by, **options):
        day = self._day(today)
        from people.audit import command_context  # the audit trail names the command as the actor

        with command_context("purge_revoked"):
            result = purge_revoked(today=day, performed_by=performed_by, dry_run=dry_run)
        if not result.candidates:
            self.stdout.write(f"{day:%d.%m.%Y}: уничтожать нечего.")
            return
        for person in result.candidates:
            self.stdout.write(
                f"{subject_identifier(person)} ({person.get_category_display()}, {person.organization}): "
                f"согласие отозвано {person.last_revoked_on:%d.%m.%Y}"
            )
        if dry_run:
            self.stdout.write(f"Проверка без записи: данные {len(result.candidates)} участников не изменены.")
            return
        for act in result.acts:
            self.stdout.write(self.style.SUCCESS(f"{act.organization}: {act}, субъектов — {act.subjects.count()}."))

    @staticmethod
    def _day(value: str | None) -> dt.date | None:
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"Дата «{value}» не в формате ГГГГ-ММ-ДД.") from None
