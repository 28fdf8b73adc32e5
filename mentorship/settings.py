"""Settings of the «Наставничество» portal.

Everything that differs between a laptop and a server comes from environment variables
(see README.md, "Настройка"); the helpers in ``mentorship.env`` refuse values they cannot read.
"""

from datetime import timedelta
from pathlib import Path

import pghistory
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from mentorship.embedded_db import database_settings, embedded_database_url
from mentorship.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "pgtrigger",
    "pghistory",
    "mentorship",
    "people",
    "programs",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "mentorship.middleware.SessionLimitsMiddleware",
    "mentorship.middleware.NoStoreForUsersMiddleware",
    # The audit trail: who, from where and which page for every row the database triggers record,
    # then the access log of 403s and file downloads.
    "mentorship.middleware.AuditContextMiddleware",
    "mentorship.middleware.AccessLogMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"
ASGI_APPLICATION = "mentorship.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mentorship.context_processors.navigation",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or the embedded PostgreSQL under var/pgdata -------------------
DATABASE_URL = env_str("DATABASE_URL") or embedded_database_url(VAR_DIR / "pgdata")
DATABASES = {"default": database_settings(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks ------------------------------------------------------------------------
# TASKS_BACKEND: "db" (the default: the portal's own database, workers run `manage.py db_worker`),
# "rq" (Redis at REDIS_URL, workers run `manage.py rqworker --job-class django_tasks_rq.Job`),
# or the dotted path of any django-tasks backend.
TASKS_BACKEND_ALIASES = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
TASKS_BACKEND = env_str("TASKS_BACKEND", "db")
TASKS = {
    "default": {
        "BACKEND": TASKS_BACKEND_ALIASES.get(TASKS_BACKEND, TASKS_BACKEND),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == TASKS_BACKEND_ALIASES["rq"]:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # Every queue of TASKS must be one of django-rq's queues.
    RQ_QUEUES = {"default": {"URL": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"), "DEFAULT_TIMEOUT": 3600}}

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses to authenticate a locked-out username + address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, loading the user's organization and roles with the user: people.backends.
    "people.backends.PortalBackend",
]

# --- Sessions: an idle timeout and an absolute one (mentorship.middleware.SessionLimitsMiddleware)
# The middleware marks the user's activity (and so saves the session and renews its cookie, whose age
# works as the idle timeout) at most once every SESSION_TOUCH_SECONDS: not a database write per page.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
# Sessions are written to the database and read from the cache (below) first: no session query per page;
# a session the cache has lost is read back from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_SAVE_EVERY_REQUEST = False

# --- Cache: the school's panels computed once per version of its data (mentorship.datacache) ---------
# Shared by every worker process of the server: files under var/cache by default (one machine); with
# CACHE_REDIS_URL, Redis (several application servers). The keys carry the data's version: a stale value is
# never read, so the cache needs no clearing and may be lost at any time.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_REDIS_URL}
        if CACHE_REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# --- Login throttling (django-axes) ----------------------------------------------------------
# Keyed on username and address together: a whole school behind one address is not locked out
# because one pupil guessed at one account.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # no banner on every manage.py command
# AXES_PROXY_COUNT reverse proxies (nginx: 1) stand before the portal: the client address is then the one
# the outermost proxy appended to X-Forwarded-For (mentorship.access.client_ip); without proxies only
# REMOTE_ADDR counts. Login throttling and the audit trail use the same address.
PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "mentorship.access.client_ip"

# --- Audit trail (django-pghistory): database triggers record every insert, update and delete ----
# of the tracked models, bulk writes and imports included. The request's (or task's) context is
# copied into each event row, and the event tables refuse UPDATE and DELETE (people.audit has the
# one lawful exception: erasing a person's history under 152-ФЗ).
PGHISTORY_DEFAULT_TRACKERS = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
PGHISTORY_CONTEXT_FIELD = pghistory.ContextJSONField()
PGHISTORY_APPEND_ONLY = True

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"]

# --- Static and uploaded files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# MEDIA_STORAGE=s3: uploads in an S3-compatible bucket (Yandex Object Storage, VK Cloud, MinIO…).
# Consent scans and orders hold personal data: objects are private and the portal hands them out
# itself after its access check, or by short-lived signed URLs, never by a public address.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "location": env_str("AWS_LOCATION", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
            "file_overwrite": False,  # as on disk: a second upload of "scan.pdf" gets a new name
            "signature_version": "s3v4",
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: expected filesystem or s3")

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Наставничество <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security: on by default whenever DEBUG is off -------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the order preview alone allows its own origin (programs.order_views)
# Content-Security-Policy (django-csp): no inline scripts or styles anywhere in templates/.
# Views that embed or are embedded relax one directive each with csp_replace (order detail and preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
SESSION_COOKIE_HTTPONLY = True

# --- Links in e-mails and reminders ----------------------------------------------------------
# The portal's public address, for links in e-mails sent outside a request (reminders, links).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# Hours a questionnaire link keeps working after the end of the campaign's deadline day.
MONITORING_LINK_GRACE_HOURS = env_int("MONITORING_LINK_GRACE_HOURS", 0)
REMINDERS_LEDGER_DIR = VAR_DIR / "reminders"

# --- Forms -----------------------------------------------------------------------------------
# Django's form renderer with <select> written in Python (mentorship.forms_renderer): the same markup.
FORM_RENDERER = "mentorship.forms_renderer.PortalFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},
    },
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
