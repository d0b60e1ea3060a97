"""The forms of 整改: the problem filter (also stating itself for the export), opening problems, composing and
editing a notice, a transition, the corrected report and the template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.forms import ChineseLabels, DateInput, version_field
from gongkai_web.rectification.models import NoticeKind, Problem, ProblemStatus


class FilterForm(ChineseLabels, forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *ProblemStatus.choices]
    )
    agency = forms.ModelChoiceField(label=_("整改单位"), required=False, queryset=None, empty_label=_("全部"))  # type: ignore[arg-type]
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2008, max_value=2100)
    code = forms.CharField(label=_("检查规则"), required=False, max_length=10)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]

    def apply(self, problems: QuerySet[Problem]) -> QuerySet[Problem]:
        if not self.is_valid():
            return problems
        data = self.cleaned_data
        if data["status"]:
            problems = problems.filter(status=data["status"])
        if data["agency"] is not None:
            problems = problems.filter(agency=data["agency"])
        if data["year"]:
            problems = problems.filter(report__year=data["year"])
        if data["code"]:
            problems = problems.filter(findings__icontains=f'"code": "{data["code"].strip().upper()}"')
        return problems

    def describe(self) -> list[tuple[str, str]]:
        """The filters in force, as (label, value) — stated at the top of the export."""
        if not self.is_valid():
            return []
        out = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            shown = dict(ProblemStatus.choices).get(value, value) if name == "status" else value
            out.append((str(field.label), str(shown)))
        return out


class OpenForm(ChineseLabels, forms.Form):
    keys = forms.MultipleChoiceField(label=_("检查问题"), widget=forms.CheckboxSelectMultiple)
    grouped = forms.TypedChoiceField(
        label=_("登记方式"),
        choices=[("0", _("每个问题登记一条")), ("1", _("本报告所选问题合为一条"))],
        coerce=lambda v: v == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, findings: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keys"].choices = [(f["key"], f["key"]) for f in findings]  # type: ignore[attr-defined]


class ComposeForm(ChineseLabels, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=NoticeKind.choices, widget=forms.RadioSelect)
    problems = forms.ModelMultipleChoiceField(
        label=_("通知的问题"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )
    due_workdays = forms.IntegerField(
        label=_("整改期限（工作日）"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("按法定节假日和调休计算；或在下面直接填写日期"),
    )
    due_date = forms.DateField(label=_("整改期限（日期）"), required=False, widget=DateInput())

    def __init__(self, *args: Any, problems: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["problems"]
        field.queryset = problems  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.agency.name} {p.report.year}年度：{p.summary}"  # type: ignore[attr-defined]


class DraftForm(ChineseLabels, forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}))
    version = version_field()


class IssueForm(ChineseLabels, forms.Form):
    version = version_field()


class TransitionForm(ChineseLabels, forms.Form):
    reason = forms.CharField(label=_("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = version_field()


class CorrectionForm(ChineseLabels, forms.Form):
    file = forms.FileField(
        label=_("整改后的年度报告"),
        help_text=_("PDF、Word（DOCX/DOC/WPS）、Excel、网页或文本；将作为该报告的新版本重新检查"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.wps,.xlsx,.xls,.html,.htm,.txt"}),
    )


class TemplateForm(ChineseLabels, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=NoticeKind.choices, widget=forms.HiddenInput)
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}))
    version = version_field(required=False)
