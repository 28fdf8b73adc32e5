"""python manage.py restore FILE [--database-url URL] [--media-root DIR] [--force] — back from an archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

from mentorship.backup import BackupError, backup_restore, database_from_url, manifest_summary


class Command(BaseCommand):
    help = (
        "Восстанавливает архив команды backup в пустую базу (по умолчанию — базу портала) и в MEDIA_ROOT, "
        "затем сверяет число строк каждой таблицы с описью архива; при расхождении код выхода 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="архив nastavnichestvo-….tar")
        parser.add_argument("--database-url", help="база, в которую восстанавливать (postgresql://…)")
        parser.add_argument("--media-root", type=Path, help="папка для загруженных файлов (по умолчанию MEDIA_ROOT)")
        parser.add_argument(
            "--force", action="store_true", help="восстанавливать и в непустую базу (её таблицы будут заменены)"
        )

    def handle(self, *args, archive, database_url, media_root, force, **options):
        if not archive.is_file():
            raise CommandError(f"Нет файла {archive}.")
        database = database_from_url(database_url) if database_url else None
        try:
            report = backup_restore(archive_path=archive, database=database, media_root=media_root, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(manifest_summary(report.manifest))
        width = max((len(check.table) for check in report.tables), default=10)
        self.stdout.write(f"{'таблица'.ljust(width)}  в архиве  в базе")
        for check in report.tables:
            actual = "нет" if check.actual is None else str(check.actual)
            mark = "" if check.ok else "  ← расхождение"
            self.stdout.write(f"{check.table.ljust(width)}  {check.expected:>8}  {actual:>6}{mark}")
        self.stdout.write(f"Загруженных файлов восстановлено: {report.media_files}.")
        self._compare_migrations(report.manifest.get("migrations", []))
        for relative in report.media_mismatches:
            self.stderr.write(f"Файл {relative} не совпадает с архивом.")
        if not report.ok:
            raise CommandError(
                f"Восстановленные данные не совпадают с описью архива: таблиц с расхождением — "
                f"{len(report.mismatched_tables)}, файлов — {len(report.media_mismatches)}."
            )
        self.stdout.write(self.style.SUCCESS("Восстановление завершено: все таблицы и файлы совпадают с архивом."))

    def _compare_migrations(self, archived: list[str]) -> None:
        """Tell whether this code is newer (migrate needed) or older than the archive's database."""
        on_disk = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
        newer_code = on_disk - set(archived)
        older_code = set(archived) - on_disk
        if newer_code:
            self.stdout.write(
                f"В коде есть миграции, которых нет в копии ({len(newer_code)}): выполните manage.py migrate."
            )
        if older_code:
            self.stderr.write(
                f"В копии применены миграции, которых нет в этом коде ({len(older_code)}, например "
                f"{sorted(older_code)[0]}): обновите код до версии копии (коммит в описи)."
            )
