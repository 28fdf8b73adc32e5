"""Deployment switches read from the environment: media in an S3-compatible bucket, tasks through Redis/RQ."""

import json
import subprocess
import sys

from mentorship.tests.test_settings import BASE_DIR, clean_env, run_python

S3_ENV = {
    "DEBUG": "true",
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "nastavnik-media",
    "AWS_S3_ENDPOINT_URL": "https://storage.example.ru",
    "AWS_S3_REGION_NAME": "ru-central1",
    "AWS_ACCESS_KEY_ID": "test-key-id",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
}

SETUP = "import os, json; os.environ['DJANGO_SETTINGS_MODULE']='mentorship.settings'; import django; django.setup();"


def test_media_storage_s3_makes_the_default_storage_a_private_bucket_with_signed_urls():
    result = run_python(
        SETUP + "from django.core.files.storage import storages; s = storages['default'];"
        "print(json.dumps({'class': type(s).__module__ + '.' + type(s).__name__, 'bucket': s.bucket_name,"
        "'acl': s.default_acl, 'overwrite': s.file_overwrite, 'url': s.url('consents/2026/scan.pdf')}))",
        **S3_ENV,
    )
    assert result.returncode == 0, result.stderr
    storage = json.loads(result.stdout)
    assert storage["class"] == "storages.backends.s3.S3Storage"
    assert storage["bucket"] == "nastavnik-media"
    assert storage["acl"] == "private"
    assert storage["overwrite"] is False
    # a time-limited signed link on the configured endpoint, never a bare public address
    assert storage["url"].startswith("https://storage.example.ru/nastavnik-media/media/consents/2026/scan.pdf?")
    assert "X-Amz-Signature=" in storage["url"]
    assert "X-Amz-Expires=300" in storage["url"]


def test_media_storage_defaults_to_the_file_system_and_rejects_unknown_values():
    default = run_python(
        SETUP + "from django.core.files.storage import storages; s = storages['default']; print(type(s).__name__)",
        DEBUG="true",
    )
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "FileSystemStorage"
    unknown = run_python(SETUP, DEBUG="true", MEDIA_STORAGE="ftp")
    assert unknown.returncode != 0
    assert "MEDIA_STORAGE='ftp'" in unknown.stderr
    no_bucket = run_python(SETUP, DEBUG="true", MEDIA_STORAGE="s3")
    assert no_bucket.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in no_bucket.stderr


def test_tasks_backend_rq_configures_the_rq_backend_on_redis_url():
    result = run_python(
        SETUP
        + "from django.conf import settings; from django_tasks import task_backends; b = task_backends['default'];"
        "import django_rq; kwargs = django_rq.get_connection('default').connection_pool.connection_kwargs;"
        "print(json.dumps({'class': type(b).__module__ + '.' + type(b).__name__, 'queues': sorted(b.queues),"
        "'apps': [a for a in settings.INSTALLED_APPS if 'rq' in a],"
        "'redis': [kwargs.get('host'), kwargs.get('port'), kwargs.get('db')]}))",
        DEBUG="true",
        TASKS_BACKEND="rq",
        REDIS_URL="redis://cache.example:6380/2",
    )
    assert result.returncode == 0, result.stderr
    backend = json.loads(result.stdout)
    assert backend["class"] == "django_tasks_rq.backend.RQBackend"
    assert backend["queues"] == ["default"]
    assert backend["apps"] == ["django_rq", "django_tasks_rq"]
    assert backend["redis"] == ["cache.example", 6380, 2]


def test_tasks_backend_defaults_to_the_database_and_rq_passes_the_system_checks():
    default = run_python(
        SETUP + "from django_tasks import task_backends; b = task_backends['default']; print(type(b).__name__)",
        DEBUG="true",
    )
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "DatabaseBackend"
    check = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=clean_env(DEBUG="true", TASKS_BACKEND="rq", REDIS_URL="redis://cache.example:6380/2"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no issues" in check.stdout


def _client_address(proxies: str, forwarded_for: str) -> str:
    result = run_python(
        SETUP + "from django.test import RequestFactory; from axes.helpers import get_client_ip_address;"
        f"r = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1', HTTP_X_FORWARDED_FOR={forwarded_for!r});"
        "print(get_client_ip_address(r))",
        DEBUG="true",
        AXES_PROXY_COUNT=proxies,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_one_nginx_the_client_address_comes_from_x_forwarded_for():
    # nginx writes the client's address; login throttling and the audit trail key on it, not on nginx's
    assert _client_address("1", "203.0.113.7") == "203.0.113.7"
    # two proxies: the outer one's entry, whatever the client wrote before it
    assert _client_address("2", "6.6.6.6, 203.0.113.7, 10.0.0.2") == "203.0.113.7"
    # no proxy: a header the client wrote itself is ignored
    assert _client_address("0", "203.0.113.7") == "127.0.0.1"
