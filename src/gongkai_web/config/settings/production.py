"""Production: secrets and hosts from the environment, HTTPS only, PostgreSQL via ``DATABASE_URL``.

Required: ``DJANGO_SECRET_KEY``, ``DJANGO_ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``.
Optional: ``DJANGO_CSRF_TRUSTED_ORIGINS``, ``GONGKAI_HSTS_SECONDS`` (default one year).
Static files: ``collectstatic`` into ``STATIC_ROOT`` at deployment; WhiteNoise serves them.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from gongkai_web.config.settings.base import *  # noqa: F403
from gongkai_web.config.settings.base import MIDDLEWARE, database_config, with_whitenoise


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置（生产环境必需）")
    return value


DEBUG = False
SECRET_KEY = _required("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("DJANGO_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
DATABASES = {"default": database_config(_required("DATABASE_URL"))}

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("GONGKAI_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = 8 * 3600
MIDDLEWARE = with_whitenoise(MIDDLEWARE)
