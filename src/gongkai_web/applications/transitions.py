"""The life cycle of an application as one table: each transition's permission, the statuses it may start
from, the status it leads to and the form that collects its data.

The service functions (:mod:`gongkai_web.applications.services`) enforce it through :func:`ensure_allowed`;
the detail page lists :func:`allowed` as its buttons, so an action that is no longer possible has no button.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from gongkai_web.agencies import audit
from gongkai_web.agencies.models import User
from gongkai_web.applications import forms as f
from gongkai_web.applications.choices import ACTIVE_STATUSES, FINAL_STATUSES, EventKind, Status
from gongkai_web.applications.models import Application
from gongkai_web.common.errors import WebError
from gongkai_web.common.transitions import allowed_now, ensure_allowed_now


class TransitionError(WebError):
    """The action is not allowed in the application's current state; ``str()`` is the Chinese reason."""

    subject = gettext_lazy("该申请")


class StaleVersionError(TransitionError):
    """Someone else changed the application since the form was opened (nothing was saved)."""


@dataclass(frozen=True)
class Transition:
    name: str  # the service's key, the audit action and the URL segment (``/do/<name>/``)
    label: str | Promise  # the button
    permission: str  # see gongkai_web.agencies.permissions.ACTIONS
    sources: tuple[Status, ...]
    target: Status | None  # None: the status stays (the due date or the handler changes)
    form: type[f.ActionForm] | None  # None: no button (done from another page)
    style: str = ""
    # Taken at most once: the event it records, and why a second one is refused (its button then goes).
    once: EventKind | None = None
    once_reason: str | Promise = ""


NOT_FINAL = (Status.SUBMITTED, *ACTIVE_STATUSES)

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "register",
            gettext_lazy("确认登记"),
            "register",
            (Status.SUBMITTED,),
            Status.OPEN,
            f.RegisterForm,
            "primary",
        ),
        Transition("assign", gettext_lazy("指定承办人"), "handle", NOT_FINAL, None, None),
        Transition(
            "request_correction",
            gettext_lazy("告知补正"),
            "handle",
            (Status.OPEN,),
            Status.AWAITING_CORRECTION,
            f.CorrectionForm,
            once=EventKind.CORRECTION_REQUESTED,
            once_reason=gettext_lazy("补正应当一次性告知（第三十条），本申请已告知过补正"),
        ),
        Transition(
            "receive_correction",
            gettext_lazy("收到补正"),
            "receive_correction",
            (Status.AWAITING_CORRECTION,),
            Status.OPEN,
            f.DateOnlyForm,
            "primary",
        ),
        Transition(
            "start_consultation",
            gettext_lazy("征求意见"),
            "handle",
            (Status.OPEN,),
            Status.CONSULTING,
            f.ConsultForm,
        ),
        Transition(
            "end_consultation",
            gettext_lazy("收到意见"),
            "handle",
            (Status.CONSULTING,),
            Status.OPEN,
            f.DateOnlyForm,
            "primary",
        ),
        Transition(
            "extend",
            gettext_lazy("延长答复期限"),
            "extend",
            (Status.OPEN, Status.CONSULTING),
            None,
            f.ExtendForm,
            once=EventKind.EXTENSION,
            once_reason=gettext_lazy("答复期限只能延长一次（第三十三条）"),
        ),
        Transition(
            "fee_notice",
            gettext_lazy("发出收费通知"),
            "handle",
            (Status.OPEN,),
            Status.AWAITING_FEE,
            f.FeeNoticeForm,
            once=EventKind.FEE_NOTICE,
            once_reason=gettext_lazy("收费通知只能发出一次"),
        ),
        Transition(
            "fee_paid",
            gettext_lazy("登记缴费"),
            "handle",
            (Status.AWAITING_FEE,),
            Status.OPEN,
            f.DateOnlyForm,
            "primary",
        ),
        Transition(
            "decide",
            gettext_lazy("作出答复"),
            "decide",
            (Status.OPEN,),
            Status.DECIDED,
            f.DecisionForm,
            "primary",
        ),
        Transition(
            "close",
            gettext_lazy("办结"),
            "handle",
            (Status.DECIDED, Status.AWAITING_CORRECTION, Status.AWAITING_FEE),
            Status.CLOSED,
            f.DateOnlyForm,
        ),
        Transition(
            "void",
            gettext_lazy("作废（误登记）"),
            "void_application",
            (*NOT_FINAL, *FINAL_STATUSES),
            Status.VOIDED,
            f.VoidForm,
            "danger",
        ),
        Transition(
            "withdraw",
            gettext_lazy("申请人撤回"),
            "handle",
            NOT_FINAL,
            Status.WITHDRAWN,
            f.WithdrawForm,
            "danger",
        ),
    )
}


def allowed(user: User, app: Application) -> list[Transition]:
    """The transitions ``user`` may take on ``app`` now, in the table's order (one taken ``once`` already
    is not)."""
    candidates = allowed_now(TRANSITIONS.values(), user, app)
    once = {t.once for t in candidates if t.once is not None}
    used = set(app.events.filter(kind__in=once).values_list("kind", flat=True)) if once else set()
    return [t for t in candidates if t.once is None or t.once not in used]


def ensure_allowed(user: User, app: Application, transition: Transition) -> None:
    """Raise :class:`~django.core.exceptions.PermissionDenied` or :class:`TransitionError` (with the reason)
    unless ``user`` may take ``transition`` on ``app`` now."""
    ensure_allowed_now(
        user, app, transition, action=audit.action_label(transition.name), error=TransitionError
    )
    if transition.once is not None and app.events.filter(kind=transition.once).exists():
        raise TransitionError(str(transition.once_reason))
