# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""Problems found in collected reports, the notices (整改通知) and 通报 that order them corrected, and the
editable templates the notices are written from.

A problem belongs to the agency that must correct it (``agency``) and to the supervising office that opened it
(``region``); its status changes only through :mod:`gongkai_web.rectification.transitions`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.supervision.models import CollectedReport, CollectedVersion


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待通知")
    NOTIFIED = "notified", _("已通知整改")
    CORRECTED = "corrected", _("已整改")
    ACCEPTED = "accepted", _("认可不改")
    CLOSED = "closed", _("已关闭")


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("整改通知")
    BULLETIN = "bulletin", _("通报")


class Problem(models.Model):
    """One finding of a collected report, or all those of one report grouped, that its agency must correct."""

    region = models.ForeignKey(Agency, verbose_name=_("监督机构"), on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(
        CollectedReport, verbose_name=_("年度报告"), on_delete=models.PROTECT, related_name="problems"
    )
    found_in = models.ForeignKey(
        CollectedVersion, verbose_name=_("发现于版本"), on_delete=models.PROTECT, related_name="+"
    )
    # each: code, name, severity, message, paths, labels, places (where read), key (what identifies it)
    findings = models.JSONField(_("检查问题"), default=list)
    summary = models.CharField(_("问题"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    reason = models.TextField(_("认可理由"), blank=True)
    # the version re-checked without any of the problem's findings: the problem is proposed as corrected
    proposed_in = models.ForeignKey(
        CollectedVersion,
        verbose_name=_("复查未再发现于版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("整改问题")
        verbose_name_plural = _("整改问题")
        ordering = ["agency__path", "-report__year", "id"]

    def __str__(self) -> str:
        return f"问题{self.pk} {self.summary[:40]}"

    @property
    def keys(self) -> set[str]:
        return {f["key"] for f in self.findings}


class Notice(models.Model):
    """A 整改通知 to one agency, or a 通报 listing many; numbered and its files kept when issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ISSUED = "issued", _("已签发")

    agency = models.ForeignKey(Agency, verbose_name=_("发文机构"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=NoticeKind.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    recipients = models.ManyToManyField(Agency, verbose_name=_("主送单位"), related_name="+")
    problems = models.ManyToManyField(Problem, verbose_name=_("问题"), related_name="notices")
    due_date = models.DateField(_("整改期限"))
    due_workdays = models.PositiveSmallIntegerField(_("整改期限（工作日）"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("发文年份"), null=True, blank=True)
    seq = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    docx = models.BinaryField(_("Word 文件"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF 文件"), null=True, blank=True)
    pdf_note = models.CharField(_("PDF 说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("起草时间"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "seq"], name="notice_number_unique")
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_kind_display()}（草稿{self.pk}）"


class NoticeTemplate(models.Model):
    """A supervising office's wording of its notices of one kind (the shipped default until it is edited)."""

    agency = models.ForeignKey(Agency, verbose_name=_("监督机构"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=NoticeKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="notice_template_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_kind_display()}"
