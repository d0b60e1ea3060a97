from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "gongkai_web.agencies"
    label = "agencies"
    verbose_name = _("机构与人员")

    def ready(self) -> None:
        from gongkai_web.security import login  # noqa: F401  (audits failed sign-ins)
