"""Settings of the load test: the production settings (DEBUG off, sessions in the database read through the cache, whitenoise with
the hashed static manifest, django-axes on) with three differences a plain-HTTP run on 127.0.0.1 needs.

- no HTTPS redirect and no «secure» cookies: gunicorn serves plain HTTP to locust;
- the fast password hasher first: the generated accounts (one hash for all) live only in the load database,
  and a PBKDF2 check of 50 logins would be measured instead of the pages;
- SECRET_KEY and ALLOWED_HOSTS of the test, set by ``benchmarks.load.run`` in the environment.

django-axes stays on: each locust user signs in as an account of its own school with the right password,
and a successful login never counts towards a lockout.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "load-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from mentorship.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
