from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.appeals.models import Appeal, Stage, kind_choices, outcome_choices
from gongkai_web.common.forms import ChineseLabels, DateInput, version_field


class AppealForm(ChineseLabels, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=kind_choices)
    prior_review = forms.ModelChoiceField(
        label=_("在先复议（复议后起诉时选择）"), queryset=Appeal.objects.none(), required=False
    )
    body = forms.CharField(label=_("复议机关或法院"), max_length=120)
    case_number = forms.CharField(label=_("案号"), max_length=80, required=False)
    filed_on = forms.DateField(label=_("申请或起诉日期"), widget=DateInput())
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(
        self, *args: object, application_pk: int, exclude_pk: int | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        reviews = Appeal.objects.live().filter(application_id=application_pk, kind="review")
        self.fields["prior_review"].queryset = reviews.exclude(pk=exclude_pk)  # type: ignore[attr-defined]


class AppealCorrectionForm(AppealForm):
    """The facts of a case as registered, corrected with a reason (kept in the audit log)."""

    version = version_field()
    reason = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 2}))


class VoidForm(ChineseLabels, forms.Form):
    """Void a record registered by mistake: it stays on record, with the reason, and is no longer counted."""

    version = version_field()
    reason = forms.CharField(label=_("作废理由"), widget=forms.Textarea(attrs={"rows": 2}))


class AppealUpdateForm(ChineseLabels, forms.Form):
    version = version_field()
    stage = forms.ChoiceField(label=_("阶段"), choices=Stage.choices)
    outcome = forms.ChoiceField(label=_("结果"), choices=outcome_choices)
    decided_on = forms.DateField(label=_("审结日期"), widget=DateInput(), required=False)
    case_number = forms.CharField(label=_("案号"), max_length=80, required=False)
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
