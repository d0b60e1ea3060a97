"""The one base of the errors a service function raises for people (not for bugs).

``str(exc)`` is the Chinese reason; ``exc.field`` names the form field it belongs to (``None``: the form as a
whole), so a view puts it in the right place without reading the message."""

from __future__ import annotations

from typing import Self

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class WebError(Exception):
    """Not allowed now, or not possible with these values; ``str()`` is the Chinese reason."""

    # What a stale form was editing, named in the stale message (``该申请已被他人修改……``).
    subject: str | Promise = gettext_lazy("该记录")

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @classmethod
    def stale(cls) -> Self:
        """Someone else saved the record after the form was opened: nothing was saved."""
        return cls(
            _("%(subject)s已被他人修改，请刷新页面后重新操作（本次未保存任何内容）")
            % {"subject": cls.subject}
        )


def add_form_error(
    form: forms.BaseForm, exc: WebError, *, default: str | None = None, **aliases: str
) -> None:
    """Put ``exc`` on its field of ``form`` (renamed by ``aliases`` where the form calls it otherwise),
    else on ``default``, else on the form as a whole."""
    field = aliases.get(exc.field, exc.field) if exc.field else None
    if field not in form.fields:
        field = default
    form.add_error(field, exc.message)
