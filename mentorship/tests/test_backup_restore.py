"""make backup / make restore: an archive restored into a fresh database holds every row and every file."""

import io
import json
import os
import re
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from psycopg import sql

from mentorship import backup
from mentorship.backup import DUMP_NAME, MANIFEST_NAME, _libpq_params, database_url, default_database
from mentorship.tests.access_matrix_data import build_dataset

pytestmark = pytest.mark.django_db(transaction=True)

# Tables the dataset must fill, so that "every table matches" cannot pass on empty tables.
FILLED_TABLES = {
    "people_user",
    "people_person",
    "people_consent",
    "programs_program",
    "programs_pair",
    "programs_order",
    "django_migrations",
}


@pytest.fixture
def media_root(tmp_path, settings):
    """Uploads on disk (the test settings keep them in memory), in a directory of this test."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return root


@pytest.fixture
def dataset(organization, curator, administrator, mentor, other_mentor, media_root):
    return build_dataset(
        organization, curator=curator, mentor=mentor, other_mentor=other_mentor, administrator=administrator
    )


@pytest.fixture
def fresh_database():
    """An empty database on the same server as the test database, dropped afterwards."""
    source = default_database()
    name = f"restore_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = {**_libpq_params(source), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield {**source, "NAME": name}
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def table_fingerprints(database: dict) -> dict[str, tuple[int, str]]:
    """Every table's row count and the md5 of all its rows (every column, in a fixed order)."""
    params = _libpq_params(database)
    fingerprints = {}
    with psycopg.connect(**params) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
        for schema, name in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
                ).format(sql.Identifier(schema, name))
            )
            fingerprints[f"{schema}.{name}"] = cursor.fetchone()
    return fingerprints


def files_under(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def make_backup(tmp_path) -> Path:
    call_command("backup", output_dir=tmp_path / "backups", stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("nastavnichestvo-*.tar")
    return archive


def test_restore_into_a_fresh_database_finds_every_row_and_file(dataset, media_root, tmp_path, fresh_database, capsys):
    source_fingerprints = table_fingerprints(default_database())
    source_files = files_under(media_root)
    assert {f"public.{table}" for table in FILLED_TABLES} <= set(source_fingerprints)
    assert all(source_fingerprints[f"public.{table}"][0] > 0 for table in FILLED_TABLES)
    assert any(name.startswith("consents/") for name in source_files), "the dataset uploads a consent scan"

    archive = make_backup(tmp_path)
    with tarfile.open(archive) as parts:
        assert sorted(parts.getnames()) == sorted([MANIFEST_NAME, DUMP_NAME, "media.tar"])
        manifest = json.load(parts.extractfile(MANIFEST_NAME))
    assert manifest["row_counts"]["people_consent"] == source_fingerprints["public.people_consent"][0]
    assert "people.0001_initial" in manifest["migrations"]
    assert set(manifest["media_files"]) == set(source_files)

    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_url=database_url(fresh_database), media_root=str(restored_media))

    assert table_fingerprints(fresh_database) == source_fingerprints
    assert files_under(restored_media) == source_files
    output = capsys.readouterr().out
    assert "Восстановление завершено" in output
    assert "manage.py migrate" not in output  # the same code made the archive
    consents = manifest["row_counts"]["people_consent"]
    assert re.search(rf"^people_consent\s+{consents}\s+{consents}$", output, re.MULTILINE)


def test_restore_refuses_a_database_that_is_not_empty(dataset, tmp_path):
    archive = make_backup(tmp_path)
    before = table_fingerprints(default_database())

    with pytest.raises(CommandError, match="не пуста.*--force"):
        call_command("restore", str(archive), media_root=str(tmp_path / "restored-media"))

    assert table_fingerprints(default_database()) == before
    assert not (tmp_path / "restored-media").exists()


def test_corrupted_archive_fails_the_checksum_before_anything_is_restored(dataset, tmp_path, fresh_database):
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as parts:
        dump_member = parts.getmember(DUMP_NAME)
    data = bytearray(archive.read_bytes())
    data[dump_member.offset_data + dump_member.size // 2] ^= 0xFF
    archive.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="повреждён: контрольная сумма db.dump не совпадает"):
        call_command("restore", str(archive), database_url=database_url(fresh_database))

    assert table_fingerprints(fresh_database) == {}


def test_restore_exits_with_an_error_when_a_table_does_not_match_the_manifest(dataset, tmp_path, fresh_database):
    archive = make_backup(tmp_path)
    with tarfile.open(archive) as parts:
        manifest = json.load(parts.extractfile(MANIFEST_NAME))
        others = {name: parts.extractfile(name).read() for name in (DUMP_NAME, "media.tar")}
    manifest["row_counts"]["people_consent"] += 1  # the archive claims a consent the dump does not hold
    manifest["migrations"].remove("people.0001_initial")  # … and to predate a migration of this code
    with tarfile.open(archive, "w") as parts:
        for name, content in [(MANIFEST_NAME, json.dumps(manifest).encode()), *others.items()]:
            member = tarfile.TarInfo(name)
            member.size = len(content)
            parts.addfile(member, io.BytesIO(content))

    output = io.StringIO()
    with pytest.raises(CommandError, match="не совпадают с описью архива: таблиц с расхождением — 1") as error:
        call_command(
            "restore",
            str(archive),
            database_url=database_url(fresh_database),
            media_root=str(tmp_path / "restored-media"),
            stdout=output,
        )
    assert error.value.returncode == 1
    assert re.search(r"^people_consent\s+\d+\s+\d+  ← расхождение$", output.getvalue(), re.MULTILINE)
    assert "В коде есть миграции, которых нет в копии (1): выполните manage.py migrate." in output.getvalue()


def test_a_pg_dump_older_than_the_server_is_refused_with_the_package_to_install(tmp_path, monkeypatch):
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    fake_pg_dump = fake_bin / "pg_dump"
    fake_pg_dump.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    fake_pg_dump.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_bin}{os.pathsep}{os.environ['PATH']}")
    # a server reached by DATABASE_URL, not the embedded one: the tool comes from PATH
    monkeypatch.setattr(backup, "_is_embedded", lambda database: False)

    with pytest.raises(CommandError, match=r"pg_dump версии 9 .* не работает с сервером PostgreSQL \d+"):
        call_command("backup", output_dir=tmp_path / "backups")
    assert not list((tmp_path / "backups").glob("*.tar"))
