from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "gongkai_web.guides"
    label = "guides"
    verbose_name = _("政府信息公开指南")

    def ready(self) -> None:
        from gongkai_web.guides import signals  # noqa: F401  (connects the receivers)
