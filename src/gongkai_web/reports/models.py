# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""The annual report of an agency for a year: the editable draft (the narrative sections 一/五/六) and the
immutable versions an approver locks (tables, narrative, rendered files and a content hash).

The tables are never stored in the draft: until a version is locked they are computed from the ledger by
:mod:`gongkai_web.reports.tables` each time they are shown.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.layout import section_heading
from gongkai_web.agencies.models import Agency


class ReportState(models.TextChoices):
    """Of a year's report (the dashboard), and of one version: ``drafting`` for an imported version not yet
    checked and locked."""

    NOT_STARTED = "not_started", _("未开始")
    DRAFTING = "drafting", _("起草中")
    LOCKED = "locked", _("已锁定")
    PUBLISHED = "published", _("已发布")


class ReportDraft(models.Model):
    """The narrative being written for (agency, year). Blank sections are pre-filled from the year's facts
    when the draft is opened."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    overview = models.TextField(section_heading("overview"), blank=True)
    problems = models.TextField(section_heading("problems"), blank=True)
    other = models.TextField(section_heading("other"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("年度报告草稿")
        verbose_name_plural = _("年度报告草稿")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="report_draft_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class ImmutableVersionError(Exception):
    """A locked version was about to be changed."""


# The only fields of a version that may change after it was created: the lock of an imported version (once,
# by :func:`~gongkai_web.reports.services.lock_import`) and the publication. Its content never changes.
MUTABLE_AFTER_LOCK = frozenset({"locked_at", "locked_by", "published_at", "published_by"})


class ReportVersion(models.Model):
    """One version: a snapshot that later changes to the ledger do not touch. Corrections are new versions
    (``number`` + 1), each showing its differences from the one before.

    A version made from the ledger is locked when it is made. An imported one starts unlocked
    (``locked_at`` empty): it shows its findings and reading notes, and is published only after an approver
    checked and locked it, like any other."""

    class Origin(models.TextChoices):
        LEDGER = "ledger", _("由台账生成")
        IMPORT = "import", _("导入已发布的报告")

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveIntegerField(_("版本号"))
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices, default=Origin.LEDGER)
    template = models.CharField(_("格式"), max_length=4)
    data = models.JSONField(_("报告内容（JSON）"))
    content_hash = models.CharField(_("内容哈希（SHA-256）"), max_length=64)
    docx = models.BinaryField(_("Word 文件"))
    pdf = models.BinaryField(_("PDF 文件"))
    html = models.BinaryField(_("网页"))
    xlsx = models.BinaryField(_("Excel 文件"), default=b"")
    source_name = models.CharField(_("导入文件名"), max_length=200, blank=True)
    source_file = models.BinaryField(_("导入的原文件"), null=True, blank=True)
    note = models.CharField(_("更正说明"), max_length=300, blank=True)
    # for an imported file: how its tables were read (notes), and the cells left blank because several
    # readings fit (model path -> candidate values)
    reading = models.JSONField(_("读取说明"), default=dict, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("锁定人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("年度报告版本")
        verbose_name_plural = _("年度报告版本")
        ordering = ["agency", "year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="report_version_unique")
        ]
        indexes = [models.Index(fields=["year", "agency"], name="report_version_year_idx")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= MUTABLE_AFTER_LOCK:
                raise ImmutableVersionError(f"{self} is locked; only its publication may be recorded")
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.published_at:
            return ReportState.PUBLISHED
        return ReportState.LOCKED if self.locked_at else ReportState.DRAFTING

    @property
    def state_label(self) -> str:
        if self.state == ReportState.DRAFTING:
            return str(_("导入待核"))
        return str(ReportState(self.state).label)
