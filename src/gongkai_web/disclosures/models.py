# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""主动公开: the catalogue of proactively disclosed information, and the yearly 表二 figures
entered by hand."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.catalog import load_catalog
from gongkai_web.agencies.models import Agency


class Category(models.Model):
    """A catalogue category (组织机构, 法规文件, …): data, editable in the admin."""

    code = models.CharField(_("类别代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("公开类别")
        verbose_name_plural = _("公开类别")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    REPEALED = "repealed", _("废止")
    EXPIRED = "expired", _("失效")


class Disclosure(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("公开机构"), on_delete=models.PROTECT, related_name="+")
    index_number = models.CharField(_("索引号"), max_length=80, unique=True)
    year = models.PositiveSmallIntegerField(_("年份"))
    sequence = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("标题"), max_length=300)
    category = models.ForeignKey(
        Category, verbose_name=_("主题分类"), on_delete=models.PROTECT, related_name="+"
    )
    publisher = models.CharField(_("发布机构"), max_length=200)
    issued_on = models.DateField(_("发文日期"))
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    validity = models.CharField(_("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    validity_changed_on = models.DateField(_("废止或失效日期"), null=True, blank=True)
    is_rule = models.BooleanField(_("规章"), default=False)
    is_normative = models.BooleanField(_("行政规范性文件"), default=False)
    summary = models.TextField(_("内容概述"), blank=True)
    url = models.URLField(_("原文链接"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "sequence"], name="disclosure_seq_unique")
        ]
        indexes = [models.Index(fields=["agency", "-issued_on"], name="disclosure_list_idx")]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"


# The 表二 figures not derived from the catalogue: key → the column entered (keys of ``proactive``).
FIGURE_COLUMNS = {"licensing": "decisions", "penalty": "decisions", "coercion": "decisions", "fees": "amount"}


def figure_choices() -> list[tuple[str, str]]:
    """``行政许可·本年处理决定数量`` …, labels from the catalog."""
    cat = load_catalog()
    out = []
    for key, column in FIGURE_COLUMNS.items():
        row = cat.proactive_row("2021", key)
        out.append((key, f"{row.label}·{row.columns[column]}"))
    return out


class AnnualFigure(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(_("项目"), max_length=20, choices=figure_choices)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    source = models.CharField(_("数据来源"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("表二填报数据")
        verbose_name_plural = _("表二填报数据")
        constraints = [models.UniqueConstraint(fields=["agency", "year", "key"], name="figure_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_key_display()} {self.value}"
