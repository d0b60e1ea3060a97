# ruff: noqa: RUF012  (Django form Meta options are declarative class attributes)
from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.forms import ChineseLabels, version_field
from gongkai_web.interpretations.models import Interpretation
from gongkai_web.interpretations.services import EDITABLE


class InterpretationForm(ChineseLabels, forms.ModelForm):
    """A new interpretation, or a draft edited with the ``version`` it was opened with (required)."""

    version = version_field()
    media_url = forms.URLField(label=_("图解或视频链接"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]

    class Meta:
        model = Interpretation
        fields = EDITABLE
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
