from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "gongkai_web.supervision"
    label = "supervision"
    verbose_name = _("年报监督")
