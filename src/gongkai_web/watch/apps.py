from __future__ import annotations

from django.apps import AppConfig


class WatchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai_web.watch"
    verbose_name = "网站监测"
