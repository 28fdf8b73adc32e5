"""Queue again the roster imports a stopped task worker (or web server) left half-way."""

from django.core.management.base import BaseCommand

from people.importing.service import roster_imports_requeue_stale


class Command(BaseCommand):
    help = (
        "Ставит заново в очередь загрузки списков, которые остались «загружается» после остановки "
        "обработчика задач. Запускайте перед каждым запуском db_worker (и можно периодически)."
    )

    def handle(self, *args, **options):
        requeued = roster_imports_requeue_stale()
        for roster_import in requeued:
            self.stdout.write(
                f"Загрузка №{roster_import.pk} «{roster_import.original_name}» поставлена в очередь заново."
            )
        if not requeued:
            self.stdout.write("Прерванных загрузок нет.")
