"""python manage.py seed_demo — the demo school with its users (password «demo») and its banks."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.demo import DEMO_PASSWORD, demo_school_seed

CREATED_LABELS = {
    "partners": "организаций-партнёров",
    "people": "участников",
    "mentors": "наставников в банке",
    "mentees": "наставляемых в банке",
    "mentee_requests": "запросов наставляемых",
    "consents": "согласий",
    "programs": "программ",
    "pairs": "пар и групп",
    "meetings": "встреч",
    "campaigns": "кампаний анкетирования",
    "responses": "ответов на анкеты",
}


class Command(BaseCommand):
    help = (
        "Создаёт демонстрационную школу с участниками, пользователями, банками наставников и наставляемых "
        "(повторный запуск ничего не дублирует)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="запустить и при выключенном DEBUG")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Демонстрационные данные создаются только при DEBUG=true; на рабочем сервере добавьте --force."
            )
        summary = demo_school_seed()
        created = ", ".join(f"{CREATED_LABELS.get(key, key)}: {value}" for key, value in summary.created.items())
        self.stdout.write(f"Демо-школа «{summary.organization}» готова (создано — {created}).")
        self.stdout.write(f"Пользователи (пароль «{DEMO_PASSWORD}»):")
        for username, description in summary.logins:
            self.stdout.write(f"  {username:<10} {description}")
