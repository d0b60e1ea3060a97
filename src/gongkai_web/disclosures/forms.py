# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.layout import template_for_year
from gongkai_web.agencies.models import Agency
from gongkai_web.common.forms import ChineseLabels, DateInput, version_field
from gongkai_web.disclosures.models import (
    AmountUnit,
    AnnualFigure,
    Category,
    Disclosure,
    Validity,
    figure_choices,
    figure_errors,
    figure_spec,
)
from gongkai_web.disclosures.services import EDITABLE


class DisclosureForm(ChineseLabels, forms.ModelForm):
    """A new entry, or an existing one edited: then the ``version`` it was opened with is required (a post
    without it is refused, never saved unchecked)."""

    version = version_field()
    url = forms.URLField(label=_("原文链接"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        self.fields["category"].queryset = Category.for_agency(agency)  # type: ignore[attr-defined]

    class Meta:
        model = Disclosure
        fields = EDITABLE
        widgets = {
            "issued_on": DateInput(),
            "valid_from": DateInput(),
            "validity_changed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


class CorrectionForm(DisclosureForm):
    """A published entry changes only by a correction, whose reason is kept in its record."""

    reason = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 2}))


class StepForm(ChineseLabels, forms.Form):
    """A review step with nothing to fill in: only the version the page was opened with."""

    version = version_field()


class ReasonForm(StepForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(StepForm):
    """保密审查 and 合法性审查, each with the reviewer's opinion."""

    confidentiality = forms.CharField(
        label=_("保密审查意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("是否涉及国家秘密、工作秘密、商业秘密或个人隐私"),
    )
    legality = forms.CharField(
        label=_("合法性审查意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("公开属性和理由是否符合《政府信息公开条例》及有关规定"),
    )


class CatalogueFilter(ChineseLabels, forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    category = forms.ModelChoiceField(
        label=_("主题分类"), queryset=Category.objects.all(), required=False, empty_label=_("全部分类")
    )
    validity = forms.ChoiceField(
        label=_("有效性"), choices=[("", _("全部")), *Validity.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("文件类别"),
        choices=[("", _("全部")), ("rule", _("规章")), ("normative", _("行政规范性文件"))],
        required=False,
    )
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1990, max_value=2100)


class FigureForm(ChineseLabels, forms.Form):
    """One 表二 cell of the template of ``year``: the item, its value, the unit (采购总金额 only) and the
    source. 本年增/减 may be negative; every other figure is non-negative, counts are whole numbers."""

    key = forms.ChoiceField(label=_("项目"))
    value = forms.DecimalField(label=_("数值"), max_digits=14, decimal_places=4)
    unit = forms.ChoiceField(
        label=_("金额单位"),
        choices=[("", _("（仅采购总金额填写）")), *AmountUnit.choices],
        required=False,
    )
    source = forms.CharField(label=_("数据来源"), max_length=200)

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.fields["key"].choices = figure_choices(template_for_year(year))  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        key = data.get("key")
        if key and "value" in data:
            for field, message in figure_errors(self.year, key, data["value"], data.get("unit", "")).items():
                self.add_error(field, message)
        spec = figure_spec(self.year, key) if key else None
        if spec is not None and not spec.has_unit:
            data["unit"] = ""
        return data


__all__ = [
    "AnnualFigure",
    "CatalogueFilter",
    "CorrectionForm",
    "DisclosureForm",
    "FigureForm",
    "ReasonForm",
    "ReviewForm",
    "StepForm",
]
