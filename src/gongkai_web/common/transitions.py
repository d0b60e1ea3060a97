"""What every life-cycle table shares (applications, catalogue entries): a transition is allowed when the
record's status is one it starts from and the user holds its permission in the record's agency."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from django.utils.translation import gettext as _

from gongkai_web.agencies.models import User
from gongkai_web.agencies.permissions import can, require
from gongkai_web.common.errors import WebError


class Step(Protocol):
    @property
    def permission(self) -> str: ...
    @property
    def sources(self) -> tuple[Any, ...]: ...


S = TypeVar("S", bound=Step)


def allowed_now(table: Iterable[S], user: User, record: Any) -> list[S]:
    """The transitions of ``table`` that ``user`` may take on ``record`` now, in the table's order."""
    return [t for t in table if record.status in t.sources and can(user, t.permission, record.agency)]


def ensure_allowed_now(
    user: User, record: Any, transition: Step, *, action: str, error: type[WebError]
) -> None:
    """Raise :class:`~django.core.exceptions.PermissionDenied`, or ``error`` with the reason (“该申请当前为
    “已办结”，不能办结”), unless ``user`` may take ``transition`` (called ``action``) on ``record`` now."""
    require(user, transition.permission, record.agency)
    if record.status not in transition.sources:
        raise error(
            _("%(subject)s当前为“%(status)s”，不能%(action)s")
            % {"subject": error.subject, "status": record.get_status_display(), "action": action}
        )
