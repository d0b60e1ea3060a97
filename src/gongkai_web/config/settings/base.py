"""Settings shared by every environment. Secrets and hosts come from the environment (see ``production``)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Where the embedded database, uploads and the local secret key live.

    ``$GONGKAI_DATA_DIR``, else ``$XDG_DATA_HOME/gongkai``, else ``~/.local/share/gongkai``.
    """
    explicit = os.environ.get("GONGKAI_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "gongkai"


DATA_DIR = data_dir()


def database_config(default_url: str | None = None) -> dict[str, object]:
    url = default_url or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
    config: dict[str, object] = dj_database_url.config(default=url, conn_max_age=60)
    if "sqlite" in str(config.get("ENGINE")):
        # several processes (the web, the embedded worker, `gongkai worker`) write to one SQLite file: take
        # the write lock when a transaction begins, and wait for it, instead of failing on an upgrade; the
        # write-ahead log lets pages read while a worker writes, and commits without a sync of the whole file
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gongkai_web.agencies",
    "gongkai_web.disclosures",
    "gongkai_web.applications",
    "gongkai_web.appeals",
    "gongkai_web.reports",
    "gongkai_web.supervision",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai_web.config.urls"
WSGI_APPLICATION = "gongkai_web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai_web.agencies.context.navigation",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "applications:queue"
LOGOUT_REDIRECT_URL = "disclosures:catalogue"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
# Serve /static/ from the app directories without DEBUG (``gongkai serve``: a single-machine install).
SERVE_STATIC = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Uploads: size limit and accepted types (checked by extension AND by the file's first bytes).
GONGKAI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGKAI_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The 表三 template decisions are coded to (``2021`` keys; ``2019`` collapses （六） into one row).
GONGKAI_REPORT_TEMPLATE = "2021"
# Applications due within this many working days are "due soon" in the work queue.
GONGKAI_DUE_SOON_WORKDAYS = 5
# The 索引号 pattern: {code} agency code, {year}, {seq} sequence within agency and year, {category} code.
GONGKAI_INDEX_PATTERN = "{code}/{year}-{seq:05d}"

# ---- supervision: batch intake (docs/supervision.md)
GONGKAI_INTAKE_MAX_FILES = int(os.environ.get("GONGKAI_INTAKE_MAX_FILES", "3000"))
GONGKAI_INTAKE_MAX_FILE_BYTES = int(os.environ.get("GONGKAI_INTAKE_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
GONGKAI_INTAKE_ZIP_MAX_TOTAL = int(os.environ.get("GONGKAI_INTAKE_ZIP_MAX_TOTAL", str(1024 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = GONGKAI_INTAKE_MAX_FILES
# A report is filed under a fuzzily matched agency only at or above this score (0…1), and only when no other
# agency comes within the margin; otherwise it waits for a person.
GONGKAI_MATCH_THRESHOLD = float(os.environ.get("GONGKAI_MATCH_THRESHOLD", "0.9"))
GONGKAI_MATCH_MARGIN = 0.05
# The task queue: Celery on the broker when one is set, else the embedded worker thread.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or ""
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("GONGKAI_QUEUE_NAME", "gongkai")
# An unacknowledged task of a worker that vanished is delivered again once it is this many seconds old; the
# surviving workers look for such tasks about every 10 s (kombu's restore sweep: interval × throttle).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("GONGKAI_QUEUE_VISIBILITY_TIMEOUT", "600")),
    "unacked_restore_interval": 2,
    "unacked_restore_throttle": 5,
}
GONGKAI_EMBEDDED_WORKER = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
