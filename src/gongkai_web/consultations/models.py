# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""决策预公开 / 意见征集: a draft decision published for comment over a period, the public's comments
(moderated before any is shown), the feedback on their adoption (意见采纳情况), published before the
decision itself, and the decision (a published entry of the catalogue)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.disclosures.models import Disclosure


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("已发布征集")  # the phase (未开始 / 征集中 / 已截止) follows from the dates
    ANSWERED = "answered", _("已反馈采纳情况")
    DECIDED = "decided", _("已发布决策")


class Consultation(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("征集机构"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(
        _("标题"), max_length=300, help_text=_("如：关于《××办法（征求意见稿）》公开征求意见的公告")
    )
    summary = models.TextField(
        _("起草说明"), blank=True, help_text=_("起草背景、主要内容、需重点征求意见的问题")
    )
    draft = models.TextField(_("征求意见稿"))
    major = models.BooleanField(
        _("重大行政决策"),
        default=False,
        help_text=_("重大行政决策征求意见期限一般不少于30日（《重大行政决策程序暂行条例》第十五条）"),
    )
    opens_on = models.DateField(_("征集开始日期"))
    closes_on = models.DateField(_("征集截止日期"))
    channels = models.TextField(
        _("其他提交方式"), blank=True, help_text=_("如：信函寄至××路××号；电子邮件××@××.gov.cn")
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    feedback = models.TextField(_("意见采纳情况"), blank=True)
    feedback_published_at = models.DateTimeField(_("采纳情况发布时间"), null=True, blank=True)
    decision = models.ForeignKey(
        Disclosure,
        verbose_name=_("决策文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def period_days(self) -> int:
        """The days comments are taken, both ends counted."""
        return (self.closes_on - self.opens_on).days + 1


class Moderation(models.TextChoices):
    PENDING = "pending", _("待审核")
    SHOWN = "shown", _("已公开")
    HIDDEN = "hidden", _("不予公开")


class Adoption(models.TextChoices):
    UNDECIDED = "", _("未处理")
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class Comment(models.Model):
    """One comment from the public. Its author's name and contact are for the agency only, never shown."""

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("意见征集"), on_delete=models.PROTECT, related_name="comments"
    )
    name = models.CharField(_("姓名或单位"), max_length=100, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    body = models.TextField(_("意见内容"), max_length=5000)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    moderation = models.CharField(
        _("审核"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderation_reason = models.CharField(_("不予公开的理由"), max_length=300, blank=True)
    adoption = models.CharField(
        _("采纳情况"), max_length=12, choices=Adoption.choices, blank=True, default=""
    )
    adoption_note = models.CharField(_("采纳说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return self.body[:30]

    @property
    def agency(self) -> Agency:
        """The agency whose permissions govern this comment (the consultation's)."""
        return self.consultation.agency
