from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "gongkai_web.consultations"
    label = "consultations"
    verbose_name = _("意见征集")
