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
    # the year's data version (:class:`DataVersion`) that stored this row: a process holding the region's
    # year as of version n reads only the rows with ``seq > n``
    seq = models.PositiveBigIntegerField(_("数据版本"), default=0)

    class Meta:
        verbose_name = _("报告指标")
        verbose_name_plural = _("报告指标")
        indexes = [
            models.Index(fields=["year", "agency"], name="indicator_year_agency"),
            models.Index(fields=["year", "seq"], name="indicator_year_seq"),
        ]

    def __str__(self) -> str:
        return f"{self.report} 指标"


class DataVersion(models.Model):
    """The data version of a year's indicator rows: ``number`` goes up whenever a row of the year is stored
    (a version filed, a bulk refresh) and is the ``seq`` of the rows stored then; ``rebuilt`` is the number at
    which rows last left the year or agencies moved in the tree (what an in-process copy cannot patch: it
    must be computed again). ``year`` 0 is every year together (the API's counts)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    number = models.PositiveBigIntegerField(_("版本号"), default=0)
    rebuilt = models.PositiveBigIntegerField(_("整体重算版本号"), default=0)

    class Meta:
        verbose_name = _("指标数据版本")
        verbose_name_plural = _("指标数据版本")

    def __str__(self) -> str:
        return f"{self.year} v{self.number}"
