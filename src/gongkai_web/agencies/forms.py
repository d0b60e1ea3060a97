"""What every form of the ledger shares: free text is cleaned on input (:func:`gongkai.model.text.clean_text`)
before any field sees it, so a control character pasted from Word never reaches the database, a report or
an export."""

from __future__ import annotations

from typing import Any

from django.utils.datastructures import MultiValueDict

from gongkai.model.text import clean_text


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
