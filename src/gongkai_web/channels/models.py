# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""The channels an agency discloses through (条例第二十三、二十四条): website columns, 政务新媒体 accounts,
the 政务服务 platform, 公开查阅点 — where each catalogue entry went, a new-media account's posts per month,
and the online messages (留言 / 咨询) received and answered. Section 一 of the annual report counts them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.disclosures.models import Disclosure


class Kind(models.TextChoices):
    WEBSITE = "website", _("政府网站栏目")
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("政务微博")
    DOUYIN = "douyin", _("抖音号")
    OTHER_MEDIA = "media", _("其他政务新媒体")
    SERVICE = "service", _("政务服务平台")
    READING_ROOM = "reading", _("政府信息公开查阅点")
    OTHER = "other", _("其他渠道")


#: The kinds that are 政务新媒体 accounts (their posts are counted per month).
NEW_MEDIA = frozenset({Kind.WECHAT, Kind.WEIBO, Kind.DOUYIN, Kind.OTHER_MEDIA})


class Channel(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200, help_text=_("如：“示例市自然资源”微信公众号"))
    address = models.CharField(_("网址、账号或地址"), max_length=300, blank=True)
    active = models.BooleanField(_("在用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("公开渠道")
        verbose_name_plural = _("公开渠道")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="channel_name_unique_in_agency")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"

    @property
    def is_new_media(self) -> bool:
        return self.kind in NEW_MEDIA


class Placement(models.Model):
    """A catalogue entry published through a channel."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="placements")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="placements")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["disclosure", "channel"], name="placement_once")]


class MonthlyPosts(models.Model):
    """A new-media account's posts in one month (as the platform's export says, or entered by hand)."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="monthly_posts")
    month = models.DateField(_("月份"), help_text=_("该月1日"))
    posts = models.PositiveIntegerField(_("发布条数"))
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        ordering = ["month"]
        constraints = [models.UniqueConstraint(fields=["channel", "month"], name="posts_once_a_month")]


class Message(models.Model):
    """An online message (留言 / 咨询) and its reply date."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    channel = models.ForeignKey(
        Channel,
        verbose_name=_("渠道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    subject = models.CharField(_("留言标题"), max_length=300)
    received_on = models.DateField(_("留言日期"))
    replied_on = models.DateField(_("回复日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("网上留言")
        verbose_name_plural = _("网上留言")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return self.subject
