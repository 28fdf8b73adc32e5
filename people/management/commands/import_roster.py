"""python manage.py import_roster FILE --kind pupils [--dry-run] [--organization ID]"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from people.audit import command_context
from people.importing.service import roster_import_from_file
from people.models import Organization, RosterImport


class Command(BaseCommand):
    help = (
        "Загружает список из xlsx или csv — тем же путём, что страница «Загрузка списков»: всё или ничего. "
        "Печатает, сколько создано, обновлено и оставлено без изменений, и каждую ошибку с номером строки; "
        "при любой ошибке ничего не записывает и завершается с кодом 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="путь к файлу .xlsx или .csv")
        parser.add_argument("--kind", required=True, choices=RosterImport.Kind.values, help="что загружается")
        parser.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывая")
        parser.add_argument("--organization", type=int, help="id организации (можно не указывать, если она одна)")

    def handle(self, *args, file, kind, dry_run, organization, **options):
        school = self._organization(organization)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл «{file}» не найден.")
        self.stdout.write(
            f"{school}: {RosterImport.Kind(kind).label}, файл {path.name}"
            + (" (проверка без записи)" if dry_run else "")
        )
        try:
            with path.open("rb") as handle, command_context("import_roster"):
                _, report = roster_import_from_file(
                    organization=school, kind=kind, uploaded_file=File(handle, name=path.name), dry_run=dry_run
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Ничего не записано.") from None
        for note in report.notes:
            self.stdout.write(note)
        if report.unknown_columns:
            unknown = ", ".join(f"«{column}»" for column in report.unknown_columns)
            self.stdout.write(f"Нераспознанные столбцы (не загружаются): {unknown}.")
        verb = "будет " if dry_run else ""
        self.stdout.write(
            f"Строк: {report.total_rows}. {'Будет создано' if dry_run else 'Создано'}: {report.created}, "
            f"{verb}обновлено: {report.updated}, без изменений: {report.unchanged}, ошибок: {len(report.errors)}."
        )
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors:
            raise CommandError(f"Ошибок: {len(report.errors)} — ничего не записано.")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Список загружен."))

    def _organization(self, organization_id: int | None) -> Organization:
        if organization_id is not None:
            try:
                return Organization.objects.get(pk=organization_id)
            except Organization.DoesNotExist:
                raise CommandError(f"Организации с id {organization_id} нет.") from None
        organizations = list(Organization.objects.all()[:20])
        if len(organizations) == 1:
            return organizations[0]
        if not organizations:
            raise CommandError("В базе нет ни одной организации.")
        listed = "; ".join(f"{school.pk} — {school}" for school in organizations)
        raise CommandError(f"Организаций несколько, укажите --organization: {listed}.")
