"""Sapat settings: everything that differs between machines comes from the environment (see docs/deploy.md)."""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sapat.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAPAT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("SAPAT_DEBUG", default=False)
_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_secret("SAPAT_SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SAPAT_SECRET_KEY must be set to a real secret when SAPAT_DEBUG is off.")
ALLOWED_HOSTS = env_list("SAPAT_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("SAPAT_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "sapat.core",
    "sapat.structure",
    "sapat.colleges",
    "sapat.access",
    "sapat.audit",
    "sapat.assessment",
    "sapat.indicators",
    "sapat.datasets",
    "sapat.achievements",
    "sapat.projects",
    "sapat.analysis",
    "sapat.dashboards",
    "sapat.journal",
    "sapat.transfer",
    "sapat.reports",
    "sapat.web",
    "sapat.demo",
]

MIDDLEWARE = [
    "sapat.access.middleware.ScopedRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "sapat.core.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sapat.access.middleware.UserLanguageMiddleware",
    "sapat.access.middleware.UnitTimeZoneMiddleware",
    "sapat.core.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sapat.audit.middleware.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Background work (the reports too long to build inside a request) goes through Django's tasks API, from the
# django-tasks backport (Django's own from 6.0), stored in the database: no broker; `sapat run-reports` runs
# the worker (docs/reports.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "reports"]}}

ROOT_URLCONF = "sapat.urls"
WSGI_APPLICATION = "sapat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sapat.web.menu.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sapat.sqlite3'}"),
        conn_max_age=env_int("SAPAT_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dashboards read while an import writes; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_int("SAPAT_DB_PREPARE", 1):
    # Parameters bound by the server and statements prepared after their 5th run on a connection: PostgreSQL
    # then parses and plans the journal's few statements once per connection instead of on every save (about
    # half its CPU per save, docs/benchmarks.md). SAPAT_DB_PREPARE=0 turns it off (e.g. behind a pooler in
    # transaction mode, where a prepared statement may meet another connection).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "sapat.web.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed logins: five tries per user name and address, then a 15-minute pause (django-axes).
AXES_FAILURE_LIMIT = env_int("SAPAT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SAPAT_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("SAPAT_LOGIN_LIMIT", default=True)
AXES_CLIENT_IP_CALLABLE = "sapat.access.client_ip.client_ip"
SAPAT_BEHIND_PROXY = env_bool("SAPAT_BEHIND_PROXY")
SAPAT_PROXY_COUNT = env_int("SAPAT_PROXY_COUNT", 1)

SECURE = not DEBUG and env_bool("SAPAT_HTTPS", default=True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SAPAT_SESSION_HOURS", 12) * 3600
SECURE_SSL_REDIRECT = SECURE and env_bool("SAPAT_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SAPAT_BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts and styles only from Sapat's own static files, never inline, so an
# injected <script> or onclick= does not run. A template that truly needs an inline <style> or <script> gives it
# nonce="{{ request.csp_nonce }}" (the reports' print styles do). See docs/access.md, "Headers".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page uses; the Permissions-Policy header denies them to every page.
SAPAT_PERMISSIONS_POLICY_DENIED = (
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "midi", "magnetometer",
    "gyroscope", "accelerometer", "display-capture", "browsing-topics",
)  # fmt: skip
SILENCED_SYSTEM_CHECKS = [] if SECURE else ["security.W004", "security.W008", "security.W012", "security.W016"]

LANGUAGE_CODE = env_str("SAPAT_DEFAULT_LANGUAGE", "ru")
LANGUAGES = [
    ("ky", "Кыргызча"),
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
]
LANGUAGE_NAMES = {"ky": _("Kyrgyz"), "kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
LOCALE_PATHS = [BASE_DIR / "sapat" / "locale"]
FORMAT_MODULE_PATH = ["sapat.formats"]
USE_I18N = True
# Off: ids and codes in templates must never be grouped ("2,226"); figures are grouped where they are
# formatted for people (sapat/core/numbers.py, force_grouping).
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = env_str("SAPAT_TIME_ZONE", "Asia/Bishkek")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("SAPAT_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Evidence of achievements (certificates, diplomas): a directory no web server serves; the scoped view reads it.
SAPAT_EVIDENCE_ROOT = Path(env_str("SAPAT_EVIDENCE_ROOT", str(VAR_DIR / "evidence")))

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# The audit trail reads the row being changed as it was, whoever changes it: through the base manager, which the
# scoping rule does not check (the code saving the row already reached it).
AUDITLOG_USE_BASE_MANAGER = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAPAT_LOG_LEVEL", "WARNING")},
}

# Imports (sapat.transfer, docs/import-export.md): the largest file taken, what it may unpack to, rows, columns.
SAPAT_IMPORT_MAX_MB = env_int("SAPAT_IMPORT_MAX_MB", 20)
SAPAT_IMPORT_MAX_UNZIPPED_MB = env_int("SAPAT_IMPORT_MAX_UNZIPPED_MB", 250)
SAPAT_IMPORT_MAX_ROWS = env_int("SAPAT_IMPORT_MAX_ROWS", 300_000)
SAPAT_IMPORT_MAX_COLUMNS = env_int("SAPAT_IMPORT_MAX_COLUMNS", 500)

# Scoping fails closed (docs/access.md): a query on a scoped model that skipped restrict() raises ("strict"),
# warns ("warn": logged once per place, through Django's py.warnings logger) or passes ("off"). Strict in
# development and tests, where a missed read must fail loudly; warn in production, where it would turn a page
# that read rows a check already allowed into a server error (docs/access.md says why).
SAPAT_SCOPES = env_str("SAPAT_SCOPES", "strict" if DEBUG else "warn")
if SAPAT_SCOPES not in ("strict", "warn", "off"):
    raise ImproperlyConfigured(f"SAPAT_SCOPES={SAPAT_SCOPES!r} is not one of strict, warn, off.")

# How often, in seconds, a process outside a request (a command, the worker) looks whether another process
# changed the indicator registry; pages look once per request.
SAPAT_REGISTRY_RECHECK = 1.0
