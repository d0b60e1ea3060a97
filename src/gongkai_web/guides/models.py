# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""政府信息公开指南 (条例第十二条): the facts of an agency the guide is made from beyond those of
:class:`~gongkai_web.agencies.models.Agency`, and the dated revisions of the guide."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency


class GuideDetails(models.Model):
    agency = models.OneToOneField(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    office_name = models.CharField(
        _("政府信息公开工作机构"), max_length=200, blank=True, help_text=_("如：办公室（政务公开科）")
    )
    office_hours = models.CharField(
        _("办公时间"), max_length=200, blank=True, help_text=_("如：工作日上午9:00—12:00，下午13:30—17:00")
    )
    postal_code = models.CharField(_("邮政编码"), max_length=10, blank=True)
    fax = models.CharField(_("传真"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("政府网站"), blank=True)
    reading_rooms = models.TextField(
        _("政府信息公开查阅点"), blank=True, help_text=_("每行一处：名称和地址，如：市档案馆（人民路1号）")
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("公开指南信息")
        verbose_name_plural = _("公开指南信息")

    def __str__(self) -> str:
        return str(self.agency)


class GuideRevision(models.Model):
    """One dated state of an agency's guide: recorded whenever a fact it is made from changes."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    revised_on = models.DateField(_("修订日期"))
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修订人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    initial = models.BooleanField(_("首次编制"), default=False)
    changes = models.JSONField(_("修订内容"), default=list)
    facts = models.JSONField(_("指南内容"))

    class Meta:
        verbose_name = _("指南修订记录")
        verbose_name_plural = _("指南修订记录")
        ordering = ["-id"]  # newest first (in the order recorded)

    def __str__(self) -> str:
        return f"{self.agency} {self.revised_on:%Y-%m-%d}"
