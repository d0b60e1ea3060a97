"""``gongkai serve``: one machine, embedded SQLite, no tracebacks shown, static files collected into the data
folder at start and served by WhiteNoise."""

from __future__ import annotations

import os

from gongkai_web.config.settings.base import *  # noqa: F403
from gongkai_web.config.settings.base import DATA_DIR, DATABASES, MIDDLEWARE, with_whitenoise
from gongkai_web.config.settings.secret import local_secret_key, secure_data_files

DEBUG = False
SERVE_STATIC = False
MIDDLEWARE = with_whitenoise(MIDDLEWARE)
ALLOWED_HOSTS = [
    "localhost",
    "127.0.0.1",
    "[::1]",
    *filter(None, os.environ.get("GONGKAI_HOSTS", "").split(",")),
]
SECRET_KEY = local_secret_key(DATA_DIR)
secure_data_files(DATA_DIR, DATABASES)
