# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.applications.forms import ChineseLabels, DateInput
from gongkai_web.disclosures.models import AnnualFigure, Category, Disclosure, Validity, figure_choices
from gongkai_web.disclosures.services import EDITABLE


class DisclosureForm(ChineseLabels, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    url = forms.URLField(label=_("原文链接"), required=False, assume_scheme="https")

    class Meta:
        model = Disclosure
        fields = EDITABLE
        widgets = {
            "issued_on": DateInput(),
            "valid_from": DateInput(),
            "validity_changed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }


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
    key = forms.ChoiceField(label=_("项目"), choices=figure_choices)
    value = forms.DecimalField(label=_("数值"), min_value=0, max_digits=14, decimal_places=4)
    source = forms.CharField(label=_("数据来源"), max_length=200)


__all__ = ["AnnualFigure", "CatalogueFilter", "DisclosureForm", "FigureForm"]
