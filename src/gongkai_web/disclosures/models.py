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

from gongkai import layout
from gongkai.layout import proactive_rows, template_for_year
from gongkai_web.agencies.audit import ACTION_LABELS
from gongkai_web.agencies.models import Agency


class Category(models.Model):
    """A node of the 公开目录 (组织机构, 法规文件 › 规范性文件, …): data, editable in the admin. A category
    without an agency is shared by all; an agency adds its own below them. ``code`` goes into the 索引号
    (``{category}``)."""

    code = models.CharField(_("类别代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=40)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空：各机构通用的类别"),
    )

    class Meta:
        verbose_name = _("公开类别")
        verbose_name_plural = _("公开类别")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        node, seen = self.parent, {self.pk}
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级类别不能是本类别或其下级类别")})
            seen.add(node.pk)
            node = node.parent

    @classmethod
    def for_agency(cls, agency: Agency | None) -> models.QuerySet[Category]:
        """The categories of ``agency``'s 公开目录: the shared ones and its own."""
        shared = models.Q(agency__isnull=True)
        return cls.objects.filter(shared | models.Q(agency=agency) if agency else shared)

    def subtree_ids(self) -> list[int]:
        """This category and every category below it (the catalogue filter shows a branch whole)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids += frontier
        return ids


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    REPEALED = "repealed", _("废止")
    EXPIRED = "expired", _("失效")


class Status(models.TextChoices):
    """Where an entry is in its review (条例第十七条: 公开前审查)."""

    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("待审查")
    CLEARED = "cleared", _("审查通过，待发布")
    PUBLISHED = "published", _("已发布")
    WITHHELD = "withheld", _("不主动公开")
    RETRACTED = "retracted", _("已撤稿")


class Attribute(models.TextChoices):
    """公开属性, set by the drafter and confirmed in review."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    NOT_DISCLOSED = "not_disclosed", _("不予公开")


@cache
def withholding_grounds() -> list[tuple[str, str]]:
    """The legal grounds for not disclosing an entry proactively: the 不予公开 grounds of the catalog
    (``refused_state_secret`` → ``1.属于国家秘密`` …), the same ones an answer to an application cites."""
    return [(key, layout.request_row(key).printed) for key in layout.group("refused").rows]


class DisclosureQuerySet(models.QuerySet["Disclosure"]):
    def published(self) -> DisclosureQuerySet:
        """What the public sees and the annual report counts: published and not retracted."""
        return self.filter(status=Status.PUBLISHED)


class Disclosure(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("公开机构"), on_delete=models.PROTECT, related_name="+")
    # Given when the entry is published (a draft that is never published takes no number).
    index_number = models.CharField(_("索引号"), max_length=80, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"))
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
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
    is_policy = models.BooleanField(
        _("需要政策解读"), default=False, help_text=_("重要政策文件，须同步发布政策解读")
    )
    summary = models.TextField(_("内容概述"), blank=True)
    url = models.URLField(_("原文链接"), blank=True)
    attribute = models.CharField(
        _("公开属性"), max_length=16, choices=Attribute.choices, default=Attribute.PROACTIVE
    )
    withholding_ground = models.CharField(
        _("不主动公开的理由"),
        max_length=40,
        choices=withholding_grounds,
        blank=True,
        help_text=_("公开属性为依申请公开或不予公开时必填"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "sequence"], name="disclosure_seq_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "-issued_on"], name="disclosure_list_idx"),
            # the public catalogue of every agency, newest first: a search walks it until a page is full
            models.Index(fields=["-issued_on", "-id"], name="disclosure_catalogue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.index_number or _('（未发布）')} {self.title}"


class Step(models.TextChoices):
    """One step of an entry's record, each by a named person (labels: the audit log's)."""

    SUBMIT = "submit_review", ACTION_LABELS["submit_review"]
    CLEAR = "clear", ACTION_LABELS["clear"]
    REJECT = "reject_disclosure", ACTION_LABELS["reject_disclosure"]
    PUBLISH = "publish", ACTION_LABELS["publish"]
    WITHHOLD = "withhold", ACTION_LABELS["withhold"]
    CORRECT = "correct", ACTION_LABELS["correct"]
    RETRACT = "retract", ACTION_LABELS["retract"]


class DisclosureStep(models.Model):
    """The review record of an entry (kept for good, retractions and corrections included)."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("环节"), max_length=20, choices=Step.choices)
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.PROTECT)
    reason = models.TextField(_("理由或意见"), blank=True)
    confidentiality = models.TextField(_("保密审查意见"), blank=True)
    legality = models.TextField(_("合法性审查意见"), blank=True)

    class Meta:
        verbose_name = _("审查发布记录")
        verbose_name_plural = _("审查发布记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


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
