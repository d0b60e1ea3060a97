"""Settings shared by every environment. Secrets and hosts come from the environment (see ``production``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

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


# SQLite: every transaction takes the write lock when it begins and waits up to this many seconds for it, so
# concurrent writers queue up (and a stale form then gets its 409, as on PostgreSQL) instead of failing with
# "database is locked" when a read lock cannot be upgraded.
SQLITE_BUSY_TIMEOUT_SECONDS = 20


def with_sqlite_options(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with immediate transactions and a busy timeout when it is an SQLite database."""
    if str(config.get("ENGINE", "")).endswith("sqlite3"):
        options = dict(config.get("OPTIONS") or {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", SQLITE_BUSY_TIMEOUT_SECONDS)
        # several processes (the web, the embedded worker, `gongkai worker`) write to one SQLite file: the
        # write-ahead log lets pages read while a worker writes, and commits without a sync of the whole file
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        config = {**config, "OPTIONS": options}
    return config


def database_config(default_url: str | None = None) -> dict[str, Any]:
    url = default_url or f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
    return with_sqlite_options(dict(dj_database_url.config(default=url, conn_max_age=60)))


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
    "axes",
    "gongkai_web.agencies",
    "gongkai_web.disclosures",
    "gongkai_web.interpretations",
    "gongkai_web.consultations",
    "gongkai_web.channels",
    "gongkai_web.guides",
    "gongkai_web.applications",
    "gongkai_web.appeals",
    "gongkai_web.reports",
    "gongkai_web.supervision",
    "gongkai_web.watch",
    "gongkai_web.rectification",
    "gongkai_web.letters",
    "gongkai_web.summaries",
    "gongkai_web.analysis",
    "gongkai_web.api",
    "ninja",  # its Swagger UI files are served from here, not from a CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai_web.security.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gongkai_web.api.problems.ConditionalApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gongkai_web.security.limits.PublicApplicationLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]


def with_whitenoise(middleware: list[str]) -> list[str]:
    """``middleware`` with WhiteNoise serving ``STATIC_ROOT`` right after the security middleware."""
    return [middleware[0], "whitenoise.middleware.WhiteNoiseMiddleware", *middleware[1:]]


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

# Sign-in throttling (django-axes): after 5 failed attempts for one account from one address, that pair is
# locked for 15 minutes (even the right password is refused), with a Chinese page and HTTP 429; every failure
# and lockout is in the audit log (``gongkai_web.security.login``).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "agencies/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "gongkai_web.security.client.client_ip"
AXES_VERBOSE = False
# Behind a reverse proxy: the request header with the client's address (e.g. HTTP_X_REAL_IP).
GONGKAI_CLIENT_IP_HEADER = os.environ.get("GONGKAI_CLIENT_IP_HEADER", "")

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
# The public application form takes one attachment: a post with more files is refused (HTTP 400). Django's
# own cap (DATA_UPLOAD_MAX_NUMBER_FILES, below) is the batch intake's: supervisors upload many files at once.
GONGKAI_APPLY_MAX_FILES = 3
# The largest request any page accepts (a report import of 20 MB, plus the form): the WSGI server's cap.
GONGKAI_MAX_REQUEST_BYTES = 21 * 1024 * 1024
# The anonymous application form: the whole post (form + attachment) by its Content-Length, checked before the
# body is read; and posts per address and in all per window (Django's cache: per process unless CACHES is a
# shared cache).
GONGKAI_APPLY_MAX_REQUEST_BYTES = GONGKAI_UPLOAD_MAX_BYTES + 1024 * 1024
GONGKAI_APPLY_RATE_WINDOW = 3600
GONGKAI_APPLY_RATE_PER_IP = int(os.environ.get("GONGKAI_APPLY_RATE_PER_IP", "10"))
GONGKAI_APPLY_RATE_GLOBAL = int(os.environ.get("GONGKAI_APPLY_RATE_GLOBAL", "300"))
# Uploaded documents hold personal data: readable by the server's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# The 表三 template decisions are coded to (``2021`` keys; ``2019`` collapses （六） into one row).
GONGKAI_REPORT_TEMPLATE = "2021"
# Applications due within this many working days are "due soon" in the work queue.
GONGKAI_DUE_SOON_WORKDAYS = 5
# A published policy document without its 政策解读 is flagged after this many working days (解读材料与
# 政策文件同步发布; many provinces allow up to 3 working days).
GONGKAI_INTERPRETATION_WORKDAYS = 3
# 意见征集: the period (calendar days, both ends counted) a new call starts with, the least any call may
# have, the least for a 重大行政决策 (《重大行政决策程序暂行条例》第十五条: 一般不少于30日), and the working
# days after the period ends within which the feedback (意见采纳情况) is due.
GONGKAI_CONSULTATION_DEFAULT_DAYS = 30
GONGKAI_CONSULTATION_MIN_DAYS = 7
GONGKAI_CONSULTATION_MAJOR_MIN_DAYS = 30
GONGKAI_CONSULTATION_FEEDBACK_WORKDAYS = 15
# Comments from the public: at most this many from one address, and in all, per window (as /apply/).
GONGKAI_COMMENT_RATE_PER_IP = int(os.environ.get("GONGKAI_COMMENT_RATE_PER_IP", "5"))
GONGKAI_COMMENT_RATE_GLOBAL = int(os.environ.get("GONGKAI_COMMENT_RATE_GLOBAL", "300"))
# The 索引号 pattern: {code} agency code, {year}, {seq} sequence within agency and year, {category} code.
GONGKAI_INDEX_PATTERN = "{code}/{year}-{seq:05d}"

# ---- supervision: batch intake (docs/supervision.md)
GONGKAI_INTAKE_MAX_FILES = int(os.environ.get("GONGKAI_INTAKE_MAX_FILES", "3000"))
GONGKAI_INTAKE_MAX_FILE_BYTES = int(os.environ.get("GONGKAI_INTAKE_MAX_FILE_BYTES", str(20 * 1024 * 1024)))
GONGKAI_INTAKE_ZIP_MAX_TOTAL = int(os.environ.get("GONGKAI_INTAKE_ZIP_MAX_TOTAL", str(1024 * 1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = GONGKAI_INTAKE_MAX_FILES  # a post with more files: HTTP 400, unspooled
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
# Watching agency websites (docs/watch.md): the polite client's pace, and how often everything is re-fetched
# (Celery beat with a broker, a thread of `gongkai serve` / `gongkai worker` without one; 0 = never).
GONGKAI_FETCH_CONTACT = os.environ.get("GONGKAI_FETCH_CONTACT", "")  # added to the User-Agent
GONGKAI_FETCH_INTERVAL = float(
    os.environ.get("GONGKAI_FETCH_INTERVAL", "0.5")
)  # seconds between requests per host
GONGKAI_FETCH_PER_HOST = int(os.environ.get("GONGKAI_FETCH_PER_HOST", "2"))
GONGKAI_FETCH_TIMEOUT = float(os.environ.get("GONGKAI_FETCH_TIMEOUT", "20"))
GONGKAI_WATCH_INTERVAL = int(os.environ.get("GONGKAI_WATCH_INTERVAL", str(24 * 3600)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
