from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "gongkai_web.disclosures"
    label = "disclosures"
    verbose_name = _("主动公开")
