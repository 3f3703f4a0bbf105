"""Sapat settings: everything that differs between machines comes from the environment (see docs/deploy.md)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sapat.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAPAT_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("SAPAT_DEBUG", default=False)
_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SAPAT_SECRET_KEY", _DEV_SECRET if DEBUG else None)
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
    "sapat.core",
    "sapat.structure",
    "sapat.access",
    "sapat.audit",
    "sapat.assessment",
    "sapat.indicators",
    "sapat.analysis",
    "sapat.dashboards",
    "sapat.journal",
    "sapat.transfer",
    "sapat.reports",
    "sapat.web",
    "sapat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sapat.access.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sapat.audit.middleware.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
]

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

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

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
