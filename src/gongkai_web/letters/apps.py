from __future__ import annotations

from django.apps import AppConfig


class LettersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai_web.letters"
    verbose_name = "文书"
