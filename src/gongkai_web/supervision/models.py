# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""Batches of uploaded reports, one item per file, and the reports collected from them by agency and year.

A file's bytes are stored in the database (:attr:`BatchItem.content`), so every worker that reaches the
database reaches the file: a worker on another machine needs only the broker and the database URL."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency


class Batch(models.Model):
    """One upload by a supervisor: many files, a zip, or a CSV of URLs."""

    class Source(models.TextChoices):
        FILES = "files", _("多个文件")
        ZIP = "zip", _("压缩包")
        URLS = "urls", _("网址清单（CSV）")

    agency = models.ForeignKey(Agency, verbose_name=_("监督机构"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices)
    name = models.CharField(_("名称"), max_length=200, blank=True)
    # the queue that took the batch: "celery" or "embedded"
    queue = models.CharField(_("任务队列"), max_length=10, default="embedded")

    class Meta:
        verbose_name = _("批量导入")
        verbose_name_plural = _("批量导入")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"批次{self.pk} {self.name}"


class ItemStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    PROCESSING = "processing", _("处理中")
    READ = "read", _("已读取")
    READ_WITH_FINDINGS = "read_with_findings", _("已读取，有问题")
    REFUSED = "refused", _("未能读取")
    NEEDS_ASSIGNMENT = "needs_assignment", _("待人工归属")
    DUPLICATE = "duplicate", _("重复")


#: An item in one of these states is finished: a redelivered task leaves it alone.
DONE = frozenset(
    {
        ItemStatus.READ,
        ItemStatus.READ_WITH_FINDINGS,
        ItemStatus.REFUSED,
        ItemStatus.NEEDS_ASSIGNMENT,
        ItemStatus.DUPLICATE,
    }
)
FAILED = frozenset({ItemStatus.REFUSED})


class BatchItem(models.Model):
    """One file of a batch and what became of it."""

    batch = models.ForeignKey(Batch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    content = models.BinaryField(_("文件内容"), null=True, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.QUEUED, db_index=True
    )
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    # what the report says of itself, as read (before any assignment)
    agency_name = models.CharField(_("报告所署机构"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    template = models.CharField(_("格式"), max_length=4, blank=True)
    data = models.JSONField(_("报告内容（JSON）"), null=True, blank=True)
    findings = models.JSONField(_("检查问题（按级别）"), default=dict, blank=True)
    # every finding as gongkai.Finding.to_dict() gives it (code, severity, message, cell paths, source
    # locations): what the dashboard drills into, kept because document-level rules need the file's facts
    checks = models.JSONField(_("检查问题（明细）"), default=list, blank=True)
    published = models.DateField(_("报告所署发布日期"), null=True, blank=True)
    # the register match: the agency proposed or chosen, its score (1 = exact) and the next candidates
    match_score = models.FloatField(_("匹配度"), null=True, blank=True)
    candidates = models.JSONField(_("候选机构"), default=list, blank=True)
    version = models.ForeignKey(
        "CollectedVersion",
        verbose_name=_("归入的报告版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    # the claim: who works on it now (informational), how many times a worker took it
    claimed_by = models.CharField(_("处理进程"), max_length=120, blank=True)
    attempts = models.PositiveIntegerField(_("处理次数"), default=0)
    started_at = models.DateTimeField(_("开始处理"), null=True, blank=True)
    finished_at = models.DateTimeField(_("处理完成"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)

    class Meta:
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def done(self) -> bool:
        return self.status in DONE


class AgencyAlias(models.Model):
    """A name a report prints for an agency of the register, remembered when a person assigned it once."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="aliases"
    )
    name = models.CharField(_("别名"), max_length=200, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("机构别名")
        verbose_name_plural = _("机构别名")

    def __str__(self) -> str:
        return f"{self.name} → {self.agency}"


class PublishedHow(models.TextChoices):
    """Where a collected report's publication date comes from."""

    UNKNOWN = "", _("不详")
    REPORT = "report", _("读自报告")
    MANUAL = "manual", _("人工更正")


class CollectedReport(models.Model):
    """The annual report of an agency for a year, as collected by its supervisors (all its versions).

    ``latest``, ``version_count`` and the publication date are kept by the filing service (and a person's
    correction of the date), so the compliance dashboard reads one row per agency without touching the
    versions' JSON."""

    # the reverse name lets the dashboard join each agency of a region to its report of a year
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="collected_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    first_seen = models.DateTimeField(_("首次收到"), auto_now_add=True)
    latest = models.ForeignKey(
        "CollectedVersion",
        verbose_name=_("最新版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version_count = models.PositiveIntegerField(_("版本数"), default=0)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    published_how = models.CharField(
        _("发布日期来源"),
        max_length=8,
        choices=PublishedHow.choices,
        default=PublishedHow.UNKNOWN,
        blank=True,
    )

    class Meta:
        verbose_name = _("收集的年度报告")
        verbose_name_plural = _("收集的年度报告")
        ordering = ["agency", "-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="collected_report_unique")]
        # the dashboard joins a region's agencies to their reports of one year: those, from this index alone
        indexes = [
            models.Index(
                fields=["year", "agency", "version_count", "latest", "published_on", "published_how"],
                name="collected_report_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


def counted(check: dict[str, Any]) -> bool:
    """Whether a stored finding (:meth:`gongkai.Finding.to_dict`) counts: not accepted by a person with a
    reason, as :attr:`gongkai.Finding.counts` says of the finding itself."""
    return check.get("accepted") is None


class CollectedVersion(models.Model):
    """One distinct content of a collected report; a different content is a new version, never an
    overwrite."""

    report = models.ForeignKey(
        CollectedReport, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    content_hash = models.CharField(_("内容哈希（SHA-256）"), max_length=64)
    template = models.CharField(_("格式"), max_length=4)
    data = models.JSONField(_("报告内容（JSON）"))
    changed_cells = models.PositiveIntegerField(_("与上一版不同的单元格"), null=True, blank=True)
    # the findings counted when the version was checked, as columns the dashboard sums and filters in SQL
    errors = models.PositiveIntegerField(_("错误"), default=0)
    warnings = models.PositiveIntegerField(_("警告"), default=0)
    infos = models.PositiveIntegerField(_("提示"), default=0)
    rule_counts = models.JSONField(_("各规则问题数"), default=dict, blank=True)
    checks = models.JSONField(_("检查问题（明细）"), default=list, blank=True)
    template_ok = models.BooleanField(_("格式与年度相符"), default=True)
    published = models.DateField(_("报告所署发布日期"), null=True, blank=True)
    source_name = models.CharField(_("文件名"), max_length=255)
    created_at = models.DateTimeField(_("收到时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("收集的报告版本")
        verbose_name_plural = _("收集的报告版本")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="collected_version_number"),
            models.UniqueConstraint(fields=["report", "content_hash"], name="collected_version_content"),
        ]
        # the dashboard joins every report of a region to its latest version for these columns only: from this
        # index alone, never from the rows, whose report JSON and findings are wide (on SQLite the columns
        # after them are reached only through the JSON's overflow pages)
        indexes = [
            models.Index(
                fields=["id", "template", "template_ok", "errors", "warnings", "infos", "rule_counts"],
                name="collected_version_counts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def counted_checks(self) -> list[tuple[int, dict[str, Any]]]:
        """The stored findings that count, each with its index in ``checks`` (the finding page's address)."""
        return [(i, c) for i, c in enumerate(self.checks or []) if counted(c)]

    @property
    def severity_counts(self) -> dict[str, int]:
        """The findings by severity, keyed as :class:`gongkai.Severity` names them (the read API's form)."""
        return {"error": self.errors, "warning": self.warnings, "info": self.infos}
