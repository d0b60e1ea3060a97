# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""行政复议 and 行政诉讼 brought over a 依申请公开 application: the source of 表四."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.layout import appeal_columns, appeal_group_heading, appeal_groups
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.models import Application


def kind_choices() -> list[tuple[str, str]]:
    """行政复议 / 行政诉讼·未经复议直接起诉 / 行政诉讼·复议后起诉 (from the layout)."""
    return [(g.key, appeal_group_heading(g.key)) for g in appeal_groups()]


def outcome_choices() -> list[tuple[str, str]]:
    """结果维持 / 结果纠正 / 其他结果 / 尚未审结 (from the catalog's 表四 columns)."""
    return [(c.key, c.label) for c in appeal_columns() if c.key != "total"]


class Stage(models.TextChoices):
    FILED = "filed", _("已申请或起诉")
    ACCEPTED = "accepted", _("已受理")
    HEARING = "hearing", _("审理中")
    DECIDED = "decided", _("已审结")


class AppealQuerySet(models.QuerySet["Appeal"]):
    def live(self) -> AppealQuerySet:
        """The cases not voided: the ones 表四 and every count take."""
        return self.filter(voided_at__isnull=True)


class Appeal(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("所涉申请"), on_delete=models.PROTECT, related_name="appeals"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("被申请人或被告机构"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=kind_choices)
    prior_review = models.ForeignKey(
        "self", verbose_name=_("在先复议"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case_number = models.CharField(_("案号"), max_length=80, blank=True)
    body = models.CharField(_("复议机关或法院"), max_length=120)
    filed_on = models.DateField(_("申请或起诉日期"))
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.FILED)
    outcome = models.CharField(_("结果"), max_length=12, choices=outcome_choices, default="pending")
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # A case registered by mistake is voided, never deleted: it stays on record, out of 表四.
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    void_reason = models.TextField(_("作废理由"), blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("复议、诉讼案件")
        verbose_name_plural = _("复议、诉讼案件")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None
