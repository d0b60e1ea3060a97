# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.forms import ChineseLabels, version_field
from gongkai_web.guides.models import GuideDetails
from gongkai_web.guides.services import DETAILS


class GuideForm(ChineseLabels, forms.ModelForm):
    version = version_field()
    website = forms.URLField(label=_("政府网站"), required=False, assume_scheme="https")

    class Meta:
        model = GuideDetails
        fields = DETAILS
        widgets = {"reading_rooms": forms.Textarea(attrs={"rows": 3})}
