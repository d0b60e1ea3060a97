from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "gongkai_web.rectification"
    verbose_name = _("年报整改")
    label = "rectification"
