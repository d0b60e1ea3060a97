from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "gongkai_web.analysis"
    label = "analysis"
    verbose_name = _("年报分析")

    def ready(self) -> None:
        from gongkai_web.analysis import signals  # noqa: F401  (connects the receivers)
