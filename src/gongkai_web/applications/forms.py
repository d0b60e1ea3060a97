# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
"""Forms for the public application, staff intake and each life-cycle action (each carries ``version``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.clock import compute_page_fee
from gongkai_web.agencies.models import Agency, Role, User
from gongkai_web.applications.choices import (
    CONSULTATION_PARTY_CHOICES,
    RECEIPT_BASIS_CHOICES,
    Channel,
    DocumentKind,
    applicant_type_choices,
    decision_choices,
)
from gongkai_web.applications.models import APPLICANT_FIELDS, Application
from gongkai_web.common.forms import ChineseLabels, DateInput, date_field, version_field


class ApplicantForm(ChineseLabels, forms.ModelForm):
    class Meta:
        model = Application
        fields = APPLICANT_FIELDS
        widgets = {
            "content": forms.Textarea(attrs={"rows": 5}),
            "applicant_type": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applicant_type"].choices = applicant_type_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(_("请至少填写一种联系方式（电话、电子邮箱或通信地址）"))
        return data


class PublicApplicationForm(ApplicantForm):
    agency = forms.ModelChoiceField(
        label=_("向哪个机构申请"), queryset=Agency.objects.filter(accepts_applications=True), empty_label=None
    )
    attachment = forms.FileField(label=_("附件（选填，如身份证明、申请书扫描件）"), required=False)
    field_order = ["agency", *APPLICANT_FIELDS, "attachment"]


def handler_field(agency: Agency | None) -> forms.ModelChoiceField:
    qs = User.objects.filter(role__in=(Role.HANDLER, Role.APPROVER), is_active=True)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return forms.ModelChoiceField(
        label=_("承办人"), queryset=qs, required=False, empty_label=_("（暂不指定）")
    )


class IntakeForm(ApplicantForm):
    channel = forms.ChoiceField(label=_("提交方式"), choices=Channel.choices, initial=Channel.IN_PERSON)
    receipt_basis = forms.ChoiceField(
        label=_("收到申请之日的依据（第三十一条）"), choices=RECEIPT_BASIS_CHOICES
    )
    received_on = date_field(_("收到申请之日"))
    field_order = ["channel", "receipt_basis", "received_on", *APPLICANT_FIELDS, "handler"]

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"] = handler_field(agency)


class IntakeCorrectionForm(ApplicantForm):
    """The intake details as registered, corrected with a reason (kept with the old and new values in the
    audit log). The day of receipt of an online application not yet confirmed is set by registering it."""

    version = version_field()
    channel = forms.ChoiceField(label=_("提交方式"), choices=Channel.choices)
    receipt_basis = forms.ChoiceField(
        label=_("收到申请之日的依据（第三十一条）"), choices=RECEIPT_BASIS_CHOICES, required=False
    )
    received_on = forms.DateField(label=_("收到申请之日"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 2}))
    field_order = ["channel", "receipt_basis", "received_on", *APPLICANT_FIELDS, "reason"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("channel", "receipt_basis", "received_on"):  # not model fields of the form: as stored
            self.initial.setdefault(name, getattr(self.instance, name))
        if self.instance.received_on is None:
            del self.fields["receipt_basis"], self.fields["received_on"]


class ActionForm(ChineseLabels, forms.Form):
    version = version_field()


class RegisterForm(ActionForm):
    receipt_basis = forms.ChoiceField(
        label=_("收到申请之日的依据"), choices=RECEIPT_BASIS_CHOICES, initial="online"
    )
    received_on = date_field(_("双方确认之日（收到申请之日）"))

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"] = handler_field(agency)


class CorrectionForm(ActionForm):
    date = date_field(_("补正告知日期"))
    period_end = forms.DateField(label=_("补正期限（截止日）"), widget=DateInput())
    note = forms.CharField(
        label=_("需要补正的事项"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class DateOnlyForm(ActionForm):
    date = date_field(_("日期"))


class ConsultForm(ActionForm):
    date = date_field(_("发函日期"))
    party = forms.ChoiceField(label=_("征求对象"), choices=CONSULTATION_PARTY_CHOICES)
    note = forms.CharField(label=_("征求对象名称、事由"), max_length=300, required=False)


class ExtendForm(ActionForm):
    date = date_field(_("延长决定日期"))
    days = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label=_("延长理由"), max_length=300)


class FeeNoticeForm(ActionForm):
    date = date_field(_("申请人收到收费通知之日"))
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=1, required=False)
    amount = forms.IntegerField(label=_("收费金额（元）"), min_value=1, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("amount"):
            if not data.get("pages"):
                raise forms.ValidationError(_("请填写收费金额，或填写页数自动计算"))
            fee = compute_page_fee(data["pages"])
            if fee.amount <= 0:
                raise forms.ValidationError(_("30页以内免费，无需发出收费通知"))
            data["amount"] = fee.amount
            data["note"] = fee.rule
        data.pop("pages", None)  # the service takes the amount; the page count only computed it
        return data


class DecisionForm(ActionForm):
    date = date_field(_("答复日期"))
    outcome = forms.ChoiceField(label=_("办理结果（表三）"), choices=decision_choices)
    article = forms.CharField(label=_("依据条款（留空则按办理结果自动填写）"), max_length=120, required=False)
    summary = forms.CharField(label=_("答复要点"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class WithdrawForm(ActionForm):
    date = date_field(_("撤回日期"))
    reason = forms.CharField(label=_("说明"), max_length=300, required=False)


class VoidForm(ActionForm):
    reason = forms.CharField(
        label=_("作废理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如重复登记、误登记。作废后保留记录和操作日志，不再计入年度报告表三，不能撤销。"),
    )


class UploadForm(ChineseLabels, forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件"))


class TrackForm(ChineseLabels, forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=12)
