# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""What the watch of agency websites keeps: every request made (:class:`FetchLog`), every page and file it
watches (:class:`WatchedPage`), what it found (:class:`WatchFinding`), and which batch items fetch an agency's
report from its column (:class:`CrawlTarget`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import BatchItem, CollectedReport


class FetchLog(models.Model):
    """One HTTP request to an agency website, as made (robots.txt included)."""

    url = models.URLField(_("网址"), max_length=1000)
    started_at = models.DateTimeField(_("时间"), db_index=True)
    status = models.PositiveSmallIntegerField(_("HTTP 状态"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("字节数"), default=0)
    sha256 = models.CharField(_("内容哈希（SHA-256）"), max_length=64, blank=True)
    content_type = models.CharField(_("内容类型"), max_length=100, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)
    attempt = models.PositiveSmallIntegerField(_("第几次尝试"), default=1)
    agency = models.ForeignKey(
        Agency, verbose_name=_("机构"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("抓取记录")
        verbose_name_plural = _("抓取记录")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} {self.status or self.error}"


class WatchedPage(models.Model):
    """A URL the watch re-fetches: an agency's 年报 column, a report's page, or a report's attachment."""

    class Kind(models.TextChoices):
        COLUMN = "column", _("年报栏目")
        PAGE = "page", _("报告页面")
        ATTACHMENT = "attachment", _("报告附件")

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("网址"), max_length=1000)
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    published = models.DateField(_("页面所示发布日期"), null=True, blank=True)
    content_hash = models.CharField(_("内容哈希（SHA-256）"), max_length=64, blank=True)
    first_seen = models.DateTimeField(_("首次发现"))
    last_seen = models.DateTimeField(_("最近一次可访问"), null=True, blank=True)
    last_checked = models.DateTimeField(_("最近检查"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("最近 HTTP 状态"), null=True, blank=True)
    answering = models.BooleanField(_("可访问"), default=True)
    # the document filed from this page (the page's tables or this attachment), when one was
    report = models.ForeignKey(
        CollectedReport,
        verbose_name=_("归入的报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watched_pages",
    )
    filed = models.BooleanField(_("本页即归档的报告文件"), default=False)

    class Meta:
        verbose_name = _("监测的网页")
        verbose_name_plural = _("监测的网页")
        ordering = ["agency__path", "kind", "-year", "url"]
        constraints = [models.UniqueConstraint(fields=["agency", "url"], name="watched_page_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()} {self.url}"


class WatchFinding(models.Model):
    """Something the watch found: a report changed after publication, a page that stopped answering, a
    report published late, a page and its attachment that disagree, a column without the year's report."""

    class Kind(models.TextChoices):
        CHANGED = "changed", _("发布后被修改")
        GONE = "gone", _("无法访问")
        LATE = "late", _("逾期发布")
        DIFFERS = "differs", _("页面与附件不一致")
        NOT_FOUND = "not_found", _("栏目中未找到报告")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, db_index=True)
    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("报告年度"), null=True, blank=True)
    page = models.ForeignKey(
        WatchedPage,
        verbose_name=_("网页"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    message = models.CharField(_("说明"), max_length=500)
    # the two dates a finding is about: e.g. first published / changed on; last seen / noticed gone
    since = models.DateField(_("起始日期"), null=True, blank=True)
    noticed = models.DateField(_("发现日期"))
    details = models.JSONField(_("详情"), default=dict, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("已恢复"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测发现")
        verbose_name_plural = _("监测发现")
        ordering = ["-noticed", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.message}"


class CrawlTarget(models.Model):
    """A batch item that fetches an agency's report of a year from its 年报 column (``mode`` crawl), or
    files a re-fetched document whose content changed (``mode`` watch). The agency is known from the
    register, but the report's own name must agree or the item waits for a person."""

    class Mode(models.TextChoices):
        CRAWL = "crawl", _("抓取")
        WATCH = "watch", _("监测")

    item = models.OneToOneField(BatchItem, on_delete=models.CASCADE, related_name="crawl_target")
    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    mode = models.CharField(_("方式"), max_length=8, choices=Mode.choices, default=Mode.CRAWL)
    column_url = models.URLField(_("年报栏目"), max_length=1000, blank=True)
    page = models.ForeignKey(
        WatchedPage,
        verbose_name=_("报告网页"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.DateField(_("页面所示发布日期"), null=True, blank=True)
    differences = models.JSONField(_("页面与附件不同的单元格"), default=list, blank=True)

    class Meta:
        verbose_name = _("网站抓取任务")
        verbose_name_plural = _("网站抓取任务")

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.get_mode_display()}"
