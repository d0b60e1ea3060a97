# ruff: noqa: RUF012  (Django Meta options are declarative class attributes)
"""政策解读: an interpretation of a policy document of the catalogue (text, graphic, video or questions and
answers), published beside it. A policy document is one marked :attr:`Disclosure.is_policy`."""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.disclosures.models import Disclosure


class Form(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频解读")
    QA = "qa", _("问答")


#: Forms whose content is at a link (the picture, the video).
LINKED_FORMS = frozenset({Form.GRAPHIC, Form.VIDEO})


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class Interpretation(models.Model):
    disclosure = models.ForeignKey(
        Disclosure,
        verbose_name=_("所解读的政策文件"),
        on_delete=models.PROTECT,
        related_name="interpretations",
    )
    agency = models.ForeignKey(Agency, verbose_name=_("解读机构"), on_delete=models.PROTECT, related_name="+")
    form = models.CharField(_("解读形式"), max_length=10, choices=Form.choices, default=Form.TEXT)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(
        _("解读内容"),
        blank=True,
        help_text=_("问答形式每问一行“问：”开头，其答案一行“答：”开头"),
    )
    media_url = models.URLField(_("图解或视频链接"), blank=True)
    interpreter = models.CharField(_("解读人"), max_length=100, blank=True, help_text=_("如：起草部门负责人"))
    status = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def qa_pairs(self) -> list[tuple[str, str]]:
        """The questions and answers of a 问答 (lines beginning 问： and 答：)."""
        pairs: list[tuple[str, str]] = []
        for line in self.body.splitlines():
            m = re.match(r"\s*([问答])[:：]\s*(.*)", line)
            if m and m[1] == "问":
                pairs.append((m[2], ""))
            elif m and pairs:
                pairs[-1] = (pairs[-1][0], (pairs[-1][1] + "\n" + m[2]).strip())
            elif pairs and line.strip():
                pairs[-1] = (pairs[-1][0], (pairs[-1][1] + "\n" + line.strip()).strip())
        return pairs
