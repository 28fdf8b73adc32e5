from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Участники"

    def ready(self):
        from django.db.models.signals import post_migrate

        from people import audit  # noqa: F401 (connects the access log to sign-in, sign-out and failed sign-in)
        from people.services import roles_sync

        # Recreate the role groups after every migrate and every test-database flush.
        post_migrate.connect(lambda sender, **kwargs: roles_sync(), sender=self, weak=False)
