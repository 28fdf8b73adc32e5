"""python manage.py export_person --id PK --output FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.models import Person
from people.personal_data import person_data_export


class Command(BaseCommand):
    help = (
        "Выгружает всё, что портал хранит об одном участнике (статья 14 закона № 152-ФЗ): zip с файлом "
        "«данные.json», пояснением README.txt и сканами согласий."
    )

    def add_arguments(self, parser):
        parser.add_argument("--id", type=int, required=True, help="id участника")
        parser.add_argument("--output", required=True, help="куда записать zip")

    def handle(self, *args, **options):
        person_id = options["id"]
        person = Person.objects.select_related("organization").filter(pk=person_id).first()
        if person is None:
            raise CommandError(f"Участник с id {person_id} не найден.")
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(f"Папка «{path.parent}» не найдена.")
        path.write_bytes(person_data_export(person))
        self.stdout.write(self.style.SUCCESS(f"Данные участника {person.full_name} записаны в {path}."))
