"""PostgreSQL restarted under load: every write the portal acknowledged is in the database afterwards.

A throwaway cluster of its own (never the shared embedded server) is migrated and served by gunicorn
on the production settings. Curators in several threads add pupils through the real form, while the
test restarts PostgreSQL twice: ``pg_ctl restart -m fast`` and ``-m immediate`` (a crash, recovered
from the WAL). Requests may fail while the server is down; a write the portal acknowledged (a redirect
to the new person's page) must never be lost, and writing must resume by itself after each restart.
"""

import datetime as dt
import http.client
import re
import subprocess
import sys
import threading
import time
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from mentorship.tests.faults_support import (
    ThrowawayPostgres,
    dump_database,
    free_port,
    process_env,
    process_stop,
    wait_for,
)
from people.roles import Role
from people.tests.factories import UserFactory

WRITERS = 4
PASSWORD = "fault-test-password"
SURNAMES = ("Андреев", "Борисов", "Власов", "Григорьев", "Денисов", "Егоров")


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the redirect itself is the answer we record


class PortalClient:
    """One signed-in browser session, on the standard library only: cookies, CSRF, no redirects followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        """Status and Location of one request; network errors propagate."""
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self._csrf_token()}).encode()
        request = Request(self.base_url + path, data=body, method=method)
        try:
            with self.opener.open(request, timeout=20) as response:
                response.read()
                return response.status, response.headers.get("Location", "")
        except HTTPError as error:
            error.read()
            return error.code, error.headers.get("Location", "")

    def login(self, username: str) -> bool:
        self.request("GET", "/accounts/login/")
        status, location = self.request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})
        return status == 302 and not location.startswith("/accounts/login/")

    def _csrf_token(self) -> str:
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")


class Writer(threading.Thread):
    """Adds pupils one after another; keeps what the portal acknowledged and when requests failed."""

    def __init__(self, number: int, base_url: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.number, self.stop = number, stop
        self.client = PortalClient(base_url)
        self.acknowledged: list[tuple[float, int, str, dt.date]] = []  # (when, id, surname, birth date)
        self.failures: list[tuple[float, str]] = []
        self.signed_in = False

    def run(self):
        surname = SURNAMES[self.number]
        attempt = 0
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                if not self.signed_in:
                    self.signed_in = self.client.login(f"curator{self.number}")
                    if not self.signed_in:
                        raise ConnectionError("вход не удался")
                attempt += 1
                birth_date = dt.date(2012, 1, 1) + dt.timedelta(days=attempt)
                status, location = self.client.request(
                    "POST",
                    "/people/add/",
                    {
                        "last_name": surname,
                        "first_name": "Пётр",
                        "middle_name": "Ильич",
                        "sex": "M",
                        "birth_date": birth_date.isoformat(),
                        "category": "pupil",
                        "school_class": "6А",
                        "phone": "",
                        "email": "",
                    },
                )
            except (URLError, OSError, http.client.HTTPException) as error:
                self._failed(started, repr(error))
                continue
            created = re.fullmatch(r"/people/(\d+)/", location)
            if status == 302 and created:
                self.acknowledged.append((time.monotonic(), int(created[1]), surname, birth_date))
            else:
                if location.startswith("/accounts/login/"):
                    self.signed_in = False
                self._failed(started, f"HTTP {status}")

    def _failed(self, started: float, reason: str) -> None:
        self.failures.append((time.monotonic(), reason))
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_every_acknowledged_write_survives_a_fast_and_an_immediate_database_restart(organization, tmp_path):
    # The server checks passwords with the production hashers (the test settings' MD5 is not among them).
    hasher = PBKDF2PasswordHasher()
    for number in range(WRITERS):
        curator = UserFactory(username=f"curator{number}", organization=organization, roles=[Role.CURATOR])
        curator.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
        curator.save(update_fields=["password"])
    cluster = ThrowawayPostgres()
    server = None
    stop = threading.Event()
    writers: list[Writer] = []
    try:
        setup_began = time.monotonic()
        cluster.start()
        # The test database (migrated for this run, with the school and its curators committed) copied
        # over: the same tables, triggers and constraints as ``migrate`` gives, without a second migration.
        url = cluster.create_database("portal")
        cluster.restore("portal", dump_database(connection, tmp_path / "portal.sql"))
        # DEBUG on spares a collectstatic (the manifest storage needs one); the database handling is the same.
        env = process_env(url, MEDIA_ROOT=str(tmp_path / "media"), DEBUG="true")
        port = free_port()
        with open(tmp_path / "gunicorn.log", "ab") as log:
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "mentorship.wsgi", "--workers", "2", "--threads"]
                + [str(WRITERS // 2), "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base_url), timeout=60, interval=0.2, what="gunicorn")
        setup_seconds = time.monotonic() - setup_began

        writers = [Writer(number, base_url, stop) for number in range(WRITERS)]
        for writer in writers:
            writer.start()
        began = time.monotonic()
        wait_for(lambda: all(len(writer.acknowledged) >= 2 for writer in writers), timeout=60, what="writes before")
        restarts = []
        for mode in ("fast", "immediate"):
            restart_began = time.monotonic()
            downtime = cluster.restart(mode)
            back = time.monotonic()
            # The portal reconnects by itself (CONN_HEALTH_CHECKS): every writer writes again, unaided.
            wait_for(
                lambda back=back: all(writer.acknowledged[-1][0] > back for writer in writers),
                timeout=60,
                what=f"writes after -m {mode}",
            )
            restarts.append((mode, restart_began, downtime, back))
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        elapsed = time.monotonic() - began

        acknowledged = {
            pk: (surname, birth_date) for writer in writers for _, pk, surname, birth_date in writer.acknowledged
        }
        with cluster.connect("portal") as database:
            rows = database.execute(
                "SELECT id, last_name, birth_date FROM people_person WHERE last_name = ANY(%s)",
                [list(SURNAMES[:WRITERS])],
            ).fetchall()
        found = {pk: (surname, birth_date) for pk, surname, birth_date in rows}
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
        process_stop(server)
        cluster.destroy()

    lost = sorted(pk for pk, person in acknowledged.items() if found.get(pk) != person)
    figures = []
    for mode, restart_began, downtime, back in restarts:
        failed = sum(1 for writer in writers for when, _ in writer.failures if restart_began <= when)
        failed -= sum(1 for writer in writers for when, _ in writer.failures if when > back + 60)
        resumed = max(min(when for when, *_ in writer.acknowledged if when > back) for writer in writers)
        figures.append(
            f"-m {mode}: PostgreSQL down {downtime:.1f} s, every writer writing again "
            f"{resumed - restart_began:.1f} s after the restart began"
        )
    print(
        f"\n[fault: db restart] setup {setup_seconds:.1f} s; {elapsed:.1f} s of writes from {WRITERS} curators; "
        f"acknowledged {len(acknowledged)}, found {len(acknowledged) - len(lost)} of them, lost {len(lost)}; "
        f"written without an answer {len(set(found) - set(acknowledged))}; "
        f"requests failed {sum(len(writer.failures) for writer in writers)} "
        f"({', '.join(sorted({reason for writer in writers for _, reason in writer.failures}))}); " + "; ".join(figures)
    )
    assert acknowledged and not lost, f"acknowledged writes missing after the restarts: {lost[:20]}"
    # Requests fail only while a restart lasts: from its start to the writer's next acknowledged write.
    for writer in writers:
        windows = [
            (restart_began, min(when for when, *_ in writer.acknowledged if when > back))
            for _, restart_began, _, back in restarts
        ]
        outside = [when - began for when, _ in writer.failures if not any(a <= when <= b for a, b in windows)]
        assert not outside, f"curator{writer.number}: requests failed outside the restarts, at {outside} s"


def _answers(base_url: str) -> bool:
    try:
        return PortalClient(base_url).request("GET", "/accounts/login/")[0] == 200
    except (URLError, OSError, http.client.HTTPException):
        return False
