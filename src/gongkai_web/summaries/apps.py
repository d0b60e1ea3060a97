from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SummariesConfig(AppConfig):
    name = "gongkai_web.summaries"
    label = "summaries"
    verbose_name = _("汇总与数据导出")

    def ready(self) -> None:
        from gongkai_web.summaries import cells

        cells.connect()
