"""Helpers of the fault tests: real processes (task worker, web server) and a throwaway PostgreSQL.

This module has no tests of its own. The processes run the production settings (``mentorship.settings``)
pointed at a database through ``DATABASE_URL``, as a deployment would.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

PG_BIN = Path(find_spec("pgserver").origin).parent / "pginstall" / "bin"
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def database_url(*, host: str, name: str, user: str = "postgres", port: int | str | None = None) -> str:
    """A DATABASE_URL for a socket directory (or a host name), which ``mentorship.settings`` reads."""
    location = quote(str(host), safe="") + (f":{port}" if port else "")
    return f"postgresql://{user}@{location}/{name}"


def current_database_url(connection) -> str:
    """The DATABASE_URL of the database the test runs against (the per-process test database)."""
    config = connection.settings_dict
    return database_url(host=config["HOST"], port=config["PORT"], user=config["USER"], name=config["NAME"])


def process_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a portal process on the production settings, with DEBUG off, against ``url``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTEST", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        DATABASE_URL=url,
        DEBUG="false",
        SECRET_KEY="fault-tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``manage.py`` in a child process; fail with its output if it fails."""
    result = subprocess.run(
        [sys.executable, str(MANAGE), *args], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}: {result.stdout}\n{result.stderr}"
    return result


def manage_popen(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``manage.py`` in the background, its output into ``log``."""
    with open(log, "ab") as output:
        return subprocess.Popen([sys.executable, str(MANAGE), *args], env=env, stdout=output, stderr=subprocess.STDOUT)


def process_stop(process: subprocess.Popen | None) -> None:
    """Stop a child process we started (TERM, then KILL), whatever state it is in."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def dump_database(connection, path: Path) -> Path:
    """A plain SQL dump of the database ``connection`` uses (schema and rows, no owners or grants)."""
    config = connection.settings_dict
    command = [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", "-f", str(path)]
    command += ["-h", config["HOST"], "-U", config["USER"], "-d", config["NAME"]]
    if config["PORT"]:
        command += ["-p", str(config["PORT"])]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.02, what: str = "condition"):
    """Poll ``condition()`` until it returns something truthy; return that, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Не дождались: {what} (за {timeout} с)")
        time.sleep(interval)


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own (the pgserver binaries), on a unix socket in a temporary directory.

    Under root the server runs as the ``pgserver`` system user, as the embedded server does; PostgreSQL
    refuses to run as root.
    """

    def __init__(self):
        # Under /tmp with a short name: a unix socket path may not exceed 107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="pgfault-", dir="/tmp"))
        self.data = self.root / "data"
        self.sockets = self.root / "run"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.user = None
        if os.geteuid() == 0:
            from pgserver.utils import ensure_user_exists

            self.user = "pgserver"
            ensure_user_exists(self.user)
        self.sockets.mkdir()
        self.log.touch()
        if self.user:
            for path in (self.root, self.sockets, self.log):
                shutil.chown(path, self.user, self.user)

    def _run(self, program: str, *args: str, timeout: float = 60) -> None:
        # Output to a file, never to a pipe: the server inherits pg_ctl's descriptors and would hold
        # a pipe open, and a read of it would never end.
        with open(self.root / "commands.log", "ab") as output:
            subprocess.run(
                [str(PG_BIN / program), *args],
                check=True,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                user=self.user,
            )

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "--encoding=utf8", "--no-sync")
        options = f"-c listen_addresses='' -k {self.sockets} -p {self.port}"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def restart(self, mode: str) -> float:
        """``pg_ctl restart -m mode``; return the seconds until the server accepts connections again."""
        started = time.monotonic()
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "restart")
        return time.monotonic() - started

    def create_database(self, name: str) -> str:
        self._run("createdb", "-h", str(self.sockets), "-p", str(self.port), "-U", "postgres", name)
        return database_url(host=str(self.sockets), port=self.port, name=name)

    def restore(self, name: str, dump: Path) -> None:
        """Load a plain SQL dump into database ``name`` (psql runs as a client: no user switch needed)."""
        subprocess.run(
            [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.sockets), "-p", str(self.port)]
            + ["-U", "postgres", "-d", name, "-f", str(dump)],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def connect(self, name: str):
        import psycopg

        return psycopg.connect(host=str(self.sockets), port=self.port, user="postgres", dbname=name, autocommit=True)

    def destroy(self) -> None:
        """Stop the server at once and delete its files; safe to call when it never started."""
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(subprocess.SubprocessError):
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        shutil.rmtree(self.root, ignore_errors=True)

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]
