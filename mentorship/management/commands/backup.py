"""python manage.py backup [--output-dir DIR] — the database and uploaded files in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mentorship.backup import BackupError, backup_create, manifest_summary


class Command(BaseCommand):
    help = (
        "Резервная копия: база данных (pg_dump, формат custom) и загруженные файлы MEDIA_ROOT в одном архиве "
        "var/backups/nastavnichestvo-ГГГГММДД-ЧЧММСС.tar с описью (версия, миграции, число строк, sha256)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=settings.VAR_DIR / "backups",
            help="папка для архива (по умолчанию var/backups)",
        )

    def handle(self, *args, output_dir, **options):
        try:
            backup = backup_create(output_dir=output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(manifest_summary(backup.manifest))
        self.stdout.write(self.style.SUCCESS(f"Резервная копия: {backup.path}"))
