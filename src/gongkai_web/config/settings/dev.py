"""Development: DEBUG on, a local secret key kept in the data directory."""

from __future__ import annotations

from gongkai_web.config.settings.base import *  # noqa: F403
from gongkai_web.config.settings.base import DATA_DIR, DATABASES
from gongkai_web.config.settings.secret import local_secret_key, secure_data_files

DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
SECRET_KEY = local_secret_key(DATA_DIR)
secure_data_files(DATA_DIR, DATABASES)
