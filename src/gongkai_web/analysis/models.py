# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""The indicators of each collected report's latest version, computed once (``gongkai.supervise``) and kept
beside it so that a region's page reads small rows instead of every report's JSON."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import CollectedReport, CollectedVersion


class IndicatorRow(models.Model):
    """The indicators (``values``: key → [value, numerator, denominator]), the outcome mix of 表三
    (``outcomes``: key → count) and the report's own outlier flags of one collected report, as of ``version``
    (its latest). Rebuilt whenever a newer version is filed."""

    report = models.OneToOneField(
        CollectedReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="indicators"
    )
    version = models.ForeignKey(
        CollectedVersion, verbose_name=_("版本"), on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="indicator_rows"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    values = models.JSONField(_("指标"))
    outcomes = models.JSONField(_("办理结果构成"))
    flags = models.JSONField(_("异常提示"), default=list)

    class Meta:
        verbose_name = _("报告指标")
        verbose_name_plural = _("报告指标")
        indexes = [models.Index(fields=["year", "agency"], name="indicator_year_agency")]

    def __str__(self) -> str:
        return f"{self.report} 指标"
