"""Form pieces every app uses: Chinese labels without an ASCII colon, the date picker, the hidden version, and
free text cleaned on input (:func:`gongkai.model.clean_text`) before any field sees it, so a control character
pasted from Word never reaches the database, a report or an export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy

from gongkai.model import clean_text


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, **kw: Any) -> forms.DateField:
    """A date with the picker, today by default."""
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate, **kw)


#: Shown when a form comes back without the version it was opened with (an old page, a hand-made post).
NO_VERSION = gettext_lazy("页面缺少版本信息，请刷新页面后重新操作（本次未保存任何内容）")


def version_field(*, required: bool = True) -> forms.IntegerField:
    """The record's ``version`` when the form was opened, sent back for the optimistic-locking check. A post
    without it is refused with :data:`NO_VERSION` (never saved unchecked)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=required,
        min_value=0,
        error_messages={"required": NO_VERSION, "invalid": NO_VERSION, "min_value": NO_VERSION},
    )


def clean_form_data(data: Any) -> Any:
    """A copy of a form's submitted data with every text value cleaned (files are untouched)."""
    if isinstance(data, MultiValueDict):
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
        return cleaned
    if isinstance(data, dict):
        return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
    return data


class CleanTextForm:
    """Mixin for a Django form: its bound data is cleaned text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if getattr(self, "is_bound", False):
            self.data = clean_form_data(self.data)  # type: ignore[has-type]


class ChineseLabels(CleanTextForm):
    """No ASCII colon after Chinese labels; submitted text cleaned of control characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
