from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationsConfig(AppConfig):
    name = "gongkai_web.interpretations"
    label = "interpretations"
    verbose_name = _("政策解读")
