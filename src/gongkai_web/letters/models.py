# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""Letters to applicants: the agency's editable templates and numbering pattern, the per-agency per-year
counter of 文号, and the issued letters — kept as the files that were sent (DOCX and PDF, read back before
they were kept), never changed afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application
from gongkai_web.letters.defaults import LetterKind, TemplateKind


class LetterTemplate(models.Model):
    """An agency's own text of one letter (absent: the shipped default of :mod:`.defaults`)."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("文书"), max_length=24, choices=TemplateKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letter_template_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()}"


class NumberingRule(models.Model):
    """An agency's 文号 pattern (absent: :data:`~.defaults.DEFAULT_NUMBER_PATTERN`)."""

    agency = models.OneToOneField(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    pattern = models.CharField(_("文号格式"), max_length=80)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("文号格式")
        verbose_name_plural = _("文号格式")

    def __str__(self) -> str:
        return self.pattern


class LetterCounter(models.Model):
    """The last sequence number given out for an agency's letters of a year (incremented in SQL)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="letter_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class Letter(models.Model):
    """An issued letter: its 文号, its date (the date of the event it tells of) and the files sent."""

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.PROTECT, related_name="letters"
    )
    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书"), max_length=12, choices=LetterKind.choices)
    template_kind = models.CharField(_("所用模板"), max_length=24, choices=TemplateKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("顺序号"))
    number = models.CharField(_("文号"), max_length=120)
    issued_on = models.DateField(_("文书日期"))
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("正文"))
    docx = models.BinaryField(_("Word 文件"))
    pdf = models.BinaryField(_("PDF 文件"))
    sha256 = models.CharField(_("Word 文件校验值"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("出具时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="letter_once_per_kind"),
            models.UniqueConstraint(fields=["agency", "year", "sequence"], name="letter_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"
