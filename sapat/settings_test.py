"""Settings for the test suite: the development defaults (no secret needed, plain static files)."""

import os

os.environ.setdefault("SAPAT_DEBUG", "1")
os.environ.setdefault("SAPAT_LOGIN_LIMIT", "1")

from sapat.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests only
LANGUAGE_CODE = "en"  # tests read the English source messages unless they switch language on purpose

# Each run gets its own PostgreSQL test database, so that runs in two checkouts never collide.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}  # noqa: F405

SAPAT_SCOPES = os.environ.get("SAPAT_SCOPES", "strict")  # a query that skips the scoping rule fails the test

SAPAT_REGISTRY_RECHECK = None  # one process: changes are seen through signals, never by time
