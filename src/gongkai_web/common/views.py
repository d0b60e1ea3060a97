"""Decorators and helpers shared by the staff pages of every app."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from gongkai_web.agencies.permissions import is_staff_member
from gongkai_web.common.errors import WebError, add_form_error


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and a member of an agency (or a system administrator); anyone else gets 403."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def perform_with_form(form: forms.Form, perform: Callable[..., Any], user: Any, record: Any) -> bool:
    """Take a transition with the fields of its bound ``form`` (``version`` as ``expected_version``); a
    :class:`WebError` goes onto its field. ``True`` when the transition was taken."""
    if not form.is_valid():
        return False
    fields = dict(form.cleaned_data)
    version = fields.pop("version")
    try:
        perform(user, record, expected_version=version, **fields)
    except WebError as exc:
        add_form_error(form, exc)
        return False
    return True
