"""Settings read from the environment, the embedded database, deploy checks, migrations."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from mentorship.embedded_db import database_settings
from mentorship.env import env_bool, env_int, env_list

BASE_DIR = Path(settings.BASE_DIR)
# Variables the test settings set for themselves; a child process must not inherit them.
TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser fixture
}


def clean_env(**overrides) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update(overrides)
    return env


def run_python(code: str, **env_overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_env_bool_reads_usual_spellings_and_rejects_others(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("NUMBER", "12")
    assert env_int("NUMBER", 1) == 12
    monkeypatch.setenv("NUMBER", "twelve")
    with pytest.raises(ImproperlyConfigured, match="NUMBER"):
        env_int("NUMBER", 1)
    monkeypatch.setenv("HOSTS", " a.example, b.example ,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_socket_uri_moves_host_out_of_options():
    config = database_settings("postgresql://postgres:@/postgres?host=/srv/app/var/pgdata")
    assert config["HOST"] == "/srv/app/var/pgdata"
    assert "host" not in config.get("OPTIONS", {})
    assert config["NAME"] == "postgres"


def test_database_url_is_used_when_set():
    result = run_python(
        "import django.conf as c, os; os.environ['DJANGO_SETTINGS_MODULE']='mentorship.settings';"
        "from django.conf import settings; d=settings.DATABASES['default']; print(d['HOST'], d['PORT'], d['NAME'])",
        DEBUG="true",
        DATABASE_URL="postgresql://school:secret@db.example:6543/mentoring",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["db.example", "6543", "mentoring"]


def test_without_database_url_the_embedded_server_in_var_pgdata_is_used():
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='mentorship.settings';"
        "from django.conf import settings; print(settings.DATABASES['default']['HOST'])",
        DEBUG="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(BASE_DIR / "var" / "pgdata")


def test_embedded_server_starts_once_and_is_reused(tmp_path):
    data_dir = tmp_path / "pgdata"
    start = (
        "from pathlib import Path; from mentorship.embedded_db import embedded_database_url;"
        f"print(embedded_database_url(Path({str(data_dir)!r})))"
    )
    first = run_python(start)
    assert first.returncode == 0, first.stderr
    postmaster_pid = (data_dir / "postmaster.pid").read_text().splitlines()[0]
    second = run_python(start)
    try:
        assert second.returncode == 0, second.stderr
        assert second.stdout == first.stdout
        # the same postmaster answers: the second process did not start another server
        assert (data_dir / "postmaster.pid").read_text().splitlines()[0] == postmaster_pid
    finally:
        run_python(
            "import pgserver, logging; logging.disable(logging.CRITICAL);"
            f"pgserver.get_server({str(data_dir)!r}, cleanup_mode='stop').cleanup()"
        )


def test_secret_key_is_required_when_debug_is_off():
    result = run_python(
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='mentorship.settings';"
        "from django.conf import settings; settings.SECRET_KEY",
        DEBUG="false",
        SECRET_KEY="",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=clean_env(
            DJANGO_SETTINGS_MODULE="mentorship.settings",
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="school.example",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_models_and_migrations_agree():
    # exits with status 1 (SystemExit) when a model change has no migration
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_russian_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "ru"
    assert settings.TIME_ZONE == "Europe/Moscow"
    assert settings.LOGIN_URL == "login"


def test_dotenv_fills_only_missing_variables(tmp_path, monkeypatch):
    from mentorship.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("# comment\nDOTENV_A=from-file\nDOTENV_B='quoted'\n", encoding="utf-8")
    monkeypatch.setenv("DOTENV_A", "from-environment")
    monkeypatch.delenv("DOTENV_B", raising=False)
    load_dotenv(env_file)
    assert os.environ["DOTENV_A"] == "from-environment"
    assert os.environ["DOTENV_B"] == "quoted"
    monkeypatch.delenv("DOTENV_B")
    env_file.write_text("not a setting\n", encoding="utf-8")
    with pytest.raises(ImproperlyConfigured, match=".env:1"):
        load_dotenv(env_file)


@pytest.mark.django_db
def test_uploaded_files_are_not_served_as_public_media(client, settings):
    settings.DEBUG = True
    assert client.get("/media/consents/2026/scan.pdf").status_code == 404
