"""Tests: an SQLite test database file by default, PostgreSQL when ``GONGKAI_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

from gongkai_web.config.settings.base import *  # noqa: F403
from gongkai_web.config.settings.base import with_sqlite_options

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SERVE_STATIC = True

_url = os.environ.get("GONGKAI_TEST_DATABASE_URL")
# SQLite: a test database file (in a private temporary folder), with the options the application runs with
# (WAL, immediate transactions, a busy timeout). Not the in-memory database: the live server's threads and
# the embedded worker would share it through SQLite's shared cache, where a reader meeting a writer's open
# transaction fails at once ("database table is locked") whatever the busy timeout — a failure the
# application, on its database file, never has.
_SQLITE_TEST_FILE = Path(tempfile.mkdtemp(prefix="gongkai-test-db-")) / "test.sqlite3"
DATABASES = {
    "default": with_sqlite_options(dict(dj_database_url.parse(_url)))
    if _url
    else with_sqlite_options(
        {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:", "TEST": {"NAME": str(_SQLITE_TEST_FILE)}}
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"gongkai-test-media-{os.getpid()}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests drain the embedded queue themselves (supervision.embedded.drain) unless they start the thread.
GONGKAI_EMBEDDED_WORKER = False
GONGKAI_FETCH_INTERVAL = 0.0  # the recorded sites are on loopback
GONGKAI_WATCH_INTERVAL = 0  # tests run the watch themselves
CELERY_BROKER_URL = ""
