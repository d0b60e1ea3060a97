"""The upload and the assignment forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.agencies.models import Agency
from gongkai_web.common.forms import ChineseLabels

ACCEPT = ".pdf,.docx,.doc,.wps,.xlsx,.xls,.html,.htm,.txt,.json,.zip"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class UploadForm(ChineseLabels, forms.Form):
    files = MultipleFileField(
        label=_("报告文件或压缩包"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}),
        help_text=_("可多选：PDF、Word（DOCX/DOC/WPS）、Excel、网页、文本，或含这些文件的 ZIP 压缩包"),
    )
    urls = forms.FileField(
        label=_("网址清单（CSV）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv"}),
        help_text=_("每行一个报告网址（报告页面或报告文件）；系统按网址礼貌抓取后读取"),
    )
    name = forms.CharField(label=_("批次说明"), max_length=200, required=False)


class AssignForm(ChineseLabels, forms.Form):
    agency = forms.ModelChoiceField(label=_("所属机构"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2008)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
