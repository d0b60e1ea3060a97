# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.forms import ChineseLabels, DateInput, version_field
from gongkai_web.consultations.models import Adoption, Comment, Consultation
from gongkai_web.consultations.services import EDITABLE
from gongkai_web.disclosures.models import Disclosure


class ConsultationForm(ChineseLabels, forms.ModelForm):
    version = version_field(required=False)

    class Meta:
        model = Consultation
        fields = EDITABLE
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "draft": forms.Textarea(attrs={"rows": 12}),
            "channels": forms.Textarea(attrs={"rows": 2}),
            "opens_on": DateInput(),
            "closes_on": DateInput(),
        }


class CommentForm(ChineseLabels, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ("body", "name", "contact")
        widgets = {"body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000})}
        help_texts = {
            "name": _("选填；不会公开"),
            "contact": _("选填；仅用于就您的意见与您联系，不会公开"),
        }


class ModerateForm(ChineseLabels, forms.Form):
    version = version_field()
    show = forms.TypedChoiceField(
        label=_("审核结果"),
        choices=[("1", _("公开")), ("0", _("不予公开"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("不予公开的理由"), max_length=300, required=False)


class AssessForm(ChineseLabels, forms.Form):
    version = version_field()
    adoption = forms.ChoiceField(
        label=_("采纳情况"), choices=[c for c in Adoption.choices if c[0] != Adoption.UNDECIDED]
    )
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class FeedbackForm(ChineseLabels, forms.Form):
    version = version_field()
    feedback = forms.CharField(label=_("意见采纳情况"), widget=forms.Textarea(attrs={"rows": 8}))


class DecisionForm(ChineseLabels, forms.Form):
    version = version_field()
    decision = forms.ModelChoiceField(label=_("决策文件"), queryset=Disclosure.objects.none())

    def __init__(self, *args: Any, item: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Disclosure.objects.published().filter(agency=item.agency).order_by("-published_at")
