"""Backups of the portal: the database (pg_dump, custom format) and the uploaded files in one archive.

An archive ``nastavnichestvo-YYYYmmdd-HHMMSS.tar`` holds three parts:

* ``db.dump`` — ``pg_dump --format=custom`` of the whole database;
* ``media.tar`` — every file under MEDIA_ROOT (consent scans, imports, signed orders, PDF batches);
* ``manifest.json`` — when and from which commit, the applied migrations, the row count of every
  table and the sha256 of both parts (and of every uploaded file).

The row counts are taken inside the very snapshot pg_dump exports, so they describe the dump exactly
even while the portal keeps writing; a restore compares the restored database against them.
"""

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from psycopg import sql

from mentorship.embedded_db import database_settings

ARCHIVE_PREFIX = "nastavnichestvo"
MANIFEST_NAME = "manifest.json"
DUMP_NAME = "db.dump"
MEDIA_NAME = "media.tar"
FORMAT_VERSION = 1
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the person at the console."""


@dataclass
class Backup:
    path: Path
    manifest: dict


@dataclass
class TableCheck:
    table: str
    expected: int
    actual: int | None

    @property
    def ok(self) -> bool:
        return self.expected == self.actual


@dataclass
class RestoreReport:
    """What a restore did: the tables compared with the manifest and the media files written."""

    manifest: dict
    tables: list[TableCheck] = field(default_factory=list)
    media_files: int = 0
    media_mismatches: list[str] = field(default_factory=list)

    @property
    def mismatched_tables(self) -> list[TableCheck]:
        return [check for check in self.tables if not check.ok]

    @property
    def ok(self) -> bool:
        return not self.mismatched_tables and not self.media_mismatches


# --- Connections and binaries ------------------------------------------------------------------


def default_database() -> dict:
    """The settings of Django's default connection (the test database's name under pytest)."""
    return connections["default"].settings_dict


def _libpq_params(database: dict) -> dict[str, str]:
    """libpq keyword parameters for a Django DATABASES entry."""
    params = {
        "host": database.get("HOST") or "",
        "port": str(database.get("PORT") or ""),
        "user": database.get("USER") or "",
        "password": database.get("PASSWORD") or "",
        "dbname": database.get("NAME") or "",
    }
    # ?sslmode=require and the like in DATABASE_URL end up in OPTIONS
    for key, value in (database.get("OPTIONS") or {}).items():
        if key.startswith("ssl") or key == "connect_timeout":
            params[key] = str(value)
    return {key: value for key, value in params.items() if value}


def _libpq_env(database: dict) -> dict[str, str]:
    """The environment of a pg_dump/pg_restore child: PG* variables, so the password is never on argv."""
    names = {"password": "PGPASSWORD", "dbname": "PGDATABASE"}
    env = dict(os.environ)
    env.update({names.get(key, f"PG{key.upper()}"): value for key, value in _libpq_params(database).items()})
    return env


def _connect(database: dict, **kwargs) -> psycopg.Connection:
    return psycopg.connect(**_libpq_params(database), **kwargs)


def database_url(database: dict, name: str | None = None) -> str:
    """A URL of ``database`` (optionally another database on the same server), socket paths included."""
    user = quote(database.get("USER") or "", safe="")
    password = quote(database.get("PASSWORD") or "", safe="")
    host = database.get("HOST") or ""
    port = f":{database['PORT']}" if database.get("PORT") else ""
    dbname = quote(name or database.get("NAME") or "", safe="")
    if host.startswith("/"):
        return f"postgresql://{user}:{password}@{port}/{dbname}?host={quote(host, safe='/')}"
    return f"postgresql://{user}:{password}@{host}{port}/{dbname}"


def _is_embedded(database: dict) -> bool:
    """The embedded pgserver: its HOST is the data directory itself, which serves as the socket dir."""
    host = database.get("HOST") or ""
    return host.startswith("/") and (Path(host) / "PG_VERSION").is_file()


def _pgserver_bin_dir() -> Path | None:
    try:
        import pgserver
    except ImportError:
        return None
    bin_dir = Path(pgserver.__file__).parent / "pginstall" / "bin"
    return bin_dir if bin_dir.is_dir() else None


def server_major_version(database: dict) -> int:
    with _connect(database) as connection:
        return connection.info.server_version // 10000


def _tool_major_version(path: str) -> int:
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise BackupError(f"Не удалось узнать версию {path}: «{output.strip()}».")
    return int(match.group(1))


def find_tool(tool: str, database: dict) -> tuple[str, int]:
    """pg_dump or pg_restore that can work with the server of ``database``: (path, major version).

    The embedded server gets pgserver's own binaries; any other server the one on PATH. A tool older
    than the server cannot read it, so that is refused with the package to install.
    """
    server_major = server_major_version(database)
    bin_dir = _pgserver_bin_dir() if _is_embedded(database) else None
    path = str(bin_dir / tool) if bin_dir else shutil.which(tool)
    if not path:
        raise BackupError(
            f"Не найдена программа {tool}: установите клиент PostgreSQL {server_major} "
            f"(sudo apt-get install postgresql-client-{server_major})."
        )
    tool_major = _tool_major_version(path)
    if tool_major < server_major:
        raise BackupError(
            f"{tool} версии {tool_major} ({path}) не работает с сервером PostgreSQL {server_major}: "
            f"версия программы должна быть не ниже версии сервера. Установите клиент PostgreSQL "
            f"{server_major} (sudo apt-get install postgresql-client-{server_major}) и поставьте его "
            f"первым в PATH."
        )
    return path, tool_major


# --- Reading the database ----------------------------------------------------------------------


def _tables(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema <> ALL(%s) ORDER BY 1, 2",
        [list(SYSTEM_SCHEMAS)],
    )
    return [(schema, name) for schema, name in cursor.fetchall() if not schema.startswith("pg_temp")]


def _table_key(schema: str, name: str) -> str:
    return name if schema == "public" else f"{schema}.{name}"


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for schema, name in _tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, name)))
        counts[_table_key(schema, name)] = cursor.fetchone()[0]
    return counts


def row_counts(database: dict) -> dict[str, int]:
    """Rows in every table of ``database``, by table name (schema-qualified outside ``public``)."""
    with _connect(database) as connection, connection.cursor() as cursor:
        return _row_counts(cursor)


def _applied_migrations(cursor) -> list[str]:
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return []
    cursor.execute("SELECT app || '.' || name FROM django_migrations ORDER BY app, name")
    return [row[0] for row in cursor.fetchall()]


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- Backup ------------------------------------------------------------------------------------


def _media_pack(media_root: Path | None, target: Path) -> dict[str, str]:
    """Write every regular file under ``media_root`` into the tar ``target`` (an empty one without a
    directory); sha256 by relative path."""
    files = {}
    with tarfile.open(target, "w") as archive:
        if media_root and media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    relative = path.relative_to(media_root).as_posix()
                    archive.add(path, arcname=relative, recursive=False)
                    files[relative] = _sha256(path)
    return files


def _media_source(media_root: Path | None) -> tuple[Path | None, str | None]:
    """The directory to pack, or (None, storage class) when uploads live in a bucket (MEDIA_STORAGE=s3):
    a bucket is copied by the storage's own means (versioning, replication), not through this archive."""
    if media_root:
        return Path(media_root), None
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location), None
    return None, f"{type(storage).__module__}.{type(storage).__name__}"


