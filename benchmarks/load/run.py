"""The load test: ``python -m benchmarks.load`` (``make load``); ``--small`` for a quick check.

1. A throwaway database on the embedded PostgreSQL (``load_<pid>``, dropped at the end), or the empty
   database of $LOAD_DATABASE_URL (kept, and its load data reused on the next run); migrated, filled by ``generate_scale_data --users`` (by default
   the issue's sizes: 50 schools, 30 000 pupils, 3 000 staff, 10 000 pairs, 20 000 responses), ANALYZEd.
2. gunicorn on 127.0.0.1:<a free port> with the production settings (benchmarks/load/settings.py: DEBUG off,
   sessions in the database read through the cache, whitenoise serving the collected, hashed static files, django-axes on);
   2 × cores + 1 sync workers unless --workers says otherwise.
3. locust headless (benchmarks/load/locustfile.py: 50 users, 10 a second, 240 s), CSV statistics, after a
   warm-up run of 75 s (not counted) in which every user walks its whole journey once: each worker has
   compiled its templates and the school panels of mentorship.datacache are computed — the table is the
   steady state of a working day, not the first view after a change (``python -m benchmarks.load.profile
   --cold`` times that).
4. A table per page of the steady state (statistics reset once the 50 users are spawned and signed in):
   requests, failures, p50, p95, p95 against the trivial view's p95 in the same run, and PASS/FAIL against
   the targets (no failures, p95 ≤ 5 × the trivial view's and under 500 ms); exit 1 on a FAIL. The logins of
   the ramp-up are printed apart, from the warm-up run (the same 50 users spawned at the same rate).

Users wait 5–15 s between two pages (--wait): a person reads a page before the next click.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SETTINGS_MODULE = "benchmarks.load.settings"
FULL_SIZES = {"schools": 50, "pupils": 30_000, "staff": 3_000, "pairs": 10_000, "responses": 20_000}
SMALL_SIZES = {"schools": 5, "pupils": 2_000, "staff": 200, "pairs": 700, "responses": 1_000}
RATIO_TARGET = 5.0
P95_TARGET_MS = 500.0
TRIVIAL = "тривиальная /health/"


@dataclass
class Row:
    name: str
    requests: int
    failures: int
    p50: float | None
    p95: float | None
    rps: float


def _arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="маленькие данные (5 школ) и 20 с нагрузки")
    for name, value in FULL_SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=None, help=f"по умолчанию {value}")
    parser.add_argument("--users", type=int, default=50, help="одновременных пользователей locust")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", default=None, help="длительность нагрузки (240s; с --small 20s)")
    parser.add_argument(
        "--warmup", default="75s", help="прогрев перед замером (не считается): каждый пользователь проходит свой путь"
    )
    parser.add_argument("--workers", type=int, default=None, help="воркеров gunicorn (по умолчанию 2 × ядра + 1)")
    parser.add_argument("--wait", default="5,15", help="пауза пользователя между страницами, с: «мин,макс»")
    parser.add_argument("--keep-dir", action="store_true", help="не удалять папку с CSV и журналом gunicorn")
    arguments = parser.parse_args(argv)
    sizes = dict(SMALL_SIZES if arguments.small else FULL_SIZES)
    sizes.update({name: getattr(arguments, name) for name in FULL_SIZES if getattr(arguments, name) is not None})
    arguments.sizes = sizes
    # 240 s: about 60 requests of each page, so that its p95 is not just its second-slowest request
    arguments.run_time = arguments.run_time or ("20s" if arguments.small else "240s")
    arguments.workers = arguments.workers or 2 * (os.cpu_count() or 1) + 1
    return arguments


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _database():
    """The load database's URL: $LOAD_DATABASE_URL as it is, or a new database on the embedded server."""
    given = os.environ.get("LOAD_DATABASE_URL")
    if given:
        yield given
        return
    import psycopg

    from mentorship.embedded_db import embedded_database_url

    server_url = os.environ.get("DATABASE_URL") or embedded_database_url(BASE_DIR / "var" / "pgdata")
    name = f"load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"База {name} удалена.")


