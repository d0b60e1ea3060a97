# ruff: noqa: RUF012  (Django Meta and ModelAdmin options are declarative class attributes)
"""主动公开: the catalogue of proactively disclosed information, and the yearly 表二 figures
entered by hand."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.layout import proactive_rows, template_for_year
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


# ---- 表二 figures entered by hand -------------------------------------------------------------------------
#
# A figure is one cell of 表二 addressed by its model path below ``proactive`` (``licensing.decisions``,
# ``procurement.amount``), for the template of its year: 国办公开办函〔2019〕60号 for 2019 and 2020,
# 〔2021〕30号 from 2021 on. The rows of 第二十条第（一）项 (规章, 规范性文件) are counted from the catalogue
# and never entered. The unit of the 2019 采购总金额 (元 or 万元, the template prints none) is entered with
# that figure (:attr:`AnnualFigure.unit`); the 2021 收费金额 is in 万元 by the template.

#: 表二 rows counted from the catalogue, not entered.
DERIVED_ROWS = frozenset({"rules", "normative_documents"})
#: The one signed column: 本年增/减 of the 2019 template. Every other figure is non-negative.
SIGNED_COLUMNS = frozenset({"items_change"})
#: Columns holding money (decimals allowed); every other figure is a count (a whole number).
MONEY_COLUMNS = frozenset({"amount"})
#: Figures entered with their unit (元/万元).
UNIT_FIGURES = frozenset({"procurement.amount"})


class AmountUnit(models.TextChoices):
    YUAN = "元", _("元")
    WAN_YUAN = "万元", _("万元")


@dataclass(frozen=True)
class FigureSpec:
    """One enterable 表二 cell of a template."""

    key: str  # "licensing.items_change"
    row: str  # "licensing"
    column: str  # "items_change"
    item: str  # "第二十条第（五）项"
    row_label: str  # "行政许可"
    column_label: str  # "本年增/减"

    @property
    def label(self) -> str:
        return f"{self.item} {self.row_label}·{self.column_label}"

    @property
    def signed(self) -> bool:
        return self.column in SIGNED_COLUMNS

    @property
    def money(self) -> bool:
        return self.column in MONEY_COLUMNS

    @property
    def has_unit(self) -> bool:
        return self.key in UNIT_FIGURES


@cache
def figure_specs(template: str) -> tuple[FigureSpec, ...]:
    """The enterable cells of ``template``, in official order, from the catalog."""
    out = []
    for row in proactive_rows(template):
        if row.key in DERIVED_ROWS:
            continue
        for column, column_label in row.columns.items():
            out.append(FigureSpec(f"{row.key}.{column}", row.key, column, row.item, row.label, column_label))
    return tuple(out)


def figure_spec(year: int, key: str) -> FigureSpec | None:
    """The cell ``key`` names in the template of ``year``; ``None`` if that template has no such cell."""
    return next((s for s in figure_specs(template_for_year(year)) if s.key == key), None)


def figure_choices(template: str | None = None) -> list[tuple[str, str]]:
    """``[("licensing.decisions", "第二十条第（五）项 行政许可·本年处理决定数量"), …]`` for one template, or
    for both (the model field's choices: the 2021 label where both templates have the key)."""
    seen: dict[str, str] = {}
    for t in (template,) if template else ("2021", "2019"):
        for spec in figure_specs(t):
            seen.setdefault(spec.key, spec.label)
    return list(seen.items())


def figure_errors(year: int, key: str, value: Decimal | None, unit: str = "") -> dict[str, str]:
    """What is wrong with a figure, as ``{field: Chinese message}`` (empty when it is valid)."""
    spec = figure_spec(year, key)
    if spec is None:
        template = template_for_year(year)
        return {
            "key": str(
                _("%(year)s年度适用%(template)s年版报告格式，其表二没有“%(key)s”这一项")
                % {"year": year, "template": template, "key": key}
            )
        }
    errors: dict[str, str] = {}
    if value is not None:
        if value < 0 and not spec.signed:
            errors["value"] = str(_("“%(label)s”不能为负数") % {"label": spec.column_label})
        elif not spec.money and value != value.to_integral_value():
            errors["value"] = str(_("“%(label)s”是件数，应为整数") % {"label": spec.column_label})
    if spec.has_unit and unit not in AmountUnit.values:
        errors["unit"] = str(_("请选择“%(label)s”的单位（元或万元）") % {"label": spec.column_label})
    return errors


class AnnualFigure(models.Model):
    """One hand-entered 表二 cell of an agency's year, with where the number comes from."""

    agency = models.ForeignKey(Agency, verbose_name=_("机构"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    key = models.CharField(_("项目"), max_length=40, choices=figure_choices)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    unit = models.CharField(
        _("金额单位"),
        max_length=4,
        choices=AmountUnit.choices,
        blank=True,
        help_text=_("仅2019年版表二的采购总金额填写"),
    )
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
        unit = self.unit or ""
        return f"{self.year} {self.label} {self.value.normalize()}{unit}"

    @property
    def spec(self) -> FigureSpec | None:
        return figure_spec(self.year, self.key)

    @property
    def label(self) -> str:
        spec = self.spec
        return spec.label if spec else self.key

    def clean(self) -> None:
        if self.year is not None and self.key:
            errors = figure_errors(self.year, self.key, self.value, self.unit)
            if errors:
                raise ValidationError(errors)
