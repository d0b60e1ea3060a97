"""Correcting what was registered: the applicant's details, the request and its receipt, with the reason.

A correction is not a step of the life cycle (the status stays); it goes through the same
:func:`~gongkai_web.common.saving.versioned_update` (lock, permission, version, audit entry with the values
before and after and the reason) and re-derives the clock, since the day of receipt may be what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.clock import ReceiptBasis
from gongkai_web.agencies.models import User
from gongkai_web.applications.choices import Channel, Status
from gongkai_web.applications.models import APPLICANT_FIELDS, Application
from gongkai_web.applications.services.base import AUDITED, check_date, recompute_clock
from gongkai_web.applications.transitions import StaleVersionError, TransitionError
from gongkai_web.common.saving import versioned_update

#: What a correction may change: what the intake form took.
CORRECTABLE = ("channel", "receipt_basis", "received_on", *APPLICANT_FIELDS)


def correct_application(
    actor: User, application: Application, *, expected_version: int | None, reason: str, **changes: Any
) -> Application:
    """Correct intake details (keyword arguments named as in :data:`CORRECTABLE`); refused without a reason
    or a change. A new day of receipt must not be later than what already happened (the clock's events, a
    review or suit)."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("请填写更正理由"), field="reason")
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise TypeError(f"not correctable: {unknown}")
    received_on: dt.date | None = changes.get("received_on")
    if received_on is not None:
        check_date(received_on, _("收到申请之日"))
    if changes.get("receipt_basis"):
        changes["receipt_basis"] = ReceiptBasis(changes["receipt_basis"]).value
    with versioned_update(
        actor,
        application,
        expected_version=expected_version,
        permission="correct_intake",
        action="correct_application",
        audited=(*AUDITED, *CORRECTABLE),
        error=StaleVersionError,
        reason=reason,
    ) as app:
        if app.status == Status.VOIDED:
            raise TransitionError(_("该申请已作废，不能再更正"))
        if app.received_on is None:
            # an online application not yet confirmed: its day of receipt is set by registering it
            changes.pop("received_on", None)
            changes.pop("receipt_basis", None)
        elif "received_on" in changes and changes["received_on"] is None:
            raise TransitionError(_("请填写收到申请之日"), field="received_on")
        if received_on is not None and app.received_on is not None:
            _check_receipt(app, received_on)
        changed = {k: v for k, v in changes.items() if getattr(app, k) != v}
        if not changed:
            raise TransitionError(_("没有需要更正的内容"))
        for name, value in changed.items():
            setattr(app, name, value)
        app.full_clean(exclude=["tracking_code"])
        recompute_clock(app)
    return app


def _check_receipt(app: Application, received_on: dt.date) -> None:
    online = app.channel == Channel.ONLINE
    if online and app.submitted_at and received_on < timezone.localtime(app.submitted_at).date():
        raise TransitionError(_("收到申请之日不能早于网上提交之日"), field="received_on")
    first = app.events.order_by("date").first()
    if first is not None and received_on > first.date:
        raise TransitionError(
            _("收到申请之日不能晚于已登记的办理事件（%(event)s %(date)s）")
            % {"event": first.get_kind_display(), "date": first.date.isoformat()},
            field="received_on",
        )
    filed = app.appeals.filter(voided_at__isnull=True).order_by("filed_on").first()
    if filed is not None and received_on > filed.filed_on:
        raise TransitionError(
            _("收到申请之日不能晚于复议或诉讼的申请或起诉日期（%(date)s）")
            % {"date": filed.filed_on.isoformat()},
            field="received_on",
        )
    for day in (app.decided_on, app.closed_on):
        if day is not None and received_on > day:
            raise TransitionError(_("收到申请之日不能晚于答复或办结日期"), field="received_on")
