from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai_web.channels.models import Channel
from gongkai_web.channels.services import EDITABLE
from gongkai_web.common.forms import ChineseLabels


class ChannelForm(ChineseLabels, forms.ModelForm):
    class Meta:
        model = Channel
        fields = EDITABLE


class ImportForm(ChineseLabels, forms.Form):
    file = forms.FileField(label=_("CSV 文件"), help_text=_("平台导出的 CSV 文件（UTF-8 或 GBK 编码）"))