def backup_create(*, output_dir: Path, media_root: Path | None = None, database: dict | None = None) -> Backup:
    """Dump the database and pack MEDIA_ROOT into ``output_dir/nastavnichestvo-<time>.tar``."""
    database = database or default_database()
    media_root, media_elsewhere = _media_source(media_root)
    pg_dump, pg_dump_major = find_tool("pg_dump", database)
    created_at = dt.datetime.now().astimezone()
    output_dir.mkdir(parents=True, exist_ok=True)
    archive_path = output_dir / f"{ARCHIVE_PREFIX}-{created_at:%Y%m%d-%H%M%S}.tar"
    if archive_path.exists():
        raise BackupError(f"Архив {archive_path} уже есть: повторите через секунду.")

    with tempfile.TemporaryDirectory(prefix="backup-", dir=output_dir) as work:
        work_dir = Path(work)
        dump_path = work_dir / DUMP_NAME
        # One repeatable-read transaction exports its snapshot to pg_dump: the counts below and the
        # dump see exactly the same rows, whatever the portal writes meanwhile.
        with _connect(database) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                counts = _row_counts(cursor)
                migrations = _applied_migrations(cursor)
                result = subprocess.run(
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump_path}"],
                    env=_libpq_env(database),
                    capture_output=True,
                    text=True,
                )
            connection.rollback()
        if result.returncode != 0:
            raise BackupError(f"pg_dump завершился с ошибкой: {result.stderr.strip()}")

        media_files = _media_pack(media_root, work_dir / MEDIA_NAME)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created_at.isoformat(timespec="seconds"),
            "git_commit": _git_commit(),
            "database": database.get("NAME"),
            "server_version": server_version,
            "pg_dump_major": pg_dump_major,
            "migrations": migrations,
            "row_counts": counts,
            "media_files": media_files,
            "media_elsewhere": media_elsewhere,
            "sha256": {DUMP_NAME: _sha256(dump_path), MEDIA_NAME: _sha256(work_dir / MEDIA_NAME)},
        }
        (work_dir / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")

        partial = archive_path.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            for name in (MANIFEST_NAME, DUMP_NAME, MEDIA_NAME):
                archive.add(work_dir / name, arcname=name)
        partial.rename(archive_path)
    return Backup(path=archive_path, manifest=manifest)


# --- Restore -----------------------------------------------------------------------------------


def archive_unpack(archive_path: Path, work_dir: Path) -> dict:
    """Unpack the three parts into ``work_dir`` and check them against the manifest; the manifest."""
    try:
        with tarfile.open(archive_path, "r") as archive:
            names = set(archive.getnames())
            missing = {MANIFEST_NAME, DUMP_NAME, MEDIA_NAME} - names
            if missing:
                raise BackupError(f"В архиве {archive_path} нет частей: {', '.join(sorted(missing))}.")
            for name in (MANIFEST_NAME, DUMP_NAME, MEDIA_NAME):
                archive.extract(name, work_dir, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"Архив {archive_path} повреждён или не читается: {error}.") from error
    try:
        manifest = json.loads((work_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        checksums = manifest["sha256"]
        manifest["row_counts"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"Архив {archive_path} повреждён: опись {MANIFEST_NAME} не читается ({error}).") from error
    for name in (DUMP_NAME, MEDIA_NAME):
        if _sha256(work_dir / name) != checksums.get(name):
            raise BackupError(
                f"Архив {archive_path} повреждён: контрольная сумма {name} не совпадает с описью "
                f"{MANIFEST_NAME}. Восстановите из другой копии."
            )
    return manifest


def _refuse_non_empty(database: dict) -> None:
    with _connect(database) as connection, connection.cursor() as cursor:
        tables = _tables(cursor)
    if tables:
        raise BackupError(
            f"База «{database.get('NAME')}» не пуста (таблиц: {len(tables)}): восстановление заменит её "
            f"данные. Восстанавливайте в новую пустую базу или повторите с --force."
        )


def _media_unpack(media_tar: Path, media_root: Path, expected: dict[str, str]) -> tuple[int, list[str]]:
    """Unpack the uploaded files into ``media_root``; (files written, files whose bytes differ)."""
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media_tar, "r") as archive:
        archive.extractall(media_root, filter="data")
    mismatches = [
        relative
        for relative, digest in sorted(expected.items())
        if not (media_root / relative).is_file() or _sha256(media_root / relative) != digest
    ]
    return len(expected), mismatches


def backup_restore(
    *, archive_path: Path, database: dict | None = None, media_root: Path | None = None, force: bool = False
) -> RestoreReport:
    """Restore an archive into an empty database (any with ``force``) and MEDIA_ROOT, then compare
    every table's row count with the manifest. A damaged archive is refused before anything is written."""
    database = database or default_database()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="restore-") as work:
        work_dir = Path(work)
        manifest = archive_unpack(archive_path, work_dir)
        if not force:
            _refuse_non_empty(database)
        pg_restore, pg_restore_major = find_tool("pg_restore", database)
        dump_major = manifest.get("pg_dump_major") or 0
        if pg_restore_major < dump_major:
            raise BackupError(
                f"Архив сделан pg_dump {dump_major}, а pg_restore здесь версии {pg_restore_major}: "
                f"установите клиент PostgreSQL {dump_major} или новее."
            )
        result = subprocess.run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={database.get('NAME')}",
                str(work_dir / DUMP_NAME),
            ],
            env=_libpq_env(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore завершился с ошибкой, база не изменена: {result.stderr.strip()}")
        media_files, media_mismatches = _media_unpack(
            work_dir / MEDIA_NAME, media_root, manifest.get("media_files", {})
        )

    actual = row_counts(database)
    report = RestoreReport(manifest=manifest, media_files=media_files, media_mismatches=media_mismatches)
    report.tables = [
        TableCheck(table=table, expected=expected, actual=actual.get(table))
        for table, expected in sorted(manifest["row_counts"].items())
    ]
    return report


def database_from_url(url: str) -> dict:
    """A DATABASES-style dict for ``--database-url`` (socket URIs included)."""
    return database_settings(url)


def manifest_summary(manifest: dict) -> str:
    """Two lines about an archive for the console."""
    return (
        f"Архив от {manifest.get('created_at')}, коммит {manifest.get('git_commit') or 'неизвестен'}, "
        f"PostgreSQL {manifest.get('server_version')}, миграций: {len(manifest.get('migrations', []))}.\n"
        f"Таблиц: {len(manifest['row_counts'])}, строк: {sum(manifest['row_counts'].values())}, "
        f"загруженных файлов: {len(manifest.get('media_files', {}))}."
    ) + (
        f"\nЗагруженные файлы хранятся вне портала ({manifest['media_elsewhere']}) и в архив не входят: "
        "копируйте их средствами хранилища (версионирование бакета)."
        if manifest.get("media_elsewhere")
        else ""
    )
