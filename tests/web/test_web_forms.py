"""Every form of the ledger cleans submitted text of control characters before its fields see it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms

import gongkai_web
from gongkai_web.agencies.models import Agency
from gongkai_web.applications.forms import PublicApplicationForm
from gongkai_web.common.forms import CleanTextForm


def _our_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(gongkai_web.__path__, "gongkai_web."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "views"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("gongkai_web.") and issubclass(cls, forms.Form | forms.ModelForm):
            found.append(cls)
    return found


def test_every_form_cleans_its_text() -> None:
    ours = _our_forms()
    assert len(ours) > 10
    assert [c.__qualname__ for c in ours if not issubclass(c, CleanTextForm)] == []


@pytest.mark.django_db
def test_the_public_form_stores_a_pasted_line_break_as_a_newline(agency: Agency) -> None:
    data = {
        "agency": str(agency.pk),
        "applicant_type": "natural_person",
        "applicant_name": "张\x01三",
        "content": "地块一\x0b地块二",
        "phone": "13800000000",
        "delivery": "post",
        "format_wanted": "paper",
    }
    form = PublicApplicationForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["content"] == "地块一\n地块二"
    assert form.cleaned_data["applicant_name"] == "张三"
