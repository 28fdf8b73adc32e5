"""Time the load test's pages one by one, in process: ``python -m benchmarks.load.profile``.

Needs a database the load test has filled and kept: $LOAD_DATABASE_URL (``python -m benchmarks.load`` with
the same variable fills it once). For each page of benchmarks/load/journeys.py, as the account of school 1
of its role: the median and the slowest of ``--repeat`` requests through Django's test client (the whole
middleware stack, production settings), the number of queries and their time, and the median CPU time of
this process (steadier than the wall clock when the machine is busy, but without the database's work); with ``--cold`` the cache of
school panels (mentorship.datacache) is emptied before each request. ``--cprofile PAGE`` prints
the functions that take the time of one page (its key in journeys.PAGES, the role after a colon:
``home:curator``).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
ROLE_ACCOUNTS = {"curator": "curator", "principal": "director", "mentor": "mentor", "administrator": "admin"}


def _setup():
    if not os.environ.get("LOAD_DATABASE_URL"):
        sys.exit("Задайте LOAD_DATABASE_URL: базу, заполненную python -m benchmarks.load.")
    os.environ["DATABASE_URL"] = os.environ["LOAD_DATABASE_URL"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.load.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("STATIC_ROOT", str(BASE_DIR / "var" / "load-static"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", verbosity=0, interactive=False)  # the hashed manifest, as gunicorn serves it


def _clients(number: int):
    from django.test import Client

    from people.models import User

    clients = {}
    for role, account in ROLE_ACCOUNTS.items():
        client = Client()
        client.force_login(User.objects.get(username=f"{account}-{number}"))
        clients[role] = client
    clients["respondent"] = Client()
    clients["trivial"] = Client()
    return clients


def _school(number: int) -> dict:
    from benchmarks.load.fixture import fixture_build

    schools = fixture_build(password="")["schools"]
    return next(school for school in schools if school["number"] == number)


def _values(school: dict, index: int) -> dict:
    pick = lambda items, default: items[index % len(items)] if items else default  # noqa: E731
    return {
        "program": school["program"],
        "person": pick(school["people"], 0),
        "surname": pick(school["surnames"], ""),
        "pair": pick(school["mentor_pairs"], 0),
        "token": pick(school["tokens"], "-"),
    }


def _time_page(client, url: str) -> tuple[float, int, float, float]:
    """(wall ms, queries, database ms, CPU ms of this process: steadier than the wall on a busy machine)."""
    from django.db import connection, reset_queries

    reset_queries()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if response.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {response.status_code}")
    queries = connection.queries
    return elapsed * 1000, len(queries), sum(float(query["time"]) for query in queries) * 1000, cpu * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--school", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--cprofile", default=None, help="страница:роль, например home:curator")
    parser.add_argument("--lines", type=int, default=35)
    parser.add_argument(
        "--cold", action="store_true", help="без кэша панелей школы: каждый запрос — первый после изменения данных"
    )
    arguments = parser.parse_args(argv)
    _setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    from benchmarks.load.journeys import JOURNEYS, PAGES, label

    settings.DEBUG = False
    connection.force_debug_cursor = True  # count the queries with DEBUG off
    clients = _clients(arguments.school)
    school = _school(arguments.school)
    if arguments.cprofile:
        page_key, role = arguments.cprofile.split(":")
        client, url = clients[role], PAGES[page_key].url(_values(school, 0))
        for _ in range(3):
            client.get(url)  # templates compiled, connection open, caches warm
        profiler = cProfile.Profile()
        for index in range(arguments.repeat):
            if arguments.cold:
                cache.clear()  # outside the profile
            profiler.enable()
            clients[role].get(PAGES[page_key].url(_values(school, index)))
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(arguments.lines)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(arguments.lines)
        return 0
    print(f"{'страница':45} {'медиана, мс':>12} {'худший, мс':>11} {'запросов':>9} {'в БД, мс':>9} {'ЦП, мс':>7}")
    for role, journey in JOURNEYS.items():
        for page_key in journey:
            timings = []
            for index in range(arguments.repeat + 2):
                if arguments.cold:
                    cache.clear()
                timings.append(_time_page(clients[role], PAGES[page_key].url(_values(school, index))))
            timings = timings[2:]  # the first two warm the templates and the connection
            milliseconds = [timing[0] for timing in timings]
            print(
                f"{label(page_key, role):45} {statistics.median(milliseconds):12.1f} {max(milliseconds):11.1f} "
                f"{timings[-1][1]:9d} {statistics.median(timing[2] for timing in timings):9.1f} "
                f"{statistics.median(timing[3] for timing in timings):7.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
