"""python manage.py load_reference — load every reference fixture in fixtures/ (safe to repeat)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

FIXTURES_DIR = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "Загружает справочники из папки fixtures/ (повторная загрузка ничего не дублирует)."

    def handle(self, *args, **options):
        fixtures = sorted(FIXTURES_DIR.glob("*.json"))
        if not fixtures:
            self.stdout.write("Справочников для загрузки нет.")
            return
        for fixture in fixtures:
            call_command("loaddata", str(fixture), verbosity=0)
            self.stdout.write(f"Загружен справочник {fixture.name}")
