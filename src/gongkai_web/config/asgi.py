"""ASGI entry point (``gongkai_web.config.asgi:application``)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.config.settings.production")
application = get_asgi_application()
