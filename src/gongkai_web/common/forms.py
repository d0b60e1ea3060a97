"""Form pieces every app uses: Chinese labels without an ASCII colon, the date picker, the hidden version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, **kw: Any) -> forms.DateField:
    """A date with the picker, today by default."""
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate, **kw)


def version_field(*, required: bool = True) -> forms.IntegerField:
    """The record's ``version`` when the form was opened, sent back for the optimistic-locking check."""
    return forms.IntegerField(widget=forms.HiddenInput, required=required)


class ChineseLabels:
    """No ASCII colon after Chinese labels."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
