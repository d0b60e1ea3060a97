from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai_web.common.forms import ChineseLabels
from gongkai_web.watch.models import WatchFinding


class CrawlForm(ChineseLabels, forms.Form):
    year = forms.IntegerField(
        label=_("报告年度"),
        min_value=2008,
        help_text=_("按登记的年报栏目网址，逐个机构查找、抓取并读取该年度的报告"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["year"].max_value = timezone.localdate().year  # type: ignore[attr-defined]


class FilterForm(ChineseLabels, forms.Form):
    kind = forms.ChoiceField(
        label=_("类别"), required=False, choices=[("", _("全部")), *WatchFinding.Kind.choices]
    )
    agency = forms.CharField(label=_("机构"), required=False, max_length=100)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2008, max_value=2100)
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("open", _("未恢复")), ("resolved", _("已恢复"))],
    )
