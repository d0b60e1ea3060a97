from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai_web.reports"
    label = "reports"
    verbose_name = _("政府信息公开工作年度报告")
