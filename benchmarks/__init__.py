"""Benchmarks: ``make benchmarks`` or ``.venv/bin/python -m benchmarks`` runs every module here.

A benchmark is a module with ``run() -> bool``: it measures, prints its figures in Russian and says
whether it met its target.

Each benchmark runs in a throwaway PostgreSQL database created for the run (on the same server as
the development database, under a name of its own) and dropped afterwards, with the test settings
(in-memory file storage, the immediate task backend): the development data are never touched.
"""

import os
from contextlib import contextmanager


def django_setup() -> None:
    """Configure Django with the test settings (in-memory files, immediate tasks)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings_test")
    import django

    django.setup()


@contextmanager
def throwaway_database():
    """A fresh, migrated database for the duration of the block; dropped afterwards."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    # A name of our own: pytest's test database ("test_…") may be in use at the same moment.
    connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = f"benchmarks_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        yield
    finally:
        teardown_databases(old_config, verbosity=0)