def _prepare(arguments, work_dir: Path) -> dict:
    """Migrate, collect the static files, generate the data and the locust fixture (in this process)."""
    import django
    from django.core.management import call_command
    from django.db import connection, connections

    django.setup()
    from benchmarks.load.fixture import fixture_write
    from monitoring.management.commands.generate_scale_data import LOAD_PASSWORD, SCHOOL_PREFIX
    from people.models import User

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"  миграции и статика: {time.perf_counter() - started:.0f} с")
    started = time.perf_counter()
    if User.objects.filter(organization__short_name__startswith=SCHOOL_PREFIX, username__startswith="mentor-").exists():
        print("  данные уже есть ($LOAD_DATABASE_URL): новые не создаются")  # repeated runs on the same data
    else:
        call_command("generate_scale_data", force=True, users=True, password=LOAD_PASSWORD, **arguments.sizes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum does on a live server after a bulk load
    fixture = fixture_write(work_dir / "fixture.json", password=LOAD_PASSWORD)
    print(f"  данные: {time.perf_counter() - started:.0f} с, школ с учётными записями: {len(fixture['schools'])}")
    connections.close_all()
    return fixture


def _wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn завершился с кодом {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn не ответил за {seconds:.0f} с")


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def read_stats(path: Path) -> list[Row]:
    """The rows of locust's ``*_stats.csv`` (the «Aggregated» total last)."""
    with path.open(encoding="utf-8") as file:
        return [
            Row(
                name=record["Name"],
                requests=int(record["Request Count"]),
                failures=int(record["Failure Count"]),
                p50=_ms(record["50%"]),
                p95=_ms(record["95%"]),
                rps=float(record["Requests/s"]),
            )
            for record in csv.DictReader(file)
        ]


def verdict(row: Row, trivial_p95: float) -> tuple[float | None, bool]:
    """(p95 / the trivial view's p95, within the targets)."""
    if row.p95 is None:
        return None, row.failures == 0
    ratio = row.p95 / trivial_p95 if trivial_p95 else None
    ok = row.failures == 0 and row.p95 < P95_TARGET_MS and ratio is not None and ratio <= RATIO_TARGET
    return ratio, ok


def report(rows: list[Row]) -> tuple[str, bool]:
    """The Markdown table of the run and whether every page met the targets."""
    trivial = next((row for row in rows if row.name == TRIVIAL), None)
    if trivial is None or trivial.p95 is None:
        return "Нет замеров тривиальной страницы /health/: сравнивать не с чем.", False
    lines = [
        "| страница | запросов | ошибок | p50, мс | p95, мс | p95 / /health/ | итог |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    passed = True
    pages = sorted((row for row in rows if row.name != "Aggregated"), key=lambda row: row.name)
    for row in pages + [row for row in rows if row.name == "Aggregated"]:
        ratio, ok = verdict(row, trivial.p95)
        if row.name == "Aggregated":
            ok, name = row.failures == 0, "всего"
        else:
            name = row.name
            passed = passed and ok
        lines.append(
            f"| {name} | {row.requests} | {row.failures} | {row.p50 or 0:.0f} | {row.p95 or 0:.0f} | "
            f"{'' if ratio is None else f'{ratio:.1f}×'} | {'PASS' if ok else 'FAIL'} |"
        )
    return "\n".join(lines), passed


def main(argv=None) -> int:
    arguments = _arguments(argv)
    work_dir = Path(tempfile.mkdtemp(prefix="load-"))
    cores = os.cpu_count() or 1
    print(
        f"Нагрузочный тест: {arguments.sizes['schools']} школ, {arguments.sizes['pupils']} обучающихся, "
        f"{arguments.sizes['staff']} педагогов, {arguments.sizes['pairs']} пар, {arguments.sizes['responses']} "
        f"ответов; {arguments.users} пользователей (+{arguments.spawn_rate:g}/с) на {arguments.run_time}; "
        f"gunicorn: {arguments.workers} sync-воркеров на {cores} ядр."
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["STATIC_ROOT"] = str(work_dir / "static")
    os.environ["MEDIA_ROOT"] = str(work_dir / "media")
    passed = False
    try:
        with _database() as database_url:
            os.environ["DATABASE_URL"] = database_url
            _prepare(arguments, work_dir)
            passed = _measure(arguments, work_dir)
    finally:
        if arguments.keep_dir:
            print(f"CSV и журнал gunicorn: {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    return 0 if passed else 1


def _measure(arguments, work_dir: Path) -> bool:
    """Start gunicorn, run locust against it, print the table; True when every page met the targets."""
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    bin_dir = Path(sys.executable).parent
    gunicorn = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "mentorship.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={arguments.workers}",
            "--worker-class=sync",
            "--preload",  # Django is loaded once, before the fork: no worker pays for it on its first request
            "--timeout=60",
            f"--error-logfile={work_dir / 'gunicorn.log'}",
        ],
        cwd=BASE_DIR,
        env=os.environ.copy(),
    )
    try:
        _wait_until_up(f"{host}/health/", gunicorn)
        locust = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
        locust += [f"--spawn-rate={arguments.spawn_rate}", f"--host={host}", "--loglevel=WARNING"]
        env = {**os.environ, "LOAD_FIXTURE": str(work_dir / "fixture.json"), "LOAD_WAIT": arguments.wait}
        # A warm-up, not counted: every worker opens its connection and compiles the templates of each page.
        warmup = [f"--users={arguments.users}", f"--run-time={arguments.warmup}", f"--csv={work_dir / 'warmup'}"]
        subprocess.run(
            [*locust, *warmup], cwd=BASE_DIR, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        measured = [f"--users={arguments.users}", f"--run-time={arguments.run_time}", f"--csv={work_dir / 'locust'}"]
        # The table is the steady state of 50 signed-in users: statistics restart once all are spawned (after
        # 5 s of logins); the ramp-up's figures are printed apart, from the warm-up run (same users and rate).
        measured.append("--reset-stats")
        subprocess.run([*locust, *measured], cwd=BASE_DIR, env=env, check=False)
        seconds = time.perf_counter() - started
    finally:
        gunicorn.terminate()
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    rows = read_stats(work_dir / "locust_stats.csv")
    table, passed = report(rows)
    total = next((row for row in rows if row.name == "Aggregated"), None)
    print()
    print(
        f"Замер: {seconds:.0f} с, {total.requests if total else 0} запросов ({total.rps if total else 0:.1f} в секунду), "
        f"load average до/после: {load_before:.1f}/{os.getloadavg()[0]:.1f} на {os.cpu_count()} ядр.; "
        f"норма: 0 ошибок, p95 ≤ {RATIO_TARGET:g} × p95 /health/ и < {P95_TARGET_MS:.0f} мс"
    )
    print(table)
    ramp_up = [row for row in read_stats(work_dir / "warmup_stats.csv") if row.name.startswith("вход")]
    for row in ramp_up + [row for row in read_stats(work_dir / "warmup_stats.csv") if row.name == "Aggregated"]:
        print(
            f"Разгон ({arguments.users} пользователей по {arguments.spawn_rate:g} в секунду, прогрев), {row.name}: "
            f"{row.requests} запросов, {row.failures} ошибок, p50 {row.p50 or 0:.0f} мс, p95 {row.p95 or 0:.0f} мс"
        )
    print("Все страницы в норме." if passed else "Есть страницы вне нормы (FAIL).")
    return passed
